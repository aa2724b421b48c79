"""Datasette's private parts the site relies on, behind names of our own.

tests/test_compat.py checks each still exists with the shape used here, so a Datasette upgrade
that renames one fails that test rather than the public site.
"""

from __future__ import annotations

import sqlite3
from typing import Any


def prepare_connection(ds: Any, conn: sqlite3.Connection, database: str) -> None:
    """Give a connection opened outside Datasette's own pool what Datasette gives each of its
    own (row factory, extensions, every plugin's prepare_connection hook: the search's SQL
    functions among them). Datasette 0.65 does this only in its private `_prepare_connection`."""
    ds._prepare_connection(conn, database)
