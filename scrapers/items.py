"""What spiders yield: an archived page's record, or the news that a page is gone."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    # archive.search.stem_record(title, body_text, language), computed by the extraction
    # worker; None lets the archive's writer stem the text itself.
    stems: tuple[str, str] | None = None
    # announcement, or page: a brochure site's content page (scrapers/extract/classify.py),
    # archived and searchable but not counted as an announcement.
    kind: str = "announcement"


@dataclass
class RemovalItem:
    """A page that answered 404/410, or left the sitemap that listed it."""

    source_id: str
    url: str
    reason: str
