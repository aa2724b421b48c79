"""Publishing a dump: one folder per date, made whole in hiding, then renamed into place.

    OUTDIR/2026-11-26/   one complete set: data files, README.md, CITATION.cff,
                         datapackage.json and SHA256SUMS describing exactly these files
    OUTDIR/latest        symlink to the newest set, swapped by rename
    OUTDIR/latest.json   symlink to the newest set's manifest.json (the home page reads it)

A set is built in a hidden `.tmp-*` folder of OUTDIR (the same file system, so renaming is
atomic) and appears under its date in one rename; a same-day set replaces the earlier one in
one exchange (renameat2 RENAME_EXCHANGE). Sets never change once visible, and older ones are
pruned by first renaming them out of sight. So a dump killed at any moment leaves every
visible set complete and verifying against its own SHA256SUMS, `latest` and `latest.json`
pointing at one of them; the next dump removes what a killed one left in hiding. The
download page refuses hidden names, so half-made files are never served.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

import sqlite_utils

from archive import datapackage
from archive.db import schema_version
from archive.dumps import codebook, warc
from archive.dumps.gz import gzip_copy, gzip_text, sha256_file
from archive.dumps.postgres import write_postgres_sql
from archive.dumps.schema import Table, foreign_keys, read_tables, read_views, row_counts
from archive.dumps.sqlite import snapshot, write_sqlite_sql
from archive.dumps.tabular import write_csv, write_jsonl

PREFIX = "health-archive"
REQUIRED_TABLE = "announcements"  # what makes a database an archive
SET_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LATEST = "latest"
MANIFEST = "latest.json"
SET_MANIFEST = "manifest.json"  # in each set; latest.json links to the newest one
Writer = Callable[[sqlite3.Connection, TextIO], None]
# How to cite the dataset: the repository's CITATION.cff (linked here, so an installed
# package carries it too), completed per dump with its version.
CITATION = Path(__file__).with_name("CITATION.cff")


class DumpBusy(RuntimeError):
    """Another dump is writing into the same folder."""


@dataclass(frozen=True)
class DumpFile:
    """One published file, as latest.json, datapackage.json and SHA256SUMS describe it."""

    name: str
    kind: str
    bytes: int
    sha256: str
    description: str


@dataclass(frozen=True)
class Manifest:
    """What `latest.json` holds: enough for a download page and for citing a dump."""

    created_at: str
    date: str
    folder: str
    version: str
    citation: str
    schema_version: int
    sqlite_version: str
    row_counts: dict[str, int]
    files: list[DumpFile]

    def to_json(self) -> dict:
        return {**vars(self), "files": [vars(f) for f in self.files]}


def create_dump(db_path: Path, outdir: Path, *, metadata_path: Path,
                citation_path: Path = CITATION,
                now: datetime | None = None, keep: int | None = None,
                homepage: str | None = None, warc_dir: Path | None = None,
                log: Callable[[str], None] = lambda message: None) -> Manifest:
    """Publish the download set of `db_path` as `outdir/<UTC date>/` and return its manifest.

    `keep`: how many dated sets to keep (the newest ones); None keeps them all. `warc_dir`:
    the crawler's WARC folder, whose finished months are also published (`warc.py`).
    """
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    date = f"{now:%Y-%m-%d}"
    outdir.mkdir(parents=True, exist_ok=True)
    with _dump_lock(outdir):
        _remove_hidden_leftovers(outdir)
        work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=outdir))
        work.chmod(0o755)  # mkdtemp's 0700 would hide the published set from the web server
        try:
            manifest = _build(db_path, work, date=date, created=_iso(now),
                              metadata_path=metadata_path, citation_path=citation_path,
                              homepage=homepage, log=log)
            _sync_folder(work)
            log(f"publish {outdir / date}")
            _publish(work, outdir / date)
            _point_latest(outdir, date)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if keep is not None:
            prune(outdir, keep, log)
        if warc_dir is not None:
            warc.publish_months(warc_dir, outdir, now, log)
    return manifest


def published_sets(outdir: Path) -> list[str]:
    """The dated sets in `outdir`, oldest first."""
    return sorted(p.name for p in outdir.iterdir() if SET_NAME.match(p.name) and p.is_dir()
                  and not p.is_symlink())


def prune(outdir: Path, keep: int, log: Callable[[str], None] = lambda message: None) -> None:
    """Remove all but the `keep` newest sets, each first renamed out of sight; never the one
    `latest` names (a dump dated earlier than the newest set, after a clock change)."""
    current = os.readlink(outdir / LATEST) if (outdir / LATEST).is_symlink() else None
    for name in [n for n in published_sets(outdir)[:-max(keep, 1)] if n != current]:
        log(f"prune {name}")
        hidden = outdir / f".trash-{name}"
        (outdir / name).rename(hidden)
        shutil.rmtree(hidden)


def _build(db_path: Path, work: Path, *, date: str, created: str, metadata_path: Path,
           citation_path: Path, homepage: str | None, log: Callable[[str], None]) -> Manifest:
    """Every file of one set, written into `work`."""
    database = work / f"{PREFIX}.sqlite"
    log(f"snapshot {db_path} ({date})")
    snapshot(db_path, database)
    with closing(sqlite3.connect(database)) as conn:
        tables = read_tables(conn)
        if not any(t.name == REQUIRED_TABLE for t in tables):
            raise ValueError(f"{db_path} has no {REQUIRED_TABLE} table: not an archive")
        published = [t for t in tables if t.published] + read_views(conn)
        keys = {t.name: foreign_keys(conn, t.name) for t in published if not t.view}
        version = schema_version(sqlite_utils.Database(conn))
        counts = row_counts(conn)
    docs = datapackage.load_descriptions(metadata_path)
    outputs = _outputs(published, docs)
    sums = _write_outputs(database, work, outputs, log)
    files = [_describe(database, "sqlite", "The SQLite database, ready to query", sums),
             _describe(work / f"{database.name}.gz", "sqlite-gz",
                       "The same SQLite database, gzipped", sums)]
    files += [_describe(work / name, kind, text, sums) for name, kind, text, _ in outputs]
    citation = datapackage.load_citation(citation_path, version=date, homepage=homepage)
    _write(work / "CITATION.cff", datapackage.citation_cff(citation_path, citation, date))
    files.append(_describe(work / "CITATION.cff", "citation", "How to cite this version (CFF)"))
    about = datapackage.load_about(metadata_path)
    _write(work / "README.md", codebook.render(
        about=about, citation=citation, license=datapackage.LICENSE.get(citation.license),
        created=created, schema_version=version, tables=published, docs=docs, counts=counts,
        files=files))
    files.append(_describe(work / "README.md", "readme",
                           "Codebook: tables, columns, dates, versions, limits, how to read"))
    package = datapackage.build(
        name=PREFIX, about=about, citation=citation, created=created, schema_version=version,
        tables=published, docs=docs, foreign_keys=keys, files=files)
    _write(work / "datapackage.json", json.dumps(package, ensure_ascii=False, indent=2) + "\n")
    files.append(_describe(work / "datapackage.json", "datapackage",
                           "Data dictionary (Frictionless Data Package)"))
    _write(work / "SHA256SUMS", "".join(f"{f.sha256}  {f.name}\n" for f in files))
    files.append(_describe(work / "SHA256SUMS", "checksums", "SHA-256 of every file above"))
    manifest = Manifest(created_at=created, date=date, folder=date, version=date,
                        citation=package["citation"], schema_version=version,
                        sqlite_version=sqlite3.sqlite_version, row_counts=counts, files=files)
    _write(work / SET_MANIFEST, json.dumps(manifest.to_json(), ensure_ascii=False, indent=2) + "\n")
    return manifest


def _outputs(published: list[Table], docs: datapackage.Descriptions
             ) -> list[tuple[str, str, str, Writer]]:
    """(file name, kind, description, writer) of each gzipped file made from the snapshot."""
    outputs: list[tuple[str, str, str, Writer]] = [
        (f"{PREFIX}.sql.gz", "sqlite-sql",
         "SQL dump for the sqlite3 shell, full-text index included", write_sqlite_sql),
        (f"{PREFIX}.postgres.sql.gz", "postgres-sql",
         "SQL dump for PostgreSQL (psql), loaded with COPY; without the full-text index",
         lambda conn, out: write_postgres_sql(conn, out, docs)),
    ]
    for table in published:
        what = f"The {table.name} {'view' if table.view else 'table'}"
        outputs += [
            (f"{table.name}.csv.gz", f"{table.name}-csv", f"{what} as CSV.",
             lambda conn, out, t=table: write_csv(conn, t, out)),
            (f"{table.name}.jsonl.gz", f"{table.name}-jsonl", f"{what} as JSON Lines.",
             lambda conn, out, t=table: write_jsonl(conn, t, out)),
        ]
    return outputs


def _write_outputs(database: Path, work: Path, outputs: list[tuple[str, str, str, Writer]],
                   log: Callable[[str], None]) -> dict[str, str]:
    """Write every output at once, each from its own connection to the snapshot.

    SQLite, zlib and hashlib release the GIL, so rendering, compressing (one pool shared by
    all files) and hashing the snapshot, the biggest file, keep every core busy. Returns the
    SHA-256 of the snapshot and of its gzipped copy, by file name.
    """
    def run(name: str, writer: Writer, compressors: Executor) -> None:
        log(f"write {name}")
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn, \
                gzip_text(work / name, compressors) as out:
            writer(conn, out)

    def gzipped(compressors: Executor) -> str:
        target = work / f"{database.name}.gz"
        gzip_copy(database, target, compressors)
        return sha256_file(target)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as compressors, \
            ThreadPoolExecutor(max_workers=min(len(outputs) + 2, 8)) as workers:
        digest = workers.submit(sha256_file, database)
        copy = workers.submit(gzipped, compressors)
        for future in [workers.submit(run, name, writer, compressors)
                       for name, _, _, writer in outputs]:
            future.result()
        return {database.name: digest.result(), f"{database.name}.gz": copy.result()}


def _describe(path: Path, kind: str, description: str, sums: dict[str, str] | None = None
              ) -> DumpFile:
    sha256 = (sums or {}).get(path.name) or sha256_file(path)
    return DumpFile(path.name, kind, path.stat().st_size, sha256, description)


def _publish(work: Path, target: Path) -> None:
    """Make `work` visible as `target` in one step, replacing a set of the same date."""
    if not target.exists():
        work.rename(target)
        return
    _exchange(work, target)  # `work` now holds the replaced set, removed by the caller


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> None:
    """Swap two directories atomically: Linux's renameat2(RENAME_EXCHANGE).

    Where the C library or file system lacks it, the old set is renamed out of sight first:
    a kill between the two renames then leaves that date missing until the next dump, but
    never a mixed or unverifiable set.
    """
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if function is not None:
        if function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                    _RENAME_EXCHANGE) == 0:
            return
        code = ctypes.get_errno()
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
            raise OSError(code, os.strerror(code), str(second))
    aside = first.with_name(f".trash-{second.name}")
    second.rename(aside)
    first.rename(second)
    aside.rename(first)


def _point_latest(outdir: Path, name: str) -> None:
    """`latest` -> the set, `latest.json` -> its manifest: symlinks, each replaced by rename.

    Links rather than copies: a same-day set is exchanged in place, and a copied manifest
    would describe the replaced files until it was rewritten; a link always reads the
    manifest that sits inside the set it names.
    """
    for link, target in ((LATEST, name), (MANIFEST, f"{name}/{SET_MANIFEST}")):
        temporary = outdir / f".{link}.tmp"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(target)
        temporary.replace(outdir / link)


def _sync_folder(folder: Path) -> None:
    """Flush every file (and the folder) to disk before the set becomes visible: after a
    power cut a published set must not hold empty files."""
    for path in [*folder.iterdir(), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove_hidden_leftovers(outdir: Path) -> None:
    """What a killed dump left in hiding: half-built sets, sets being pruned, temp links."""
    for path in outdir.iterdir():
        if path.name.startswith((".tmp-", ".trash-")) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name in (f".{LATEST}.tmp", f".{MANIFEST}.tmp"):
            path.unlink(missing_ok=True)


@contextmanager
def _dump_lock(outdir: Path) -> Iterator[None]:
    """One dump at a time per folder (flock: released by the kernel even after SIGKILL)."""
    with open(outdir / ".lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DumpBusy(f"another dump is writing into {outdir}") from None
        yield


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
