"""The SQLite side of a dump: the consistent snapshot every file is made from, and the SQL
dump that rebuilds the archive in the `sqlite3` shell.

The SQL is written here rather than by `sqlite3 .dump` or Python's `iterdump()`: both copy
an FTS5 index as raw shadow-table pages behind `PRAGMA writable_schema`, neither keeps the
implicit rowids an external-content index points at nor `PRAGMA user_version`, and the shell
may not be installed where the dump runs.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import TextIO

from archive.dumps.schema import Table, ident, read_tables, sql_string, table_of


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
            out.write(f"DELETE FROM {ident(shadow)};\n")
            _write_inserts(conn, table_of(conn, shadow), out)
        if table.strategy == "rows":
            _write_inserts(conn, table, out)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone():
        out.write("DELETE FROM sqlite_sequence;\n")
        for name, seq in conn.execute("SELECT name, seq FROM sqlite_sequence ORDER BY name"):
            out.write(f"INSERT INTO sqlite_sequence VALUES({sql_string(name)},{seq});\n")
    for kind in ("index", "view"):
        _write_schema_objects(conn, kind, out)
    for table in tables:
        if table.strategy == "rebuild":
            out.write(f"INSERT INTO {ident(table.name)}({ident(table.name)}) VALUES('rebuild');\n")
    _write_schema_objects(conn, "trigger", out)
    user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    out.write(f"PRAGMA user_version={user_version};\nCOMMIT;\n")


def _write_schema_objects(conn: sqlite3.Connection, kind: str, out: TextIO) -> None:
    """Indexes, views or triggers in creation order (autoindexes have no SQL and come free)."""
    for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = ? AND sql IS NOT NULL "
        "AND tbl_name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY rowid", [kind]
    ):
        out.write(f"{sql};\n")


def _write_inserts(conn: sqlite3.Connection, table: Table, out: TextIO) -> None:
    """One INSERT per row, each rendered inside SQLite (quote() is C, and exact for floats)."""
    names = [c.name for c in table.columns]
    values = [_sqlite_value(ident(n)) for n in names]
    if table.has_rowid:
        names, values = ["rowid", *names], ["rowid", *values]
    head = f"INSERT INTO {ident(table.name)}({','.join(map(ident, names))}) VALUES("
    select = " || ',' || ".join(values)
    for (row,) in conn.execute(
        f"SELECT {select} FROM {ident(table.name)} ORDER BY {table.order_by()}"
    ):
        out.write(head)
        out.write(row)
        out.write(");\n")


def _sqlite_value(column: str) -> str:
    """SQL literal of a value; text holding NUL or CR goes as hex.

    quote() stops at a NUL, and the sqlite3 shell reads its input line by line, dropping the
    CR of each CRLF; hex survives both (and such text is rare in extracted pages).
    """
    return (f"CASE WHEN typeof({column}) = 'text' AND "
            f"(instr({column}, char(0)) OR instr({column}, char(13))) "
            f"THEN 'CAST(X''' || hex({column}) || ''' AS TEXT)' ELSE quote({column}) END")
