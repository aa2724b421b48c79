"""What there is to dump: the archive's tables and views as SQLite describes them.

Every format is written from these descriptions, so a column added by a migration appears
in every file without touching the writers. `affinity` is the one reading of SQLite's
declared types (https://sqlite.org/datatype3.html, 3.1) that the PostgreSQL types and the
Frictionless field types both start from.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Literal

Affinity = Literal["INTEGER", "TEXT", "BLOB", "REAL", "NUMERIC"]


def affinity(declared: str) -> Affinity:
    """SQLite's type affinity of a declared column type, by its five rules in their order."""
    upper = declared.upper()
    if "INT" in upper:
        return "INTEGER"
    if any(s in upper for s in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if "BLOB" in upper or not upper:
        return "BLOB"
    if any(s in upper for s in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


@dataclass(frozen=True)
class Column:
    """One stored column, as PRAGMA table_xinfo reports it (generated columns excluded)."""

    name: str
    type: str
    notnull: bool
    pk: int  # position in the primary key, 0 when not part of it


@dataclass(frozen=True)
class Table:
    """A table to dump (ordinary, or virtual with the shadow tables it owns), or a view."""

    name: str
    sql: str
    virtual: bool
    columns: tuple[Column, ...]
    has_rowid: bool  # a rowid no INTEGER PRIMARY KEY column carries: dumped, as indexes key on it
    without_rowid: bool
    shadows: tuple[str, ...] = ()
    view: bool = False

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

    @property
    def published(self) -> bool:
        """Offered as CSV and JSON Lines: researchers' tables and views, not indexes or
        bookkeeping (`_sqlite_migrations`), which only the SQL dumps and the .sqlite carry."""
        return not self.virtual and not self.name.startswith("_")

    def order_by(self) -> str:
        """Rowid order (or primary-key order) keeps dumps of the same data byte-identical;
        a view is ordered by all its columns, first to last."""
        if self.view:
            return ", ".join(ident(c.name) for c in self.columns)
        if not self.without_rowid:
            return "rowid"
        return ", ".join(ident(c.name) for c in sorted(self.columns, key=lambda c: c.pk) if c.pk)


_FTS_MODULE = re.compile(r"\bUSING\s+fts[345]\b", re.IGNORECASE)
_CONTENT_OPTION = re.compile(r"\bcontent\s*=\s*('[^']*'|\"[^\"]*\"|\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class ForeignKey:
    """A column referring to another table's column (PRAGMA foreign_key_list)."""

    column: str
    table: str
    to: str


def read_tables(conn: sqlite3.Connection) -> list[Table]:
    """The dumpable tables in creation order: ordinary and virtual, never SQLite's own."""
    kinds = {row[1]: row[2] for row in conn.execute("PRAGMA main.table_list")}
    shadows = [name for name, kind in kinds.items() if kind == "shadow"]
    return [
        table_of(conn, name, sql, virtual=kinds[name] == "virtual",
                 shadows=[s for s in shadows if s.startswith(f"{name}_")]
                 if kinds[name] == "virtual" else [])
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY rowid").fetchall()
        if kinds[name] != "shadow"
    ]


def read_views(conn: sqlite3.Connection) -> list[Table]:
    """The views in creation order, with the columns their SELECT yields."""
    return [
        Table(name, sql, False, tuple(Column(r[1], r[2] or "", False, 0) for r in
                                      conn.execute(f"PRAGMA main.table_info({ident(name)})")),
              False, False, view=True)
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid").fetchall()
    ]


def table_of(conn: sqlite3.Connection, name: str, sql: str = "", *, virtual: bool = False,
             shadows: list[str] | None = None) -> Table:
    """A Table as SQLite describes it (shadow tables too, to copy their rows verbatim)."""
    columns = tuple(Column(r[1], r[2] or "", bool(r[3]), r[5])
                    for r in conn.execute(f"PRAGMA main.table_xinfo({ident(name)})") if r[6] == 0)
    without_rowid = bool(next(conn.execute(f"PRAGMA main.table_list({ident(name)})"))[4])
    pks = [c for c in columns if c.pk]
    aliased = len(pks) == 1 and pks[0].type.upper() == "INTEGER"
    return Table(name, sql, virtual, columns, not without_rowid and not aliased, without_rowid,
                 tuple(shadows or ()))


def foreign_keys(conn: sqlite3.Connection, table: str) -> list[ForeignKey]:
    """Single-column foreign keys of `table` (the only kind the archive declares)."""
    return [ForeignKey(r[3], r[2], r[4]) for r in
            conn.execute(f"PRAGMA main.foreign_key_list({ident(table)})") if r[1] == 0]


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per ordinary table, for the manifest (virtual tables only mirror these)."""
    return {
        t.name: conn.execute(f"SELECT count(*) FROM {ident(t.name)}").fetchone()[0]
        for t in read_tables(conn) if not t.virtual
    }


def ident(name: str) -> str:
    """A double-quoted identifier: valid in SQLite and PostgreSQL alike."""
    return '"' + name.replace('"', '""') + '"'


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
