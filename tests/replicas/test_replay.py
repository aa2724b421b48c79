"""The replay download handler is part of a crawl only when it is given a replica origin."""

from __future__ import annotations

from pathlib import Path

from scrapy.settings import default_settings

from scrapers.run import crawl_settings

REPLAY = "scrapers.replay.ReplicaDownloadHandler"


def test_a_production_crawl_downloads_through_scrapys_own_handlers(tmp_path: Path):
    settings = crawl_settings(tmp_path / "archive.db", None, "run")
    assert settings.getwithbase("DOWNLOAD_HANDLERS") == default_settings.DOWNLOAD_HANDLERS_BASE
    assert not settings["REPLICA_ORIGIN"]


def test_a_crawl_given_a_replica_origin_downloads_http_and_https_through_the_replay_handler(tmp_path: Path):
    settings = crawl_settings(tmp_path / "archive.db", None, "run", replica_origin="http://127.0.0.1:8100")
    handlers = settings.getwithbase("DOWNLOAD_HANDLERS")
    assert (handlers["http"], handlers["https"]) == (REPLAY, REPLAY)
    assert {scheme: path for scheme, path in handlers.items() if path != REPLAY} == {
        scheme: path for scheme, path in default_settings.DOWNLOAD_HANDLERS_BASE.items()
        if scheme not in ("http", "https")}
    assert settings["REPLICA_ORIGIN"] == "http://127.0.0.1:8100"
