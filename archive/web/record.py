"""The readable page of one announcement: its text as paragraphs, its versions with word-level
diffs, its attachments and the links to the original and to the archived copy.

Everything here is plain data for an autoescaping template: scraped text is never marked safe,
and only http(s) URLs become hrefs (`safe_href`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any


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


async def record_context(db: DatasetteDatabase, announcement_id: str,
                         capture_base: str) -> dict[str, Any]:
    """Template variables for the announcement page (empty when the id is unknown)."""
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
        version["capture_href"] = (f"{capture_base}/{announcement_id}/{version['version']}"
                                   if version["capture"] else None)
        previous = version
    attachments = [
        {**dict(r), "href": safe_href(r["url"])}
        for r in (await db.execute(
            "SELECT url, link_text, type FROM attachments WHERE announcement_id = ? ORDER BY url",
            [announcement_id])).rows
    ]
    return {
        "record": record,
        "paragraphs": paragraphs(record["body_text"]),
        "original_href": safe_href(record["url"]),
        "capture_href": f"{capture_base}/{announcement_id}" if record["capture"] else None,
        "versions": list(reversed(versions)),
        "attachments": attachments,
    }
