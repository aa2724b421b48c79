"""Health topics of announcements, in every language, and their place in the archive.

`vocabulary().match` is pure (a record's text and language -> its topics, with where each
matched); `record_tags` finds a record's topics, places and numbers (in the crawl's
extraction workers, or in the writer for an item that carries none), and `write_tags` writes
them when its text is saved: with the field and term that matched in announcement_topics and
announcement_places, and as lists of ids in the announcement's own row (`tag_columns`:
topics, places, countries, regions), the columns a flat download (CSV, a spreadsheet) is
filtered by; `retag` recomputes every record's when a vocabulary's version changed
(`health-archive reindex`), rewriting only what changed. The vocabulary is data:
archive/vocabulary/topics.yaml.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, TypedDict

from archive.links import link_announcement, numbers
from archive.places import gazetteer
from archive.search import stem_query
from archive.stemming import WORD, stem_record, stem_word
from archive.vocabulary import Vocabulary

if TYPE_CHECKING:  # the extraction workers tag records without the database's library
    from sqlite_utils import Database


@cache
def vocabulary() -> Vocabulary:
    """The topics vocabulary, loaded and stemmed once per process."""
    return Vocabulary.load("topics.yaml", "topics")


def topic_of_query(q: str) -> str | None:
    """The topic a whole query names in any language (корь, measles, кызамык), if any."""
    words = WORD.findall(q)
    for language in (*sorted(vocabulary().languages), None):
        found = vocabulary().match_stems(" ".join(Vocabulary.stems(q, language)), language, "q")
        if len(found) == 1 and len(Vocabulary.stems(found[0].term, language)) == len(words):
            return found[0].concept
    return None


def topic_match(q: str) -> str | None:
    """For a query that names a topic: an FTS5 MATCH expression over the stems index that
    finds the query's own words or any term of the topic in any language, each term as its
    language stems it (a Tajik term as a prefix: Tajik is indexed unstemmed). None otherwise."""
    topic = topic_of_query(q)
    if topic is None:
        return None
    phrases = set()
    for language, term in vocabulary().terms(topic):
        stems = " ".join(stem_word(w.lower(), language) for w in WORD.findall(term))
        phrases.add(f'"{stems}"' + ("*" if language == "tg" else ""))
    return " OR ".join([f"({stem_query(q)})", *sorted(phrases)])


class Tags(TypedDict):
    """What a record's title and text alone say of it: its topics and places as [concept,
    field, term], the countries and first-level regions of those places, and its numbers
    (archive.links.numbers). JSON-ready: the crawl's extraction workers compute them
    (AnnouncementItem.tags), so the archive's one writer only writes them, and they travel to
    it through Redis in a distributed crawl."""

    topics: list[list[str]]
    places: list[list[str]]
    countries: list[str]
    regions: list[str]
    numbers: list[str]


def record_tags(title: str | None, body: str | None, language: str | None,
                stems: Sequence[str] | None = None) -> Tags:
    """A record's tags, from its (title, body) stems in its language when the caller has them."""
    if stems is None and language in vocabulary().languages:
        stems = stem_record(title, body, language)
    places = gazetteer().match(title, body, language, stems)
    place_ids = sorted({m.concept for m in places})
    return {"topics": [[m.concept, m.field, m.term]
                       for m in vocabulary().match(title, body, language, stems)],
            "places": [[m.concept, m.field, m.term] for m in places],
            "countries": gazetteer().countries(place_ids),
            "regions": gazetteer().regions(place_ids),
            "numbers": sorted(numbers(f"{title or ''} {body or ''}"))}


TAG_COLUMNS = ("topics", "places", "countries", "regions")


def tag_columns(tags: Tags) -> dict[str, str]:
    """The announcement row's own columns of its tags (sorted lists of ids, as JSON): what a
    flat download (CSV, a spreadsheet) is filtered by. The writer sets them with the row's text."""
    return {"topics": json.dumps(sorted({t[0] for t in tags["topics"]})),
            "places": json.dumps(sorted({p[0] for p in tags["places"]})),
            "countries": json.dumps(tags["countries"]),
            "regions": json.dumps(tags["regions"])}


def write_tags(db: Database, announcement_id: str, tags: Tags, *, new: bool = False) -> None:
    """(Re)write one announcement's tag tables, unless they hold these tags already (a `new`
    announcement has none to compare or delete), and its links to its other versions
    (archive.links) that they reveal; the caller owns the transaction."""
    for table, column, found in (("announcement_topics", "topic_id", tags["topics"]),
                                 ("announcement_places", "place_id", tags["places"])):
        rows = [(announcement_id, *match) for match in found]
        if not new:
            stored = db.execute(f"SELECT announcement_id, {column}, field, term FROM {table} "
                                "WHERE announcement_id = ?", [announcement_id]).fetchall()
            if set(stored) == set(rows):
                continue
            db.execute(f"DELETE FROM {table} WHERE announcement_id = ?", [announcement_id])
        db.conn.executemany(
            f"INSERT INTO {table} (announcement_id, {column}, field, term) VALUES (?, ?, ?, ?)",
            rows)
    link_announcement(db, announcement_id,
                      frozenset(m[0] for m in (*tags["topics"], *tags["places"])),
                      frozenset(tags["numbers"]), new=new)


def stale_vocabularies(db: Database) -> list[Vocabulary]:
    """The vocabularies whose current version the archive's tags were not computed with."""
    applied = dict(db.execute("SELECT name, version FROM vocabulary_versions").fetchall())
    return [v for v in (vocabulary(), gazetteer()) if applied.get(v.name) != v.version]


def retag(db: Database, *, full: bool = False) -> int:
    """Recompute every announcement's topics and places when a vocabulary changed (or with
    `full`), else tag those never tagged (`topics` NULL: archived before the columns were
    added); return how many announcements were tagged."""
    stale = stale_vocabularies(db)
    untagged = "" if stale or full else " WHERE a.topics IS NULL"
    rows = db.execute(f"SELECT a.id, a.title, a.body_text, a.language, s.title_stems, s.body_stems, "
                      f"{', '.join(f'a.{c}' for c in TAG_COLUMNS)} "
                      "FROM announcements a LEFT JOIN announcements_stems s ON s.rowid = a.rowid "
                      f"AND s.content_hash = a.content_hash{untagged}").fetchall()
    with db.atomic():
        for key, title, body, language, title_stems, body_stems, *stored in rows:
            stems = (title_stems, body_stems) if title_stems is not None else None
            tags = record_tags(title, body, language, stems)
            values = tag_columns(tags)
            if list(values.values()) != stored:
                db.execute(f"UPDATE announcements SET {', '.join(f'{c} = ?' for c in values)} "
                           "WHERE id = ?", [*values.values(), key])
            write_tags(db, key, tags)
        for v in (vocabulary(), gazetteer()):
            db.execute("INSERT INTO vocabulary_versions (name, version) VALUES (?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                       [v.name, v.version])
    return len(rows)
