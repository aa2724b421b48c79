"""Where a crawl's messages go (archive/writer.py): the MESSAGE_SINK setting, one per crawler.

The item pipeline and the run extension of a source's crawler hand their messages (the
records, the run's start and finish) to one sink, in order. A local crawl's ArchiveSink writes
them to the archive file on the writer thread; a distributed worker's RedisSink
(scrapers/distributed.py) pushes them to the one writer, `health-archive ingest`. The sink
also stamps each message with its run: the crawl_runs run the rows belong to.

ArchiveSink: every archive write of a crawling process runs on one writer thread
(`archive_writer`), in the order submitted: SQLite works with the GIL released, and indexing a
record's text for full-text search is most of a write, so the crawl's event loop goes on
fetching meanwhile (15% more pages/s in benchmarks/crawl.py). One thread for all the run's
spiders keeps SQLite's one-writer rule inside the process: two connections writing at once
would fail with `database is locked` whenever one read before it wrote.

A batch that cannot be written is logged as an error and counted (stats.WRITE_FAILED); its
pages are not archived, so the next run fetches them again, and the batches after it are
written as usual. A crash loses at most the batches not yet committed, with the same outcome.
A batch that fails because the disk is full stops the whole crawl instead (scrapers/disk_full.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.utils.misc import build_from_crawler, load_object
from sqlite_utils import Database

from archive.db import open_db
from archive.writer import write_batch
from scrapers import stats as names
from scrapers.disk_full import disk_full_message, stop_crawl
from scrapers.run import new_run_id

logger = logging.getLogger(__name__)

_writer: ThreadPoolExecutor | None = None
_sinks: WeakKeyDictionary[Crawler, MessageSink] = WeakKeyDictionary()


class MessageSink(Protocol):
    run_id: str  # the crawl_runs run of the messages

    def send(self, messages: Sequence[Mapping[str, Any]]) -> None:
        """Hand the messages over (a local sink writes them later, in order)."""

    async def wait(self, pending: int) -> None:
        """Return once at most `pending` batches wait to be written."""

    def close(self) -> None:
        """Wait until everything sent is written, and let go of the writer's resources."""


def sink_for(crawler: Crawler) -> MessageSink:
    """The crawler's sink (MESSAGE_SINK), shared by its pipeline and run extension."""
    if crawler not in _sinks:
        _sinks[crawler] = build_from_crawler(load_object(crawler.settings["MESSAGE_SINK"]), crawler)
    return _sinks[crawler]


def archive_writer() -> ThreadPoolExecutor:
    """The process's writer thread. Each connection used on it is opened on it (SQLite binds a
    connection to its thread); it ends when the process exits."""
    global _writer
    if _writer is None:
        _writer = ThreadPoolExecutor(1, thread_name_prefix="archive-writer")
    return _writer


class ArchiveSink:
    """Write the messages to the archive file (ARCHIVE_DB) on the writer thread."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        # `scrapy crawl <id>` runs outside `health-archive crawl`, which names the run.
        self.run_id = crawler.settings["CRAWL_RUN_ID"] or new_run_id()
        self.db_path = crawler.settings["ARCHIVE_DB"]
        self._db: Database | None = None  # used on the writer thread only
        self._queued: list[Future[None]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveSink:
        return cls(crawler)

    def send(self, messages: Sequence[Mapping[str, Any]]) -> None:
        if messages:
            self._queued = [f for f in self._queued if not f.done()]
            self._queued.append(archive_writer().submit(self._write, list(messages)))

    async def wait(self, pending: int) -> None:
        while len(self._queued) > pending:  # the writer runs them in order
            await asyncio.wrap_future(self._queued.pop(0))

    def close(self) -> None:
        for future in self._queued:
            future.result()
        self._queued = []
        archive_writer().submit(self._close).result()

    def _write(self, batch: list[Mapping[str, Any]]) -> None:
        """One transaction for the batch (runs on the writer thread)."""
        stats = self.crawler.stats
        try:
            if self._db is None:
                self._db = open_db(self.db_path)
            outcomes = write_batch(self._db, batch)
        except Exception as exc:
            items = [m for m in batch if "item" in m]
            stats.inc_value(names.WRITE_FAILED, len(items))
            if (full := disk_full_message(exc)) is not None:
                stop_crawl(full)  # every later batch would fail too
                return
            logger.exception("could not archive a batch of %d items (first: %s); the next run "
                             "fetches them again", len(items), items[0]["item"]["url"] if items else "-")
            return
        for outcome, count in outcomes.items():
            stats.inc_value(names.ARCHIVED + outcome, count)

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
