"""RSS and Atom feeds: the cheapest discovery, since a feed lists only the newest items."""

from __future__ import annotations

import re
from dataclasses import dataclass

import feedparser

# feedparser's memory and time grow faster than the feed: 4 MB of bare <item>s (120,000 entries)
# take 150 MB, 10 MB (350,000 entries) 2.9 GB and 10 s of the crawl's event loop. Feeds list the
# newest items, a few dozen: these bounds refuse a hostile one before feedparser reads it.
MAX_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 5_000
# Every element feedparser reads as an entry is named item or entry (with any prefix, in any
# case: its lenient parser lowercases): counting these names bounds the entries from above.
ENTRY_TAG = re.compile(rb"<\s*(?:[\w.-]+:)?(?:item|entry)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    url: str
    date_text: str | None
    # When the feed says the item last changed (Atom <updated>): an archived page whose date
    # moved is fetched again, conditionally, in the next hourly run.
    updated: str | None = None


class FeedError(ValueError):
    """A response that is not a feed a parser can read."""


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Return the entries' links and dates; a feed with bad dates still yields its links.

    feedparser is lenient (it reads broken XML and odd date formats), which is what a feed
    published by a ministry's CMS needs; dates it cannot read are kept as text for the
    extractor's date parser.
    """
    if len(body) > MAX_BYTES:
        raise FeedError(f"larger than {MAX_BYTES // 2**20} MB ({len(body):,} bytes): not read")
    tags = sum(1 for _ in ENTRY_TAG.finditer(body))
    if tags > MAX_ENTRIES:
        raise FeedError(f"more than {MAX_ENTRIES:,} entries ({tags:,} item/entry tags): not read")
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise FeedError(f"not a readable feed: {parsed.get('bozo_exception')}")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if link:
            # dict.get: feedparser's own get() answers `updated` with the publication date
            # when the feed gives no <updated>.
            entries.append(Entry(link, item.get("published") or item.get("updated"),
                                 dict.get(item, "updated")))
    return entries
