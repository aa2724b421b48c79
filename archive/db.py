"""Opening the archive: the one place that sets SQLite's pragmas and applies migrations.

WAL lets Datasette read while a crawl writes; `synchronous=NORMAL` is safe in WAL mode (a crash
loses at most the last transaction, never consistency); a busy timeout lets a dump or a reader
wait for the single writer instead of failing.

Opening an up-to-date archive writes nothing, so `health-archive status` works on a full disk;
commands that only read an archive open it with `create=False` and refuse a wrong path rather
than leave an empty archive there.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from archive.migrations import migrations

DEFAULT_DB = Path("data/archive.db")


class ArchiveMissing(FileNotFoundError):
    """No archive at the path a command that reads one was given."""


class NotAnArchive(ValueError):
    """An SQLite file that is not an archive, which a command that reads one must not alter."""


def require_archive(path: Path) -> None:
    """Raise ArchiveMissing unless `path` is a file."""
    if not path.is_file():
        raise ArchiveMissing(f"no archive at {path} (give the right --db)")


def open_db(path: str | Path = DEFAULT_DB, *, migrate: bool = True, create: bool = True) -> sqlite_utils.Database:
    """Open the archive at `path` (creating it unless `create` is False), migrated to the
    current schema."""
    path = Path(path)
    if not create:
        require_archive(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    if not create and not migrations.applied(db):
        db.close()
        raise NotAnArchive(f"{path} is an SQLite file but not an archive (give the right --db)")
    db.conn.execute("PRAGMA busy_timeout = 30000")
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    db.conn.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        if migrations.pending(db):
            migrations.apply(db)
        version = schema_version(db)
        if db.conn.execute("PRAGMA user_version").fetchone()[0] != version:
            db.conn.execute(f"PRAGMA user_version = {version}")
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    """The number of applied migrations: the schema version researchers can cite."""
    return len(migrations.applied(db))
