"""Upgrading an archive from every earlier schema version keeps its data and ends at today's schema.

Generic over `archive.migrations`: for each prefix of the migration list an archive is made at
that version, filled with representative rows generated from its own tables' columns, then
upgraded by `open_db`. A migration appended tomorrow is covered without touching this file.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from archive.db import open_db, schema_version
from archive.dumps import read_tables
from archive.migrations import migrations

NAMES = [m.name for m in migrations.pending(sqlite_utils.Database(memory=True))]
ROWS_PER_TABLE = 3


def value(table: str, column: str, declared: str, i: int) -> Any:
    """A deterministic value for row `i`, unique per row (for UNIQUE and primary keys)."""
    upper = declared.upper()
    if "INT" in upper:
        return i + 1
    if any(s in upper for s in ("REAL", "FLOA", "DOUB")):
        return i + 0.25
    if "BLOB" in upper:
        return f"{table}.{column}.{i}".encode()
    return f"{table}.{column}.{i} щеплення ვაქცინაცია екпе {i}"


def fill(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Insert representative rows into every ordinary table; return what was inserted.

    Foreign-key columns take the referenced row's value so the rows hang together. A value
    a CHECK constraint rejects is left to the column's default (or NULL) instead.
    """
    tables = {t.name: t for t in read_tables(conn)}
    inserted: dict[str, list[dict[str, Any]]] = {}
    for table in tables.values():
        # Tables with a leading underscore are derived, kept by triggers from the others.
        if table.virtual or table.name == migrations.migrations_table or table.name.startswith("_"):
            continue
        refs = {r[3]: (r[2], r[4]) for r in conn.execute(f'PRAGMA foreign_key_list("{table.name}")')}
        inserted[table.name] = []
        for i in range(ROWS_PER_TABLE):
            row = {}
            for c in table.columns:
                parent, parent_column = refs.get(c.name, (table.name, c.name))
                declared = next(p.type for p in tables[parent].columns if p.name == parent_column)
                row[c.name] = value(parent, parent_column, declared, i)
            inserted[table.name].append(_insert(conn, table.name, row))
    conn.commit()
    return inserted


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> dict[str, Any]:
    """Insert `row`, dropping the columns a failed CHECK constraint names until it fits."""
    while True:
        try:
            names = ", ".join(f'"{n}"' for n in row)
            conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(row))})',
                         list(row.values()))
            return row
        except sqlite3.IntegrityError as exc:
            message = str(exc)
            rejected = [n for n in row if "CHECK" in message and re.search(rf"\b{re.escape(n)}\b", message)]
            if not rejected:
                raise
            for name in rejected:
                del row[name]


def columns_of(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f'PRAGMA table_xinfo("{table}")')}


def schema(path: Path) -> dict[str, Any]:
    """What must not depend on the upgrade path: objects' SQL and every table's columns."""
    with sqlite3.connect(path) as conn:
        objects = sorted(
            (kind, name, " ".join(sql.split()))
            for kind, name, sql in conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        columns = {name: conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall()
                   for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    return {"objects": objects, "columns": columns, "user_version": version}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fresh") / "fresh.db"
    open_db(path).close()
    return path


def test_migrations_are_listed() -> None:
    assert NAMES and NAMES[0] == "m001_initial"
    assert len(set(NAMES)) == len(NAMES)


def test_the_source_health_views_of_m002_and_m006_are_the_sql_they_were_written_as() -> None:
    """Both are built by one helper now; an archive stores the view's text, so the SQL they
    execute must stay what it was when they were written (its SHA-256 then)."""
    conn = sqlite3.connect(":memory:")
    executed: list[str] = []
    conn.set_trace_callback(executed.append)
    migrations.apply(sqlite_utils.Database(conn), stop_before="m007_country_date_index")
    views = [sql for sql in executed if sql.lstrip().startswith("CREATE VIEW source_health")]
    assert [hashlib.sha256(sql.encode()).hexdigest() for sql in views] == [
        "50ef6547fde00d6ccbeaefd84584b5f506d5a9264c14f71197f5dea659e4cb46",
        "35c288dbae762eca218f02d95971d60ae26909694e2277b64ef27f827834b9c4",
    ]


@pytest.mark.parametrize("stop_before", NAMES, ids=[f"from-v{i}" for i in range(len(NAMES))])
def test_upgrade_from_every_earlier_version(tmp_path: Path, fresh: Path, stop_before: str) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before=stop_before)
    version = NAMES.index(stop_before)
    assert schema_version(old) == version
    inserted = fill(old.conn)
    old.close()

    db = open_db(path)
    assert schema_version(db) == len(NAMES)
    for table, rows in inserted.items():
        columns = columns_of(db.conn, table)
        stored = [dict(zip([d[0] for d in cur.description], r)) for cur in
                  [db.conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')] for r in cur]
        for row in rows:
            kept = {k: v for k, v in row.items() if k in columns}
            assert any(kept.items() <= s.items() for s in stored), f"{table} lost {kept}"
    for table in read_tables(db.conn):
        if table.virtual and "fts5" in table.sql.lower():
            db.execute(f'INSERT INTO "{table.name}"("{table.name}") VALUES(\'integrity-check\')')
    db.close()
    assert schema(path) == schema(fresh)
