"""Helpers for tests: the `health-archive` command as a process of its own, reading the
archive, serving it.

Crawls run in a process of their own because Twisted's reactor starts once per process; that
is also how cron runs them (forked from one that has imported the command: tests/command_forks.py).
"""

from __future__ import annotations

import atexit
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from click.testing import CliRunner

from archive.cli import cli
from archive.serving import listening_socket
from archive.web.server import build_app
from tests.command_forks import CommandForks

BIN = Path(sys.executable).parent
# Politeness off, and extraction in the crawling process: a spawned extraction worker loads
# every library again (~0.7 s of CPU a crawl), more than the few pages a test crawl extracts.
# Tests of the extraction workers themselves ask for them (--set EXTRACT_PROCESSES=1).
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False",
        "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "--set", "RETRY_BACKOFF_BASE=0.2",
        "--set", "EXTRACT_PROCESSES=0"]


FORKS = CommandForks()
atexit.register(FORKS.close)


def health_archive(*args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the `health-archive` command in a process of its own; return its completed process."""
    return FORKS.run(list(args), timeout)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `health-archive ARGS` in this process (click's CliRunner), for the commands that
    start neither Twisted's reactor nor a server (status, ingest, reextract, dump, sources
    list and validate): a process start costs more than their work. The result has the shape
    health_archive's has: exit status, stdout and stderr apart."""
    result = CliRunner().invoke(cli, list(args), prog_name="health-archive")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(["health-archive", *args], result.exit_code,
                                       result.stdout, result.stderr)


def crawl_replicas(origin: str, db: Path, sources: Iterable[str], *extra: str) -> subprocess.CompletedProcess[str]:
    """Crawl `sources` from the local replica server at `origin`, politeness off."""
    selected = [arg for source in sources for arg in ("--source", source)]
    return health_archive("crawl", "--db", str(db), "--replica-origin", origin, *FAST, *selected, *extra)


def rows(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@contextmanager
def serving(db: Path, *, public: bool = False, dumps: Path | None = None) -> Iterator[httpx.Client]:
    """The archive's Datasette app, built as `health-archive serve` builds it
    (archive.web.server.build_app), served by uvicorn over loopback HTTP from a thread of this
    process, and a client for it; stopped on exit.

    In-process because starting a server process costs seconds (Python, Datasette, the
    dictionaries), and this process loads them once for every archive it serves. Real HTTP
    because browsers and tests that open their own clients need an address. The server
    process itself (exec, the inherited socket, signals, the log) is tested by
    tests/web/test_hostile_server.py.
    """
    server = uvicorn.Server(uvicorn.Config(build_app(db, public=public, dumps=dumps).app(),
                                           lifespan="on", log_config=None, access_log=False))
    sock = listening_socket("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    client = httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=30)
    try:
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError(f"datasette serving {db} stopped before it started")
            time.sleep(0.05)
        # Datasette runs its start-up hooks (the plugin loads dictionaries) on the first request.
        assert client.get("/-/versions.json").status_code == 200
        yield client
    finally:
        client.close()
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
