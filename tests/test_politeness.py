"""Politeness and limits: the settings a publisher's server sees, and local-address refusal."""

from __future__ import annotations

import os
import subprocess

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from scrapers.middlewares.safe_targets import SafeTargetsMiddleware, is_local_address
from tests.helpers import BIN


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("scrapers.settings", priority="project")
    return settings


def test_polite_defaults():
    settings = project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert settings.getint("DOWNLOAD_MAXSIZE") <= 10 * 1024 * 1024
    assert settings.getfloat("RETRY_BACKOFF_BASE") > 0
    assert "@" in settings.get("USER_AGENT") and "health-archive" in settings.get("USER_AGENT")


def test_user_agent_is_configurable_from_the_environment():
    env = {**os.environ, "HEALTH_ARCHIVE_USER_AGENT": "newsroom-archive/1.0 (desk@example.org)"}
    result = subprocess.run([str(BIN / "scrapy"), "settings", "--get", "USER_AGENT"],
                            capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "newsroom-archive/1.0 (desk@example.org)"


@pytest.mark.parametrize("host", ["127.0.0.1", "10.1.2.3", "192.168.0.10", "172.16.5.4",
                                  "169.254.169.254", "::1", "[::1]", "localhost", "0.0.0.0"])
def test_local_addresses(host: str):
    assert is_local_address(host)


@pytest.mark.parametrize("host", ["moz.gov.ua", "8.8.8.8", "2a00:1450::1"])
def test_public_addresses(host: str):
    assert not is_local_address(host)


def test_middleware_refuses_a_redirect_to_a_local_address_unless_allowed():
    refused = SafeTargetsMiddleware(allow_local=False, stats=MemoryStatsCollector(get_crawler()))
    # What RedirectMiddleware produces for `Location: http://169.254.169.254/latest/meta-data`.
    redirected = Request("http://169.254.169.254/latest/meta-data",
                         meta={"redirect_urls": ["https://moz.gov.ua/uk/news"]})
    with pytest.raises(IgnoreRequest):
        refused.process_request(redirected)
    assert refused.process_request(Request("https://moz.gov.ua/uk/news")) is None
    allowed = SafeTargetsMiddleware(allow_local=True, stats=MemoryStatsCollector(get_crawler()))
    assert allowed.process_request(redirected) is None
