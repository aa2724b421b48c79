"""SourceHealthExtension: a source's run recorded in `crawl_runs`, with its errors, counts and verdict.

When the spider opens, a `start` message opens the run's row (status `running`); when it
closes, the archived pages a complete listing no longer holds (`closed_items`) and a `finish`
message with the counts (scrapers/stats.py) and verdict close it. Both go through the
crawler's sink, after its records (scrapers/pipelines/sink.py), so `health-archive status`
and the site show a killed run as unfinished rather than hiding it. A distributed worker's
DistributedRun (scrapers/distributed.py) finishes the row only when the source's last worker
closes, with every worker's counts.

A run's `errors` are its own source's, with the records the archive could not write.
Scrapy's `log_count/ERROR` is incremented by a handler on the root logger, so it counts every
error logged in the process: a healthy source crawled beside a broken one was reported
failed. Scrapy tags the records it logs for a spider (a download given up, a callback that
raised, an unreadable robots.txt) with that spider, and so do the spiders' own loggers; only
those are counted (stats.ERRORS).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from scrapy.crawler import Crawler

from archive.writer import finish_message, start_message
from scrapers import disk_full
from scrapers.clock import utc_now
from scrapers.extensions import connected
from scrapers.pipelines.archive import item_messages
from scrapers.pipelines.sink import sink_for
from scrapers.stats import ERRORS, ROBOTS_UNREADABLE, run_counts, verdict


class SourceErrors(logging.Handler):
    """A root-logger handler, while its spider is open, counting ERROR records tagged with it."""

    def __init__(self, stats: Any):
        super().__init__(logging.ERROR)
        self.stats = stats
        self.spider: Any = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.spider is not None and getattr(record, "spider", None) is self.spider:
            self.stats.inc_value(ERRORS)


class SourceHealthExtension:
    """Record each source's run (see module docstring)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.sink = sink_for(crawler)
        self.mode = crawler.settings.get("CRAWL_MODE", "hourly")
        self.errors = SourceErrors(crawler.stats)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceHealthExtension:
        return connected(crawler, cls(crawler), "spider_opened", "spider_closed")

    def spider_opened(self, spider: Any) -> None:
        disk_full.watch(self.crawler)
        self.errors.spider = spider
        logging.getLogger().addHandler(self.errors)
        self.sink.send([start_message(self.sink.run_id, spider.source.to_row(), self.mode, utc_now())])

    def spider_closed(self, spider: Any, reason: str) -> None:
        logging.getLogger().removeHandler(self.errors)
        disk_full.unwatch(self.crawler)
        self.finish(spider, run_counts(self.crawler.stats.get_stats()), reason)
        self.sink.close()

    def finish(self, spider: Any, counts: Mapping[str, int], reason: str) -> None:
        """Send the pages a complete listing no longer holds and the run's verdict."""
        unreadable = self.crawler.stats.get_value(ROBOTS_UNREADABLE) or []
        status, message = verdict(counts, reason, unreadable, bool(spider.known))
        complete = status == "ok" and spider.discovery_complete
        closing = item_messages(self.crawler, self.sink.run_id, spider.closed_items())
        self.sink.send([*closing, finish_message(self.sink.run_id, spider.name, counts, status,
                                                 message, complete, utc_now())])
