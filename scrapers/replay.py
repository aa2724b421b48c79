"""Host mapping for replica sites: requests for a replicated host go to a local replica server.

The demo and the tests crawl local copies of real sites under their real URLs. This lives in
the download handler, the last step before the network, so the scheduler, robots.txt,
redirects, offsite filtering, the spiders and the archive all see only the real URLs
(https://moz.gov.ua/uk/...). It is installed only for a crawl given a replica origin
(`replay_settings`): a production crawl downloads through Scrapy's own handlers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response


def replay_settings(origin: str) -> dict[str, Any]:
    """The settings that send replicated hosts to the replica server at `origin`."""
    handler = f"{__name__}.{ReplicaDownloadHandler.__name__}"
    return {"REPLICA_ORIGIN": origin, "DOWNLOAD_HANDLERS": {"http": handler, "https": handler}}


class ReplicaDownloadHandler(HTTP11DownloadHandler):
    """Download `https://<replicated host>/<path>` from `REPLICA_ORIGIN/<path>`, Host preserved;
    other hosts (a test's own local sites) as Scrapy does."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.origin = crawler.settings["REPLICA_ORIGIN"].rstrip("/")
        self.hosts = set(crawler.settings.getlist("REPLICA_HOSTS")) or _bundled_hosts()

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        if parts.hostname not in self.hosts:
            return await super().download_request(request)
        target = self.origin + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        mapped = request.replace(url=target)
        mapped.headers["Host"] = parts.hostname
        response = await super().download_request(mapped)
        return response.replace(url=request.url)


def _bundled_hosts() -> set[str]:
    """Every host of the replica sites of a source checkout (`replicas/`, not in the package)."""
    try:
        from replicas.server import HOSTS
    except ModuleNotFoundError as exc:
        if exc.name != "replicas":
            raise
        raise ModuleNotFoundError(
            "REPLICA_ORIGIN without REPLICA_HOSTS means the bundled replica sites' hosts, which come with "
            "a source checkout of health-archive (its replicas/ folder), not with the installed package",
            name=exc.name) from exc
    return set(HOSTS)
