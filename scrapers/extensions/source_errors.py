"""SourceErrorsExtension: counts the errors of one source's crawl, not of the whole process.

Scrapy's `log_count/ERROR` is incremented by a handler on the root logger, so it counts every
error logged in the process: a healthy source crawled beside a broken one was reported failed.
Scrapy tags the records it logs for a spider (a download given up, a callback that raised, an
unreadable robots.txt) with that spider, and so do the spiders' own loggers; only those are
counted here, as `health_archive/errors`.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

ERRORS = "health_archive/errors"


class SourceErrorsExtension(logging.Handler):
    """A root-logger handler, while its spider is open, counting ERROR records tagged with it."""

    def __init__(self, crawler: Crawler):
        super().__init__(logging.ERROR)
        self.stats = crawler.stats
        self.spider: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceErrorsExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        self.spider = spider
        logging.getLogger().addHandler(self)

    def spider_closed(self, spider: Any) -> None:
        logging.getLogger().removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if self.spider is not None and getattr(record, "spider", None) is self.spider:
            self.stats.inc_value(ERRORS)
