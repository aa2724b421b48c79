"""Helpers for tests: the `health-archive` command as a subprocess, and reading the archive.

Crawls run in a subprocess because Twisted's reactor starts once per process; that is also
how cron runs them.
"""

from __future__ import annotations

import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from archive.serving import datasette_command

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


@contextmanager
def serving(db: Path, *, public: bool = False, dumps: Path | None = None) -> Iterator[httpx.Client]:
    """A real `datasette` process serving `db` as `health-archive serve` configures it, and a
    client for it; stopped on exit. Its log goes to a file beside `db`: an unread pipe fills
    up and blocks the server mid-test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = (db.parent / f"datasette-{'public' if public else 'local'}.log").open("w")
    process = subprocess.Popen(datasette_command(db, port=port, public=public, dumps=dumps),
                               stdout=log, stderr=subprocess.STDOUT)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        for _ in range(600):  # the plugin loads dictionaries first (~6 s)
            if process.poll() is not None:
                raise RuntimeError(f"datasette exited: {Path(log.name).read_text()}")
            try:
                if client.get("/-/versions.json").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("datasette did not start")
        yield client
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
        log.close()
