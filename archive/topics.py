"""Health topics of announcements, in every language, and their place in the archive.

`vocabulary().match` is pure (a record's text and language -> its topics, with where each
matched); `tag_announcement` writes a record's topics and places when its text is saved:
with the field and term that matched in announcement_topics and announcement_places, and as
lists of ids in the announcement's own row (topics, places, countries, regions), the columns
a flat download (CSV, a spreadsheet) is filtered by; `retag` recomputes every record's when
a vocabulary's version changed (`health-archive reindex`). The vocabulary is data:
archive/vocabulary/topics.yaml.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache

from sqlite_utils import Database

from archive.links import link_announcement
from archive.places import gazetteer
from archive.search import stem_query
from archive.stemming import WORD, stem_record, stem_word
from archive.vocabulary import Vocabulary


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


def tag_announcement(db: Database, announcement_id: str, title: str | None, body: str | None,
                     language: str | None, stems: Sequence[str] | None = None) -> None:
    """(Re)write one announcement's topics and places, and its links to its other versions
    (archive.links) that they reveal; the caller owns the transaction."""
    if stems is None and language in vocabulary().languages:
        stems = stem_record(title, body, language)
    found_topics = vocabulary().match(title, body, language, stems)
    found_places = gazetteer().match(title, body, language, stems)
    for table, column, matches in (("announcement_topics", "topic_id", found_topics),
                                   ("announcement_places", "place_id", found_places)):
        db.execute(f"DELETE FROM {table} WHERE announcement_id = ?", [announcement_id])
        db.conn.executemany(
            f"INSERT INTO {table} (announcement_id, {column}, field, term) VALUES (?, ?, ?, ?)",
            [(announcement_id, m.concept, m.field, m.term) for m in matches])
    place_ids = sorted({m.concept for m in found_places})
    db.execute("UPDATE announcements SET topics = ?, places = ?, countries = ?, regions = ? "
               "WHERE id = ?", [json.dumps(sorted({m.concept for m in found_topics})),
                                json.dumps(place_ids), json.dumps(gazetteer().countries(place_ids)),
                                json.dumps(gazetteer().regions(place_ids)), announcement_id])
    link_announcement(db, announcement_id,
                      frozenset(m.concept for m in (*found_topics, *found_places)),
                      f"{title or ''} {body or ''}")


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
    rows = db.execute("SELECT a.id, a.title, a.body_text, a.language, s.title_stems, s.body_stems "
                      "FROM announcements a LEFT JOIN announcements_stems s ON s.rowid = a.rowid "
                      f"AND s.content_hash = a.content_hash{untagged}").fetchall()
    with db.atomic():
        for key, title, body, language, title_stems, body_stems in rows:
            stems = (title_stems, body_stems) if title_stems is not None else None
            tag_announcement(db, key, title, body, language, stems)
        for v in (vocabulary(), gazetteer()):
            db.execute("INSERT INTO vocabulary_versions (name, version) VALUES (?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET version = excluded.version",
                       [v.name, v.version])
    return len(rows)
