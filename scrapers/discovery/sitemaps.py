"""XML sitemaps and sitemap indexes, read as a stream within the sitemaps.org limits.

A sitemap must be well-formed: a truncated or broken one is reported as a discovery error
rather than half-read, because the archive infers removals from what a complete sitemap no
longer lists.

Every byte is untrusted. A gzipped sitemap (`.xml.gz`, usually served without
Content-Encoding, so Scrapy leaves it compressed) is inflated 64 KiB at a time and parsed as it
inflates, one entry at a time: a 2 MB gzip that inflates to gigabytes costs the crawl no more
memory than a small sitemap, and fails as soon as it passes the protocol's 50 MB (or its 50,000
entries) instead of being inflated whole first.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # sitemaps.org: at most 50 MB uncompressed...
MAX_ENTRIES = 50_000  # ...and 50,000 URLs (or sitemaps) per document
CHUNK = 64 * 1024
KINDS = ("urlset", "sitemapindex")


@dataclass(frozen=True)
class SitemapPage:
    kind: str  # "urlset" or "sitemapindex"
    entries: list[tuple[str, str | None]]  # (absolute loc, lastmod)


class SitemapError(ValueError):
    """A response that is not a well-formed sitemap within the protocol's limits."""


def parse_sitemap(body: bytes, base_url: str) -> SitemapPage:
    """Parse one sitemap document (plain or gzipped); raise SitemapError when it is not one."""
    parser = etree.XMLPullParser(events=("start", "end"), resolve_entities=False,
                                 no_network=True, recover=False, remove_comments=True)
    kind = ""
    entries: list[tuple[str, str | None]] = []
    depth = 0
    try:
        for chunk in _inflated(body):
            parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    depth += 1
                    if depth == 1:
                        kind = _local_name(element.tag)
                        if kind not in KINDS:
                            raise SitemapError(f"not a sitemap: root element {kind!r}")
                    continue
                depth -= 1
                if depth != 1:
                    continue
                # An entry (<url> or <sitemap>) is complete: keep its loc and lastmod, then
                # free it and its predecessors, so the tree never holds more than one entry.
                fields = {_local_name(child.tag): (child.text or "").strip() for child in element}
                if "loc" in fields:
                    loc = urljoin(base_url, fields["loc"])
                    if urlsplit(loc).scheme in ("http", "https"):
                        entries.append((loc, fields.get("lastmod")))
                        if len(entries) > MAX_ENTRIES:
                            raise SitemapError(f"more than {MAX_ENTRIES:,} entries (the sitemap limit)")
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"malformed XML: {exc}") from exc
    if not kind:
        raise SitemapError("empty document")
    return SitemapPage(kind, entries)


def _inflated(body: bytes) -> Iterator[bytes]:
    """The document in chunks: gunzipped as it is read if it is gzip, never past MAX_UNCOMPRESSED."""
    if body[:2] != b"\x1f\x8b":
        if len(body) > MAX_UNCOMPRESSED:
            raise SitemapError(f"larger than {MAX_UNCOMPRESSED // 2**20} MB (the sitemap limit)")
        for start in range(0, len(body), CHUNK):
            yield body[start:start + CHUNK]
        return
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending, total = body, 0
    while pending and not inflater.eof:
        try:
            chunk = inflater.decompress(pending, CHUNK)
        except zlib.error as exc:
            raise SitemapError(f"not a gzip sitemap: {exc}") from exc
        pending = inflater.unconsumed_tail
        total += len(chunk)
        if total > MAX_UNCOMPRESSED:
            raise SitemapError(f"larger than {MAX_UNCOMPRESSED // 2**20} MB once gunzipped "
                               f"({len(body):,} bytes compressed): refused as a decompression bomb")
        yield chunk
    if not inflater.eof:
        raise SitemapError("truncated gzip")


def _local_name(tag: object) -> str:
    """An element's name without its namespace (sitemaps come with and without one)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
