"""Fault tests: a misbehaving publisher never corrupts the archive or loses what it holds.

First the site behaves and everything is archived; then every fault is switched on and the
archive is rechecked. Each fault must leave the archived record as it was, the crawl must go
on to the pages that still work, and nothing wrong may be stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.faulty_site import (ALL, CP1251, FAULTY, FLAKY, OFFSITE_TARGET, PRIVATE, SLOW_SECONDS,
                               TITLES, FaultySite, article_path)
from tests.helpers import FAST, health_archive, rows

# A timeout well below the slow page's wait, and well above what a page of a busy machine takes.
SETTINGS = [*FAST, "--set", f"DOWNLOAD_TIMEOUT={SLOW_SECONDS / 3}", "--set", "RETRY_TIMES=2"]
NEW = "nova-novyna-pislia-pershoho-obkhodu"


@pytest.fixture
def site() -> Iterator[FaultySite]:
    server = FaultySite()
    yield server
    server.stop()


@pytest.fixture
def registry(tmp_path: Path, site: FaultySite) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(f"""
- id: ua_faulty_health
  name: Центр громадського здоров'я
  name_en: Faulty Health Centre
  country: UA
  kind: agency
  languages: [uk]
  homepage: {site.origin}/
  listing_urls: [{site.origin}/news/]
  feeds: [{site.origin}/feed.xml]
  sitemaps: [{site.origin}/sitemap.xml]
""", encoding="utf-8")
    return path


def crawl(registry: Path, db: Path, *extra: str):
    return health_archive("crawl", "--sources", str(registry), "--db", str(db),
                          "--allow-local", *SETTINGS, *extra)


def snapshot(db: Path) -> dict[str, tuple]:
    return {url: tuple(rest) for url, *rest in rows(
        db, "SELECT url, content_hash, status, version_count, title FROM announcements")}


def test_faults_lose_nothing_and_store_nothing_wrong(site: FaultySite, registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    first = crawl(registry, db)
    # The invalid sitemap is reported, but the listing and the feed still deliver everything.
    assert first.returncode == 1
    assert "discovery failed" in first.stdout
    before = snapshot(db)
    assert set(before) == {site.origin + article_path(s) for s in ALL}
    assert before[site.origin + article_path(CP1251)][3] == TITLES[CP1251]
    assert site.state.hits[PRIVATE] == 0
    assert site.state.hits[OFFSITE_TARGET] == 0  # a redirect to another host is not followed

    site.state.faults = True
    site.state.added.append(NEW)
    TITLES[NEW] = "Нова новина після першого обходу"
    site.state.extra[FLAKY] = "Оновлено після збою."
    second = crawl(registry, db, "--recheck")
    assert second.returncode == 1
    after = snapshot(db)

    # Nothing archived is lost or altered by a fault...
    for url, (digest, status, versions, title) in before.items():
        if url.endswith(article_path(FLAKY)):
            continue
        assert after[url] == (digest, status, versions, title), url
    # ...the crawl went on: the new page is archived, the 503 burst was retried through...
    assert after[site.origin + article_path(NEW)][3] == TITLES[NEW]
    assert after[site.origin + article_path(FLAKY)][2] == 2
    # ...and nothing wrong was stored: no failed page became a version or a removal.
    assert rows(db, "SELECT count(*) FROM announcements WHERE status != 'live'") == [(0,)]
    failed = [site.origin + article_path(s) for s in FAULTY if s != FLAKY]
    for url in failed:
        assert rows(db, "SELECT count(*) FROM versions v JOIN announcements a "
                        "ON a.id = v.announcement_id WHERE a.url = ?", (url,)) == [(1,)]
    assert not any("redirect" in url and url.endswith("-b.html") for url in after)
    assert site.state.hits[PRIVATE] == 0
    # Pagination that loops back is read once per run.
    assert site.state.hits["/news/page/2/"] == 2
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
