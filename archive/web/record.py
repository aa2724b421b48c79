"""The readable page of one announcement: its text as paragraphs, its versions with word-level
diffs, its attachments, its topics and places (each a link to the search filtered by it), and
the links to the original and to the archived copy.

Everything here is plain data for an autoescaping template: scraped text is never marked safe,
and only http(s) URLs become hrefs (`safe_href`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from babel.core import UnknownLocaleError
from datasette.utils import tilde_encode

from archive.number_changes import number_changes
from archive.places import gazetteer
from archive.topics import vocabulary
from archive.web.i18n import Interface, native_name
from archive.web.links import safe_href

if TYPE_CHECKING:
    from datasette.database import Database as DatasetteDatabase

_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_WORDS = re.compile(r"\s+|\S+")
CONTEXT_WORDS = 24  # unchanged tokens (words and spaces) kept on each side of a change


@dataclass(frozen=True)
class Segment:
    """A run of text in a diff: `op` is equal, insert or delete."""

    op: str
    text: str


def paragraphs(text: str | None) -> list[str]:
    """body_text keeps one paragraph per line; blank lines carry no meaning."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text or "") if p.strip()]


def word_diff(old: str, new: str) -> list[Segment]:
    """Word-level differences, with long unchanged stretches shortened to their edges."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            if len(words) > 2 * CONTEXT_WORDS:
                head = "".join(words[:CONTEXT_WORDS]) if segments else ""
                words_text = f"{head} … {''.join(words[-CONTEXT_WORDS:])}"
                segments.append(Segment("equal", words_text.lstrip()))
            else:
                segments.append(Segment("equal", "".join(words)))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("delete", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("insert", "".join(b[j1:j2])))
    return segments


async def record_context(db: DatasetteDatabase, announcement_id: str, capture_base: str,
                         ui: Interface, page_url: str, attachment_base: str = "/-/attachment"
                         ) -> dict[str, Any]:
    """Template variables for the announcement page (empty when the id is unknown);
    `page_url` is the page's absolute address, its permalink; an attachment the archive
    holds links its archived copy (`attachment_base`/<sha256>) with its checksum."""
    rows = (await db.execute(
        "SELECT a.*, s.name AS source_name, s.name_en AS source_name_en, s.kind AS source_kind "
        "FROM announcements a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?",
        [announcement_id],
    )).rows
    if not rows:
        return {}
    record = dict(rows[0])
    versions = [dict(r) for r in (await db.execute(
        "SELECT version, fetched_at, title, published_at, body_text, capture FROM versions "
        "WHERE announcement_id = ? ORDER BY version", [announcement_id])).rows]
    previous: dict[str, Any] | None = None
    for version in versions:
        if previous is not None:
            version["previous_title"] = previous["title"]
            version["title_changed"] = previous["title"] != version["title"]
            version["date_changed"] = previous["published_at"] != version["published_at"]
            version["diff"] = word_diff(previous["body_text"], version["body_text"])
            version["number_changes"] = [str(c) for c in number_changes(
                previous["body_text"], version["body_text"])]
        version["capture_href"] = (f"{capture_base}/{announcement_id}/{version['version']}"
                                   if version["capture"] else None)
        previous = version
    archived = ("(SELECT f.sha256 FROM attachment_files f WHERE f.url = t.url "
                "AND f.status = 'archived' AND f.capture IS NOT NULL)"
                if await db.table_exists("attachment_files") else "NULL")
    attachments = [
        {**dict(r), "href": safe_href(r["url"]),
         "archived_href": f"{attachment_base}/{r['sha256']}" if r["sha256"] else None}
        for r in (await db.execute(
            f"SELECT t.url, t.link_text, t.type, {archived} AS sha256 FROM attachments t "
            "WHERE t.announcement_id = ? ORDER BY t.url", [announcement_id])).rows
    ]
    captured_at = next((v["fetched_at"] for v in reversed(versions)
                        if v["capture"] and v["capture"] == record["capture"]), None)
    captured_at = captured_at or (record["last_changed_at"] if record["capture"] else None)
    capture_href = f"{capture_base}/{announcement_id}" if record["capture"] else None
    citation = Citation(
        publisher=ui.publisher({"name": record["source_name"], "name_en": record["source_name_en"],
                                "languages": [record["language"]]}),
        title=record["title"] or ui.gettext("(untitled)"),
        published=ui.date(record["published_at"]), original_url=safe_href(record["url"]) or "",
        archive_url=page_url, archived=ui.date(captured_at or record["first_seen_at"]),
        accessed=ui.date(datetime.now(timezone.utc).isoformat()))
    return {
        "record": record,
        "paragraphs": paragraphs(record["body_text"]),
        "original_href": safe_href(record["url"]),
        "capture_href": capture_href,
        "captured_at": captured_at,
        "permalink": page_url,
        "citation": citation.text(ui.gettext("Archived at"), ui.gettext("Accessed")),
        "versions": list(reversed(versions)),
        "attachments": attachments,
        **await linked_versions(db, announcement_id, ui, page_url.rsplit("/", 1)[0]),
        **await concepts(db, announcement_id, ui),
    }


MAX_CONCEPTS = 30  # of each kind, on the record page


async def concepts(db: DatasetteDatabase, announcement_id: str, ui: Interface
                   ) -> dict[str, list[dict[str, str]]]:
    """The record's topics and places (announcement_topics, announcement_places), each with
    its id and its name in the interface's language, in the order of those names."""
    found: dict[str, list[dict[str, str]]] = {"topics": [], "places": []}
    for key, table, column, names in (("topics", "announcement_topics", "topic_id", vocabulary()),
                                      ("places", "announcement_places", "place_id", gazetteer())):
        if await db.table_exists(table):
            rows = (await db.execute(
                f"SELECT DISTINCT {column} FROM {table} WHERE announcement_id = ? "
                f"ORDER BY {column} LIMIT {MAX_CONCEPTS}", [announcement_id])).rows
            found[key] = sorted(({"id": r[0], "label": names.label(r[0], ui.lang)} for r in rows),
                                key=lambda c: c["label"])
    return found


MAX_LINKED = 20  # of each kind, on the record page


async def linked_versions(db: DatasetteDatabase, announcement_id: str, ui: Interface,
                          table_url: str) -> dict[str, list[dict[str, str]]]:
    """The record's translations ("also in": their languages, each named in itself) and
    republications ("also published by": their publishers), each linking its record
    (`table_url`/<key>), from `links`."""
    if not await db.table_exists("links"):
        return {"translations": [], "republications": []}
    rows = (await db.execute(
        "SELECT l.kind, l.linked_id AS id, a.language, a.title, s.name, s.name_en "
        "FROM links l JOIN announcements a ON a.id = l.linked_id "
        "LEFT JOIN sources s ON s.id = a.source_id WHERE l.announcement_id = ? "
        f"ORDER BY l.score DESC, l.linked_id LIMIT {2 * MAX_LINKED}", [announcement_id])).rows
    translations, republications = [], []
    for row in rows:
        if row["kind"] == "translation" and len(translations) < MAX_LINKED:
            translations.append({"href": f"{table_url}/{tilde_encode(row['id'])}",
                                 "lang": row["language"] or "", "title": row["title"] or "",
                                 "label": _language_name(ui, row["language"])})
        elif row["kind"] == "republication" and len(republications) < MAX_LINKED:
            republications.append({"href": f"{table_url}/{tilde_encode(row['id'])}",
                                   "lang": row["language"] or "", "title": row["title"] or "",
                                   "label": ui.publisher({"name": row["name"] or "",
                                                          "name_en": row["name_en"],
                                                          "languages": [row["language"]]})})
    translations.sort(key=lambda t: t["label"])
    return {"translations": translations, "republications": republications}


def _language_name(ui: Interface, code: str | None) -> str:
    """A language named in itself (Русский, English), as a language switcher names it."""
    if not code:
        return ui.gettext("unknown")
    try:
        name = native_name(code)
    except (ValueError, UnknownLocaleError):
        return ui.language(code)
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Citation:
    """What a reference to an archived announcement needs, in the order it is written."""

    publisher: str
    title: str
    published: str
    original_url: str
    archive_url: str
    archived: str
    accessed: str

    def text(self, archived_label: str, accessed_label: str) -> str:
        """One line, in the common style of web citations: publisher, "title", date, URL,
        then where and when the archive holds it and when it was read."""
        parts = [self.publisher, f"«{self.title}»", self.published, self.original_url,
                 f"{archived_label} {self.archive_url} ({self.archived})",
                 f"{accessed_label} {self.accessed}"]
        # A part that ends with a full stop already (1 жовтня 2026 р.) takes no second one.
        return " ".join(p if p.endswith(".") else p + "." for p in parts if p)
