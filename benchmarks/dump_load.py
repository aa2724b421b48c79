#!/usr/bin/env python3
"""Loading a download: our dumps into SQLite and PostgreSQL, beside the baseline tools' ways.

Builds (once, cached) an archive of N announcements with ~3 KB multilingual bodies (as
benchmarks/dump.py does), publishes one `dump` set from it, then times, each as a pipeline of
child processes (wall time, CPU time, peak RSS):

  SQLite      our `health-archive.sql.gz | sqlite3`  vs  `sqlite3 FILE .dump | sqlite3`
              (and `gunzip -k health-archive.sqlite.gz`, the file itself)
  PostgreSQL  our COPY dump `| psql -1`  vs  the same data as row-by-row INSERTs
              (`pg_dump --inserts` of the loaded database) `| psql -1`

on a throwaway PostgreSQL cluster on a Unix socket (run as `postgres` when this runs as
root), and prints every file's size. Needs the sqlite3 shell and PostgreSQL's server tools.

Run:  .venv/bin/python benchmarks/dump_load.py [--rows 30000] [--cache DIR]

Only ratios measured inside one run mean anything.
"""
from __future__ import annotations

import argparse
import glob
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import sqlite_utils  # noqa: E402
from dump import Run, build, measure  # noqa: E402

from archive.dumps import create_dump  # noqa: E402
from archive.migrations import migrations  # noqa: E402
from archive.serving import METADATA  # noqa: E402


def archive(cache: Path, rows: int) -> Path:
    """The cached benchmark archive, with the publication-date columns filled as on save."""
    version = len(migrations.pending(sqlite_utils.Database(memory=True)))
    db = cache / f"archive-{rows}-v{version}.db"
    if not db.exists():
        partial = db.with_suffix(".partial")
        for leftover in cache.glob(f"{partial.name}*"):
            leftover.unlink()
        build(partial, rows)
        with sqlite3.connect(partial) as conn:  # date-only values: the date is the value itself
            for table in ("announcements", "versions"):
                conn.execute(f"UPDATE {table} SET published_date = published_at")
        partial.rename(db)
    return db


@contextmanager
def postgres(home: Path) -> Iterator[dict[str, str]]:
    """A throwaway cluster on a Unix socket in `home`; yields psql's connection arguments."""
    path = os.pathsep.join([os.environ.get("PATH", ""),
                            *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)])
    tools = {name: shutil.which(name, path=path) for name in ("initdb", "pg_ctl", "psql", "pg_dump")}
    if not all(tools.values()):
        raise SystemExit("PostgreSQL's tools (initdb, pg_ctl, psql, pg_dump) are not installed")
    as_server = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_server:
        shutil.chown(home, "postgres")
    data = home / "data"
    subprocess.run([*as_server, tools["initdb"], "-D", str(data), "-U", "postgres", "--auth=trust",
                    "--locale=C", "--encoding=UTF8"], check=True, capture_output=True)
    subprocess.run([*as_server, tools["pg_ctl"], "-D", str(data), "-w", "-l", str(home / "log"),
                    "-o", f"-c listen_addresses='' -k {home}", "start"], check=True, capture_output=True)
    try:
        yield {**tools, "host": str(home)}
    finally:
        subprocess.run([*as_server, tools["pg_ctl"], "-D", str(data), "-m", "fast", "stop"],
                       capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "health-archive-bench")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    db = archive(args.cache, args.rows)
    sqlite3_bin = shutil.which("sqlite3")
    if sqlite3_bin is None:
        raise SystemExit("the sqlite3 shell is not on PATH")
    work = Path(tempfile.mkdtemp(prefix="dump-load-", dir=args.cache))
    try:
        started = time.perf_counter()
        manifest = create_dump(db, work / "out", metadata_path=METADATA)
        print(f"dump of {args.rows:,} announcements: {time.perf_counter() - started:.1f} s")
        folder = work / "out" / manifest.folder
        runs: list[Run] = [
            measure("SQLite: ours .sql.gz | sqlite3",
                    [["gunzip", "-c", str(folder / "health-archive.sql.gz")],
                     [sqlite3_bin, str(work / "ours.db")]], work / "ours.db"),
            measure("SQLite: sqlite3 .dump | sqlite3",
                    [[sqlite3_bin, str(db), ".dump"], [sqlite3_bin, str(work / "shell.db")]],
                    work / "shell.db"),
            measure("SQLite: gunzip .sqlite.gz",
                    [["gunzip", "-c", str(folder / "health-archive.sqlite.gz")]],
                    work / "copy.sqlite", stdout=work / "copy.sqlite"),
        ]
        home = Path(tempfile.mkdtemp(prefix="pg-", dir=args.cache))
        with postgres(home) as pg:
            psql = [pg["psql"], "-h", pg["host"], "-U", "postgres", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
            for name in ("copy", "inserts"):
                subprocess.run([*psql, "-c", f"CREATE DATABASE {name}"], check=True)
            runs.append(measure("PostgreSQL: ours (COPY) | psql -1",
                                [["gunzip", "-c", str(folder / "health-archive.postgres.sql.gz")],
                                 [*psql, "-1", "-d", "copy"]], folder / "health-archive.postgres.sql.gz"))
            inserts = work / "inserts.sql.gz"
            with gzip.open(inserts, "wb", compresslevel=6) as out:
                out.write(subprocess.run([pg["pg_dump"], "-h", pg["host"], "-U", "postgres",
                                          "--inserts", "--no-owner", "copy"],
                                         check=True, capture_output=True).stdout)
            runs.append(measure("PostgreSQL: INSERT per row | psql -1",
                                [["gunzip", "-c", str(inserts)], [*psql, "-1", "-d", "inserts"]],
                                inserts))
            counts = [subprocess.run([*psql, "-At", "-d", name, "-c",
                                      "SELECT count(*) FROM announcements"],
                                     capture_output=True, text=True).stdout.strip()
                      for name in ("copy", "inserts")]
            assert counts == [str(args.rows)] * 2, counts
        shutil.rmtree(home, ignore_errors=True)
        print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} after the runs")
        print(f"{'':38} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'MB':>8}  (SQLite: the database made; PostgreSQL: the dump read)")
        for run in runs:
            print(f"{run.name:38} {run.seconds:8.2f} {run.cpu_seconds:8.2f} {run.peak_mb:8.1f} "
                  f"{run.output_mb:8.1f}")
        ours, shell, _, copy, insert = runs
        print(f"ratio SQLite ours/shell .dump: time {ours.seconds / shell.seconds:.2f}")
        print(f"ratio PostgreSQL COPY/INSERT: time {copy.seconds / insert.seconds:.2f}, "
              f"size {copy.output_mb / insert.output_mb:.2f}")
        print("files of the set:")
        for f in manifest.files:
            print(f"  {f.bytes / 1e6:10.2f} MB  {f.name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
