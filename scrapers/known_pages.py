"""Where a spider learns what the archive already holds of its source: the KNOWN_PAGES setting.

A spider needs the archived pages (to skip them in discovery, stop paging early and recheck
them with conditional requests), the pages found not to be announcements, the attachments
already fetched and whether its last discovery completed (archive.store.ArchivedSource). It
asks the component the crawl names, and never opens a database itself: a local crawl reads
the archive file (ArchiveKnownPages), a distributed worker, which has no archive, reads what
the writer published to Redis (scrapers.distributed.RedisKnownPages), and a dry run knows
nothing (NoKnownPages: a first crawl's full discovery).
"""

from __future__ import annotations

from typing import Protocol

from scrapy.crawler import Crawler
from scrapy.utils.misc import build_from_crawler, load_object

from archive.db import open_db
from archive.store import ArchivedSource, archived_source


class KnownPagesSource(Protocol):
    def read(self, source_id: str) -> ArchivedSource:
        """What the archive holds of the source."""
        ...


def read_known(crawler: Crawler, source_id: str) -> ArchivedSource:
    """The crawl's KNOWN_PAGES component's answer for one source."""
    component: KnownPagesSource = build_from_crawler(load_object(crawler.settings["KNOWN_PAGES"]), crawler)
    return component.read(source_id)


class ArchiveKnownPages:
    """From the crawl's archive file (ARCHIVE_DB), read once when the spider opens."""

    def __init__(self, db_path: str):
        self.db_path = db_path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveKnownPages:
        return cls(crawler.settings["ARCHIVE_DB"])

    def read(self, source_id: str) -> ArchivedSource:
        db = open_db(self.db_path)
        try:
            return archived_source(db, source_id)
        finally:
            db.close()


class NoKnownPages:
    """Nothing archived: every source is discovered fully, as on its first crawl."""

    def read(self, source_id: str) -> ArchivedSource:
        return ArchivedSource()
