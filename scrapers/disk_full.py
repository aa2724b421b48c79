"""A full disk stops the whole crawl, cleanly, instead of fetching pages nothing can keep.

Once the archive's or the captures' disk is full every fetched page is lost work: a crawl used
to go on fetching thousands of pages after its writes failed. The first write that fails for
want of space (SQLite's SQLITE_FULL; ENOSPC, EDQUOT or EFBIG from the WARC writer) closes every
source's spider of the process with reason `disk-full`; each run is marked failed with the
message, if the archive still takes that small update, and `health-archive crawl` exits 74.
"""

from __future__ import annotations

import errno
import logging
import sqlite3

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

REASON = "disk-full"  # the spiders' close reason
FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

_crawlers: set[Crawler] = set()
_message: str | None = None


class DiskFull(OSError):
    """The crawl stopped because a disk it writes to is full."""


def disk_full_message(exc: BaseException) -> str | None:
    """What a failed write says about space, or None when it failed for another reason."""
    if isinstance(exc, sqlite3.Error) and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return f"the archive's disk is full ({exc})"
    if isinstance(exc, OSError) and exc.errno in FULL_ERRNOS:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else str(exc.strerror)
    return None


def watch(crawler: Crawler) -> None:
    """Let a full disk stop this crawler (until it closes)."""
    _crawlers.add(crawler)


def unwatch(crawler: Crawler) -> None:
    _crawlers.discard(crawler)


def stopped() -> str | None:
    """Why the crawl stopped for a full disk, or None if it did not."""
    return _message


def stop_crawl(message: str) -> None:
    """Close every watched crawler's spider with reason `disk-full`; callable from any thread."""
    global _message
    if _message is not None:
        return
    _message = message
    logger.error("%s: the crawl stops", message)
    from twisted.internet import reactor

    reactor.callFromThread(_close_all)


def _close_all() -> None:
    for crawler in list(_crawlers):
        engine = crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason=REASON))
