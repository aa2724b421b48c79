"""The announcements table page opens on the columns a person reads first.

Datasette 0.65 shows every column of a table unless the URL names some (`_col=`), and an
announcement has 22, with its whole text: the page was 4,400 px wide with the title off
screen. A request for the table's HTML page that names no columns is redirected to the same
URL with DEFAULT_COLUMNS; its "columns" menu brings the others back, one click away. JSON,
CSV and any URL that chose its columns are untouched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

DEFAULT_COLUMNS = ("title", "published_at", "source_id", "country", "language")
CHOICE_ARGS = frozenset({"_col", "_nocol", "_sql", "sql"})

Asgi = Callable[[dict[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
                Awaitable[None]]


def default_columns(app: Asgi, table_path: Callable[[], str | None]) -> Asgi:
    """Wrap `app`: redirect the bare HTML table page at `table_path()` to its default columns."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") \
                and scope["path"] == table_path():
            args = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                             keep_blank_values=True)
            if not CHOICE_ARGS.intersection(name for name, _ in args):
                query = urlencode(args + [("_col", c) for c in DEFAULT_COLUMNS])
                location = f"{scope.get('root_path', '')}{scope['path']}?{query}"
                await send({"type": "http.response.start", "status": 302,
                            "headers": [(b"location", location.encode()),
                                        (b"content-type", b"text/plain; charset=utf-8")]})
                await send({"type": "http.response.body", "body": b""})
                return
        await app(scope, receive, send)

    return wrapped
