"""The PostgreSQL dump: typed tables loaded with COPY, then keys, indexes, views, comments.

COPY is PostgreSQL's bulk path: at 30,000 announcements it loads in a fraction of the time
row-by-row INSERTs take, and the dump is smaller. Every row is rendered inside SQLite into
COPY's text format (tab-separated, backslash escapes, `\\N` for NULL); `psql` reads the data
from the dump itself (`COPY ... FROM stdin`), so one file still loads with one command.

Columns get PostgreSQL types from `fields` (dates, timestamps with time zone, booleans,
jsonb arrays) or else from SQLite's affinity. A view arrives as a table of its rows at the
snapshot: its SQL uses SQLite's own functions (`total()`, boolean arithmetic), and a dump's
data never changes anyway. Virtual tables (full-text search) and triggers are SQLite-only
and left out. NUL characters, which PostgreSQL text cannot hold, are dropped.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TextIO

from archive import datapackage
from archive.dumps.fields import field
from archive.dumps.schema import Column, Table, affinity, ident, read_tables, read_views, sql_string

VIEW_NOTE = "(The view's rows at the time of the dump, as a table.)"
_BY_AFFINITY = {"INTEGER": "BIGINT", "TEXT": "TEXT", "BLOB": "BYTEA", "REAL": "DOUBLE PRECISION",
                "NUMERIC": "NUMERIC"}
_BY_KIND = {"date": "DATE", "datetime": "TIMESTAMPTZ", "boolean": "BOOLEAN", "array": "JSONB",
            "integer": "BIGINT"}


def write_postgres_sql(conn: sqlite3.Connection, out: TextIO,
                       docs: datapackage.Descriptions | None = None) -> None:
    """Stream a dump that `psql -f` (or `psql < file`) loads in one transaction."""
    docs = docs or {}
    out.write("SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n")
    tables = [t for t in read_tables(conn) if not t.virtual]
    views = read_views(conn)
    for relation in [*tables, *views]:
        out.write(_create(relation))
    for relation in [*tables, *views]:
        _write_copy(conn, relation, out)
    for table in tables:
        out.write(_indexes(conn, table))
    for relation in [*tables, *views]:
        description, columns = docs.get(relation.name, ("", {}))
        if relation.view:
            description = f"{description} {VIEW_NOTE}".strip()
        if description:
            out.write(f"COMMENT ON TABLE {ident(relation.name)} IS {sql_string(description)};\n")
        for column in relation.columns:
            if columns.get(column.name):
                out.write(f"COMMENT ON COLUMN {ident(relation.name)}.{ident(column.name)} "
                          f"IS {sql_string(columns[column.name])};\n")
    out.write("COMMIT;\n")


def postgres_type(table: str, column: Column) -> str:
    """The column's meaning (`fields`) if known, else SQLite's affinity; an undeclared column
    may hold any value, and only text takes them all."""
    meaning = field(table, column.name)
    if meaning is not None and meaning.kind in _BY_KIND:
        return _BY_KIND[meaning.kind]
    return _BY_AFFINITY[affinity(column.type)] if column.type else "TEXT"


def _create(table: Table) -> str:
    lines = [f"  {ident(c.name)} {postgres_type(table.name, c)}{' NOT NULL' if c.notnull else ''}"
             for c in table.columns]
    pks = [c.name for c in sorted(table.columns, key=lambda c: c.pk) if c.pk]
    if pks:
        lines.append(f"  PRIMARY KEY ({', '.join(map(ident, pks))})")
    return f"CREATE TABLE {ident(table.name)} (\n" + ",\n".join(lines) + "\n);\n"


def _write_copy(conn: sqlite3.Connection, table: Table, out: TextIO) -> None:
    """The table's rows as one COPY block, in rowid order (the same bytes for the same data)."""
    names = ", ".join(ident(c.name) for c in table.columns)
    out.write(f"COPY {ident(table.name)} ({names}) FROM stdin;\n")
    select = " || char(9) || ".join(_copy_value(ident(c.name)) for c in table.columns)
    for (row,) in conn.execute(
        f"SELECT {select} FROM {ident(table.name)} ORDER BY {table.order_by()}"
    ):
        out.write(_MARKED.sub(_unmark, row) if "\x00" in row else row)
        out.write("\n")
    out.write("\\.\n")


def _copy_value(column: str) -> str:
    """A value in COPY's text format, rendered by SQLite.

    Text escapes backslash, newline, CR and tab. SQLite's replace() stops at a NUL, so text
    holding one comes out as NUL, its hex, NUL, which `_unmark` rewrites in Python (nothing
    else rendered here contains a NUL: the marker is unambiguous).
    """
    escaped = column
    for raw, escape in (("'\\'", "'\\\\'"), ("char(10)", "'\\n'"), ("char(13)", "'\\r'"),
                        ("char(9)", "'\\t'")):
        escaped = f"replace({escaped}, {raw}, {escape})"
    return (f"CASE typeof({column}) WHEN 'null' THEN '\\N' "
            f"WHEN 'blob' THEN '\\\\x' || hex({column}) WHEN 'real' THEN quote({column}) "
            f"WHEN 'text' THEN CASE WHEN instr({column}, char(0)) "
            f"THEN char(0) || hex({column}) || char(0) ELSE {escaped} END "
            f"ELSE {column} END")


_MARKED = re.compile("\x00([0-9A-F]*)\x00")


def _unmark(match: re.Match[str]) -> str:
    text = bytes.fromhex(match[1]).decode("utf-8").replace("\x00", "")
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
            .replace("\t", "\\t"))


def _indexes(conn: sqlite3.Connection, table: Table) -> str:
    """Unique constraints and plain indexes; partial and expression indexes are SQLite-only."""
    statements = []
    for _, name, unique, origin, partial in conn.execute(
        f"PRAGMA main.index_list({ident(table.name)})"
    ):
        columns = [r[2] for r in conn.execute(f"PRAGMA main.index_info({ident(name)})")]
        if origin == "pk" or partial or None in columns:
            continue
        cols = ", ".join(map(ident, columns))
        if origin == "u":
            statements.append(f"ALTER TABLE {ident(table.name)} ADD UNIQUE ({cols});\n")
        else:
            statements.append(f"CREATE {'UNIQUE ' if unique else ''}INDEX {ident(name)} "
                              f"ON {ident(table.name)} ({cols});\n")
    return "".join(reversed(statements))  # index_list lists the newest first
