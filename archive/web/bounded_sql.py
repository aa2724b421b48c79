"""SQL for anonymous visitors, bounded in time, memory, threads and what it can read.

The time limit is enforced by a watchdog thread that interrupts late statements
(sqlite3's `interrupt()`), not by Datasette's per-step progress handler (see WATCH_INTERVAL).
SQLite checks for an interrupt between virtual-machine steps, so one step that builds a huge
value escapes any time limit: `select hex(zeroblob(100000000))` ran 11 s and took 1.8 GB under
a 1 s limit. A public archive therefore also needs:

* a cap on any single value (SQLITE_LIMIT_LENGTH): such a step fails at once with "string or
  blob too big", so every step stays short and the time limit holds;
* a cap on a whole result (RESULT_BYTES, counted as rows are fetched): 1,000 rows of a few
  MB each would otherwise all be held, then rendered;
* a cap on SQLite's heap across all connections (HARD_HEAP_BYTES), the backstop for sorts and
  recursive queries that hold many small values;
* its own thread for SQL a visitor wrote (`?sql=`, `_where=`): the canned queries, the search,
  tables and record pages run on Datasette's threads, so ten heavy queries queue behind each
  other instead of in front of readers;
* no file paths: `pragma_database_list` would show where the server keeps the archive;
* at most PAGE_ROWS rows on an HTML page: Datasette renders each cell through every plugin's
  hook on the event loop, 1-1.5 s for a page of 1,000 announcements during which no other
  request is answered; the JSON and CSV of the same query still give max_returned_rows.

Errors go to the log as one line (the statement cut to a few hundred characters).
"""

from __future__ import annotations

import asyncio
import contextvars
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from datasette.database import Database, QueryInterrupted, Results, connections
from datasette.tracer import trace

from archive.web.compat import prepare_connection

VALUE_BYTES = 8 << 20  # larger than any stored row: texts extracted from pages of 10 MB at most
RESULT_BYTES = 16 << 20  # characters and bytes of one result; 1,000 announcements are ~5 MB
HARD_HEAP_BYTES = 256 << 20  # SQLite's whole heap: page caches, sorters, values in flight
VISITOR_SQL_THREADS = 1
LOGGED_SQL_CHARS = 300
# How often the watchdog looks at the clock. Datasette's time limit is a progress handler, a
# Python callback every 1,000 virtual-machine steps: a query burning its whole limit took the
# GIL ~10,000 times a second and starved the event loop on a busy host (a 60 ms search took
# 1-2 s beside ten such queries). One thread interrupting late statements costs 100 looks a
# second for the whole server.
WATCH_INTERVAL = 0.01
PAGE_ROWS = 100

VISITOR_SQL: contextvars.ContextVar[bool] = contextvars.ContextVar("visitor_sql", default=False)
"""True while a request whose SQL a visitor wrote is being answered (set by archive.web.public)."""
HTML_PAGE: contextvars.ContextVar[bool] = contextvars.ContextVar("html_page", default=False)
"""True while an HTML page is being answered (set by archive.web.public)."""


class Watchdog:
    """Interrupts, from its own thread, each statement still running past its deadline."""

    def __init__(self) -> None:
        self._running: dict[object, tuple[sqlite3.Connection, float]] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._watch, name="sql-watchdog", daemon=True).start()

    @contextmanager
    def limit(self, conn: sqlite3.Connection, ms: int) -> Iterator[None]:
        """Statements on `conn` inside are interrupted ("interrupted") after `ms` milliseconds.

        Close their cursors inside: an interrupt that lands after the block reaches no statement
        (SQLite forgets it when the next one starts with none running).
        """
        key = object()
        with self._lock:
            self._running[key] = (conn, time.monotonic() + ms / 1000)
        try:
            yield
        finally:
            with self._lock:
                del self._running[key]

    def _watch(self) -> None:
        while True:
            time.sleep(WATCH_INTERVAL)
            now = time.monotonic()
            with self._lock:
                for conn, deadline in self._running.values():
                    if now >= deadline:
                        conn.interrupt()


class ResultTooLarge(sqlite3.OperationalError):
    """A result's values add up to more than RESULT_BYTES (shown to the visitor as a 400)."""


def _hide_file_paths(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    """Authorizer: `pragma_database_list.file` reads as NULL (Datasette's own PRAGMA still works)."""
    if action == sqlite3.SQLITE_READ and arg1 == "pragma_database_list" and arg2 == "file":
        return sqlite3.SQLITE_IGNORE
    return sqlite3.SQLITE_OK


def _fetch(cursor: sqlite3.Cursor, max_rows: int | None) -> tuple[list[Any], bool]:
    """Up to `max_rows` rows (all when None) and whether more were left, within RESULT_BYTES.

    Row by row: a batch of rows of VALUE_BYTES each would overshoot the cap before the count.
    """
    rows: list[Any] = []
    size = 0
    for row in cursor:
        size += sum(len(v) for v in row if isinstance(v, (str, bytes)))
        if size > RESULT_BYTES:
            raise ResultTooLarge(f"result too large: over {RESULT_BYTES >> 20} MB of values; "
                                 "select fewer rows or columns, or use the downloads")
        rows.append(row)
        if max_rows is not None and len(rows) > max_rows:
            return rows[:max_rows], True
    return rows, False


class PublicDatabase(Database):
    """An immutable archive database with the bounds above (Datasette 0.65's Database API)."""

    def __init__(self, ds: Any, path: str, is_mutable: bool = False) -> None:
        super().__init__(ds, path=path, is_mutable=is_mutable)
        self._visitor_executor = ThreadPoolExecutor(VISITOR_SQL_THREADS, "visitor-sql")
        self._watchdog = Watchdog()

    def connect(self, write: bool = False) -> sqlite3.Connection:
        conn = super().connect(write=write)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_BYTES)
        conn.execute(f"PRAGMA hard_heap_limit = {HARD_HEAP_BYTES}")
        conn.set_authorizer(_hide_file_paths)
        return conn

    async def execute_fn(self, fn: Any) -> Any:
        """Run `fn(conn)` on a thread with its own connection: a visitor's SQL on its own thread."""
        executor = self._visitor_executor if VISITOR_SQL.get() else self.ds.executor

        def in_thread() -> Any:
            conn = getattr(connections, self.name, None)
            if not conn:
                conn = self.connect()
                prepare_connection(self.ds, conn, self.name)
                setattr(connections, self.name, conn)
            return fn(conn)

        return await asyncio.get_running_loop().run_in_executor(executor, in_thread)

    async def execute(self, sql: str, params: Any = None, truncate: bool = False,
                      custom_time_limit: int | None = None, page_size: int | None = None,
                      log_sql_errors: bool = True) -> Results:
        """Datasette's execute, with the result cap and SQLite's own errors as 400s."""
        page_size = page_size or self.ds.page_size
        time_limit_ms = self.ds.sql_time_limit_ms
        if custom_time_limit and custom_time_limit < time_limit_ms:
            time_limit_ms = custom_time_limit
        max_rows = self.ds.max_returned_rows
        if max_rows == page_size:
            max_rows += 1
        if HTML_PAGE.get():  # +1: a table page asks for one row more, to know there is a next
            max_rows = min(max_rows, PAGE_ROWS + 1)

        def in_thread(conn: sqlite3.Connection) -> Results:
            with self._watchdog.limit(conn, time_limit_ms), closing(conn.cursor()) as cursor:
                try:
                    cursor.execute(sql, params if params is not None else {})
                    rows, truncated = _fetch(cursor, max_rows if max_rows and truncate else None)
                    description = cursor.description
                except sqlite3.DatabaseError as exc:
                    if exc.args == ("interrupted",):
                        raise QueryInterrupted(exc, sql, params) from None
                    if log_sql_errors:
                        print(f"SQL error: {exc}: {' '.join(sql.split())[:LOGGED_SQL_CHARS]}",
                              file=sys.stderr, flush=True)
                    if isinstance(exc, sqlite3.OperationalError):
                        raise
                    # "string or blob too big" and the like: the visitor's error, not a 500
                    raise sqlite3.OperationalError(str(exc)) from None
            return Results(rows, truncated, description)

        with trace("sql", database=self.name, sql=sql.strip(), params=params):
            return await self.execute_fn(in_thread)
