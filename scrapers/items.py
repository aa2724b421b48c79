"""What spiders yield: an archived page's record, or what a fetch or a discovery found about
an archived page (gone, still there, unreachable, no longer listed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass
class AnnouncementItem:
    """One announcement as extracted from one fetch; the archive decides new/changed/unchanged."""

    source_id: str
    country: str
    url: str
    canonical_url: str
    title: str | None
    published_at: str | None
    modified_at: str | None
    language: str | None
    body_text: str
    attachments: list[dict[str, str]] = field(default_factory=list)
    discovered_via: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    capture: str | None = None
    # archive.stemming.stem_record(title, body_text, language), computed by the extraction
    # worker; None lets the archive's writer stem the text itself.
    stems: tuple[str, str] | None = None
    # archive.topics.record_tags of them (topics, places, numbers), computed by the same worker
    # for the same reason; None lets the writer tag the text itself.
    tags: dict[str, list[Any]] | None = None
    # announcement, or page: an undated content page such as a brochure site's (see
    # scrapers/extract/classify.py), archived and searchable but not counted as an announcement.
    kind: str = "announcement"
    # The archived address that now redirects here: the archive moves that record to this
    # address and keeps the old one as an alias, instead of archiving the page twice.
    moved_from: str | None = None


@dataclass
class RemovalItem:
    """A fetch of an archived page said it is gone: 404/410, or a redirect to the site's home
    page or a listing. One such answer is a strike; a second one a day later removes the
    page (archive.store.record_gone)."""

    source_id: str
    url: str
    reason: str


Finding = Literal["live", "unreachable", "unlisted", "listed"]


@dataclass
class CheckItem:
    """What a run learned about an archived page without a new text: `live` (a 304, or a page
    only checked for existence), `unreachable` (5xx, timeout: changes nothing but a pending
    strike), `unlisted` (it left the complete sitemap or API listing that held it: the next
    run fetches it before anything is decided), `listed` (it is back in that listing)."""

    source_id: str
    url: str
    finding: Finding


@dataclass
class MovedItem:
    """An archived page now redirects to another article whose answer was a 304 (the new
    address serves the archived version): the record moves there, the old address kept as an
    alias. A move with a new text travels as AnnouncementItem.moved_from instead."""

    source_id: str
    url: str
    new_url: str


@dataclass
class SkippedItem:
    """A fetched page that is not an announcement (home, listing, category, contact...): kept
    in `skipped_pages`, so hourly runs do not download it again."""

    source_id: str
    url: str
    kind: str


@dataclass
class AttachmentItem:
    """A document an archived announcement links (PDF, DOCX...), fetched once per URL: its
    SHA-256, size and content type, and the WARC capture holding its bytes. `status` is
    `archived`, or `too_large` when it exceeded the size cap (nothing kept, no checksum)."""

    source_id: str
    url: str
    sha256: str | None
    size: int | None
    content_type: str | None
    capture: str | None
    status: str = "archived"


ITEM_KINDS: dict[type, str] = {AnnouncementItem: "announcement", RemovalItem: "removal",
                               CheckItem: "check", MovedItem: "move", SkippedItem: "skipped",
                               AttachmentItem: "attachment"}
