"""XML sitemaps and sitemap indexes, read as a stream within the sitemaps.org limits.

A sitemap must be well-formed: a truncated or broken one is reported as a discovery error
rather than half-read, because the archive infers removals from what a complete sitemap no
longer lists.

Every byte is untrusted. A gzipped sitemap (`.xml.gz`, usually served without
Content-Encoding, so Scrapy leaves it compressed) is inflated 64 KiB at a time and parsed as it
inflates, one entry at a time: a 1 MB gzip that inflates to gigabytes costs the crawl no more
memory than a small sitemap, and fails as soon as it passes the protocol's 50 MB (or its 50,000
entries) instead of being inflated whole first.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from itertools import islice
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # sitemaps.org: at most 50 MB uncompressed...
MAX_ENTRIES = 50_000  # ...and 50,000 URLs (or sitemaps) per document
CHUNK = 64 * 1024
# An entry's own elements: loc, lastmod, changefreq, priority, and extensions such as up to
# 1,000 images (each with its loc and caption) or an alternate link per language.
MAX_ENTRY_ELEMENTS = 5_000
# libxml2 and lxml build about 750,000 elements a second, on the crawl's event loop: a million
# (50,000 entries of 20 elements) is the most a sitemap may hold, so no document stalls the
# crawl for more than a second or two, whatever its tiny elements.
MAX_ELEMENTS = 1_000_000
KINDS = ("urlset", "sitemapindex")
ENTRIES = ("url", "sitemap")


@dataclass(frozen=True)
class SitemapPage:
    kind: str  # "urlset" or "sitemapindex"
    entries: list[tuple[str, str | None]]  # (absolute loc, lastmod)


class SitemapError(ValueError):
    """A response that is not a well-formed sitemap within the protocol's limits."""


def parse_sitemap(body: bytes, base_url: str) -> SitemapPage:
    """Parse one sitemap document (plain or gzipped); raise SitemapError when it is not one.

    Only the root and its entries (<url>, <sitemap>) make events, so the millions of tiny
    elements a hostile document can hold are parsed by libxml2 without a Python step each;
    after each chunk the entries read so far are dropped from the tree, and an entry still
    open may hold at most MAX_ENTRY_ELEMENTS elements: the tree never holds more than that.
    The elements dropped are counted, and at most MAX_ELEMENTS are read.
    """
    options = dict(resolve_entities=False, no_network=True, recover=False, remove_comments=True)
    sniffer = etree.XMLPullParser(events=("start",), **options)  # finds the root element
    parser = etree.XMLPullParser(events=("start", "end"), tag=[f"{{*}}{name}" for name in (*KINDS, *ENTRIES)],
                                 **options)
    kind, root, elements = "", None, 0
    entries: list[tuple[str, str | None]] = []
    try:
        for chunk in _inflated(body):
            if not kind:
                sniffer.feed(chunk)
                for _, element in sniffer.read_events():
                    kind = _local_name(element.tag)
                    if kind not in KINDS:
                        raise SitemapError(f"not a sitemap: root element {kind!r}")
                    break
            parser.feed(chunk)
            for event, element in parser.read_events():
                if root is None:
                    root = element  # the first event is the root's start
                elif event == "end" and element.getparent() is root:
                    _read_entry(element, base_url, entries)
            if root is not None and len(root):
                elements += _drop_read_entries(root)
                if elements > MAX_ELEMENTS:
                    raise SitemapError(f"more than {MAX_ELEMENTS:,} elements: refused as an XML bomb")
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"malformed XML: {exc}") from exc
    if not kind:
        raise SitemapError("empty document")
    return SitemapPage(kind, entries)


def _read_entry(element: etree._Element, base_url: str, entries: list[tuple[str, str | None]]) -> None:
    """Append an entry's absolute http(s) loc and its lastmod."""
    fields = {_local_name(child.tag): (child.text or "").strip() for child in element}
    if "loc" not in fields:
        return
    loc = urljoin(base_url, fields["loc"])
    if urlsplit(loc).scheme in ("http", "https"):
        entries.append((loc, fields.get("lastmod")))
        if len(entries) > MAX_ENTRIES:
            raise SitemapError(f"more than {MAX_ENTRIES:,} entries (the sitemap limit)")


def _drop_read_entries(root: etree._Element) -> int:
    """Free every child of the root but the last (which may still be open), and return how
    many elements they held; refuse an open one grown past MAX_ENTRY_ELEMENTS."""
    dropped = sum(1 for child in root[:-1] for _ in child.iter())
    del root[:-1]
    if sum(1 for _ in islice(root[-1].iter(), MAX_ENTRY_ELEMENTS + 1)) > MAX_ENTRY_ELEMENTS:
        raise SitemapError(f"an entry of more than {MAX_ENTRY_ELEMENTS:,} elements")
    return dropped


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
