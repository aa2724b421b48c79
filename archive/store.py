"""Writing records into the archive: upserts keyed on the canonical URL, versions, removals.

Nothing is ever deleted. A page that comes back with the same content writes nothing (its
hash matches); a changed page updates its row and appends a version; a page that answers
404/410 or leaves a sitemap is marked `removed`, keeping its last text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlite_utils import Database

from archive.published import published_columns
from archive.search import index_announcement

Outcome = Literal["new", "changed", "unchanged"]


def announcement_id(canonical_url: str) -> str:
    """A stable key researchers can cite: derived from the canonical URL alone."""
    return hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()[:16]


def content_hash(title: str | None, published_at: str | None, body_text: str) -> str:
    """What counts as a new version: a change of title, date or text, nothing else."""
    payload = "\x1f".join((title or "", published_at or "", body_text))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class KnownPage:
    """What the crawler needs to know of an archived page to re-fetch it cheaply."""

    url: str
    canonical_url: str
    etag: str | None
    last_modified: str | None
    status: str
    discovered_via: str | None
    published_at: str | None


def sync_sources(db: Database, rows: Iterable[Mapping[str, Any]]) -> None:
    """Make the `sources` table reflect the registry (entries are never deleted)."""
    with db.atomic():
        for row in rows:
            values = dict(row)
            values["languages"] = json.dumps(values["languages"])
            db["sources"].upsert(values, pk="id")


def known_pages(db: Database, source_id: str) -> list[KnownPage]:
    """Every archived page of a source, for incremental discovery and rechecks."""
    rows = db.execute(
        "SELECT url, canonical_url, etag, last_modified, status, discovered_via, published_at "
        "FROM announcements WHERE source_id = ?",
        [source_id],
    ).fetchall()
    return [KnownPage(*row) for row in rows]


def save_announcement(db: Database, record: Mapping[str, Any], now: str) -> Outcome:
    """Insert or update one record; return whether it was new, changed or unchanged.

    `record` carries the extracted fields plus source_id, country, url, canonical_url,
    attachments (list of dicts: url, text, type), etag, last_modified, discovered_via, capture,
    and optionally stems (archive.search.stem_record of its title, text and language) and
    kind (announcement, or page for a brochure site's content page). The caller owns the transaction (`with db.atomic():`), so a batch of records commits
    together or not at all.
    """
    canonical = record["canonical_url"]
    key = announcement_id(canonical)
    digest = content_hash(record.get("title"), record.get("published_at"), record["body_text"])
    existing = db.execute(
        "SELECT content_hash, version_count, status, etag, last_modified "
        "FROM announcements WHERE id = ?",
        [key],
    ).fetchone()
    fields = {
        "source_id": record["source_id"],
        "url": record["url"],
        "canonical_url": canonical,
        "title": record.get("title"),
        "published_at": record.get("published_at"),
        **published_columns(record.get("published_at")),
        "modified_at": record.get("modified_at"),
        "language": record.get("language"),
        "country": record["country"],
        "body_text": record["body_text"],
        "content_hash": digest,
        "attachment_count": len(record.get("attachments") or ()),
        "etag": record.get("etag"),
        "last_modified": record.get("last_modified"),
        "capture": record.get("capture"),
        "kind": record.get("kind") or "announcement",
    }
    if existing is None:
        _insert(db, "announcements", {
            "id": key,
            **fields,
            "discovered_via": record.get("discovered_via"),
            "first_seen_at": now,
            "last_seen_at": now,
            "last_changed_at": now,
            "version_count": 1,
            "status": "live",
        })
        _add_version(db, key, 1, now, fields, record.get("stems"))
        _add_attachments(db, key, record.get("attachments") or ())
        return "new"
    old_hash, version_count, status, old_etag, old_modified = existing
    if old_hash == digest:
        revived = status != "live"
        validators_moved = (old_etag, old_modified) != (fields["etag"], fields["last_modified"])
        if revived or validators_moved:
            _update(db, key, {
                "status": "live",
                "removed_at": None,
                "last_seen_at": now,
                "etag": fields["etag"],
                "last_modified": fields["last_modified"],
            })
        return "unchanged"
    version = version_count + 1
    _update(db, key, {**fields, "last_seen_at": now, "last_changed_at": now,
                      "version_count": version, "status": "live", "removed_at": None})
    _add_version(db, key, version, now, fields, record.get("stems"))
    _add_attachments(db, key, record.get("attachments") or ())
    return "changed"


def mark_removed(db: Database, url: str, now: str) -> bool:
    """Mark the live announcement at `url` (or with that canonical URL) as removed."""
    cursor = db.execute(
        "UPDATE announcements SET status = 'removed', removed_at = ?, last_changed_at = ? "
        "WHERE (url = ? OR canonical_url = ?) AND status = 'live'",
        [now, now, url, url],
    )
    return cursor.rowcount > 0


def confirm_seen(db: Database, urls: Iterable[str], now: str) -> None:
    """Record that a recheck found these pages unchanged (one statement, no FTS work)."""
    db.conn.executemany(
        "UPDATE announcements SET last_seen_at = ? WHERE url = ? OR canonical_url = ?",
        [(now, u, u) for u in urls],
    )


def _insert(db: Database, table: str, row: Mapping[str, Any], *, or_ignore: bool = False) -> None:
    """Plain INSERT: sqlite-utils' insert() reads the schema on every call and, outside a
    transaction it opened itself, commits on its own, so a batch would not be one transaction."""
    columns = ", ".join(f'"{name}"' for name in row)
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
    db.execute(f'{verb} INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})', list(row.values()))


def _update(db: Database, key: str, values: Mapping[str, Any]) -> None:
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    db.execute(f"UPDATE announcements SET {assignments} WHERE id = ?", [*values.values(), key])


def _add_version(db: Database, key: str, version: int, now: str, fields: Mapping[str, Any],
                 stems: Sequence[str] | None) -> None:
    _insert(db, "versions", {
        "announcement_id": key,
        "version": version,
        "fetched_at": now,
        "title": fields["title"],
        "published_at": fields["published_at"],
        "published_date": fields["published_date"],
        "published_at_utc": fields["published_at_utc"],
        "body_text": fields["body_text"],
        "content_hash": fields["content_hash"],
        "capture": fields["capture"],
    })
    # A version is written exactly when a record is new or changed: keep its stems in step.
    index_announcement(db, key, stems)


def _add_attachments(db: Database, key: str, attachments: Iterable[Mapping[str, str]]) -> None:
    """Attachments accumulate: one that an edit dropped stays listed, like the old versions."""
    for a in {a["url"]: a for a in attachments}.values():
        _insert(db, "attachments", {
            "id": announcement_id(f"{key} {a['url']}"),
            "announcement_id": key,
            "url": a["url"],
            "link_text": a.get("text"),
            "type": a["type"],
        }, or_ignore=True)
