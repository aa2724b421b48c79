"""Serving the archive: check the address, prepare the file, then become the web server.

`serve_archive` binds the port first (a taken port ends the command at once, with a one-line
message and a non-zero status, before any crawl or preparation), then replaces this process
with the server (archive.web.server) through exec, handing it the bound socket. There is
no parent left to orphan a child: SIGTERM and SIGINT reach the server itself, which finishes
the requests in flight and exits, so the port is free for the next `serve`.

Public mode is what a server on the internet runs (README "Serving in public"): the database
is opened immutable and never written, not even prepared, so serve a snapshot (the SQLite file
of the latest `health-archive dump`, whose checksum still verifies afterwards) and restart
after each. Local mode first migrates the archive, indexes what the stems index lacks and
folds the WAL into the file.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
from pathlib import Path

from archive.db import open_db
from archive.search import reindex

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"


class PortBusy(OSError):
    """The address to listen on is taken (another server, or an old one still running)."""


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound socket for `host:port`, or PortBusy with a message an operator can act on.

    Bound before anything slow (the demo's crawl, the dictionaries' warm-up) so a taken port
    ends the command at once instead of after minutes of work.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(socket.SOMAXCONN)  # a bound socket that does not listen can be bound twice
    except OSError as exc:
        sock.close()
        raise PortBusy(f"cannot listen on {host}:{port}: {exc.strerror or exc}"
                       " (is another server running there?)") from None
    return sock


def datasette_command(db_path: Path, *, host: str = "127.0.0.1", port: int = 8001,
                      public: bool = False, dumps: Path | None = None,
                      fd: int | None = None) -> list[str]:
    """The command line of the server process for this archive (`fd`: a socket bound already)."""
    command = [sys.executable, "-m", "archive.web.server", str(db_path), "--host", host]
    command += ["--fd", str(fd)] if fd is not None else ["--port", str(port)]
    if public:
        command.append("--public")
    if dumps is not None:
        command += ["--dumps", str(dumps)]
    return command


def serve_archive(db_path: Path, *, host: str = "127.0.0.1", port: int = 8001,
                  public: bool = False, dumps: Path | None = None,
                  sock: socket.socket | None = None) -> None:
    """Become the server for `db_path` (never returns); `sock`: the address bound already.

    Raises PortBusy when the address is taken, SystemExit when there is no archive.
    """
    if not db_path.is_file():
        raise SystemExit(f"health-archive: no archive at {db_path}; run a crawl first")
    sock = sock or listening_socket(host, port)
    if not public:
        prepare_archive(db_path)
    os.set_inheritable(sock.fileno(), True)
    sys.stdout.flush()
    sys.stderr.flush()
    command = datasette_command(db_path, host=host, port=port, public=public, dumps=dumps,
                                fd=sock.fileno())
    os.execv(command[0], command)


def prepare_archive(db_path: Path) -> None:
    """Migrate, index rows the stems index lacks, and fold the WAL into the file.

    An archive from an older version needs the search migration before the canned queries
    work. A read-only file is served as it is.
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
