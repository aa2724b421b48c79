"""Linked versions of one announcement: its translations (the kk and ru pages of one
release) and its republications by other publishers, found by what a translation keeps.

A translation keeps the date, the numbers (cases, doses, dates, phone numbers) and the
things it is about, whatever the language: the candidates are the announcements published
the same day in another language or by another publisher, and a candidate is linked when the
health topics and places (announcement_topics, announcement_places) and the numbers the two
share reach LINK_SCORE, and it is the best candidate in its language. The evidence (shared
topics, places, numbers) is stored with the link, so a reader can judge it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the extraction workers compute numbers() without the database's library
    from sqlite_utils import Database

LINK_SCORE = 0.6
# A day's announcements in other languages or by other publishers read per save: a bound on
# the writer's work on the busiest day.
MAX_CANDIDATES = 200
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")


@dataclass(frozen=True)
class Signature:
    """What a translation of a text keeps: its concepts (topics and places) and numbers."""

    concepts: frozenset[str]
    numbers: frozenset[str]


def numbers(text: str | None) -> frozenset[str]:
    """The text's numbers, written without separators (1 200 and 1,200 differ: rarely both)."""
    return frozenset(re.sub(r"\D", "", n) for n in _NUMBER.findall(text or ""))


def score(a: Signature, b: Signature) -> tuple[float, dict[str, list[str]]]:
    """How likely two texts are versions of one announcement (0..1), and the shared evidence:
    the Jaccard overlap of their concepts, averaged with that of their numbers when both
    have numbers."""
    def jaccard(x: frozenset[str], y: frozenset[str]) -> float:
        return len(x & y) / len(x | y) if x | y else 0.0

    parts = [jaccard(a.concepts, b.concepts)] if a.concepts or b.concepts else []
    if a.numbers and b.numbers:
        parts.append(jaccard(a.numbers, b.numbers))
    value = sum(parts) / len(parts) if parts else 0.0
    return value, {"concepts": sorted(a.concepts & b.concepts), "numbers": sorted(a.numbers & b.numbers)}


def best_links(own: Signature, candidates: Iterable[tuple[str, str, Signature]]
               ) -> list[tuple[str, float, dict[str, list[str]]]]:
    """Of (id, language, signature) candidates: the best-scoring one per language, when it
    reaches LINK_SCORE."""
    best: dict[str, tuple[str, float, dict[str, list[str]]]] = {}
    for key, language, signature in candidates:
        value, evidence = score(own, signature)
        if value >= LINK_SCORE and value > best.get(language, ("", 0.0, {}))[1]:
            best[language] = (key, value, evidence)
    return list(best.values())


def _signatures(db: Database, where: str, params: list[object]) -> list[tuple[str, str, str, Signature]]:
    rows = db.execute(
        "SELECT a.id, a.language, a.source_id, a.title, a.body_text, "
        "(SELECT json_group_array(topic_id) FROM announcement_topics WHERE announcement_id = a.id), "
        "(SELECT json_group_array(place_id) FROM announcement_places WHERE announcement_id = a.id) "
        f"FROM announcements a WHERE {where} LIMIT {MAX_CANDIDATES}", params).fetchall()
    return [(key, language or "", source, Signature(
        frozenset(json.loads(topics)) | frozenset(json.loads(places)),
        numbers(f"{title or ''} {body}"))) for key, language, source, title, body, topics, places in rows]


def link_announcement(db: Database, announcement_id: str, concepts: frozenset[str],
                      text_numbers: frozenset[str], *, new: bool = False) -> None:
    """(Re)write one announcement's links, both ways, from its concepts (its topics and
    places, just written) and the numbers() of its title and text; the caller owns the
    transaction. A `new` announcement has no links to delete. Without a concept nothing can
    show that another text is the same announcement."""
    if not new:
        db.execute("DELETE FROM links WHERE announcement_id = ?", [announcement_id])
        db.execute("DELETE FROM links WHERE linked_id = ?", [announcement_id])
    if not concepts:
        return
    row = db.execute("SELECT language, source_id, published_date FROM announcements WHERE id = ?",
                     [announcement_id]).fetchone()
    if row is None or row[2] is None:
        return
    language, source, day = row
    # A link needs a shared concept (see score): only those candidates' texts are read.
    marks = ", ".join("?" * len(concepts))
    candidates = _signatures(
        db, "a.published_date = ? AND a.id != ? AND (a.language IS NOT ? OR a.source_id != ?) AND "
            f"(EXISTS (SELECT 1 FROM announcement_topics t WHERE t.announcement_id = a.id "
            f"AND t.topic_id IN ({marks})) OR EXISTS (SELECT 1 FROM announcement_places p "
            f"WHERE p.announcement_id = a.id AND p.place_id IN ({marks})))",
        [day, announcement_id, language, source, *concepts, *concepts])
    by_key = {key: (lang, src) for key, lang, src, _ in candidates}
    signature = Signature(concepts, text_numbers)
    for key, value, evidence in best_links(signature, [(k, lang if lang != language else f"{lang}/{src}", s)
                                                        for k, lang, src, s in candidates]):
        kind = "translation" if by_key[key][0] != language else "republication"
        for a, b in ((announcement_id, key), (key, announcement_id)):
            db.execute("INSERT OR REPLACE INTO links (announcement_id, linked_id, kind, score, evidence) "
                       "VALUES (?, ?, ?, ?, ?)", [a, b, kind, round(value, 3), json.dumps(evidence)])
