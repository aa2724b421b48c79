"""Search over the stemmed copies of the text: their FTS5 index, queries, snippets.

A custom FTS5 tokenizer would make every connection (a researcher's plain `sqlite3` included)
need our code to read or write the index. Instead the archive stores a stemmed copy of each
announcement's title and text in `announcements_stems`, an ordinary FTS5 table (stock
`unicode61` tokenizer) whose rowid is the announcement's rowid. The writer calls
`index_announcement` after each insert or change; `reindex` fills whatever is missing or stale,
so a row written by an older writer is never lost to search. Queries are stemmed the same way
(`stem_query`, through archive.stemming), and snippets are cut from the real text
(`highlight`).

Ranking (the `search` and `exact` canned queries in metadata.yml): BM25 over every match costs
time in proportion to the matches (0.6 s for a word in 400,000 of a million announcements),
so a word's matches are read newest-archived first, which FTS5 does by walking its doclists
backwards by rowid, and only the first RANKED_MATCHES (in the chosen country) are ranked. A
rarer word is ranked among all its matches, exactly as an unbounded `ORDER BY rank` would
(ties: most recently archived first). Rowid order is archive order, not publication order:
hourly crawls append new announcements, but a source's first crawl archives its back catalogue
at once. So sort=newest orders by published_at the union of those matches and the matches
among the LATEST_PUBLISHED latest announcements by published_at: exact for a rarer word and
for any word with 100 matches among the latest publications. The descriptions of both queries
say so to their readers; the limits are literals in their SQL and must follow these constants.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING

from archive.stemming import WORD, script_languages, stem_record, stem_word

if TYPE_CHECKING:  # the crawl's extraction workers import this module without the database
    from sqlite_utils import Database

# The search and exact queries rank a word's matches among its RANKED_MATCHES most recently
# archived; sort=newest also takes its matches among the LATEST_PUBLISHED latest publications.
RANKED_MATCHES = 10_000
LATEST_PUBLISHED = 20_000

# Around matched words in snippets: plain characters (JSON and CSV stay readable) that the web
# plugin turns into <mark> after escaping the text.
MARK_START, MARK_END = "\u27e6", "\u27e7"
_OPERATORS = {"OR"}
# Both run inside one SQLite step, where Datasette's time limit cannot interrupt them, and any
# visitor may call them from SQL: bound the work. No announcement body comes near 200,000.
MAX_QUERY_CHARS = 500
MAX_HIGHLIGHT_CHARS = 200_000


def query_terms(word: str, language: str | None = None) -> set[str]:
    """Every index form a query word may take: its stem in `language`, or in each language of
    its script when none is given, plus the word itself (for records of unknown language)."""
    lower = word.lower()
    languages = (language,) if language else script_languages(lower)
    return {lower} | {stem_word(lower, lang) for lang in languages}


def stem_query(q: str | None, language: str | None = None) -> str:
    """An FTS5 MATCH expression over the stems index: every word must match (in any of its
    forms); `OR` between two words accepts either. Never raises on user input."""
    groups: list[str] = []
    join_next = False
    for token in str(q or "")[:MAX_QUERY_CHARS].split():
        if token in _OPERATORS and groups:
            join_next = True
            continue
        words = WORD.findall(token)
        if not words:
            continue
        # A token such as "COVID-19" holds several words: each of them must match.
        group = " AND ".join(
            "(" + " OR ".join(f'"{t}"' for t in sorted(query_terms(w, language or None))) + ")"
            for w in words
        )
        if join_next:
            groups[-1] = f"({groups[-1]} OR {group})"
            join_next = False
        else:
            groups.append(group)
    return " AND ".join(groups) if groups else '""'


def highlight(text: str | None, q: str | None, language: str | None = None,
              window: int = 0) -> str:
    """`text` with each word that matches the query wrapped in MARK_START/MARK_END.

    With `window`, only about that many words around the first match (the snippet shown under
    a search result); otherwise the whole text. Words are compared through the stemmer of the
    record's `language`, so вакцинації is marked for the query вакцинація. Text beyond
    MAX_HIGHLIGHT_CHARS is left out.
    """
    text = str(text or "")[:MAX_HIGHLIGHT_CHARS]
    wanted: set[str] = set()
    for word in WORD.findall(str(q or "")[:MAX_QUERY_CHARS]):
        if word not in _OPERATORS:
            wanted |= query_terms(word)

    def mark(match: re.Match[str]) -> str:
        word = match.group()
        return f"{MARK_START}{word}{MARK_END}" if _matches(word.lower(), language, wanted) else word

    if not window:
        return WORD.sub(mark, text)
    # Stop reading at the first match: a snippet never needs the rest of a long text.
    words = WORD.finditer(text)
    seen: list[re.Match[str]] = []
    hit = 0
    for match in words:
        seen.append(match)
        if _matches(match.group().lower(), language, wanted):
            hit = len(seen) - 1
            break
    first = max(0, hit - window // 3)
    seen.extend(islice(words, max(0, first + window - len(seen))))
    chosen = seen[first:first + window]
    if not chosen:
        return text
    start, end = chosen[0].start(), chosen[-1].end()
    body = WORD.sub(mark, text[start:end])
    return ("…" if first else "") + body + ("…" if text[end:].strip() else "")


def _matches(word: str, language: str | None, wanted: set[str]) -> bool:
    return word in wanted or stem_word(word, language) in wanted

def index_announcement(db: Database, announcement_id: str, stems: Sequence[str] | None = None) -> None:
    """(Re)write one announcement's stemmed copy; the caller owns the transaction.

    `stems` (from stem_record, computed by a crawl's extraction workers where CPU is plentiful)
    spares the single writer the stemming; without them the writer stems the text itself.
    """
    row = db.execute(
        "SELECT rowid, title, body_text, language, content_hash FROM announcements WHERE id = ?",
        [announcement_id],
    ).fetchone()
    if row is not None:
        rowid, title, body, language, digest = row
        _write(db, rowid, *(stems or stem_record(title, body, language)), digest)


def reindex(db: Database, *, full: bool = False) -> int:
    """Index every announcement whose stemmed copy is missing or stale (all of them with
    `full`, after a stemmer changed); return how many were written."""
    condition = "" if full else "WHERE s.rowid IS NULL OR s.content_hash != a.content_hash"
    rows = db.execute(
        "SELECT a.rowid, a.title, a.body_text, a.language, a.content_hash FROM announcements a "
        f"LEFT JOIN announcements_stems s ON s.rowid = a.rowid {condition}"
    ).fetchall()
    with db.atomic():
        for rowid, title, body, language, digest in rows:
            _write(db, rowid, *stem_record(title, body, language), digest)
    return len(rows)


def _write(db: Database, rowid: int, title_stems: str, body_stems: str, digest: str) -> None:
    db.execute("DELETE FROM announcements_stems WHERE rowid = ?", [rowid])
    db.execute(
        "INSERT INTO announcements_stems (rowid, title_stems, body_stems, content_hash) "
        "VALUES (?, ?, ?, ?)",
        [rowid, title_stems, body_stems, digest],
    )
