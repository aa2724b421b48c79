"""The web server process: Datasette with the archive mounted at /archive, run by uvicorn.

Started by `health-archive serve` and `demo` (archive.serving), as
`python -m archive.web.server DB [--public] [--port N | --fd N] …`. It builds the Datasette app
itself rather than running `datasette serve FILE`, because that names the database after its
file: a dated snapshot (`health-archive-2026-12-04.sqlite`) would move every record, feed and
archived-copy URL each night, and each name would need its own copy of metadata.yml written
beside the file (impossible in a read-only folder). Here the database is always `archive`.

Public mode opens the file immutable (SQLite never writes to it, takes no lock and creates no
-wal or -shm file, so a snapshot's checksum still verifies after serving, from a read-only
folder too), through archive.web.bounded_sql.PublicDatabase.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

from archive.serving import METADATA, PortBusy, listening_socket
from archive.web.bounded_sql import PublicDatabase
from archive.web.downloads import MOUNT as DOWNLOADS_MOUNT
from archive.yaml_text import load_yaml

NAME = "archive"  # the database's name in every URL, whatever the file is called
TEMPLATES = Path(__file__).resolve().parent / "templates"

# Installed with datasette-dashboards (for Markdown charts, which the archive's dashboard has
# none of), it would render any `*_markdown` column of a visitor's SQL as HTML on the archive's
# origin, remote images included, and its per-cell configuration lookup was half the cost of
# rendering a 1,000-row page on the event loop.
UNUSED_PLUGINS = ("render_markdown",)

# Settings every served archive gets.
BASE_SETTINGS: dict[str, Any] = {
    "default_page_size": 50,
    "facet_time_limit_ms": 400,
    "sql_time_limit_ms": 3000,
}
# Settings added by --public (documented in README "Serving in public").
PUBLIC_SETTINGS: dict[str, Any] = {
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "allow_download": True,
    "default_cache_ttl": 300,
    "max_csv_mb": 50,
    "suggest_facets": False,
}


def build_app(db_path: Path, *, public: bool, dumps: Path | None = None) -> Datasette:
    """The Datasette instance serving `db_path` as `archive` in the project's configuration."""
    for name in UNUSED_PLUGINS:
        if pm.has_plugin(name):
            pm.unregister(name=name)
    metadata = load_yaml(METADATA.read_text(encoding="utf-8"))
    static = [(DOWNLOADS_MOUNT, str(dumps))] if dumps is not None and dumps.is_dir() else []
    ds = Datasette(
        metadata=metadata, settings={**BASE_SETTINGS, **(PUBLIC_SETTINGS if public else {})},
        template_dir=str(TEMPLATES) if TEMPLATES.exists() else None, static_mounts=static,
    )
    database_class = PublicDatabase if public else Database
    ds.add_database(database_class(ds, path=str(db_path.resolve()), is_mutable=not public),
                    name=NAME)
    return ds


def run(ds: Datasette, sock: socket.socket) -> None:
    """Serve until SIGTERM or SIGINT (uvicorn finishes the requests in flight, then returns)."""
    asyncio.run(ds.invoke_startup())
    config = uvicorn.Config(ds.app(), log_level="info", lifespan="on", workers=1)
    uvicorn.Server(config).run(sockets=[sock])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m archive.web.server", description=__doc__)
    parser.add_argument("db", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--fd", type=int, help="an already bound socket to serve on")
    parser.add_argument("--public", action="store_true")
    parser.add_argument("--dumps", type=Path)
    args = parser.parse_args(argv)
    if args.fd is not None:
        sock = socket.socket(fileno=args.fd)
    else:
        try:
            sock = listening_socket(args.host, args.port)
        except PortBusy as exc:
            sys.exit(f"health-archive: {exc}")
    run(build_app(args.db, public=args.public, dumps=args.dumps), sock)


if __name__ == "__main__":
    main()
