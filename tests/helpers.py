"""Helpers for tests: the `health-archive` command as a subprocess, and reading the archive.

Crawls run in a subprocess because Twisted's reactor starts once per process; that is also
how cron runs them.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

BIN = Path(sys.executable).parent
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False",
        "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "--set", "RETRY_BACKOFF_BASE=0.2"]


def health_archive(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the `health-archive` command; return its completed process."""
    command = shutil.which("health-archive", path=str(BIN)) or "health-archive"
    return subprocess.run([command, *args], capture_output=True, text=True, timeout=timeout)


def crawl_replicas(origin: str, db: Path, sources: Iterable[str], *extra: str) -> subprocess.CompletedProcess[str]:
    """Crawl `sources` from the local replica server at `origin`, politeness off."""
    selected = [arg for source in sources for arg in ("--source", source)]
    return health_archive("crawl", "--db", str(db), "--replica-origin", origin, *FAST, *selected, *extra)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()
