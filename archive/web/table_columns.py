"""The announcements table page opens on the columns a person reads first.

Datasette 0.65 shows every column of a table unless the URL names some (`_col=`), and an
announcement has 22, with its whole text: the page was 4,400 px wide with the title off
screen. A request for the table's HTML page that names no columns is served as if it named
DEFAULT_COLUMNS (the URL stays as it was); the page's "every column" link (ALL_COLUMNS in the
URL) shows the rest. JSON, CSV and any URL that chose its columns are untouched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from datasette.utils import path_with_replaced_args
from datasette.utils.asgi import Request

DEFAULT_COLUMNS = ("title", "published_at", "source_id", "country", "language")
ALL_COLUMNS = "_all_columns"
CHOICE_ARGS = frozenset({"_col", "_nocol", ALL_COLUMNS})

Asgi = Callable[[dict[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
                Awaitable[None]]


def default_columns(app: Asgi, table_path: Callable[[], str | None]) -> Asgi:
    """Wrap `app`: the bare HTML table page at `table_path()` shows DEFAULT_COLUMNS."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == table_path():
            args = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                             keep_blank_values=True)
            if not CHOICE_ARGS.intersection(name for name, _ in args):
                query = urlencode(args + [("_col", c) for c in DEFAULT_COLUMNS])
                scope = {**scope, "query_string": query.encode("latin-1")}
        await app(scope, receive, send)

    return wrapped


def all_columns_href(request: Request) -> str:
    """This table page with every column (its filters and sort kept)."""
    return path_with_replaced_args(request, {"_col": None, "_nocol": None, ALL_COLUMNS: "1"})
