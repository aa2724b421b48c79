"""`health-archive reextract` rebuilds every archived record from the raw captures, offline:
the same records from the same captures, and a record an older extractor got wrong becomes a
new version with the right text (and the search index follows)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from archive.stemming import stem_text
from replicas.server import HOSTS, ReplicaServer
from tests.helpers import crawl_replicas, rows, run_cli

SOURCES = sorted(set(HOSTS.values()))  # html, WordPress and gov.kz adapters among them


@pytest.fixture(scope="module")
def db(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reextract") / "archive.db"
    result = crawl_replicas(replica.origin, path, SOURCES)
    assert result.returncode == 0, result.stderr[-3000:]
    return path


def test_the_same_captures_give_the_same_records(db: Path) -> None:
    archived = rows(db, "SELECT count(*) FROM announcements")[0][0]
    by_source = dict(rows(db, "SELECT source_id, count(*) FROM announcements GROUP BY source_id"))
    assert set(by_source) == set(SOURCES) and archived > 50
    result = run_cli("reextract", "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == f"new 0, changed 0, unchanged {archived}"


def test_every_record_cites_the_capture_of_its_own_page(db: Path) -> None:
    """`capture` is file#WARC-Record-ID: the run's files hold every record an announcement
    cites, so `reextract` and a researcher can find its raw response."""
    records: dict[str, tuple[str, str]] = {}
    for path in (db.parent / "warc").glob("*/*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                records[f"{path.parent.name}/{path.name}#{record.rec_headers.get_header('WARC-Record-ID')}"] = (
                    record.rec_headers.get_header("WARC-Target-URI"), record.http_headers.get_statuscode())
    cited = rows(db, "SELECT source_id, url, capture FROM announcements")
    assert len(cited) > 50 and len(records) > len(cited)
    assert [capture for _, _, capture in cited if capture not in records] == []
    # A page cites its own response, or (WordPress, gov.kz) the API answer it came from.
    assert all(records[capture][1] == "200" for _, _, capture in cited)
    own = [url for _, url, capture in cited if records[capture][0] == url]
    assert len(own) > len(cited) / 2
    assert {urlsplit(records[capture][0]).hostname == urlsplit(url).hostname for _, url, capture in cited} == {True}


def test_a_record_an_older_extractor_got_wrong_becomes_a_new_version(db: Path) -> None:
    record_id, body = rows(db, "SELECT id, body_text FROM announcements WHERE source_id = 'ua_moz' LIMIT 1")[0]
    with sqlite3.connect(db) as conn:  # what an older extractor might have stored
        conn.execute("UPDATE announcements SET body_text = 'Меню Новини Контакти', content_hash = 'old' "
                     "WHERE id = ?", [record_id])
    result = run_cli("reextract", "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().startswith("new 0, changed 1, unchanged ")
    assert rows(db, "SELECT body_text, version_count FROM announcements WHERE id = ?", (record_id,)) == [(body, 2)]
    stems = rows(db, "SELECT s.body_stems FROM announcements_stems s JOIN announcements a ON a.rowid = s.rowid "
                     "WHERE a.id = ?", (record_id,))
    assert stems == [(stem_text(body, "uk"),)]


def test_tags_the_writer_computes_are_those_the_crawl_carried(db: Path) -> None:
    """A crawl's items carry their tags (found by the extraction workers); re-extraction's
    items carry none, so the writer tags the text itself: the same topics, places, columns
    and links."""
    def tags(record_id: str) -> list[tuple]:
        return [*rows(db, "SELECT topic_id, field, term FROM announcement_topics WHERE announcement_id = ? "
                          "ORDER BY 1, 2", (record_id,)),
                *rows(db, "SELECT place_id, field, term FROM announcement_places WHERE announcement_id = ? "
                          "ORDER BY 1, 2", (record_id,)),
                *rows(db, "SELECT topics, places, countries, regions FROM announcements WHERE id = ?",
                      (record_id,)),
                *rows(db, "SELECT linked_id, kind, score, evidence FROM links WHERE announcement_id = ? "
                          "ORDER BY 1", (record_id,))]

    tagged = rows(db, "SELECT id FROM announcements WHERE topics != '[]' AND places != '[]' "
                      "AND content_hash != 'old' ORDER BY id LIMIT 3")
    assert len(tagged) == 3
    crawled = {key: tags(key) for (key,) in tagged}
    with sqlite3.connect(db) as conn:  # an older text, and tags that do not fit it
        for (key,) in tagged:
            conn.execute("UPDATE announcements SET body_text = 'Меню', content_hash = 'stale', "
                         "topics = '[]', places = '[]' WHERE id = ?", [key])
            conn.execute("DELETE FROM announcement_topics WHERE announcement_id = ?", [key])
            conn.execute("DELETE FROM announcement_places WHERE announcement_id = ?", [key])
    result = run_cli("reextract", "--db", str(db))
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().startswith("new 0, changed 3, unchanged ")
    assert {key: tags(key) for (key,) in tagged} == crawled
