"""A page is declared removed only when fetches say so, never because a sitemap dropped it.

A publisher added with nothing but its sitemap archives eight announcements; then its sitemap
drops most of them, and the pages themselves do different things: one still answers (A), one
answers 404 (B), one moved behind a 301 that the sitemap follows with its new address (C),
one redirects to the home page (D), one answers 410 (E), one answers 404 once and then comes
back (H), one answers 404 and then 503 (I), one moved behind a 301 the sitemap does not know
of (G); F stays as it was. Five crawls at simulated times (CRAWL_CLOCK): T0, +1 h, +2 h, +5 h
(a --recheck), +26 h.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from archive.store import announcement_id
from tests.helpers import FAST, health_archive, rows
from tests.live_site import LiveSite, article_page, registry_entry, sitemap
from tests.news_site import article

T0 = datetime.fromisoformat("2026-01-05T10:00:00+00:00")
LETTERS = "ABCDEFGHI"
ARTICLES = {letter: article(n) for n, letter in enumerate(LETTERS, start=1)}
MOVED = {"C": "/news/2025/perenesena-novyna-pro-shcheplennia-3.html",
         "G": "/news/2025/perenesena-novyna-pro-shcheplennia-7.html"}


def page_of(letter: str) -> str:
    a = ARTICLES[letter]
    return article_page(a["title"], a["date"], a["body"])


def crawl(registry: Path, db: Path, hours: float, *extra: str, failing: int = 0) -> str:
    """Crawl at T0 + `hours`; `failing` pages answer 5xx (the run then exits 1, as it should)."""
    at = (T0 + timedelta(hours=hours)).isoformat()
    result = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local",
                            *FAST, "--set", f"CRAWL_CLOCK={at}", *extra)
    assert result.returncode == (1 if failing else 0), result.stdout + result.stderr[-3000:]
    assert failing == 0 or f"{failing} pages failed" in result.stdout, result.stdout
    return result.stdout


def state(db: Path, origin: str) -> dict[str, tuple]:
    """Per letter: (url, status, has a pending strike, removed_at) of its record."""
    found = {key: rest for key, *rest in rows(
        db, "SELECT id, url, status, gone_since IS NOT NULL, removed_at FROM announcements")}
    return {letter: tuple(found[announcement_id(origin + a["path"])]) for letter, a in ARTICLES.items()}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, list[dict], list[str]]]:
    """The site's origin, the archive, its state after each crawl and each crawl's summary."""
    root = tmp_path_factory.mktemp("removals")
    site = LiveSite()
    with site.serve():
        origin = site.origin
        site.set("/", "<html><body><h1>Центр здоров'я</h1><a href='/news/'>Новини</a></body></html>")
        for letter, a in ARTICLES.items():
            site.set(a["path"], page_of(letter))
        site.set("/sitemap.xml", sitemap(origin, [(a["path"], "2024-01-01") for a in ARTICLES.values()]),
                 "application/xml")
        registry = root / "sources.yaml"
        registry.write_text(registry_entry("ua_removals", f"{origin}/", sitemaps=[f"{origin}/sitemap.xml"]),
                            encoding="utf-8")
        db = root / "archive.db"
        states, summaries = [], []

        def run(hours: float, *extra: str, failing: int = 0) -> None:
            summaries.append(crawl(registry, db, hours, *extra, failing=failing))
            states.append(state(db, origin))

        run(0)
        path = {letter: a["path"] for letter, a in ARTICLES.items()}
        site.set("/sitemap.xml", sitemap(origin, [(path["F"], "2024-01-01"), (path["G"], "2024-01-01"),
                                                  (MOVED["C"], "2024-06-01")]), "application/xml")
        site.fail(path["B"], 404)
        site.redirect(path["C"], MOVED["C"])
        site.set(MOVED["C"], page_of("C"))
        site.redirect(path["D"], "/")
        site.fail(path["E"], 410)
        site.fail(path["H"], 404)
        site.fail(path["I"], 404)
        site.redirect(path["G"], MOVED["G"])
        site.set(MOVED["G"], page_of("G"))
        run(1)
        run(2)
        site.set(path["H"], page_of("H"))
        site.fail(path["I"], 503)
        run(5, "--recheck", failing=1)
        site.fail(path["I"], 404)
        run(26)
        yield origin, db, states, summaries


def test_a_page_that_left_the_sitemap_but_answers_stays_live(history):
    origin, _, states, _ = history
    assert all(s["A"][1:] == ("live", 0, None) for s in states)
    assert all(s["F"][1:] == ("live", 0, None) for s in states)


def test_one_404_is_a_strike_not_a_removal(history):
    _, _, states, _ = history
    assert states[2]["B"][1:3] == ("live", 1)
    assert states[3]["B"][1:3] == ("live", 1), "a second 404 three hours later must not remove"


def test_two_404s_a_day_apart_remove_the_page(history):
    _, db, states, summaries = history
    assert states[4]["B"][1:] == ("removed", 1, (T0 + timedelta(hours=26)).isoformat())
    assert rows(db, "SELECT body_text FROM announcements WHERE url LIKE ?",
                (f"%{ARTICLES['B']['path']}",)) == [(ARTICLES["B"]["body"].replace("\n\n", "\n\n"),)]
    assert "removed 3" in summaries[4] and all("removed 0" in s for s in summaries[:4])


def test_a_301_to_another_article_moves_the_record(history):
    origin, db, states, _ = history
    assert states[1]["C"][:2] == (origin + MOVED["C"], "live")  # the sitemap's new address
    assert states[3]["G"][:2] == (origin + MOVED["G"], "live")  # found by a recheck's 301
    assert states[4]["C"][1:] == states[4]["G"][1:] == ("live", 0, None)
    aliases = rows(db, "SELECT url, announcement_id FROM aliases ORDER BY url")
    assert aliases == sorted((origin + ARTICLES[x]["path"], announcement_id(origin + ARTICLES[x]["path"]))
                             for x in "CG")
    assert rows(db, "SELECT count(*), sum(version_count) FROM announcements") == [(9, 9)]


def test_a_301_to_the_home_page_counts_as_gone(history):
    _, _, states, _ = history
    assert [s["D"][1:3] for s in states] == [("live", 0), ("live", 0), ("live", 1), ("live", 1),
                                             ("removed", 1)]


def test_410_twice_a_day_apart_removes_the_page(history):
    _, _, states, _ = history
    assert states[3]["E"][1:3] == ("live", 1)
    assert states[4]["E"][1] == "removed"


def test_any_other_answer_between_two_strikes_clears_the_first(history):
    _, _, states, _ = history
    assert states[2]["H"][1:3] == ("live", 1)
    assert states[3]["H"][1:] == states[4]["H"][1:] == ("live", 0, None)  # back: a 304
    assert states[2]["I"][1:3] == ("live", 1)
    assert states[3]["I"][1:] == ("live", 0, None)  # a 503 decides nothing, but breaks the streak
    assert states[4]["I"][1] == "live"  # so a 404 a day after the first is a first strike again
