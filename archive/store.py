"""Writing records into the archive: upserts keyed on the canonical URL, versions, removals.

Nothing is ever deleted. A page that comes back with the same content only records that it
was seen (its hash matches); a changed page updates its row and appends a version. A page is
marked `removed`, keeping its last text, only when two fetches at least a day apart say it is
gone (404/410, or a redirect to the site's home page or a listing): one such answer is a
strike, and any other answer clears it. A page that moved (a redirect to another article)
keeps its record under the new address, the old one kept as an alias.

`apply_item` is the one way a crawled item reaches the archive: archive/writer.py applies
every crawl's messages through it, a local crawl's and a distributed one's alike.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlite_utils import Database

from archive.published import published_columns
from archive.runs import discovery_was_complete
from archive.search import index_announcement
from archive.stemming import stem_record
from archive.topics import Tags, record_tags, tag_columns, write_tags

Outcome = Literal["new", "changed", "unchanged"]
# Two "gone" answers this far apart remove a page: a server's bad hour is not a removal.
STRIKE_INTERVAL = timedelta(days=1)


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
    last_checked_at: str | None = None
    gone_since: str | None = None
    unlisted_at: str | None = None
    aliases: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, fields: Mapping[str, Any]) -> KnownPage:
        """The page from `dataclasses.asdict` of one, after a trip through JSON (Redis)."""
        return cls(**{**fields, "aliases": tuple(fields.get("aliases") or ())})


KNOWN_COLUMNS = tuple(f for f in KnownPage.__dataclass_fields__ if f != "aliases")


@dataclass(frozen=True)
class ArchivedSource:
    """What a crawl of one source needs to know of the archive: its archived pages (to skip
    them in discovery and recheck them conditionally), the pages found not to be
    announcements, the attachments already fetched, and whether its last discovery completed
    (if not, it is discovered fully again). Given to spiders by scrapers/known_pages.py."""

    pages: list[KnownPage] = field(default_factory=list)
    skipped: set[str] = field(default_factory=set)
    attachments: set[str] = field(default_factory=set)
    discovery_complete: bool = False


def sync_sources(db: Database, rows: Iterable[Mapping[str, Any]]) -> None:
    """Make the `sources` table reflect the registry (entries are never deleted)."""
    with db.atomic():
        for row in rows:
            values = dict(row)
            values["languages"] = json.dumps(values["languages"])
            db["sources"].upsert(values, pk="id")


def known_pages(db: Database, source_id: str) -> list[KnownPage]:
    """Every archived page of a source, for incremental discovery and rechecks."""
    aliases: dict[str, list[str]] = {}
    for url, key in db.execute(
        "SELECT url, announcement_id FROM aliases WHERE announcement_id IN "
        "(SELECT id FROM announcements WHERE source_id = ?)", [source_id],
    ):
        aliases.setdefault(key, []).append(url)
    return [
        KnownPage(**{name: row[name] for name in KNOWN_COLUMNS}, aliases=tuple(aliases.get(row["id"], ())))
        for row in db.query(
            f"SELECT {', '.join(KNOWN_COLUMNS)}, id FROM announcements WHERE source_id = ?", [source_id])
    ]


def archived_source(db: Database, source_id: str) -> ArchivedSource:
    """What a crawl of the source needs to know of the archive (see ArchivedSource)."""
    return ArchivedSource(known_pages(db, source_id), skipped_urls(db, source_id),
                          archived_attachment_urls(db, source_id),
                          discovery_was_complete(db, source_id))


def apply_item(db: Database, kind: str, item: Mapping[str, Any], now: str) -> list[str]:
    """Write one crawled item (scrapers.items, as a mapping; `kind` from ITEM_KINDS) and
    return its outcomes to count: new, changed, unchanged, moved, struck, removed. A page
    that is not an announcement (`skipped`) is only remembered; an `attachment` is the
    archived copy of a linked document."""
    if kind == "announcement":
        old_url = item.get("moved_from") or twin_url(db, item)
        moved = bool(old_url) and move_record(db, old_url, item["url"], item["canonical_url"], now)
        return ["moved"] * moved + [save_announcement(db, item, now)]
    if kind == "removal":
        outcome = record_gone(db, item["url"], now)
        return [outcome] if outcome else []
    if kind == "check":
        record_check(db, item["url"], item["finding"], now)
    if kind == "move":
        moved = move_record(db, item["url"], item["new_url"], item["new_url"], now)
        confirm_seen(db, [item["new_url"]], now)
        return ["moved"] * moved
    if kind == "skipped":
        db.execute(
            "INSERT INTO skipped_pages (url, source_id, kind, first_seen_at, last_seen_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, "
            "last_seen_at = excluded.last_seen_at",
            [item["url"], item["source_id"], item["kind"], now, now])
    if kind == "attachment":  # once per URL: the first copy archived is kept
        _insert(db, "attachment_files", {
            "url": item["url"], "source_id": item["source_id"], "status": item["status"],
            "sha256": item["sha256"], "size": item["size"], "content_type": item["content_type"],
            "capture": item["capture"], "fetched_at": now}, or_ignore=True)
        return ["attachment_archived" if item["status"] == "archived" else "attachment_too_large"]
    return []


def archived_attachment_urls(db: Database, source_id: str) -> set[str]:
    """The attachment URLs of the source already fetched (`attachment_files`): not again."""
    return {url for (url,) in db.execute("SELECT url FROM attachment_files WHERE source_id = ?",
                                         [source_id])}


def skipped_urls(db: Database, source_id: str) -> set[str]:
    """The source's pages fetched and found not to be announcements (`skipped_pages`)."""
    return {url for (url,) in db.execute("SELECT url FROM skipped_pages WHERE source_id = ?",
                                         [source_id])}


def save_announcement(db: Database, record: Mapping[str, Any], now: str) -> Outcome:
    """Insert or update one record; return whether it was new, changed or unchanged.

    `record` carries the extracted fields plus source_id, country, url, canonical_url,
    attachments (list of dicts: url, text, type), etag, last_modified, discovered_via, capture,
    and optionally stems (archive.stemming.stem_record of its title, text and language), tags
    (archive.topics.record_tags of them; both computed here when absent) and
    kind (announcement, or page for a brochure site's content page; a new classification
    of an unchanged page is written too). The caller owns the transaction (`with db.atomic():`), so a batch of records commits
    together or not at all.
    """
    canonical = record["canonical_url"]
    key = announcement_id(canonical)
    digest = content_hash(record.get("title"), record.get("published_at"), record["body_text"])
    # By canonical URL: a record that moved keeps the id of its first address.
    existing = db.execute(
        "SELECT id, content_hash, version_count, status, etag, last_modified "
        "FROM announcements WHERE canonical_url = ? OR id = ? "
        "ORDER BY canonical_url = ? DESC LIMIT 1",
        [canonical, key, canonical],
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
        stems, tags = _derived(record, fields)
        _insert(db, "announcements", {
            "id": key,
            **fields,
            **tag_columns(tags),
            "discovered_via": record.get("discovered_via"),
            "first_seen_at": now,
            "last_seen_at": now,
            "last_checked_at": now,
            "last_changed_at": now,
            "version_count": 1,
            "status": "live",
        })
        _add_version(db, key, 1, now, fields, stems, tags, new=True)
        _add_attachments(db, key, record.get("attachments") or ())
        return "new"
    key, old_hash, version_count, status, old_etag, old_modified = existing
    if old_hash == digest:
        # Bookkeeping columns only: the search triggers do not fire.
        _update(db, key, {
            "status": "live",
            "removed_at": None,
            "last_seen_at": now,
            "last_checked_at": now,
            "gone_since": None,
            "etag": fields["etag"],
            "last_modified": fields["last_modified"],
            "kind": fields["kind"],
        })
        return "unchanged"
    version = version_count + 1
    stems, tags = _derived(record, fields)
    _update(db, key, {**fields, **tag_columns(tags), "last_seen_at": now, "last_checked_at": now,
                      "last_changed_at": now, "version_count": version, "status": "live", "removed_at": None,
                      "gone_since": None})
    _add_version(db, key, version, now, fields, stems, tags)
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
    """Record that a fetch found these pages there and unchanged (a 304): seen, checked, any
    pending strike cleared (one statement, no FTS work)."""
    db.conn.executemany(
        "UPDATE announcements SET last_seen_at = ?, last_checked_at = ?, gone_since = NULL "
        "WHERE url = ? OR canonical_url = ?",
        [(now, now, u, u) for u in urls],
    )


def record_gone(db: Database, url: str, now: str) -> Literal["struck", "removed"] | None:
    """A fetch of the page at `url` said it is gone: the first such answer is a strike
    (`gone_since`); one at least STRIKE_INTERVAL after it removes the page. None when
    nothing changed (no live record, or a strike younger than a day)."""
    row = db.execute(
        "SELECT id, gone_since FROM announcements WHERE (url = ? OR canonical_url = ?) "
        "AND status = 'live' LIMIT 1", [url, url],
    ).fetchone()
    if row is None:
        return None
    key, gone_since = row
    if gone_since is None:
        _update(db, key, {"gone_since": now, "last_checked_at": now})
        return "struck"
    _update(db, key, {"last_checked_at": now})
    if datetime.fromisoformat(now) - datetime.fromisoformat(gone_since) < STRIKE_INTERVAL:
        return None
    return "removed" if mark_removed(db, url, now) else None


def record_check(db: Database, url: str, finding: str, now: str) -> None:
    """What a run learned about an archived page besides a text (scrapers.items.CheckItem)."""
    where = "WHERE url = ? OR canonical_url = ?"
    if finding == "live":
        confirm_seen(db, [url], now)
    elif finding == "unreachable":
        db.execute(f"UPDATE announcements SET gone_since = NULL {where}", [url, url])
    elif finding == "unlisted":  # the time it left, kept while it stays out
        db.execute(f"UPDATE announcements SET unlisted_at = ? {where} AND unlisted_at IS NULL",
                   [now, url, url])
    elif finding == "listed":
        db.execute(f"UPDATE announcements SET unlisted_at = NULL {where}", [url, url])


def twin_url(db: Database, record: Mapping[str, Any]) -> str | None:
    """The address of a live record of the same source with exactly this title, date and
    text, when the record's canonical URL is not archived yet: the same announcement at a new
    address (a sitemap that lists a moved page's new URL and drops the old one), not a new one."""
    if db.execute("SELECT 1 FROM announcements WHERE canonical_url = ?",
                  [record["canonical_url"]]).fetchone():
        return None
    digest = content_hash(record.get("title"), record.get("published_at"), record["body_text"])
    row = db.execute(
        "SELECT url FROM announcements WHERE source_id = ? AND content_hash = ? "
        "AND status = 'live' LIMIT 1", [record["source_id"], digest],
    ).fetchone()
    return row[0] if row else None


def move_record(db: Database, old_url: str, url: str, canonical_url: str, now: str) -> bool:
    """The archived page at `old_url` now redirects to the article at `url`: its record takes
    the new address and keeps the old one (and its old canonical URL) as aliases. False when
    the old address is not archived or the new one already has a record of its own."""
    if db.execute("SELECT 1 FROM announcements WHERE canonical_url = ?", [canonical_url]).fetchone():
        return False
    row = db.execute(
        "SELECT id, url, canonical_url FROM announcements WHERE url = ? OR canonical_url = ? "
        "UNION ALL SELECT a.id, a.url, a.canonical_url FROM aliases JOIN announcements a "
        "ON a.id = aliases.announcement_id WHERE aliases.url = ? LIMIT 1",
        [old_url, old_url, old_url],
    ).fetchone()
    if row is None:
        return False
    key, *previous = row
    _update(db, key, {"url": url, "canonical_url": canonical_url, "last_changed_at": now})
    for alias in {old_url, *previous} - {url, canonical_url}:
        _insert(db, "aliases", {"url": alias, "announcement_id": key, "recorded_at": now},
                or_ignore=True)
    return True


def _insert(db: Database, table: str, row: Mapping[str, Any], *, or_ignore: bool = False) -> None:
    """Plain INSERT: sqlite-utils' insert() reads the schema on every call and, outside a
    transaction it opened itself, commits on its own, so a batch would not be one transaction."""
    columns = ", ".join(f'"{name}"' for name in row)
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
    db.execute(f'{verb} INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(row))})', list(row.values()))


def _update(db: Database, key: str, values: Mapping[str, Any]) -> None:
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    db.execute(f"UPDATE announcements SET {assignments} WHERE id = ?", [*values.values(), key])


def _derived(record: Mapping[str, Any], fields: Mapping[str, Any]) -> tuple[Sequence[str], Tags]:
    """The stems and tags of a new or changed text: those the crawl's extraction worker
    computed and the item carries, else (older messages, re-extraction) computed here."""
    stems = record.get("stems") or stem_record(fields["title"], fields["body_text"], fields["language"])
    tags = record.get("tags") or record_tags(fields["title"], fields["body_text"], fields["language"], stems)
    return stems, tags


def _add_version(db: Database, key: str, version: int, now: str, fields: Mapping[str, Any],
                 stems: Sequence[str], tags: Tags, *, new: bool = False) -> None:
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
    # A version is written exactly when a record is new or changed: keep its stems, topics,
    # places and links in step (the row's tag columns are written with its text).
    index_announcement(db, key, stems)
    write_tags(db, key, tags, new=new)


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
