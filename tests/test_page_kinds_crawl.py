"""A sitemap that lists the home, contact, about, category and tag pages beside the news: the
crawl archives the announcements only, counts the rest in the run, and keeps their captures.

Real engine, real HTTP on loopback, a registry entry with nothing but `sitemaps`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from tests.helpers import FAST, health_archive, rows
from tests.news_site import CHROME, FOOTER, article

pytestmark = pytest.mark.long  # `make test` starts it first (see tests/conftest.py)

ARTICLES = [article(n) for n in range(1, 9)]
ABOUT = ("Центр громадського здоров'я створено у 2015 році для захисту здоров'я населення. "
         "Центр координує епідеміологічний нагляд, імунізацію та профілактику неінфекційних хвороб. ") * 8


def teasers(items: list[dict[str, str]]) -> str:
    return "".join(f'<div class="news-item"><h3><a href="{a["path"]}">{a["title"]}</a></h3>'
                   f'<span class="date">{a["date"]}</span><p>{a["body"][:120]}</p></div>' for a in items)


def page(title: str, main: str, og_type: str = "website") -> str:
    return (f"<html lang='uk'><head><title>{title} | Центр здоров'я</title>"
            f"<meta property='og:type' content='{og_type}'></head><body>{CHROME}<main>{main}</main>"
            f"{FOOTER}</body></html>")


NOT_ANNOUNCEMENTS = {
    "/": page("Центр здоров'я", "<h1>Останні новини</h1>" + teasers(ARTICLES[:5])
              + '<div class="pagination"><a href="/category/novyny/page/2/">2</a></div>'),
    "/kontakty/": page("Контакти", "<h1>Контакти</h1><p>м. Київ, вул. Ярославська, 41. Телефон: +380 44 425 43 54. "
                                   "Графік роботи: понеділок-п'ятниця, 9:00-18:00.</p>"),
    "/pro-nas/": page("Про нас", f"<h1>Про нас</h1><p>{ABOUT}</p><p>{ABOUT}</p>", og_type="article"),
    "/category/novyny/": page("Новини", "<h1>Новини</h1>" + teasers(ARTICLES)
                              + '<div class="pagination"><a href="/category/novyny/page/2/">2</a>'
                                '<a href="/category/novyny/page/2/" rel="next">»</a></div>'),
    "/tag/vaktsynatsiia/": page("Вакцинація", "<h1>Вакцинація</h1>" + teasers(ARTICLES[2:7])),
}


def write_site(root: Path, origin: str) -> None:
    for a in ARTICLES:
        paragraphs = "".join(f"<p>{p}</p>" for p in a["body"].split("\n\n"))
        target = root / a["path"].lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page(a["title"], f"<article><h1>{a['title']}</h1><div class='meta'>{a['date']}</div>"
                               f"{paragraphs}</article>", og_type="article"), encoding="utf-8")
    for path, html in NOT_ANNOUNCEMENTS.items():
        target = root / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    urls = [*NOT_ANNOUNCEMENTS, *(a["path"] for a in ARTICLES)]
    locs = "".join(f"<url><loc>{origin}{path}</loc></url>" for path in urls)
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{locs}</urlset>", encoding="utf-8")


@pytest.fixture
def crawled(tmp_path: Path, serve_directory) -> tuple[Path, str, str]:
    site = tmp_path / "site"
    site.mkdir()
    origin = serve_directory(site)
    write_site(site, origin)
    registry = tmp_path / "sources.yaml"
    registry.write_text(f"""
- id: ua_sitemap_health
  name: Центр здоров'я
  name_en: Health Centre
  country: UA
  kind: agency
  languages: [uk]
  homepage: {origin}/
  sitemaps: [{origin}/sitemap.xml]
""", encoding="utf-8")
    db = tmp_path / "archive.db"
    result = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    return db, origin, result.stderr


def test_a_sitemap_of_every_kind_of_page_archives_only_the_announcements(crawled: tuple[Path, str, str]):
    db, origin, log = crawled
    archived = rows(db, "SELECT url, kind, published_at FROM announcements ORDER BY url")
    assert archived == sorted((origin + a["path"], "announcement", a["iso"]) for a in ARTICLES)
    assert rows(db, "SELECT not_announcements, new FROM crawl_runs") == [(len(NOT_ANNOUNCEMENTS), len(ARTICLES))]
    for kind in ("home", "category", "static"):
        assert f"'health_archive/not_announcement/{kind}'" in log
    captured = set()
    for path in (db.parent / "warc").rglob("*.warc.gz"):
        with path.open("rb") as stream:
            captured |= {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                         if r.rec_type == "response"}
    assert {origin + path for path in NOT_ANNOUNCEMENTS} <= captured


def test_source_health_counts_announcements_not_pages(tmp_path: Path):
    """A brochure site's pages are archived (kind 'page') but are not announcements: the
    `source_health` view, which `health-archive status` shows, counts the one announcement."""
    db_path = tmp_path / "archive.db"
    db = open_db(db_path)
    db["sources"].insert({"id": "ge_brochure", "name": "x", "name_en": "x", "country": "GE", "kind": "ngo",
                          "languages": "[]", "homepage": "http://x.ge/"})
    for n, kind in enumerate(("announcement", "page", "page")):
        db.execute("INSERT INTO announcements (id, source_id, url, canonical_url, country, body_text, content_hash, "
                   "first_seen_at, last_seen_at, last_changed_at, kind) VALUES (?, 'ge_brochure', ?, ?, 'GE', 't', 'h', "
                   "?, ?, ?, ?)", [str(n), f"http://x.ge/{n}", f"http://x.ge/{n}", f"2024-0{n + 1}-01",
                                   "2024-01-01", "2024-01-01", kind])
    db.conn.commit()
    view = dict(zip(("announcements", "last_new_at"), db.execute(
        "SELECT announcements, last_new_at FROM source_health WHERE source = 'ge_brochure'").fetchone()))
    assert view == {"announcements": 1, "last_new_at": "2024-01-01"}
    db.close()


def test_an_archive_from_before_kinds_upgrades_with_every_row_an_announcement(tmp_path: Path):
    from sqlite_utils import Database

    from archive.migrations import migrations

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m006_page_kind")
    old.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO sources VALUES ('ua_x', 'x', 'x', 'UA', 'agency', '[]', 'http://x.ua/', 'html', NULL, 1, 1, NULL)")
        conn.execute("INSERT INTO announcements (id, source_id, url, canonical_url, country, body_text, content_hash, "
                     "first_seen_at, last_seen_at, last_changed_at) VALUES ('a', 'ua_x', 'http://x.ua/1', "
                     "'http://x.ua/1', 'UA', 't', 'h', '2024-01-01', '2024-01-01', '2024-01-01')")
    db = open_db(path)
    assert db.execute("SELECT kind FROM announcements").fetchall() == [("announcement",)]
    assert db.execute("SELECT announcements FROM source_health").fetchall() == [(1,)]
    db.close()


def test_brochure_pages_are_kept_as_undated_pages_and_news_as_announcements(replica, tmp_path: Path):
    """Seed 000's publisher has no news: its pages are archived as pages. Soros-Kyrgyzstan's
    posts are announcements, its programme pages (seed 002) pages; no record is lost."""
    from replicas.catalog import articles
    from replicas.sites import SITES
    from tests.helpers import crawl_replicas

    db = tmp_path / "archive.db"
    sources = ["ge_partners_for_health", "kg_soros"]
    result = crawl_replicas(replica.origin, db, sources)
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {i.url: ("page" if i.kind == "page" else "announcement")
                for source in sources for i in SITES[source].ITEMS if i.is_article}
    archived = {url: (kind, published) for url, kind, published in rows(
        db, "SELECT canonical_url, kind, published_at FROM announcements")}
    assert {url: kind for url, (kind, _) in archived.items()} == expected
    assert all(published is None for kind, published in archived.values() if kind == "page")
    dates = {a.url: a.published_exact or a.published_at for a in articles("kg_soros")}
    assert all(archived[url][1] == dates[url] for url, kind in expected.items() if kind == "announcement")
    counts = dict(rows(db, "SELECT source, announcements FROM source_health"))
    assert counts["ge_partners_for_health"] == 0
    assert counts["kg_soros"] == list(expected.values()).count("announcement")


def test_a_new_kind_for_an_unchanged_page_is_written_without_a_new_version(tmp_path: Path):
    """Re-extraction with a better classifier can move a page from announcement to page."""
    from archive.store import save_announcement

    db = open_db(tmp_path / "archive.db")
    db["sources"].insert({"id": "ua_x", "name": "x", "name_en": "x", "country": "UA", "kind": "agency",
                          "languages": "[]", "homepage": "http://x.ua/"})
    record = {"source_id": "ua_x", "country": "UA", "url": "http://x.ua/p", "canonical_url": "http://x.ua/p",
              "title": "Програма", "published_at": None, "body_text": "Текст програми.", "attachments": []}
    with db.atomic():
        assert save_announcement(db, record, "2024-01-01T00:00:00+00:00") == "new"
    with db.atomic():
        assert save_announcement(db, {**record, "kind": "page"}, "2024-01-02T00:00:00+00:00") == "unchanged"
    assert db.execute("SELECT kind, version_count FROM announcements").fetchall() == [("page", 1)]
    db.close()
