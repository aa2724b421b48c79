"""`health-archive dump`: the researchers' download set, from a snapshot of the live archive."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.db import DEFAULT_DB


@click.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_DB, show_default=True, help="The SQLite archive.")
def dump(outdir: Path, db_path: Path) -> None:
    """Write a dated, checksummed download set of the archive into OUTDIR.

    Takes a consistent snapshot (safe while a crawl is writing; the crawl lock is not
    needed) and writes from it: an SQL dump for sqlite3 and one for PostgreSQL, the SQLite
    file, the announcements as CSV and JSON Lines, datapackage.json (the data dictionary,
    from metadata.yml), SHA256SUMS and latest.json. File names carry the UTC date.

        health-archive dump /srv/downloads --db data/archive.db
    """
    from archive.dumps import create_dump
    from archive.serving import METADATA

    try:
        manifest = create_dump(db_path, outdir, metadata_path=METADATA,
                               log=lambda message: click.echo(message, err=True))
    except (FileNotFoundError, ValueError) as exc:
        click.echo(f"health-archive: {exc}", err=True)
        sys.exit(1)
    for f in manifest.files:
        click.echo(f"{f.bytes:>14,}  {outdir / f.name}")
    click.echo(f"schema_version {manifest.schema_version}; "
               + ", ".join(f"{name} {count:,}" for name, count in manifest.row_counts.items()))
