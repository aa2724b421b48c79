"""Options several `health-archive` commands share, each declared once.

An option that means the same thing in two commands gets the same name, type, check and
default from here, so `--sources` cannot accept a folder in one command and refuse it in
another. A command passes its own help where the option plays a different part in it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from archive.db import DEFAULT_DB
from scrapers.registry import DEFAULT_REGISTRY

F = TypeVar("F", bound=Callable[..., Any])

database_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
    show_default=True, help="The SQLite archive.",
)

quiet_option = click.option("--quiet", "-q", is_flag=True,
                            help="Print only problems (for cron: a clean run prints nothing).")

allow_local_option = click.option(
    "--allow-local", is_flag=True,
    help="Allow loopback, private and link-local addresses (off by default).",
)

replica_origin_option = click.option(
    "--replica-origin", metavar="URL",
    help="Send requests for the bundled replica sites' hosts to this local server.",
)

port_option = click.option("--port", default=8001, show_default=True, type=int)


def sources_option(help: str = "Registry file instead of the bundled one.", *,
                   must_exist: bool = True) -> Callable[[F], F]:
    """`--sources FILE`, the source registry to read (the bundled one by default).

    A registry a command reads must exist: click refuses a missing one as bad input (status
    2) before any work. `must_exist=False` is for `sources validate`, whose file is what it
    checks: a missing or unreadable one is a problem it reports like the others (status 1),
    and the bundled registry is its default.
    """
    if must_exist:
        return click.option("--sources", "sources_file", help=help,
                            type=click.Path(exists=True, dir_okay=False, path_type=Path))
    return click.option("--sources", "sources_file", help=help, default=DEFAULT_REGISTRY,
                        show_default=True, type=click.Path(dir_okay=False, path_type=Path))


def source_ids_option(help: str) -> Callable[[F], F]:
    """`--source ID`, repeatable: only these registry entries."""
    return click.option("--source", "only", multiple=True, metavar="ID", help=help)


def redis_url_option(help: str, *, required: bool = False) -> Callable[[F], F]:
    """`--redis-url URL` of a distributed crawl, also read from HEALTH_ARCHIVE_REDIS_URL."""
    return click.option("--redis-url", envvar="HEALTH_ARCHIVE_REDIS_URL", metavar="URL",
                        required=required, help=help)
