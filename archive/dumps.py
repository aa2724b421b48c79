"""Researchers' downloads: a dated, checksummed set of files made from one consistent snapshot.

Everything is derived from a private snapshot of the archive, never from the live file, so
the SQL dumps, the CSV, the JSON Lines, the row counts and the SQLite file all describe the
same instant even while a crawl keeps writing. Every writer streams rows from a cursor into
gzip, so memory stays bounded whatever the archive's size, and the gzip headers carry no
timestamp, so the same data always gives the same bytes (and the same checksums).

The SQL is written here rather than by `sqlite3 .dump` or Python's `iterdump()`: both copy
an FTS5 index as raw shadow-table pages behind `PRAGMA writable_schema`, neither keeps the
implicit rowids an external-content index points at nor `PRAGMA user_version`, and the shell
may not be installed where the dump runs.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import sqlite3
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, TextIO

import sqlite_utils

from archive import datapackage
from archive.db import schema_version

PREFIX = "health-archive"
EXPORTED_TABLE = "announcements"  # the table also published as CSV and JSON Lines
Writer = Callable[[sqlite3.Connection, TextIO], None]
GZIP_LEVEL = 6  # gzip's own default: the size researchers expect, at a speed a cron job affords
BLOCK = 1 << 20  # bytes per gzip member: big enough that restarting the dictionary costs ~0.1 %
IN_FLIGHT = 4  # blocks compressing at once per file: keeps 2 cores busy, memory to a few MiB


@dataclass(frozen=True)
class Column:
    """One stored column, as PRAGMA table_xinfo reports it (generated columns excluded)."""

    name: str
    type: str
    notnull: bool
    pk: int  # position in the primary key, 0 when not part of it


@dataclass(frozen=True)
class Table:
    """A table to dump: an ordinary one, or a virtual one with the shadow tables it owns."""

    name: str
    sql: str
    virtual: bool
    columns: tuple[Column, ...]
    has_rowid: bool  # a rowid no INTEGER PRIMARY KEY column carries: dumped, as indexes key on it
    without_rowid: bool
    shadows: tuple[str, ...] = ()

    @property
    def strategy(self) -> str:
        """How the SQLite dump restores this table's contents.

        "rows": INSERT every row (ordinary tables, and FTS indexes that store their own text,
        which re-index on load, far smaller than their index pages); "rebuild": an FTS index
        over another table, rebuilt once that table is loaded; "shadows": anything else (a
        contentless index, other modules), whose shadow tables are copied verbatim, the only
        way to restore an index whose text is stored nowhere.
        """
        if not self.virtual:
            return "rows"
        if not _FTS_MODULE.search(self.sql):
            return "shadows"
        match = _CONTENT_OPTION.search(self.sql)
        if match is None:
            return "rows"
        return "rebuild" if match.group(1).strip("'\"") else "shadows"

    def order_by(self) -> str:
        """Rowid order (or primary-key order) keeps dumps of the same data byte-identical."""
        if not self.without_rowid:
            return "rowid"
        return ", ".join(_ident(c.name) for c in sorted(self.columns, key=lambda c: c.pk) if c.pk)


_FTS_MODULE = re.compile(r"\bUSING\s+fts[345]\b", re.IGNORECASE)
_CONTENT_OPTION = re.compile(r"\bcontent\s*=\s*('[^']*'|\"[^\"]*\"|\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class DumpFile:
    """One published file, as latest.json and SHA256SUMS describe it."""

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
    schema_version: int
    sqlite_version: str
    row_counts: dict[str, int]
    files: list[DumpFile]

    def to_json(self) -> dict:
        return {
            "created_at": self.created_at,
            "date": self.date,
            "schema_version": self.schema_version,
            "sqlite_version": self.sqlite_version,
            "row_counts": self.row_counts,
            "files": [vars(f) for f in self.files],
        }


def snapshot(db_path: Path, dest: Path) -> None:
    """Copy the archive into `dest` as of one instant, without blocking or waiting for a crawl.

    The online backup API with pages=-1 copies every page in a single step, that is inside one
    read transaction: in WAL mode the writer carries on and its uncommitted (or later) rows
    are simply not in the copy. A page copy, unlike VACUUM INTO, keeps every implicit rowid
    (VACUUM may renumber them, and the external-content FTS index points at them). The copy
    is switched out of WAL so it is a single self-contained file.
    """
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no archive at {db_path}")
    with closing(sqlite3.connect(db_path, timeout=30)) as source, \
            closing(sqlite3.connect(dest)) as target:
        source.backup(target, pages=-1)
        target.execute("PRAGMA journal_mode = DELETE")


def read_tables(conn: sqlite3.Connection) -> list[Table]:
    """The dumpable tables in creation order: ordinary and virtual, never SQLite's own."""
    kinds = {row[1]: row[2] for row in conn.execute("PRAGMA main.table_list")}
    shadows = [name for name, kind in kinds.items() if kind == "shadow"]
    return [
        _table(conn, name, sql, virtual=kinds[name] == "virtual",
               shadows=[s for s in shadows if s.startswith(f"{name}_")]
               if kinds[name] == "virtual" else [])
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY rowid").fetchall()
        if kinds[name] != "shadow"
    ]


def _table(conn: sqlite3.Connection, name: str, sql: str = "", *, virtual: bool = False,
           shadows: list[str] | None = None) -> Table:
    """A Table as SQLite describes it (shadow tables too, to copy their rows verbatim)."""
    columns = tuple(Column(r[1], r[2] or "", bool(r[3]), r[5])
                    for r in conn.execute(f"PRAGMA main.table_xinfo({_ident(name)})") if r[6] == 0)
    without_rowid = bool(next(conn.execute(f"PRAGMA main.table_list({_ident(name)})"))[4])
    pks = [c for c in columns if c.pk]
    aliased = len(pks) == 1 and pks[0].type.upper() == "INTEGER"
    return Table(name, sql, virtual, columns, not without_rowid and not aliased, without_rowid,
                 tuple(shadows or ()))


def write_sqlite_sql(conn: sqlite3.Connection, out: TextIO) -> None:
    """Stream a dump that `sqlite3 new.db < dump.sql` (or executescript) turns into the archive.

    Tables are copied row by row with their implicit rowids (which FTS indexes point at);
    virtual tables as `Table.strategy` says. Indexes, views and triggers come after the data,
    so loading does not pay for them row by row, and FTS rebuilds after the views, which an
    index may read from.
    """
    tables = read_tables(conn)
    out.write("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n")
    for table in tables:
        out.write(f"{table.sql};\n")
        # FTS5 settings (page size, automerge, rank) live in <name>_config: keep them always.
        copied = table.shadows if table.strategy == "shadows" else [
            s for s in table.shadows if s == f"{table.name}_config"]
        for shadow in copied:
            out.write(f"DELETE FROM {_ident(shadow)};\n")
            _write_inserts(conn, _table(conn, shadow), out, _sqlite_value)
        if table.strategy == "rows":
            _write_inserts(conn, table, out, _sqlite_value)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        out.write("DELETE FROM sqlite_sequence;\n")
        for name, seq in conn.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name"):
            out.write(f"INSERT INTO sqlite_sequence VALUES({_sql_string(name)},{seq});\n")
    for kind in ("index", "view"):
        _write_schema_objects(conn, kind, out)
    for table in tables:
        if table.strategy == "rebuild":
            out.write(f"INSERT INTO {_ident(table.name)}({_ident(table.name)}) VALUES('rebuild');\n")
    _write_schema_objects(conn, "trigger", out)
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    out.write(f"PRAGMA user_version={user_version};\nCOMMIT;\n")


def write_postgres_sql(conn: sqlite3.Connection, out: TextIO,
                       docs: datapackage.Descriptions | None = None) -> None:
    """Stream a dump that `psql -f` loads: ordinary tables, keys, indexes and descriptions.

    Virtual tables (full-text search) and triggers are SQLite-only and left out; types map
    by SQLite's affinity rules; NUL characters, which PostgreSQL text cannot hold, are dropped.
    """
    docs = docs or {}
    out.write("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n")
    tables = [t for t in read_tables(conn) if not t.virtual]
    for table in tables:
        out.write(_postgres_create(table))
        _write_inserts(conn, table, out, _postgres_value, with_rowid=False)
    for table in tables:
        out.write(_postgres_indexes(conn, table))
        description, columns = docs.get(table.name, ("", {}))
        if description:
            out.write(f"COMMENT ON TABLE {_ident(table.name)} IS {_sql_string(description)};\n")
        for column in table.columns:
            if columns.get(column.name):
                out.write(f"COMMENT ON COLUMN {_ident(table.name)}.{_ident(column.name)} "
                          f"IS {_sql_string(columns[column.name])};\n")
    out.write("COMMIT;\n")


def write_csv(conn: sqlite3.Connection, table: Table, out: TextIO) -> None:
    """Stream `table` as RFC 4180 CSV with a header row; NULL becomes an empty field."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    names = ", ".join(_ident(c.name) for c in table.columns)
    writer.writerows(conn.execute(
        f"SELECT {names} FROM {_ident(table.name)} ORDER BY {table.order_by()}"))


def write_jsonl(conn: sqlite3.Connection, table: Table, out: TextIO) -> None:
    """Stream `table` as JSON Lines, one object per row, built by SQLite's json_object()."""
    pairs = ", ".join(f"{_sql_string(c.name)}, {_ident(c.name)}" for c in table.columns)
    for (line,) in conn.execute(
        f"SELECT json_object({pairs}) FROM {_ident(table.name)} ORDER BY {table.order_by()}"
    ):
        out.write(line)
        out.write("\n")


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per ordinary table, for the manifest (virtual tables only mirror these)."""
    return {
        t.name: conn.execute(f"SELECT count(*) FROM {_ident(t.name)}").fetchone()[0]
        for t in read_tables(conn) if not t.virtual
    }


def create_dump(db_path: Path, outdir: Path, *, metadata_path: Path,
                now: datetime | None = None,
                log: Callable[[str], None] = lambda message: None) -> Manifest:
    """Write the full download set for `db_path` into `outdir` and return its manifest.

    Files are built in a hidden work directory and moved into place only when all are
    complete, latest.json last, so a download page never links a half-written dump.
    """
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    stem = f"{PREFIX}-{now:%Y-%m-%d}"
    outdir.mkdir(parents=True, exist_ok=True)
    work = outdir / f".{stem}.partial"
    work.mkdir(exist_ok=True)
    docs = datapackage.load_descriptions(metadata_path)
    try:
        database = work / f"{stem}.sqlite"
        log(f"snapshot {database.name}")
        database.unlink(missing_ok=True)
        snapshot(db_path, database)
        with closing(sqlite3.connect(database)) as conn:
            tables = read_tables(conn)
            version = schema_version(sqlite_utils.Database(conn))
            counts = row_counts(conn)
        table = next((t for t in tables if t.name == EXPORTED_TABLE), None)
        if table is None:
            raise ValueError(f"{db_path} has no {EXPORTED_TABLE} table: not an archive")
        outputs = _outputs(stem, table, docs)
        database_sha256 = _write_outputs(database, work, outputs, log)
        files = [_describe(database, "sqlite", "The SQLite database, ready to query",
                           database_sha256)]
        files += [_describe(work / name, kind, text) for name, kind, text, _ in outputs]
        package = datapackage.build(
            name=PREFIX, about=datapackage.load_about(metadata_path), created=_iso(now),
            schema_version=version, table=table.name, columns=table.columns, docs=docs,
            files=files, csv_name=outputs[2][0], jsonl_name=outputs[3][0],
            all_columns={t.name: t.columns for t in tables if not t.virtual},
        )
        _write_text(work / "datapackage.json", json.dumps(package, ensure_ascii=False, indent=2) + "\n")
        files.append(_describe(work / "datapackage.json", "datapackage",
                               "Data dictionary (Frictionless Data Package)"))
        _write_text(work / "SHA256SUMS", "".join(f"{f.sha256}  {f.name}\n" for f in files))
        files.append(_describe(work / "SHA256SUMS", "checksums", "SHA-256 of every file above"))
        manifest = Manifest(
            created_at=_iso(now), date=f"{now:%Y-%m-%d}", schema_version=version,
            sqlite_version=sqlite3.sqlite_version, row_counts=counts, files=files,
        )
        _write_text(work / "latest.json", json.dumps(manifest.to_json(), indent=2) + "\n")
        for name in [f.name for f in files] + ["latest.json"]:
            (work / name).replace(outdir / name)
        return manifest
    finally:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()


def _outputs(stem: str, table: Table, docs: datapackage.Descriptions
             ) -> list[tuple[str, str, str, Writer]]:
    """(file name, kind, description, writer) of each gzipped file made from the snapshot."""
    return [
        (f"{stem}.sql.gz", "sqlite-sql",
         "SQL dump for the sqlite3 shell, full-text index included", write_sqlite_sql),
        (f"{stem}.postgres.sql.gz", "postgres-sql",
         "SQL dump for PostgreSQL (psql), without the full-text index",
         lambda conn, out: write_postgres_sql(conn, out, docs)),
        (f"{stem}.{table.name}.csv.gz", "csv", f"The {table.name} table as CSV",
         lambda conn, out: write_csv(conn, table, out)),
        (f"{stem}.{table.name}.jsonl.gz", "jsonl", f"The {table.name} table as JSON Lines",
         lambda conn, out: write_jsonl(conn, table, out)),
    ]


def _write_outputs(database: Path, work: Path, outputs: list[tuple[str, str, str, Writer]],
                   log: Callable[[str], None]) -> str:
    """Write every output at once, each from its own connection to the snapshot.

    One thread renders each file; SQLite, zlib and hashlib release the GIL, so rendering,
    compressing (one pool shared by all files) and hashing the snapshot, which is the
    biggest file, keep every core busy. Returns the snapshot's SHA-256.
    """
    def run(name: str, writer: Writer, compressors: Executor) -> None:
        log(f"write {name}")
        with closing(sqlite3.connect(database)) as conn, gzip_text(work / name, compressors) as out:
            writer(conn, out)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as compressors, \
            ThreadPoolExecutor(max_workers=len(outputs) + 1) as workers:
        digest = workers.submit(sha256_file, database)
        for future in [workers.submit(run, name, writer, compressors)
                       for name, _, _, writer in outputs]:
            future.result()
        return digest.result()


@contextmanager
def gzip_text(path: Path, pool: Executor | None = None) -> Iterator[TextIO]:
    """A UTF-8 text stream into a reproducible gzip file, compressed on every core.

    Each 1 MiB block becomes a gzip member of its own (as bgzip and `pigz -i` do), with no
    name or time in its header: members compress in parallel on `pool` (zlib releases the
    GIL) while rows keep being rendered, and concatenated members are one valid gzip file
    that gunzip, zcat, Python, R and pandas read as a single stream. Memory stays bounded:
    only a few blocks are in flight.
    """
    own = pool is None
    pool = pool or ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    try:
        with open(path, "wb") as raw, _GzipMembers(raw, pool) as sink, \
                io.TextIOWrapper(io.BufferedWriter(sink, buffer_size=BLOCK), encoding="utf-8",
                                 newline="\n") as text:
            yield text
    finally:
        if own:
            pool.shutdown()


class _GzipMembers(io.RawIOBase):
    """A write-only raw stream that gzips each block it is given as a separate member."""

    def __init__(self, raw: BinaryIO, pool: Executor) -> None:
        super().__init__()
        self._raw = raw
        self._pool = pool
        self._pending: deque[Future[bytes]] = deque()
        self._empty = True

    def writable(self) -> bool:
        return True

    def write(self, block) -> int:  # type: ignore[override]
        self._pending.append(self._pool.submit(gzip.compress, bytes(block), GZIP_LEVEL, mtime=0))
        self._empty = False
        while len(self._pending) > IN_FLIGHT:
            self._raw.write(self._pending.popleft().result())
        return len(block)

    def close(self) -> None:
        if not self.closed:
            if self._empty:  # an empty file is not gzip; an empty member is
                self.write(b"")
            while self._pending:
                self._raw.write(self._pending.popleft().result())
            super().close()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _describe(path: Path, kind: str, description: str, sha256: str | None = None) -> DumpFile:
    return DumpFile(path.name, kind, path.stat().st_size, sha256 or sha256_file(path),
                    description)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_schema_objects(conn: sqlite3.Connection, kind: str, out: TextIO) -> None:
    """Indexes, views or triggers in creation order (autoindexes have no SQL and come free)."""
    for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        "AND tbl_name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY rowid", [kind]
    ):
        out.write(f"{sql};\n")


def _write_inserts(conn: sqlite3.Connection, table: Table, out: TextIO, render,
                   *, with_rowid: bool = True) -> None:
    """One INSERT per row, each rendered inside SQLite (quote() is C, and exact for floats)."""
    names = [c.name for c in table.columns]
    values = [render(_ident(n)) for n in names]
    if with_rowid and table.has_rowid:
        names, values = ["rowid", *names], ["rowid", *values]
    head = f"INSERT INTO {_ident(table.name)}({','.join(map(_ident, names))}) VALUES("
    select = " || ',' || ".join(values)
    for (row,) in conn.execute(
        f"SELECT {select} FROM {_ident(table.name)} ORDER BY {table.order_by()}"
    ):
        out.write(head)
        out.write(_escape_marked(row) if "\x00" in row else row)
        out.write(");\n")


def _sqlite_value(column: str) -> str:
    """SQL literal of a value; text holding NUL or CR goes as hex.

    quote() stops at a NUL, and the sqlite3 shell reads its input line by line, dropping the
    CR of each CRLF; hex survives both (and such text is rare in extracted pages).
    """
    return (f"CASE WHEN typeof({column}) = 'text' AND {_awkward(column)} "
            f"THEN 'CAST(X''' || hex({column}) || ''' AS TEXT)' ELSE quote({column}) END")


def _postgres_value(column: str) -> str:
    """PostgreSQL literal of a value: bytea hex for blobs; text holding NUL or CR gets marked.

    PostgreSQL text cannot hold NUL and a CR is safest escaped, but SQLite's replace() and
    quote() stop at a NUL; so such text comes out as NUL, its hex, NUL, which `_escape_marked`
    rewrites in Python (nothing else quote() returns contains a NUL: the marker is unambiguous).
    """
    return (f"CASE typeof({column}) WHEN 'blob' THEN '''\\x' || hex({column}) || '''' "
            f"WHEN 'text' THEN CASE WHEN {_awkward(column)} "
            f"THEN char(0) || hex({column}) || char(0) ELSE quote({column}) END "
            f"ELSE quote({column}) END")


def _awkward(column: str) -> str:
    """SQL test for text a plain quoted literal cannot carry safely: it holds a NUL or a CR."""
    return f"(instr({column}, char(0)) OR instr({column}, char(13)))"


_MARKED = re.compile("\x00([0-9A-F]*)\x00")


def _escape_marked(row: str) -> str:
    """Turn each marked hex value of `_postgres_value` into an E'' literal without NULs."""
    def literal(match: re.Match[str]) -> str:
        text = bytes.fromhex(match[1]).decode("utf-8").replace("\x00", "")
        return "E'" + text.replace("\\", "\\\\").replace("'", "''").replace("\r", "\\r") + "'"
    return _MARKED.sub(literal, row)


def _postgres_type(declared: str) -> str:
    """SQLite's affinity rules (https://sqlite.org/datatype3.html, 3.1) mapped to PostgreSQL."""
    upper = declared.upper()
    if "INT" in upper:
        return "BIGINT"
    if any(s in upper for s in ("CHAR", "CLOB", "TEXT")) or not upper:
        return "TEXT"
    if "BLOB" in upper:
        return "BYTEA"
    if any(s in upper for s in ("REAL", "FLOA", "DOUB")):
        return "DOUBLE PRECISION"
    return "NUMERIC"


def _postgres_create(table: Table) -> str:
    lines = [f"  {_ident(c.name)} {_postgres_type(c.type)}{' NOT NULL' if c.notnull else ''}"
             for c in table.columns]
    pks = [c.name for c in sorted(table.columns, key=lambda c: c.pk) if c.pk]
    if pks:
        lines.append(f"  PRIMARY KEY ({', '.join(map(_ident, pks))})")
    return f"CREATE TABLE {_ident(table.name)} (\n" + ",\n".join(lines) + "\n);\n"


def _postgres_indexes(conn: sqlite3.Connection, table: Table) -> str:
    """Unique constraints and plain indexes; partial and expression indexes are SQLite-only."""
    statements = []
    for _, name, unique, origin, partial in conn.execute(
        f"PRAGMA main.index_list({_ident(table.name)})"
    ):
        columns = [r[2] for r in conn.execute(f"PRAGMA main.index_info({_ident(name)})")]
        if origin == "pk" or partial or None in columns:
            continue
        cols = ", ".join(map(_ident, columns))
        if origin == "u":
            statements.append(f"ALTER TABLE {_ident(table.name)} ADD UNIQUE ({cols});\n")
        else:
            statements.append(f"CREATE {'UNIQUE ' if unique else ''}INDEX {_ident(name)} "
                              f"ON {_ident(table.name)} ({cols});\n")
    return "".join(reversed(statements))  # index_list lists the newest first


def _ident(name: str) -> str:
    """A double-quoted identifier: valid in SQLite and PostgreSQL alike."""
    return '"' + name.replace('"', '""') + '"'


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
