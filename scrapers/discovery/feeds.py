"""RSS and Atom feeds: the cheapest discovery, since a feed lists only the newest items."""

from __future__ import annotations

from dataclasses import dataclass

import feedparser


@dataclass(frozen=True)
class Entry:
    url: str
    date_text: str | None


class FeedError(ValueError):
    """A response that is not a feed a parser can read."""


def parse_feed(body: bytes, base_url: str) -> list[Entry]:
    """Return the entries' links and dates; a feed with bad dates still yields its links.

    feedparser is lenient (it reads broken XML and odd date formats), which is what a feed
    published by a ministry's CMS needs; dates it cannot read are kept as text for the
    extractor's date parser.
    """
    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise FeedError(f"not a readable feed: {parsed.get('bozo_exception')}")
    entries = []
    for item in parsed.entries:
        link = item.get("link")
        if link:
            entries.append(Entry(link, item.get("published") or item.get("updated")))
    return entries
