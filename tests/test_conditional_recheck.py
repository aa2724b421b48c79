"""Edits found by ordinary hourly runs, with conditional requests: an unchanged page costs a
304, never a 200.

Two publishers on one local site that answers If-None-Match: one with a sitemap whose
`<lastmod>` moves when a page is edited, one with an Atom feed whose `<updated>` does. After
the first crawl (T0), X (sitemap) and Z (feed) are edited with their dates moved, Y (sitemap)
without. The hourly run an hour later must find X and Z; an hourly run a week later must have
rechecked every page and found Y; every page downloaded again in full must be an edited one;
a `--recheck` still rechecks everything, at the cost of a 304 each. The sitemap also lists
the home page and a category page, which are not announcements: only the first crawl and the
`--recheck` download them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.helpers import FAST, health_archive, rows
from tests.live_site import LiveSite, article_page, registry_entry, sitemap
from tests.news_site import article

T0 = datetime.fromisoformat("2026-03-02T08:00:00+00:00")
SITEMAP_ARTICLES = [article(n) for n in range(1, 11)]
FEED_ARTICLES = [article(n) for n in range(21, 25)]
X, Y, Z = SITEMAP_ARTICLES[2], SITEMAP_ARTICLES[6], FEED_ARTICLES[1]
EDITED = "Графік щеплень змінено: вакцинація проходить щосуботи з 9:00 до 14:00."
NOT_ANNOUNCEMENTS = ["/", "/category/novyny/"]


def atom(origin: str, entries: list[tuple[str, str, str]]) -> str:
    """An Atom feed of (path, title, updated) entries, each published on 1 January 2024."""
    items = "".join(f"<entry><title>{title}</title><link href='{origin}{path}'/><id>{origin}{path}</id>"
                    f"<published>2024-01-01T00:00:00Z</published><updated>{updated}</updated></entry>"
                    for path, title, updated in entries)
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Новини</title><id>{origin}/feed</id><updated>2024-01-01T00:00:00Z</updated>"
            f"{items}</feed>")


def crawl(registry: Path, db: Path, at: datetime, *extra: str) -> None:
    result = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local",
                            *FAST, "--set", f"CRAWL_CLOCK={at.isoformat()}",
                            *extra)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


def versions(db: Path, a: dict[str, str]) -> int:
    return rows(db, "SELECT version_count FROM announcements WHERE url LIKE ?", (f"%{a['path']}",))[0][0]


def run_counts(db: Path, source: str) -> list[tuple[int, int, int, int]]:
    """(rechecked, refetched, not_modified, changed) of each run of the source, oldest first."""
    return rows(db, "SELECT rechecked, refetched, not_modified, changed FROM crawl_runs "
                    "WHERE source_id = ? ORDER BY id", (source,))


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[Path, dict[str, int], list[str], list[list[str]]]]:
    """The archive, X/Y/Z's version counts after the hourly run an hour after T0, every
    page's last check after the run a week later, and the paths each crawl downloaded (200)."""
    root = tmp_path_factory.mktemp("recheck")
    site = LiveSite()
    with site.serve():
        origin = site.origin
        for a in SITEMAP_ARTICLES + FEED_ARTICLES:
            site.set(a["path"], article_page(a["title"], a["date"], a["body"]))
        links = "".join(f"<li><a href='{a['path']}'>{a['title']}</a></li>" for a in SITEMAP_ARTICLES)
        for path in NOT_ANNOUNCEMENTS:
            site.set(path, f"<html><body><h1>Центр здоров'я</h1><ul>{links}</ul></body></html>")
        lastmod = {a["path"]: "2024-01-01" for a in [*SITEMAP_ARTICLES, *({"path": p} for p in NOT_ANNOUNCEMENTS)]}
        updated = {a["path"]: "2024-01-01T00:00:00Z" for a in FEED_ARTICLES}

        def publish() -> None:
            site.set("/sitemap.xml", sitemap(origin, list(lastmod.items())), "application/xml")
            site.set("/feed.xml", atom(origin, [(a["path"], a["title"], updated[a["path"]])
                                                for a in FEED_ARTICLES]), "application/atom+xml")

        publish()
        registry = root / "sources.yaml"
        registry.write_text(
            registry_entry("ua_recheck_sitemap", f"{origin}/", sitemaps=[f"{origin}/sitemap.xml"])
            + registry_entry("ua_recheck_feed", f"{origin}/", feeds=[f"{origin}/feed.xml"]),
            encoding="utf-8")
        db = root / "archive.db"
        downloads = []

        def crawl_at(at: datetime, *extra: str) -> None:
            site.clear_log()
            crawl(registry, db, at, *extra)
            downloads.append(site.requests(200))

        crawl_at(T0)
        for a in (X, Y, Z):
            site.set(a["path"], article_page(a["title"], a["date"], EDITED))
        edited_at = (T0 + timedelta(minutes=30)).isoformat()
        lastmod[X["path"]], updated[Z["path"]] = edited_at, edited_at
        publish()
        crawl_at(T0 + timedelta(hours=1))
        next_hour = {"X": versions(db, X), "Y": versions(db, Y), "Z": versions(db, Z)}
        crawl_at(T0 + timedelta(days=8))
        checked = [c for (c,) in rows(db, "SELECT last_checked_at FROM announcements")]
        crawl_at(T0 + timedelta(days=8, hours=1), "--recheck")
        yield db, next_hour, checked, downloads


def test_edits_the_sitemap_or_feed_marks_are_found_in_the_next_hourly_run(history):
    _, next_hour, _, _ = history
    assert next_hour["X"] == 2 and next_hour["Z"] == 2


def test_every_page_is_rechecked_within_a_week_without_recheck(history):
    db, _, checked, _ = history
    assert checked == [(T0 + timedelta(days=8)).isoformat()] * 14
    assert versions(db, Y) == 2
    texts = [t for (t,) in rows(db, "SELECT body_text FROM announcements WHERE version_count = 2")]
    assert texts == [EDITED] * 3


def test_an_unchanged_page_costs_a_304_never_a_200(history):
    db, _, _, _ = history
    for source, pages, edits in (("ua_recheck_sitemap", 10, 2), ("ua_recheck_feed", 4, 1)):
        first, next_hour, week, recheck = run_counts(db, source)
        assert first[:3] == (0, 0, 0)
        assert 1 <= next_hour[0] <= 2  # the marked page, and the rolling slice's one
        assert week[0] == pages  # a week without a check: every page is due
        # Downloaded again in full: exactly the edited pages, each once.
        assert next_hour[1] + week[1] == next_hour[3] + week[3] == edits
        assert recheck == (pages, 0, pages, 0)


def test_pages_that_are_not_announcements_are_not_downloaded_by_hourly_runs(history):
    db, _, _, downloads = history
    assert sorted(kind for (kind,) in rows(db, "SELECT kind FROM skipped_pages")) == ["category", "home"]
    fetched = [[p for p in run if p in NOT_ANNOUNCEMENTS] for run in downloads]
    assert [sorted(paths) for paths in fetched] == [NOT_ANNOUNCEMENTS, [], [], NOT_ANNOUNCEMENTS]
