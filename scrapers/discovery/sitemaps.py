"""XML sitemaps and sitemap indexes, read with Scrapy's hardened sitemap parser."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.utils.sitemap import Sitemap


@dataclass(frozen=True)
class SitemapPage:
    kind: str  # "urlset" or "sitemapindex"
    entries: list[tuple[str, str | None]]  # (loc, lastmod)


class SitemapError(ValueError):
    """A response that is not a sitemap."""


def parse_sitemap(body: bytes) -> SitemapPage:
    """Parse one sitemap document; raise SitemapError when it is not one."""
    try:
        sitemap = Sitemap(body)
        entries = [(e["loc"], e.get("lastmod")) for e in sitemap if e.get("loc")]
    except Exception as exc:  # lxml raises several types on hostile XML
        raise SitemapError(f"not a sitemap: {exc}") from exc
    if sitemap.type not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap: root element {sitemap.type!r}")
    return SitemapPage(sitemap.type, entries)
