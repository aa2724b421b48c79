"""Serving the archive with Datasette, in the project's configuration.

Public mode is what a server on the internet runs: the database is opened immutable (no
writes, and downloads of the file are allowed), every query has a time limit, result sizes are
capped, no plugin with write or admin endpoints is installed, and the project's plugin
(archive.web) refuses every method but GET/HEAD and hides Datasette's debugging endpoints.

An immutable database must not change while it is served (SQLite caches it and ignores the
WAL), so `--public` is for a snapshot: serve a copy made after a crawl, or restart after each.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import yaml

from archive.db import open_db
from archive.search import reindex
from archive.web.downloads import MOUNT as DOWNLOADS_MOUNT

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"
TEMPLATES = Path(__file__).resolve().parent / "web" / "templates"

# Settings every served archive gets.
BASE_SETTINGS = {
    "default_page_size": "50",
    "facet_time_limit_ms": "400",
    "sql_time_limit_ms": "3000",
}
# Settings added by --public (documented in README "Serving in public").
PUBLIC_SETTINGS = {
    "sql_time_limit_ms": "1000",
    "max_returned_rows": "1000",
    "allow_download": "on",
    "default_cache_ttl": "300",
    "max_csv_mb": "50",
    "suggest_facets": "off",
}


def datasette_command(db_path: Path, *, host: str = "127.0.0.1", port: int = 8001,
                      public: bool = False, dumps: Path | None = None) -> list[str]:
    """The `datasette serve` command line for this archive (`dumps`: a dump folder to link)."""
    settings = {**BASE_SETTINGS, **(PUBLIC_SETTINGS if public else {})}
    command = [sys.executable, "-m", "datasette", "serve"]
    command += ["--immutable", str(db_path)] if public else [str(db_path)]
    command += ["--metadata", str(metadata_for(db_path)), "--host", host, "--port", str(port)]
    if TEMPLATES.exists():
        command += ["--template-dir", str(TEMPLATES)]
    if dumps is not None and dumps.is_dir():
        command += ["--static", f"{DOWNLOADS_MOUNT}:{dumps}"]
    for name, value in settings.items():
        command += ["--setting", name, value]
    return command


def metadata_for(db_path: Path) -> Path:
    """metadata.yml describes a database named `archive`; another file name gets a copy.

    Datasette names a database after its file, so `--db data/2026.db` would otherwise lose
    every description, facet and canned query, and the dashboard its charts.
    """
    if db_path.stem == "archive":
        return METADATA
    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    metadata["databases"] = {db_path.stem: metadata["databases"]["archive"]}
    for dashboard in metadata.get("plugins", {}).get("datasette-dashboards", {}).values():
        for part in (*dashboard.get("charts", {}).values(), *dashboard.get("filters", {}).values()):
            if part.get("db") == "archive":
                part["db"] = db_path.stem
    copy = db_path.parent / f".{db_path.stem}.metadata.yml"
    copy.write_text(yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy


def serve_archive(db_path: Path, *, host: str = "127.0.0.1", port: int = 8001,
                  public: bool = False, dumps: Path | None = None) -> None:
    """Run Datasette in the foreground until interrupted."""
    if not db_path.exists():
        raise SystemExit(f"health-archive: no archive at {db_path}; run a crawl first")
    prepare_archive(db_path)
    try:
        command = datasette_command(db_path, host=host, port=port, public=public, dumps=dumps)
        subprocess.run(command, check=False)
    except KeyboardInterrupt:
        pass


def prepare_archive(db_path: Path) -> None:
    """Migrate, index rows the stems index lacks, and fold the WAL into the file.

    An archive from an older version needs the search migration before the canned queries
    work, and an immutable reader ignores the WAL, so without the checkpoint `--public` would
    miss the latest crawl. A read-only file is served as it is.
    """
    try:
        db = open_db(db_path)
        try:
            reindex(db)
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
    except sqlite3.OperationalError as exc:
        print(f"health-archive: serving {db_path} as it is ({exc})", file=sys.stderr)
