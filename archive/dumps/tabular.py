"""Tables and views as CSV and JSON Lines, typed as `fields` says.

Booleans are written `true`/`false` (pandas, DuckDB, R and Frictionless read them as such,
where 0/1 would read as numbers); arrays are JSON arrays: real ones in JSON Lines, JSON text
in a CSV cell. Everything else is written as stored. Rows come in rowid order (a view's in
the order of its columns), so the same data always gives the same bytes.
"""

from __future__ import annotations

import csv
import sqlite3
from typing import TextIO

from archive.dumps.fields import field
from archive.dumps.schema import Table, ident, sql_string


def write_csv(conn: sqlite3.Connection, table: Table, out: TextIO) -> None:
    """Stream `table` as RFC 4180 CSV with a header row; NULL becomes an empty field."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    values = ", ".join(_csv_value(table, c.name) for c in table.columns)
    writer.writerows(conn.execute(
        f"SELECT {values} FROM {ident(table.name)} ORDER BY {table.order_by()}"))


def write_jsonl(conn: sqlite3.Connection, table: Table, out: TextIO) -> None:
    """Stream `table` as JSON Lines, one object per row, built by SQLite's json_object().

    U+2028 and U+2029 are written escaped: valid JSON either way, but Python's
    `str.splitlines()` and some JavaScript readers break a line at them.
    """
    pairs = ", ".join(f"{sql_string(c.name)}, {_json_value(table, c.name)}"
                      for c in table.columns)
    for (line,) in conn.execute(
        f"SELECT json_object({pairs}) FROM {ident(table.name)} ORDER BY {table.order_by()}"
    ):
        if "\u2028" in line or "\u2029" in line:
            line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        out.write(line)
        out.write("\n")


def _csv_value(table: Table, column: str) -> str:
    name = ident(column)
    meaning = field(table.name, column)
    if meaning is not None and meaning.kind == "boolean":
        return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN 'true' ELSE 'false' END"
    return name


def _json_value(table: Table, column: str) -> str:
    name = ident(column)
    meaning = field(table.name, column)
    if meaning is not None and meaning.kind == "boolean":
        return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN json('true') ELSE json('false') END"
    if meaning is not None and meaning.kind == "array":
        return f"json({name})"
    return name
