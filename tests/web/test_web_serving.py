"""archive.serving: the archive it prepares before serving locally."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from archive.db import open_db
from archive.runs import source_health
from archive.serving import prepare_archive
from archive.store import save_announcement, sync_sources


def test_prepare_archive_indexes_rows_and_folds_the_wal(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    db = open_db(path)
    sync_sources(db, [{"id": "s", "name": "s", "name_en": "s", "country": "KZ", "kind": "ngo",
                       "languages": ["kk"], "homepage": "https://example.org/"}])
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    with db.conn:  # written by a writer that does not index
        save_announcement(db, {"source_id": "s", "country": "KZ", "language": "kk",
                               "url": "https://example.org/1", "canonical_url": "https://example.org/1",
                               "title": "t", "published_at": "2026-01-01",
                               "body_text": "ауруханасында"}, "2026-01-01T00:00:00+00:00")
    prepare_archive(path)
    db.close()
    immutable = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # as --public opens it
    assert immutable.execute("SELECT count(*) FROM announcements_stems").fetchone() == (1,)


def test_source_health_view_agrees_with_runs_py(archive_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "archive.db"
    shutil.copy(archive_path, copy)
    db = open_db(copy)
    expected = {h.source_id: (h.health, h.last_success_at, h.last_new_at, h.consecutive_failures,
                              h.announcements, h.last_run_at, h.last_status)
                for h in source_health(db)}
    view = {row[0]: row[1:] for row in db.execute(
        "SELECT source, health, last_success_at, last_new_at, consecutive_failures, "
        "announcements, last_run_at, last_status FROM source_health").fetchall()}
    assert view == expected
    assert {v[0] for v in view.values()} == {"ok", "failing", "blocked", "broken", "never-run"}
