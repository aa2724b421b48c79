"""SourceHealthExtension: one crawl_runs row per source per run, with its counts and outcome.

The row is written when the spider opens (status `running`) and completed when it closes, so
`health-archive status` and Datasette show a killed run as unfinished rather than hiding it.

A run's `errors` are its own source's (scrapers/extensions/source_errors.py), with the records
the archive could not write.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from archive.db import open_db
from archive.runs import finish_run, start_run
from archive.store import sync_sources
from scrapers import disk_full
from scrapers.extensions.source_errors import ERRORS
from scrapers.middlewares.robots import UNREADABLE
from scrapers.pipelines.archive import archive_writer, utc_now

logger = logging.getLogger(__name__)

STAT_KEYS = {
    "discovered": "health_archive/discovered",
    "new": "health_archive/new",
    "changed": "health_archive/changed",
    "unchanged": "health_archive/unchanged",
    "removed": "health_archive/removed",
    "blocked": "health_archive/blocked",
    "not_modified": "health_archive/not_modified",
    "rechecked": "health_archive/rechecked",
    "refetched": "health_archive/refetched",
    "pages": "response_received_count",
    "not_announcements": "health_archive/not_announcement",
}


class SourceHealthExtension:
    """Record each source's run in `crawl_runs` (see module docstring)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.db_path = crawler.settings.get("ARCHIVE_DB")
        self.run_id = crawler.settings.get("CRAWL_RUN_ID") or utc_now()
        self.mode = crawler.settings.get("CRAWL_MODE", "hourly")
        self.row_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceHealthExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        disk_full.watch(self.crawler)
        try:
            self.row_id = archive_writer().submit(self._start, spider.source.to_row(), spider.name).result()
        except Exception as exc:
            if (message := disk_full.disk_full_message(exc)) is None:
                raise
            disk_full.stop_crawl(message)

    def _start(self, source: dict[str, Any], source_id: str) -> int:
        """On the writer thread, as every write of the crawl (see ArchivePipeline)."""
        db = open_db(self.db_path)
        try:
            # `scrapy crawl <id>` does not go through `health-archive crawl`, which syncs the
            # whole registry: the run's own source must exist for its crawl_runs row.
            sync_sources(db, [source])
            return start_run(db, self.run_id, source_id, self.mode, utc_now())
        finally:
            db.close()

    def spider_closed(self, spider: Any, reason: str) -> None:
        disk_full.unwatch(self.crawler)
        if self.row_id is None:
            return
        stats = self.crawler.stats.get_stats()
        counts = {key: int(stats.get(stat, 0)) for key, stat in STAT_KEYS.items()}
        counts["fetched"] = int(stats.get("downloader/response_status_count/200", 0))
        # Final failures only: Scrapy logs an ERROR when it gives up on a request or a
        # callback raises; retries that later succeed are not errors.
        counts["errors"] = int(stats.get(ERRORS, 0)) + int(stats.get("health_archive/write_failed", 0))
        status, message = _outcome(counts, reason, stats, bool(getattr(spider, "known", None)))
        complete = status == "ok" and getattr(spider, "discovery_complete", True)
        try:
            archive_writer().submit(self._finish, counts, status, complete, message).result()
        except Exception as exc:
            # On a full disk even this small update may fail: the row stays `running`, which
            # `status` reports as a run that did not finish.
            if (full := disk_full.disk_full_message(exc)) is None:
                raise
            logger.error("could not record %s's run: %s", spider.name, full)

    def _finish(self, counts: dict[str, int], status: str, complete: bool, message: str | None) -> None:
        db = open_db(self.db_path)
        try:
            finish_run(db, self.row_id, counts, status, complete, message, utc_now())
        finally:
            db.close()


def _outcome(
    counts: dict[str, int], reason: str, stats: dict[str, Any], has_archive: bool
) -> tuple[str, str | None]:
    if reason == disk_full.REASON:
        return "failed", f"stopped, disk full: {disk_full.stopped()}"
    if reason != "finished":
        return "failed", f"stopped: {reason}"
    # A challenge page in place of robots.txt also leaves robots.txt unreadable: the site is
    # blocking the crawler, which is what its health should say.
    if counts["blocked"] and not (counts["new"] + counts["changed"] + counts["unchanged"]):
        return "blocked", "every announcement request met a challenge or block page"
    if stats.get(UNREADABLE):
        return "failed", (f"robots.txt unreadable, so nothing was fetched from its site this run "
                          f"({'; '.join(stats[UNREADABLE])})")
    if has_archive and not counts["discovered"] and not counts["blocked"]:
        return "failed", "discovery found no announcement: has the site been redesigned?"
    if stats.get("health_archive/refused_local"):
        return "failed", "refused loopback/private addresses (crawl with --allow-local to permit)"
    if stats.get("health_archive/discovery_errors"):
        return "failed", "discovery failed (feed, sitemap or API; see the crawl log)"
    if counts["errors"]:
        return "failed", f"{counts['errors']} pages failed (see the crawl log)"
    return "ok", None
