"""The `health-archive` command line: crawl, ingest, status, serve, demo, sources, dumps.

Each command is a thin layer: open the archive, call one function, print. Failures are one
line on stderr and an exit status of their own (archive/commands/errors.py), so cron mails
something readable, and a clean run under `--quiet` mails nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.commands.dump import dump
from archive.commands.errors import (EXIT_FAILED, EXIT_STATUSES, EXIT_UNAVAILABLE, Commands,
                                     logged_to)
from archive.commands.options import (allow_local_option, database_option, port_option,
                                      quiet_option, redis_url_option, replica_origin_option,
                                      source_ids_option, sources_option)
from archive.commands.sources import sources
from archive.db import open_db

EXIT_PORT_BUSY = EXIT_UNAVAILABLE  # another server listens on the address


@click.group(cls=Commands, epilog=EXIT_STATUSES)
@click.version_option(package_name="health-archive")
def cli() -> None:
    """Crawl health announcements of the region into a searchable SQLite archive."""


@cli.command()
@database_option
@sources_option("Registry file to crawl instead of the bundled one.")
@source_ids_option("Crawl only this source (repeatable).")
@allow_local_option
@click.option("--recheck", is_flag=True,
              help="Re-fetch every archived page (conditionally) to find edits and removals.")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Append the crawl log to this file instead of the terminal.")
@replica_origin_option
@click.option("--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=0.")
@click.option("--distributed", is_flag=True,
              help="Work as one of several crawl workers sharing a Redis queue; records go to "
                   "Redis for `health-archive ingest` (--db then only places the WARC folder).")
@redis_url_option("Redis of a distributed crawl, e.g. redis://10.0.0.5:6379/0.")
@quiet_option
def crawl(db_path: Path, sources_file: Path | None, only: tuple[str, ...], allow_local: bool,
          recheck: bool, log_file: Path | None, replica_origin: str | None,
          overrides: tuple[str, ...], distributed: bool, redis_url: str | None, quiet: bool) -> None:
    """Crawl the registry's enabled sources into the archive.

    Prints a line per source (with --quiet: per source that did not succeed, and the crawl
    log only from errors up, unless it goes to --log-file). A registry or archive problem is
    one line on stderr, also appended to --log-file. Exit status: 0 every source succeeded,
    1 some source failed, 2 bad input (options, registry), 74 the archive's or the captures'
    disk is full (the crawl stops, its runs marked failed), 75 another crawl holds the archive.

    \b
        health-archive crawl --db data/archive.db --log-file data/crawl.log --quiet
        health-archive crawl --distributed --redis-url redis://10.0.0.5:6379/0
    """
    from scrapers.run import CrawlOptions, crawl_sources

    if distributed and not redis_url:
        raise click.UsageError("--distributed needs --redis-url (or HEALTH_ARCHIVE_REDIS_URL)")
    settings = _parse_overrides(overrides)
    if quiet and not log_file:
        settings.setdefault("LOG_LEVEL", "ERROR")
    options = CrawlOptions(
        db=db_path, sources_file=sources_file, only=only, allow_local=allow_local,
        mode="recheck" if recheck else "hourly", log_file=log_file,
        replica_origin=replica_origin, overrides=settings,
        progress=False if quiet else None,
    )
    backend = None  # the archive file
    if distributed:
        from scrapers.distributed import RedisBackend

        backend = RedisBackend(redis_url)
    with logged_to(log_file):
        summary = crawl_sources(options, backend)
    for row, line in zip(summary.rows, summary.lines()):
        if not quiet or row["status"] != "ok":
            click.echo(line)
    sys.exit(0 if summary.ok else EXIT_FAILED)


@cli.command()
@database_option
def status(db_path: Path) -> None:
    """Show each source's health: last success, last new announcement, failures, verdict.

    Writes nothing to an up-to-date archive, so it works on a full disk and beside a crawl.
    """
    from archive.lock import crawl_running

    db = open_db(db_path, create=False)
    # The view (archive/migrations.py) defines health; an unfinished run is `running` there,
    # and `killed` here when no crawl holds the archive.
    unfinished = "running" if crawl_running(db_path) else "killed"
    header = f"{'source':28} {'health':10} {'last success':26} {'last new':26} {'fails':>5} {'records':>7}"
    click.echo(header)
    for r in db.query("SELECT * FROM source_health ORDER BY source"):
        health = unfinished if r["health"] == "running" else r["health"]
        click.echo(f"{r['source']:28} {health:10} {r['last_success_at'] or '-':26} "
                   f"{r['last_new_at'] or '-':26} {r['consecutive_failures']:>5} {r['announcements']:>7}")


@cli.command()
@database_option
@click.option("--host", default="127.0.0.1", show_default=True)
@port_option
@click.option("--public", is_flag=True,
              help="Serve read-only (immutable), with query time and row limits.")
@click.option("--dumps", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of `health-archive dump` to offer for download [default: dumps/ "
                   "beside the database].")
def serve(db_path: Path, host: str, port: int, public: bool, dumps: Path | None) -> None:
    """Serve the archive with Datasette.

        health-archive serve --db data/archive.db --public --port 8001
    """
    from archive.serving import PortBusy, serve_archive

    try:
        serve_archive(db_path, host=host, port=port, public=public,
                      dumps=dumps or db_path.parent / "dumps")
    except PortBusy as exc:
        click.echo(f"health-archive: {exc}", err=True)
        sys.exit(EXIT_PORT_BUSY)


@cli.command()
@database_option
@click.option("--no-serve", is_flag=True, help="Build the demo archive and exit.")
@port_option
def demo(db_path: Path, no_serve: bool, port: int) -> None:
    """Start the replica sites of a source checkout, crawl them, and serve the archive.

        health-archive demo              # then open http://127.0.0.1:8001
    """
    from archive.demo import build_demo
    from archive.serving import PortBusy, listening_socket, serve_archive

    try:  # the port first: a taken one ends the demo before its crawl, not after
        sock = None if no_serve else listening_socket("127.0.0.1", port)
    except PortBusy as exc:
        click.echo(f"health-archive: {exc}", err=True)
        sys.exit(EXIT_PORT_BUSY)
    if not build_demo(db_path, echo=click.echo):  # replicas are offline: any failure is a fault
        click.echo("health-archive: the demo crawl failed for some replica sites (see above)", err=True)
        sys.exit(EXIT_FAILED)
    if sock is not None:
        click.echo(f"serving the archive on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        serve_archive(db_path, port=port, dumps=db_path.parent / "dumps", sock=sock)


def _parse_overrides(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--set")
        values[name] = value
    return values


@cli.command()
@database_option
@click.option("--full", is_flag=True, help="Re-stem every announcement (after a stemmer change).")
def reindex(db_path: Path, full: bool) -> None:
    """Bring the morphology-aware search index, and the topics and places when their
    vocabulary changed, up to date with the announcements.

        health-archive reindex --db data/archive.db
    """
    from archive.search import reindex as run
    from archive.topics import retag

    db = open_db(db_path, create=False)
    click.echo(f"indexed {run(db, full=full)} announcements")
    # After the stems: retag reads them. It recomputes only when a vocabulary changed.
    click.echo(f"tagged {retag(db, full=full)} announcements with topics and places")


@cli.command()
@database_option
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of raw captures (default: warc/ beside the database).")
@sources_option("Registry file the archive was crawled with.")
def reextract(db_path: Path, warc_dir: Path | None, sources_file: Path | None) -> None:
    """Rebuild archived records from the raw captures, offline, after an extractor change.

        health-archive reextract --db data/archive.db
    """
    from scrapers.reextract import reextract as run

    open_db(db_path, create=False).close()  # refuse a wrong --db before reading the captures
    counts = run(db_path, warc_dir or db_path.parent / "warc", sources_file)
    click.echo(", ".join(f"{k} {counts[k]}" for k in ("new", "changed", "unchanged")))


@cli.command()
@database_option
@redis_url_option("Redis the distributed crawl workers push to.", required=True)
@click.option("--follow", is_flag=True, help="Keep writing as runs come (a service), never exit.")
def ingest(db_path: Path, redis_url: str, follow: bool) -> None:
    """Write the records of distributed crawl workers into the archive (the one writer).

    Returns once the queue is empty and no run is active; then publishes the archive's known
    pages to Redis for the workers' next run. Exit status 75 when a crawl holds the archive.

        health-archive ingest --db data/archive.db --redis-url redis://10.0.0.5:6379/0
    """
    from archive.ingest import ingest as run

    counts = run(db_path, redis_url, follow=follow)
    click.echo(", ".join(f"{k} {counts[k]}" for k in ("new", "changed", "unchanged", "removed")))


# Command groups kept in their own modules (archive/commands/).
cli.add_command(dump)
cli.add_command(sources)
