"""Incremental crawling and change tracking against the seed replicas.

An hourly run on an unchanged site downloads no article again; a recheck downloads none
either where the publisher answers conditional requests (a 304 is not a download); an edit
becomes a new version, a page that answers 404 on two rechecks a day apart a `removed` status
(CRAWL_CLOCK plays the day), and nothing is ever deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from replicas.catalog import articles
from replicas.server import HOSTS, ReplicaServer
from replicas.state import ReplicaState
from tests.helpers import crawl_replicas, rows

HTML_SOURCES = ["ge_partners_for_health", "kg_who_europe", "ua_moz"]
EDITED = next(a for a in articles("ua_moz") if not a.is_seed)
REMOVED = next(a for a in articles("kg_who_europe") if not a.is_seed)


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    with ReplicaServer(state=ReplicaState()) as server:
        yield server


@pytest.fixture(scope="module")
def db(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("changes") / "archive.db"
    result = crawl(replica, path)
    assert result.returncode == 0, result.stderr[-3000:]
    return path


def crawl(replica: ReplicaServer, db: Path, *extra: str):
    return crawl_replicas(replica.origin, db, sorted(set(HOSTS.values())), *extra)


def responses_of_last_run(db: Path) -> list[tuple[str, str]]:
    """(URL, status) of every response the latest run downloaded, from its WARC files."""
    run = sorted((db.parent / "warc").iterdir())[-1]
    found = []
    for path in run.glob("*.warc.gz"):
        with path.open("rb") as stream:
            found += [(r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode())
                      for r in ArchiveIterator(stream) if r.rec_type == "response"]
    return found


def article_bodies_downloaded(db: Path, sources: list[str]) -> tuple[int, int]:
    """(articles downloaded again with a full body, articles archived) for these sources."""
    marks = ",".join("?" * len(sources))
    archived = {u for (u,) in rows(db, f"SELECT url FROM announcements WHERE source_id IN ({marks})",
                                   tuple(sources))}
    again = {u for u, status in responses_of_last_run(db) if u in archived and status == "200"}
    return len(again), len(archived)


def test_hourly_run_on_an_unchanged_site_downloads_no_article(replica: ReplicaServer, db: Path):
    result = crawl(replica, db)
    assert result.returncode == 0
    again, archived = article_bodies_downloaded(db, sorted(set(HOSTS.values())))
    assert archived >= 70
    assert again == 0


def test_recheck_of_an_unchanged_site_is_all_304(replica: ReplicaServer, db: Path):
    versions = rows(db, "SELECT count(*) FROM versions")
    result = crawl(replica, db, "--recheck")
    assert result.returncode == 0, result.stderr[-3000:]
    again, archived = article_bodies_downloaded(db, HTML_SOURCES)
    assert (again, archived > 30) == (0, True)
    statuses = [s for u, s in responses_of_last_run(db) if "/news/" in u or "pfh.org.ge" in u]
    assert statuses.count("304") >= 30
    assert rows(db, "SELECT count(*) FROM versions") == versions


def test_edits_become_versions_and_removals_keep_the_text(replica: ReplicaServer, db: Path):
    replica.state.edit(EDITED.url, body_html="<p>Текст оновлено: графік щеплень змінено.</p>")
    replica.state.remove(REMOVED.url)
    result = crawl(replica, db, "--recheck")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "changed 1" in result.stdout and "removed 1" not in result.stdout  # a first strike
    assert rows(db, "SELECT status FROM announcements WHERE url = ?", (REMOVED.url,)) == [("live",)]
    day_later = (datetime.now(UTC) + timedelta(days=1, minutes=5)).isoformat()
    result = crawl(replica, db, "--recheck", "--set", f"CRAWL_CLOCK={day_later}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "changed 0" in result.stdout and "removed 1" in result.stdout
    edited = rows(db, "SELECT version_count, body_text, status FROM announcements WHERE url = ?",
                  (EDITED.url,))
    assert edited == [(2, "Текст оновлено: графік щеплень змінено.", "live")]
    texts = [t for (t,) in rows(db, "SELECT v.body_text FROM versions v JOIN announcements a "
                                    "ON a.id = v.announcement_id WHERE a.url = ? ORDER BY version",
                                (EDITED.url,))]
    assert texts[1] == "Текст оновлено: графік щеплень змінено." and len(texts) == 2
    assert texts[0].split()[:3] == EDITED.body_text.split()[:3]
    removed = rows(db, "SELECT status, removed_at IS NOT NULL, body_text FROM announcements "
                       "WHERE url = ?", (REMOVED.url,))
    assert removed[0][:2] == ("removed", 1) and removed[0][2].split()[:3] == REMOVED.body_text.split()[:3]
    # Another recheck changes nothing more, and nothing was ever deleted.
    again = crawl(replica, db, "--recheck", "--set", f"CRAWL_CLOCK={day_later}")
    lines = again.stdout.splitlines()
    assert lines and all(", changed 0," in line and ", removed 0," in line for line in lines), lines
    assert rows(db, "SELECT count(*) FROM announcements WHERE url = ?", (REMOVED.url,)) == [(1,)]
