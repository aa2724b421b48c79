"""archive.serving: the archive it prepares before serving locally."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from archive.db import open_db
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
