"""Which matches the `search` and `exact` canned queries rank, over HTTP: all of a rarer word's,
the newest-archived RANKED_MATCHES of a common word's (in the chosen country), and for
sort=newest the newest by publication date even when they were archived first.

The expected lists come from plain SQL over the same file: an unbounded `ORDER BY rank`, or
the same restricted to the newest-archived matches (see ranking_archive for the layout)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest
import yaml
from ranking_archive import BACKFILL, OLD_KZ

from archive.search import LATEST_PUBLISHED, RANKED_MATCHES, stem_query
from archive.serving import METADATA

STEMS = ("announcements_stems", "stem_query(:q, '')")
PLAIN = ("announcements_fts", """'"' || :q || '"'""")


def _records(site: httpx.Client, query: str, **params: str) -> list[str]:
    response = site.get(f"/archive/{query}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return [row["record"] for row in response.json()]


def _expected(db: Path, index: tuple[str, str], q: str, *, country: str = "",
              newest_matches: int | None = None, by_date: bool = False) -> list[str]:
    """The first 100 matches of `q` by BM25 (ties: latest rowid first), or by publication
    date; among all matches, or only the `newest_matches` highest rowids."""
    table, match = index
    matches = (f"SELECT st.rowid AS r, st.rank AS score, a.id, a.published_at "
               f"FROM {table} st JOIN announcements a ON a.rowid = st.rowid "
               f"WHERE {table} MATCH {match} AND (:country = '' OR a.country = :country)")
    if newest_matches:
        matches += f" ORDER BY st.rowid DESC LIMIT {newest_matches}"
    order = "published_at DESC, r DESC" if by_date else "score, r DESC"
    with sqlite3.connect(db) as conn:
        conn.create_function("stem_query", 2, stem_query)
        return [row[0] for row in conn.execute(
            f"SELECT id FROM ({matches}) ORDER BY {order} LIMIT 100", {"q": q, "country": country})]


def _ids(db: Path, first: int, last: int) -> list[str]:
    """Record ids of rowids first..last (archive order)."""
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(
            "SELECT id FROM announcements WHERE rowid BETWEEN ? AND ? ORDER BY rowid", [first, last])]


@pytest.mark.parametrize(("query", "index"), [("search", STEMS), ("exact", PLAIN)])
def test_a_rarer_word_is_ranked_among_all_its_matches(ranking_site: httpx.Client, ranking_path: Path,
                                                      query: str, index: tuple[str, str]) -> None:
    expected = _expected(ranking_path, index, "measles")
    old_kz = _ids(ranking_path, BACKFILL + 1, BACKFILL + OLD_KZ)
    assert set(expected[:OLD_KZ]) == set(old_kz)  # its best matches are the oldest-archived
    assert _records(ranking_site, query, q="measles") == expected


@pytest.mark.parametrize(("query", "index"), [("search", STEMS), ("exact", PLAIN)])
def test_a_common_word_is_ranked_among_its_newest_matches(ranking_site: httpx.Client,
                                                          ranking_path: Path, query: str,
                                                          index: tuple[str, str]) -> None:
    unbounded = _expected(ranking_path, index, "vaccine")
    old_kz = _ids(ranking_path, BACKFILL + 1, BACKFILL + OLD_KZ)
    assert set(unbounded[:OLD_KZ]) == set(old_kz)  # what ranking every match would put first
    newest = set(_ids(ranking_path, BACKFILL + OLD_KZ + 1, BACKFILL + OLD_KZ + RANKED_MATCHES))
    got = _records(ranking_site, query, q="vaccine")
    assert got == _expected(ranking_path, index, "vaccine", newest_matches=RANKED_MATCHES)
    assert len(got) == 100 and set(got) <= newest


@pytest.mark.parametrize(("query", "index"), [("search", STEMS), ("exact", PLAIN)])
def test_the_bound_counts_matches_in_the_chosen_country(ranking_site: httpx.Client,
                                                        ranking_path: Path, query: str,
                                                        index: tuple[str, str]) -> None:
    """The Kazakh matches are all older than the newest RANKED_MATCHES: still found."""
    got = _records(ranking_site, query, q="vaccine", country="kz")
    assert got == _expected(ranking_path, index, "vaccine", country="KZ")
    assert set(got) == set(_ids(ranking_path, BACKFILL + 1, BACKFILL + OLD_KZ))


def test_newest_first_follows_publication_dates_not_archive_order(ranking_site: httpx.Client,
                                                                  ranking_path: Path) -> None:
    response = ranking_site.get("/archive/search.json",
                                params={"q": "vaccine", "sort": "newest", "_shape": "array"})
    rows = response.json()
    dates = [row["published_at"] for row in rows]
    assert len(rows) == 100 and dates == sorted(dates, reverse=True)
    got = [row["record"] for row in rows]
    assert got == _expected(ranking_path, STEMS, "vaccine", by_date=True)
    # archived first (a back catalogue), yet the newest publications of all
    assert got[:BACKFILL] == _ids(ranking_path, 1, BACKFILL)
    assert _records(ranking_site, "search", q="measles", sort="newest") == _expected(
        ranking_path, STEMS, "measles", by_date=True)


def test_descriptions_state_the_bounds() -> None:
    """Readers are told what the SQL does; the tests above hold the SQL to the constants."""
    queries = yaml.safe_load(METADATA.read_text(encoding="utf-8"))["databases"]["archive"]["queries"]
    for name in ("search", "exact"):
        assert f"{RANKED_MATCHES:,} most recently archived" in queries[name]["description"]
    assert f"{LATEST_PUBLISHED:,} latest announcements by publication date" in (
        queries["search"]["description"])
