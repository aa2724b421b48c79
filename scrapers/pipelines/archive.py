"""ArchivePipeline: every item becomes a message for the archive's writer, handed over in batches.

The same pipeline runs in a local crawl and in a distributed worker; only the crawler's sink
differs (scrapers/pipelines/sink.py): the archive file on the writer thread, or Redis. Each
message carries the time of the crawler's clock (scrapers/clock.py) when the item came, which
the archive records as the page's fetch time. At most MAX_QUEUED_BATCHES of a spider wait for
the writer; past that, process_item waits too, and the crawl slows to the writer's pace
instead of piling records up in memory.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from archive.writer import item_message
from scrapers import stats as names
from scrapers.clock import crawl_now, stamp
from scrapers.items import ITEM_KINDS, AnnouncementItem
from scrapers.pipelines.sink import sink_for

MAX_QUEUED_BATCHES = 2


def item_messages(crawler: Crawler, run_id: str, items: Any) -> list[dict[str, Any]]:
    """Messages for the writer (archive/writer.py) of the items scrapers/items.py defines;
    other objects are not for the archive. An item's fields are read, not copied (vars())."""
    at = stamp(crawl_now(crawler.settings))
    return [item_message(run_id, ITEM_KINDS[type(item)], vars(item), at)
            for item in items if type(item) in ITEM_KINDS]


class ArchivePipeline:
    """Hand the spiders' items (scrapers/items.py) to the crawler's sink in batches."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("ARCHIVE_BATCH_SIZE", 50)
        self.sink = sink_for(crawler)
        self.pending: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        messages = item_messages(self.crawler, self.sink.run_id, [item])
        if messages:
            if isinstance(item, AnnouncementItem):
                self.crawler.stats.inc_value(names.RECORDS)
            self.pending.extend(messages)
            if len(self.pending) >= self.batch_size:
                self.flush()
                await self.sink.wait(MAX_QUEUED_BATCHES)
        return item

    def flush(self) -> None:
        """Hand the pending messages to the sink as one batch."""
        batch, self.pending = self.pending, []
        self.sink.send(batch)

    async def close_spider(self) -> None:
        self.flush()
        await self.sink.wait(0)
