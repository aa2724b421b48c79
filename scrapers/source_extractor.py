"""One registry entry's extraction: the hints it gives the extractor, and the one place an
AnnouncementItem is built.

A live crawl (the generic spider and every platform adapter) and re-extraction from raw
captures all build their items here, from the entry alone, so they can never disagree; a
re-extraction worker builds a SourceExtractor from the Source it is handed, no spider.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scrapy.http import Response, TextResponse

from scrapers.extract import Hints, Record, extract_record
from scrapers.extract.classify import ARCHIVED_KINDS
from scrapers.items import AnnouncementItem
from scrapers.registry import Source
from scrapers.spiders import PLATFORMS

logger = logging.getLogger(__name__)
URL_LANGUAGE = re.compile(r"/(uk|ru|en|ky|kk|ka|kz|kg|kgz|ge|hy|az|ro|uz|tg)(?:/|$)")


class SourceExtractor:
    """Extraction as one source's registry entry directs it: languages, time zone, CSS
    selectors and article URL pattern; pages and API records in, AnnouncementItems out."""

    def __init__(self, source: Source):
        self.source = source
        self.platform = PLATFORMS[source.platform]

    # --- hints ------------------------------------------------------------------------------
    def hints(self, url: str, *, listing_date: str | None = None, via: str | None = None,
              siblings: int = 0) -> Hints:
        """What the entry (and the discovery that found the page) tells extraction of a page."""
        pattern = self.source.article_url_pattern
        return Hints(
            languages=self.source.languages,
            timezone=self.source.timezone,
            selectors=self.source.selectors,
            listing_date=listing_date,
            url_language=url_language(url),
            discovered_via=via,
            siblings=siblings,
            pattern_match=bool(pattern and re.search(pattern, url)),
        )

    def record_hints(self, url: str, *, language: str | None, title: str | None) -> Hints:
        """Hints for an API record's body fragment: the entry's languages, the language the API
        (or the record's URL) names and the API's title. No selectors: they describe the
        site's pages, not the API's HTML; no dates: the API gives them."""
        return Hints(languages=self.source.languages, timezone=self.source.timezone,
                     url_language=language or url_language(url), discovered_via="api", title=title or "")

    # --- items ------------------------------------------------------------------------------
    def item(self, url: str, record: Record, via: str, **known: Any) -> AnnouncementItem:
        """The one constructor: the record's fields, the entry's id and country, and what the
        caller knows beyond the record (`known`: an API's title and dates, a fetch's canonical
        address, validators and capture), which wins over the record's."""
        item = AnnouncementItem(
            source_id=self.source.id,
            country=self.source.country,
            url=url,
            canonical_url=url,
            title=record.title,
            published_at=record.published_at,
            modified_at=record.modified_at,
            language=record.language,
            body_text=record.body_text,
            attachments=[{"url": a.url, "text": a.text, "type": a.type} for a in record.attachments],
            discovered_via=via,
            kind=record.kind,
        )
        return dataclasses.replace(item, **known) if known else item

    def page_item(self, response: TextResponse, record: Record, via: str,
                  stems: tuple[str, str] | None = None,
                  tags: dict[str, list[Any]] | None = None) -> AnnouncementItem | None:
        """The item for one extracted page; None when it holds no text or is not an
        announcement or a brochure site's page (a home, listing, category, contact page…:
        its raw capture is kept, its record is not). A canonical address off the entry's
        domains is not believed."""
        if record.kind not in ARCHIVED_KINDS:
            logger.debug("not an announcement (%s): %s", record.kind, response.url)
            return None
        if not record.body_text.strip():
            return None
        canonical = record.canonical_url
        if not canonical or (urlsplit(canonical).hostname or "") not in self.source.domains:
            canonical = response.url
        return self.item(
            response.url, record, via,
            canonical_url=canonical.split("#", 1)[0],
            etag=header(response, b"ETag"),
            last_modified=header(response, b"Last-Modified"),
            capture=response.meta.get("capture") if response.request else None,
            stems=stems,
            tags=tags,
        )

    def extract_page(self, response: TextResponse, via: str,
                     listing_date: str | None) -> AnnouncementItem | None:
        """Extract one page here, in this process (re-extraction)."""
        hints = self.hints(response.url, listing_date=listing_date, via=via)
        return self.page_item(response, extract_record(page_source(response), response.url, hints), via)

    def api_item(self, url: str, body_html: str, *, title: str | None, published_at: str | None,
                 language: str | None = None, **known: Any) -> AnnouncementItem | None:
        """An API record (a gov.kz news item, a WordPress post): its HTML body fragment
        extracted with the record's hints; its title and dates are the API's. None when the
        body holds no text."""
        hints = self.record_hints(url, language=language, title=title)
        record = extract_record(f"<html><body>{body_html}</body></html>", url, hints)
        if not record.body_text.strip():
            return None
        return self.item(url, record, "api", **{"title": title, "published_at": published_at,
                                                "modified_at": None, "kind": "announcement", **known})

    # --- re-extraction ----------------------------------------------------------------------
    def items_from_capture(self, response: TextResponse,
                           known_dates: Mapping[str, str | None]) -> Iterator[AnnouncementItem]:
        """The items a raw capture holds (`health-archive reextract`): read by the platform's
        capture reader when it declares one (API answers), else as a page.

        `known_dates` maps archived URLs to their stored dates, standing in for the listing
        dates that only the original crawl saw.
        """
        reader = self.platform.capture_reader()
        if reader is not None:
            yield from reader(self, response, known_dates)
        else:
            yield from self.page_items(response, known_dates)

    def page_items(self, response: TextResponse,
                   known_dates: Mapping[str, str | None]) -> Iterator[AnnouncementItem]:
        """A captured page's item, if it is still judged one."""
        item = self.extract_page(response, "reextract", known_dates.get(response.url))
        if item is not None:
            yield item


def page_source(response: TextResponse) -> str | bytes:
    """What extraction reads: the body itself when Scrapy reads it as UTF-8, else Scrapy's text.

    Handing bytes to an extraction worker spares the crawling process decoding the page and
    pickling it back to UTF-8 (0.3 ms a 42 KB page), and lxml parses UTF-8 bytes faster than
    a str. Bytes that are not valid UTF-8 after all are decoded by scrapers/extract/parse.py's
    rules (declared charset, then cp1251). A live fetch and a re-extraction both read this.
    """
    return response.body if response.encoding == "utf-8" else response.text


def url_language(url: str) -> str | None:
    """The language a URL names (/ky/, ?lang=ge), a weak hint for language detection."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in ("lang", "language", "hl"):
            return value.lower()
    match = URL_LANGUAGE.search(parts.path)
    return match.group(1) if match else None


def header(response: Response, name: bytes) -> str | None:
    """A response header as text (HTTP headers are Latin-1), or None."""
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
