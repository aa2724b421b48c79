"""`health-archive dump`: the researchers' download set, from a snapshot of the live archive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.commands.errors import EXIT_USAGE
from archive.commands.options import database_option
from archive.db import require_archive


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@database_option
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="Keep only the N newest dated sets (default: keep all).")
@click.option("--homepage", default=None, metavar="URL",
              help="Public address of the site offering the downloads, for the citation.")
@click.option("--warc", "warc_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Also publish each finished month of raw captures from this "
              "WARC folder (the crawler's WARC_DIR) as OUTDIR/warc/YYYY-MM.tar.")
def dump(outdir: Path, db_path: Path, keep: int | None, homepage: str | None,
         warc_dir: Path | None) -> None:
    """Publish a dated, checksummed download set of the archive as OUTDIR/YYYY-MM-DD/.

    Takes a consistent snapshot (safe while a crawl is writing; the crawl lock is not
    needed) and writes from it: the SQLite file (also gzipped), an SQL dump for sqlite3 and
    one for PostgreSQL, every table and the source_health view as CSV and JSON Lines, a
    README.md codebook, CITATION.cff, datapackage.json and SHA256SUMS. The set is built out
    of sight and renamed into place; OUTDIR/latest and OUTDIR/latest.json then point at it.
    A same-day set replaces the earlier one. Exits 75 if another dump is writing into OUTDIR.

        health-archive dump /srv/downloads --db data/archive.db --keep 7
    """
    from archive.dumps import DumpBusy, create_dump
    from archive.serving import METADATA

    try:
        require_archive(db_path)  # a wrong --db: one line and status 2, before any work
        manifest = create_dump(db_path, outdir, metadata_path=METADATA, keep=keep,
                               homepage=homepage, warc_dir=warc_dir,
                               log=lambda message: click.echo(message, err=True))
    except DumpBusy as exc:
        click.echo(f"health-archive: {exc}", err=True)
        sys.exit(75)
    except (FileNotFoundError, ValueError) as exc:  # no archive there, or not one: bad input
        click.echo(f"health-archive: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for f in manifest.files:
        click.echo(f"{f.bytes:>14,}  {outdir / manifest.folder / f.name}")
    click.echo(f"schema_version {manifest.schema_version}; "
               + ", ".join(f"{name} {count:,}" for name, count in manifest.row_counts.items()))
