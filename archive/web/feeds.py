"""Atom feeds: new announcements of any search (`/search.atom`, the search page's URL with
`.atom`: per publisher and per country are `?source=` and `?country=`), and the edits and
removals (`/changes.atom`).

Entries carry the publication date (`published`), the archive's time of the change
(`updated`), and link to the archive's record (the original as `related`); a new
announcement's entry names its health topics as categories, labelled in the reader's
language, so a reader's client can file them. The document
names an XSLT stylesheet, so a browser shows a readable page with a subscribe hint; a feed
reader reads the Atom. Browsers (which ask for HTML first) get it as `application/xml`, which
every browser renders through the stylesheet; everything else gets `application/atom+xml`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from lxml import etree

from datasette.database import QueryInterrupted

from archive.number_changes import number_changes
from archive.search import stem_query
from archive.topics import vocabulary
from archive.web.i18n import Interface
from archive.web.links import safe_href
from archive.web.record import word_diff
from archive.web.search_page import SearchState, filters

if TYPE_CHECKING:
    from datasette.database import Database as DatasetteDatabase

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
GIST_CHARS = 400
CONTENT_CHARS = 2000
DIFF_CHARS = 20_000  # the gist of an edit compares at most this much of each text
NUMBERS_CHARS = 100_000  # and looks for changed numbers in at most this much (~20 ms)
STYLESHEET = "/-/health-archive/feed.xsl"
TOPICS_SCHEME = "urn:health-archive:topics"  # terms: ids of archive/vocabulary/topics.yaml


@dataclass
class Entry:
    id: str
    title: str
    updated: str
    published: str | None
    link: str
    related: str | None
    author: str
    summary: str
    categories: list[tuple[str, str]] = field(default_factory=list)  # (topic id, its label)


def atom_document(*, feed_id: str, title: str, self_href: str, page_href: str, lang: str,
                  entries: list[Entry], subtitle: str) -> bytes:
    """The Atom XML (with its stylesheet instruction) for `entries`."""
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", lang)

    def add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        child = etree.SubElement(parent, f"{{{ATOM}}}{tag}", **attrs)
        if text is not None:
            child.text = text
        return child

    add(feed, "id", feed_id)
    add(feed, "title", title)
    add(feed, "subtitle", subtitle)
    updated = max((e.updated for e in entries), default="") or "2026-01-01T00:00:00+00:00"
    add(feed, "updated", _rfc3339(updated))
    add(feed, "link", rel="self", type="application/atom+xml", href=self_href)
    add(feed, "link", rel="alternate", type="text/html", href=page_href)
    add(add(feed, "author"), "name", "health-archive")
    for entry in entries:
        node = add(feed, "entry")
        add(node, "id", entry.id)
        add(node, "title", entry.title)
        add(node, "updated", _rfc3339(entry.updated))
        if entry.published:
            add(node, "published", _rfc3339(entry.published))
        add(node, "link", rel="alternate", type="text/html", href=entry.link)
        if entry.related:
            add(node, "link", rel="related", href=entry.related)
        add(add(node, "author"), "name", entry.author)
        for term, label in entry.categories:
            add(node, "category", term=term, label=label, scheme=TOPICS_SCHEME)
        add(node, "summary", entry.summary)
    tree = etree.ElementTree(feed)
    stylesheet = etree.ProcessingInstruction(
        "xml-stylesheet", f'type="text/xsl" href="{STYLESHEET}"')
    feed.addprevious(stylesheet)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")


def _rfc3339(value: str) -> str:
    """Atom wants a full timestamp with a zone; a bare date becomes its midnight UTC."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return "1970-01-01T00:00:00+00:00"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.isoformat()


def feed_content_type(accept: str | None) -> str:
    """application/xml for a browser (renders the stylesheet), Atom for a reader."""
    accept = (accept or "").lower()
    if "text/html" in accept and "application/atom+xml" not in accept:
        return "application/xml; charset=utf-8"
    return "application/atom+xml; charset=utf-8"


async def search_entries(db: DatasetteDatabase, state: SearchState, ui: Interface,
                         sources: dict[str, dict[str, Any]], record_href: Any,
                         time_limit_ms: int) -> list[Entry]:
    """The newest-archived FEED_SIZE announcements of a search (its filters included)."""
    where, params = filters(state)
    columns = ("a.id, a.title, a.url, a.published_at, a.last_changed_at, a.source_id, "
               "a.country, a.topics, substr(a.body_text, 1, :chars) AS body")
    if state.q:
        sql = (f"SELECT {columns} FROM announcements_stems st CROSS JOIN announcements a "
               f"ON a.rowid = st.rowid WHERE {' AND '.join(['announcements_stems MATCH ?', *where])} "
               f"ORDER BY st.rowid DESC LIMIT {FEED_SIZE}")
        params = [stem_query(state.q), *params]
    else:
        sql = (f"SELECT {columns} FROM announcements a "
               f"{'WHERE ' + ' AND '.join(where) if where else ''} "
               f"ORDER BY a.rowid DESC LIMIT {FEED_SIZE}")
    sql = sql.replace(":chars", str(CONTENT_CHARS))
    try:
        rows = (await db.execute(sql, params, custom_time_limit=time_limit_ms)).rows
    except QueryInterrupted:  # an empty feed, never an error page with SQL
        return []
    entries = []
    for row in rows:
        source = sources.get(row["source_id"], {"name": row["source_id"]})
        publisher = ui.publisher(source)
        summary = f"{publisher} · {ui.country(row['country'])} · {ui.date(row['published_at'])}\n\n{row['body']}"
        entries.append(Entry(
            id=f"urn:health-archive:announcement:{row['id']}", title=row["title"] or ui.gettext("(untitled)"),
            updated=row["last_changed_at"], published=row["published_at"],
            link=record_href(row["id"]), related=_http(row["url"]), author=publisher,
            summary=summary, categories=[(topic, vocabulary().label(topic, ui.lang))
                                         for topic in json.loads(row["topics"] or "[]")]))
    return entries


async def change_entries(db: DatasetteDatabase, state: SearchState, ui: Interface,
                         sources: dict[str, dict[str, Any]], record_href: Any,
                         time_limit_ms: int) -> list[Entry]:
    """The latest FEED_SIZE edits and removals (of one country or publisher, if chosen):
    what changed, with the diff's gist."""
    where, params = filters(SearchState(country=state.country, source=state.source,
                                         kind=state.kind, language=state.language))
    extra = "".join(f" AND {w}" for w in where)
    # versions.id grows with time, and a removal sets last_changed_at: both read backwards
    # from an index, so the walk stops after FEED_SIZE.
    try:
        edits, removals = await _changes(db, extra, params, time_limit_ms)
    except QueryInterrupted:
        return []
    entries = []
    for row in edits:
        source = sources.get(row["source_id"], {"name": row["source_id"]})
        entries.append(Entry(
            id=f"urn:health-archive:announcement:{row['id']}:version:{row['version']}",
            title=ui.gettext("Edited: {title}", title=row["title"] or ui.gettext("(untitled)")),
            updated=row["at"], published=row["published_at"],
            link=record_href(row["id"]) + f"#version-{row['version']}", related=_http(row["url"]),
            author=ui.publisher(source), summary=_gist(ui, row)))
    for row in removals:
        source = sources.get(row["source_id"], {"name": row["source_id"]})
        entries.append(Entry(
            id=f"urn:health-archive:announcement:{row['id']}:removed",
            title=ui.gettext("Removed: {title}", title=row["title"] or ui.gettext("(untitled)")),
            updated=row["at"] or "", published=row["published_at"], link=record_href(row["id"]),
            related=_http(row["url"]), author=ui.publisher(source),
            summary=ui.gettext("The publisher took this page down on {date}; the archive keeps "
                               "its last text.", date=ui.date(row["at"]))))
    entries.sort(key=lambda e: _rfc3339(e.updated), reverse=True)
    return entries[:FEED_SIZE]


async def _changes(db: DatasetteDatabase, extra: str, params: list[Any],
                   time_limit_ms: int) -> tuple[list[Any], list[Any]]:
    """The latest edits (with the version before each) and the latest removals."""
    edits = (await db.execute(
        f"SELECT v.announcement_id AS id, v.version, v.fetched_at AS at, v.title, v.published_at, "
        f"v.body_text, p.title AS old_title, p.published_at AS old_published_at, "
        f"p.body_text AS old_body_text, a.url, a.source_id, a.country "
        f"FROM versions v JOIN versions p ON p.announcement_id = v.announcement_id "
        f"AND p.version = v.version - 1 JOIN announcements a ON a.id = v.announcement_id "
        f"WHERE v.version > 1{extra} ORDER BY v.id DESC LIMIT {FEED_SIZE}",
        params, custom_time_limit=time_limit_ms)).rows
    removals = (await db.execute(
        f"SELECT a.id, a.removed_at AS at, a.title, a.published_at, a.url, a.source_id, a.country, "
        f"a.version_count FROM announcements a INDEXED BY idx_announcements_changed "
        f"WHERE a.status = 'removed'{extra} ORDER BY a.last_changed_at DESC LIMIT {FEED_SIZE}",
        params, custom_time_limit=time_limit_ms)).rows
    return edits, removals


def _gist(ui: Interface, row: Any) -> str:
    """What an edit changed: title, date, the numbers that changed (cases 12 → 15), and the
    words removed and added (shortened)."""
    lines = []
    if row["old_title"] != row["title"]:
        lines.append(ui.gettext("Title: {old} → {new}", old=row["old_title"] or "", new=row["title"] or ""))
    if row["old_published_at"] != row["published_at"]:
        lines.append(ui.gettext("Date: {old} → {new}", old=ui.date(row["old_published_at"]),
                                new=ui.date(row["published_at"])))
    changed = number_changes((row["old_body_text"] or "")[:NUMBERS_CHARS],
                             (row["body_text"] or "")[:NUMBERS_CHARS])
    if changed:
        lines.append(ui.gettext("Numbers changed: {changes}", changes="; ".join(map(str, changed))))
    segments = word_diff((row["old_body_text"] or "")[:DIFF_CHARS], (row["body_text"] or "")[:DIFF_CHARS])
    removed = " … ".join(s.text.strip() for s in segments if s.op == "delete" and s.text.strip())
    added = " … ".join(s.text.strip() for s in segments if s.op == "insert" and s.text.strip())
    if removed:
        lines.append(ui.gettext("Removed text: {text}", text=_shorten(removed)))
    if added:
        lines.append(ui.gettext("Added text: {text}", text=_shorten(added)))
    return "\n".join(lines) or ui.gettext("Only the formatting changed.")


def _shorten(text: str) -> str:
    return text if len(text) <= GIST_CHARS else text[:GIST_CHARS].rstrip() + "…"


def _http(url: str | None) -> str | None:
    return safe_href(url)
