"""A publisher added with a registry entry alone: only `listing_urls`, on a local site.

The generic spider must archive exactly the announcements of tests/news_site.py, and refuse
the loopback address without --allow-local.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from tests.helpers import FAST, health_archive, rows
from tests.news_site import article, write_registry, write_site

ARTICLES = [article(n) for n in range(1, 13)]


@pytest.fixture(scope="module")
def local_registry(tmp_path_factory: pytest.TempPathFactory, module_serve_directory) -> Path:
    root = tmp_path_factory.mktemp("generic")
    write_site(root / "site", ARTICLES)
    return write_registry(root / "sources.yaml", "ua_local_health", module_serve_directory(root / "site"))


@pytest.fixture(scope="module")
def two_crawls(local_registry: Path) -> tuple[Path, CompletedProcess[str], Path, CompletedProcess[str]]:
    """The site crawled into a new archive (copied aside as it was then), then crawled again."""
    db = local_registry.parent / "archive.db"
    crawl = ["crawl", "--sources", str(local_registry), "--db", str(db), "--allow-local", *FAST]
    first = health_archive(*crawl)
    assert first.returncode == 0, first.stderr[-3000:]
    first_db = shutil.copy(db, db.with_name("first.db"))
    return Path(first_db), first, db, health_archive(*crawl)


def test_listing_only_entry_archives_exactly_the_announcements(two_crawls, local_registry: Path):
    db, result, _, _ = two_crawls
    archived = rows(db, "SELECT url, title, published_at, language FROM announcements ORDER BY url")
    origin = local_registry.read_text().split("homepage: ")[1].split("/\n")[0]
    expected = sorted((origin + a["path"], a["title"], a["iso"], "uk") for a in ARTICLES)
    assert archived == expected
    bodies = [b for (b,) in rows(db, "SELECT body_text FROM announcements")]
    assert all("Контакти" not in b and "©" not in b for b in bodies)
    assert "ua_local_health: ok" in result.stdout


def test_second_crawl_adds_no_duplicate(two_crawls):
    _, _, db, result = two_crawls
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "SELECT count(*), count(DISTINCT canonical_url) FROM announcements") == [(12, 12)]
    assert rows(db, "SELECT count(*) FROM versions") == [(12,)]
    assert "new 0, changed 0" in result.stdout
    assert rows(db, "SELECT count(DISTINCT run_id) FROM crawl_runs") == [(2,)]  # even in one second


def test_local_addresses_are_refused_without_allow_local(local_registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    result = health_archive("crawl", "--sources", str(local_registry), "--db", str(db), *FAST)
    assert result.returncode == 1
    assert rows(db, "SELECT count(*) FROM announcements") == [(0,)]
    assert "ua_local_health: failed" in result.stdout


def test_scrapy_list_and_scrapy_crawl_work_from_the_repository_root(tmp_path: Path):
    import os
    import subprocess

    from replicas.server import ReplicaServer
    from tests.helpers import BIN

    listed = subprocess.run([str(BIN / "scrapy"), "list"], capture_output=True, text=True, check=True)
    assert {"ua_moz", "kg_soros", "kz_zhambyl_health"} <= set(listed.stdout.split())
    db = tmp_path / "archive.db"
    with ReplicaServer() as server:
        env = {**os.environ, "HEALTH_ARCHIVE_DB": str(db),
               "HEALTH_ARCHIVE_REPLICA_ORIGIN": server.origin}
        subprocess.run([str(BIN / "scrapy"), "crawl", "ge_partners_for_health",
                        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "EXTRACT_PROCESSES=0"],
                       capture_output=True, text=True, env=env, check=True, timeout=120)
    assert rows(db, "SELECT count(*) FROM announcements WHERE source_id = 'ge_partners_for_health'") == [(20,)]
    assert rows(db, "SELECT status FROM crawl_runs") == [("ok",)]
