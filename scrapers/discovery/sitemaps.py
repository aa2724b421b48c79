"""XML sitemaps and sitemap indexes, read with Scrapy's hardened sitemap parser.

A sitemap must be well-formed: a truncated or broken one is reported as a discovery error
rather than half-read, because the archive infers removals from what a complete sitemap no
longer lists.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml import etree
from scrapy.utils.sitemap import Sitemap

MAX_UNCOMPRESSED = 50 * 1024 * 1024  # the sitemaps.org limit


@dataclass(frozen=True)
class SitemapPage:
    kind: str  # "urlset" or "sitemapindex"
    entries: list[tuple[str, str | None]]  # (absolute loc, lastmod)


class SitemapError(ValueError):
    """A response that is not a well-formed sitemap."""


def parse_sitemap(body: bytes, base_url: str) -> SitemapPage:
    """Parse one sitemap document (plain or gzipped); raise SitemapError when it is not one."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)[:MAX_UNCOMPRESSED]
        except OSError as exc:
            raise SitemapError(f"not a gzip sitemap: {exc}") from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"malformed XML: {exc}") from exc
    sitemap = Sitemap(body)
    if sitemap.type not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap: root element {sitemap.type!r}")
    entries = []
    for entry in sitemap:
        loc = urljoin(base_url, (entry.get("loc") or "").strip())
        if urlsplit(loc).scheme in ("http", "https"):
            entries.append((loc, entry.get("lastmod")))
    return SitemapPage(sitemap.type, entries)
