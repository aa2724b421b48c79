"""The records extraction hands to the spiders, and the hints a source registry gives it.

Frozen dataclasses: a record is a value, safe to cache, compare in tests and pass between
processes; nothing downstream should mutate what extraction decided.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Hints:
    """What the source registry knows about a site; every field is optional.

    `selectors` keys: "title", "date", "body", "remove" (comma-separated junk selectors).
    An override wins over generic extraction when it matches something on the page.
    """

    languages: tuple[str, ...] = ()
    # The site's IANA zone; None when unknown: a date-time then keeps the offset the page wrote.
    timezone: str | None = None
    selectors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    listing_date: str | None = None
    url_language: str | None = None
    # What discovery knows, for telling announcements from other pages (classify.py): how the
    # page was found (feed, sitemap, listing…), how many other URLs of the same sitemap or
    # listing share its shape (classify.url_shape), and whether the entry's
    # article_url_pattern names it (a brochure site's pages are then kept as pages).
    discovered_via: str | None = None
    siblings: int = 0
    pattern_match: bool = False
    # The title a publisher's API gives beside a body fragment (possibly empty): language
    # detection reads it with the body in place of a heading found in the fragment.
    title: str | None = None

    def __reduce__(self) -> tuple:
        # Hints travel to extraction worker processes; a mappingproxy cannot be pickled.
        return (Hints, (self.languages, self.timezone, dict(self.selectors), self.listing_date,
                        self.url_language, self.discovered_via, self.siblings, self.pattern_match,
                        self.title))


@dataclass(frozen=True)
class Attachment:
    """A linked document (pdf, doc, docx, xls, xlsx, odt) found in the article body."""

    url: str
    text: str
    type: str


@dataclass(frozen=True)
class Record:
    """Everything the archive stores about one fetched page."""

    title: str | None
    published_at: str | None
    modified_at: str | None
    language: str | None
    body_text: str
    canonical_url: str | None
    attachments: tuple[Attachment, ...]
    html_lang: str | None
    # announcement, page (an undated content page: kept, not counted as news), or a kind the
    # archive does not keep: home, listing, category, static, search, print, feed, attachment.
    kind: str = "announcement"
