"""What cron needs: one crawl at a time, honest exit codes, and surviving SIGKILL."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.helpers import BIN, FAST, health_archive, rows
from tests.news_site import article, write_registry, write_site

ARTICLES = [article(n) for n in range(1, 61)]


@pytest.fixture
def registry(tmp_path: Path, serve_directory) -> Path:
    site = tmp_path / "site"
    write_site(site, ARTICLES, per_page=10)
    origin = serve_directory(site)
    path = write_registry(tmp_path / "sources.yaml", "ua_cron_health", origin)
    return path


def fetched_urls(warc_dir: Path, status: str = "200") -> list[str]:
    """URLs of the responses with this HTTP status the run's WARC files hold."""
    urls = []
    for path in warc_dir.glob("*.warc.gz"):
        with path.open("rb") as stream:
            urls += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                     if r.rec_type == "response" and r.http_headers.get_statuscode() == status]
    return urls


def test_second_crawl_exits_at_once_while_one_holds_the_lock(registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    with open(f"{db}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        # The lock is held until the command returns: a crawl that waited for it would hang
        # until the helper's timeout instead of exiting.
        result = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local")
    assert result.returncode == 75
    assert "another crawl is running" in result.stderr
    assert not db.exists() or rows(db, "SELECT count(*) FROM announcements") == [(0,)]


def test_sigkill_mid_crawl_leaves_a_consistent_archive_and_the_next_run_completes(
    registry: Path, tmp_path: Path
):
    db = tmp_path / "archive.db"
    slow = ["--set", "DOWNLOAD_DELAY=0.1", "--set", "AUTOTHROTTLE_ENABLED=False",
            "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "--set", "ARCHIVE_BATCH_SIZE=3",
            "--set", "EXTRACT_PROCESSES=0"]  # a killed extraction worker: test_hostile_crawl.py
    process = subprocess.Popen(
        [str(BIN / "health-archive"), "crawl", "--sources", str(registry), "--db", str(db),
         "--allow-local", *slow],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    archived = 0
    while time.monotonic() < deadline and archived < 6:
        time.sleep(0.2)
        if db.exists():
            try:
                archived = rows(db, "SELECT count(*) FROM announcements")[0][0]
            except sqlite3.OperationalError:
                archived = 0
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 6 <= archived < len(ARTICLES)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT status FROM crawl_runs") == [("running",)]

    result = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST)
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(db, "SELECT count(*), count(DISTINCT url) FROM announcements") == [(60, 60)]
    assert rows(db, "SELECT count(*) FROM versions") == [(60,)]


def test_hourly_run_on_an_unchanged_site_downloads_no_article_again(registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    first = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST)
    assert first.returncode == 0, first.stderr[-2000:]
    second = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST)
    assert second.returncode == 0
    # The one unchanged page is the rolling recheck's (scrapers/rechecks.py): a 304.
    assert "new 0, changed 0, unchanged 1" in second.stdout
    run_dirs = sorted((tmp_path / "warc").iterdir())
    assert len(run_dirs) == 2
    urls = fetched_urls(run_dirs[-1])
    articles = {u for (u,) in rows(db, "SELECT url FROM announcements")}
    assert not articles & set(urls)
    assert len(articles & set(fetched_urls(run_dirs[-1], "304"))) == 1
    # Page 1 has nothing new, then one page of overlap, then the listing stops.
    assert sorted(u.split("/news/")[1] for u in urls if "/news/" in u) == ["", "page/2/"]
