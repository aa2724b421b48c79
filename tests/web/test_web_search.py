"""Morphology-aware search: stemmers, query building, highlighting, keeping the index whole."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path

import pytest

from archive.db import open_db
from archive.search import MARK_END, MARK_START, highlight, reindex, stem_query
from archive.store import save_announcement, sync_sources

ROOT = Path(__file__).resolve().parents[2]

# (query, a document form it must find, the document's language): the examples and
# their like in the other languages.
MUST_FIND = [
    ("вакцинація", "вакцинації", "uk"),
    ("вакцинація", "вакцинацію", "uk"),
    ("ჯანმრთელობა", "ჯანმრთელობის", "ka"),
    ("аурухана", "ауруханасында", "kk"),
    ("больница", "больницах", "ru"),
    ("вакцинация", "вакцинацией", "ru"),
    ("hospital", "hospitals", "en"),
    ("child", "children", "en"),
    ("առողջություն", "առողջության", "hy"),
    ("հիվանդանոց", "հիվանդանոցում", "hy"),
    ("оорукана", "ооруканаларда", "ky"),
    ("xəstəxana", "xəstəxanalarda", "az"),
    ("shifoxona", "shifoxonalarda", "uz"),
]


def _archive(tmp_path: Path, documents: list[tuple[str, str]]) -> sqlite3.Connection:
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [{"id": "s", "name": "s", "name_en": "s", "country": "XX", "kind": "ngo",
                       "languages": [], "homepage": "https://example.org/"}])
    with db.conn:
        for n, (text, language) in enumerate(documents):
            save_announcement(db, _record(n, text, language), "2026-01-01T00:00:00+00:00")
    reindex(db)
    db.close()
    conn = sqlite3.connect(tmp_path / "archive.db")
    conn.create_function("stem_query", 2, stem_query)
    return conn


def _record(n: int, text: str, language: str) -> dict[str, object]:
    url = f"https://example.org/{n}"
    return {"source_id": "s", "country": "XX", "language": language, "url": url,
            "canonical_url": url, "title": f"doc {n}", "published_at": "2026-01-01",
            "body_text": text}


def _search(conn: sqlite3.Connection, q: str, lang: str = "") -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT a.body_text FROM announcements_stems s JOIN announcements a ON a.rowid = s.rowid "
        "WHERE announcements_stems MATCH stem_query(?, ?)", [q, lang])]


@pytest.mark.parametrize(("query", "form", "language"), MUST_FIND)
def test_query_finds_inflected_form(tmp_path: Path, query: str, form: str, language: str) -> None:
    conn = _archive(tmp_path, [(f"Новини: {form} сьогодні", language), ("unrelated text", "en")])
    assert _search(conn, query) == [f"Новини: {form} сьогодні"]
    assert _search(conn, query, language) == [f"Новини: {form} сьогодні"]
    plain = conn.execute("SELECT count(*) FROM announcements_fts WHERE announcements_fts MATCH ?",
                         [f'"{query}"']).fetchone()[0]
    assert plain == 0  # what the stems index adds


@pytest.mark.parametrize("hostile", ['"', 'a"b', "NEAR(", "*", "^x", "-", "OR", "a OR", "AND NOT",
                                     "col:x", "   ", "", "((", "'; DROP TABLE x; --", "COVID-19"])
def test_stem_query_never_breaks_fts5(tmp_path: Path, hostile: str) -> None:
    conn = _archive(tmp_path, [("COVID 19 x a b", "en")])
    _search(conn, hostile)  # raises sqlite3.OperationalError on a malformed MATCH


def test_or_between_words(tmp_path: Path) -> None:
    conn = _archive(tmp_path, [("лікарні працюють", "uk"), ("больницы работают", "ru"),
                               ("школи", "uk")])
    assert sorted(_search(conn, "лікарня OR больница")) == ["больницы работают", "лікарні працюють"]
    assert _search(conn, "лікарня школа") == []


def test_highlight_marks_forms_in_the_real_text() -> None:
    text = "Про вакцинацію дітей. Після вакцинації — огляд."
    marked = highlight(text, "вакцинація", "uk")
    assert marked == (f"Про {MARK_START}вакцинацію{MARK_END} дітей. "
                      f"Після {MARK_START}вакцинації{MARK_END} — огляд.")
    snippet = highlight("слово " * 100 + "вакцинації " + "слово " * 100, "вакцинація", "uk", 20)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert f"{MARK_START}вакцинації{MARK_END}" in snippet and len(snippet.split()) <= 22


def test_index_announcement_and_reindex_keep_the_index_whole(tmp_path: Path) -> None:
    conn = _archive(tmp_path, [("лікарні", "uk")])
    db = open_db(tmp_path / "archive.db")
    with db.conn:  # the writer indexes what it writes
        save_announcement(db, _record(1, "ауруханасында", "kk"), "2026-01-02T00:00:00+00:00")
    assert _search(conn, "аурухана") == ["ауруханасында"]
    with db.conn:  # rows written by a writer that did not index (an older release)
        db.execute("DELETE FROM announcements_stems")
    assert _search(conn, "аурухана") == []
    assert reindex(db) == 2
    assert _search(conn, "аурухана") == ["ауруханасында"]
    assert reindex(db) == 0
    with db.conn:  # an edit is re-indexed by the writer
        save_announcement(db, _record(1, "ооруканасында", "ky"), "2026-01-03T00:00:00+00:00")
    assert _search(conn, "оорукана") == ["ооруканасында"]
    assert _search(conn, "аурухана") == []
    assert reindex(db) == 0


def test_recall_benchmark_ours_at_least_plain(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("search_recall",
                                                  ROOT / "benchmarks" / "search_recall.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # dataclasses look their module up
    spec.loader.exec_module(bench)
    bench.build(tmp_path / "recall.db")
    for row in bench.measure(tmp_path / "recall.db"):
        assert row.ours >= row.plain and row.ours_lang >= row.plain, row
        assert row.rate(row.ours) >= 0.8, row


def test_sql_functions_bound_their_work() -> None:
    """Any visitor can call them from SQL, inside one uninterruptible SQLite step."""
    assert len(highlight("слово " * 200_000, "слово", "uk")) < 300_000
    assert stem_query("a " * 100_000).count('"a"') <= 250
    assert stem_query(b"x") and highlight(None, None) == ""
