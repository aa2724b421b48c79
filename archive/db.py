"""Opening the archive: the one place that sets SQLite's pragmas and applies migrations.

WAL lets Datasette read while a crawl writes; `synchronous=NORMAL` is safe in WAL mode (a crash
loses at most the last transaction, never consistency); a busy timeout lets a dump or a reader
wait for the single writer instead of failing.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from archive.migrations import migrations

DEFAULT_DB = Path("data/archive.db")


def open_db(path: str | Path = DEFAULT_DB, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the archive at `path`, migrated to the current schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.conn.execute("PRAGMA busy_timeout = 30000")
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    db.conn.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        migrations.apply(db)
        db.conn.execute(f"PRAGMA user_version = {schema_version(db)}")
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    """The number of applied migrations: the schema version researchers can cite."""
    return len(migrations.applied(db))
