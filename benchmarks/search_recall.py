"""Recall of search over inflected forms, per language: plain FTS5 against the stems index.

Every form of every word family (search_recall_families.txt) is one archived announcement,
and every form is also a query; a query should find the whole family. Plain FTS5
(`announcements_fts`, unicode61) finds only identical forms; the stems index
(`announcements_stems` via `stem_query`) should find the rest. "ours" queries without a
language, as the search box does by default; "ours+lang" gives the query's language. "other"
counts hits outside the family: mostly the same word in a sister language (Kazakh and Kyrgyz
бала, Azerbaijani vaksin and Uzbek vaksina), otherwise the price of stemming (English
vaccination and vaccinate).

    .venv/bin/python benchmarks/search_recall.py
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.db import open_db  # noqa: E402
from archive.search import reindex, stem_query  # noqa: E402
from archive.store import save_announcement, sync_sources  # noqa: E402

FAMILIES_FILE = Path(__file__).with_name("search_recall_families.txt")


def read_families() -> dict[str, list[list[str]]]:
    """Word families per language, from a data file (one family a line: language, base form,
    then inflected forms as they occur in announcements), so the lists are not code."""
    families: dict[str, list[list[str]]] = {}
    for line in FAMILIES_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            language, *forms = line.split()
            families.setdefault(language, []).append(forms)
    return families


FAMILIES = read_families()


@dataclass(frozen=True)
class Recall:
    """Per language: queries run, relevant pairs, and what each search found."""

    language: str
    queries: int
    relevant: int
    plain: int
    ours: int
    ours_lang: int
    other_hits: int

    def rate(self, found: int) -> float:
        return found / self.relevant if self.relevant else 1.0


def build(path: Path) -> None:
    """One announcement per form, with the family's language."""
    db = open_db(path)
    sync_sources(db, [{"id": "bench", "name": "bench", "name_en": "bench", "country": "XX",
                       "kind": "agency", "languages": [], "homepage": "https://example.org/"}])
    with db.conn:
        for language, families in FAMILIES.items():
            for f, family in enumerate(families):
                for n, form in enumerate(family):
                    url = f"https://example.org/{language}/{f}/{n}"
                    save_announcement(db, {
                        "source_id": "bench", "country": "XX", "language": language, "url": url,
                        "canonical_url": url, "title": f"{language}-{f}-{n}",
                        "published_at": "2026-01-01", "body_text": form,
                    }, "2026-01-01T00:00:00+00:00")
    reindex(db)
    db.close()


def measure(path: Path) -> list[Recall]:
    """Run every form as a query three ways; count family members found and strays."""
    conn = sqlite3.connect(path)
    conn.create_function("stem_query", 2, stem_query)
    titles = {title: rowid for rowid, title in conn.execute("SELECT rowid, title FROM announcements")}
    results = []
    for language, families in FAMILIES.items():
        relevant = plain = ours = ours_lang = other_hits = queries = 0
        for f, family in enumerate(families):
            wanted = {titles[f"{language}-{f}-{n}"] for n in range(len(family))}
            for form in family:
                queries += 1
                relevant += len(wanted)
                plain_hits = _rowids(conn, "SELECT rowid FROM announcements_fts "
                                           "WHERE announcements_fts MATCH ?", [f'"{form}"'])
                any_hits = _rowids(conn, "SELECT rowid FROM announcements_stems "
                                         "WHERE announcements_stems MATCH stem_query(?, '')", [form])
                lang_hits = _rowids(conn, "SELECT rowid FROM announcements_stems "
                                          "WHERE announcements_stems MATCH stem_query(?, ?)",
                                    [form, language])
                plain += len(plain_hits & wanted)
                ours += len(any_hits & wanted)
                ours_lang += len(lang_hits & wanted)
                other_hits += len(any_hits - wanted)
        results.append(Recall(language, queries, relevant, plain, ours, ours_lang, other_hits))
    conn.close()
    return results


def _rowids(conn: sqlite3.Connection, sql: str, params: list[str]) -> set[int]:
    return {row[0] for row in conn.execute(sql, params)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "recall.db"
        build(path)
        rows = measure(path)
    print(f"{'lang':5} {'queries':>7} {'pairs':>6} {'plain FTS5':>10} {'ours':>6} {'ours+lang':>9} "
          f"{'other':>6}")
    for r in rows:
        print(f"{r.language:5} {r.queries:>7} {r.relevant:>6} {r.rate(r.plain):>10.0%} "
              f"{r.rate(r.ours):>6.0%} {r.rate(r.ours_lang):>9.0%} {r.other_hits:>6}")


if __name__ == "__main__":
    main()
