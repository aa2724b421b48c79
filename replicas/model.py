"""The data every replica site is built from: one :class:`Item` per page.

A single item type for all five sites keeps edits, removals and the catalog generic;
whatever is particular to one site (tags, categories, API ids) rides in ``data``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping
from urllib.parse import urlsplit

#: Kinds of page that are announcements, i.e. must become archive records.
ARTICLE_KINDS = frozenset({"news", "post", "page"})

#: Attachment types the catalog reports (by file extension).
ATTACHMENT_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "odt")


@dataclass(frozen=True)
class Item:
    """One page of a replica site (an announcement or a non-news page at the same level)."""

    source_id: str
    url: str  # the real canonical URL, as a record must carry it
    lang: str  # ISO 639-1
    title: str
    body_html: str
    published_at: str | None  # ISO 8601 in the site's zone; None for undated pages
    kind: str = "news"  # news | post | page | decree | static
    seed_text: str | None = None  # expected body text, for the seed pages only
    modified: datetime = datetime(2024, 1, 1, tzinfo=timezone.utc)  # Last-Modified
    data: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The URL without its scheme: edits address a page whether given http or https."""
        return url_key(self.url)

    @property
    def path(self) -> str:
        """Path plus query of the real URL, as the replica server routes it."""
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @property
    def is_article(self) -> bool:
        return self.kind in ARTICLE_KINDS


def url_key(url: str) -> str:
    """Scheme-less, host-lower-cased form of a URL, used to match state edits to pages."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{parts.path}{query}"


def modified_from(published_at: str | None, fallback: datetime) -> datetime:
    """Last-Modified of an unedited page: its publication moment (or a site-wide date)."""
    if not published_at:
        return fallback
    if len(published_at) == 10:
        return datetime.fromisoformat(published_at + "T12:00:00+00:00")
    return datetime.fromisoformat(published_at).astimezone(timezone.utc)
