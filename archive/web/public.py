"""The ASGI layer in front of Datasette: security headers, and what a public archive refuses.

Every response gets a Content-Security-Policy (scripts and styles from the archive itself,
no image, frame or connection to another origin, so a hostile text or a `*_markdown` alias
cannot load anything from elsewhere), nosniff, a refusal to be framed and a referrer policy
that keeps readers' searches from the publishers' sites. A view that sets its own policy (the
archived copy, stricter) keeps it.

The archive is public when its database is served immutable (`health-archive serve --public`).
Then this layer also refuses every method but GET and HEAD (so no plugin or future endpoint
can take a write); hides the endpoints of no use to readers (thread stacks, the actor and
permission debuggers, message and auth-token endpoints, and /-/databases, which shows the
file's path); answers 429 to a client with CLIENT_LIMIT requests in flight already (static
files excepted); marks requests carrying SQL a visitor wrote, which archive.web.bounded_sql
runs on their own thread; and marks HTML pages, which show PAGE_ROWS rows at most (a table
page's `_size` is lowered to it, so its next-page link still works).
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from archive.web.bounded_sql import HTML_PAGE, PAGE_ROWS, VISITOR_SQL

if TYPE_CHECKING:
    from datasette.app import Datasette

BLOCKED_PATHS = frozenset({
    "/-/threads", "/-/threads.json", "/-/actor", "/-/actor.json", "/-/permissions",
    "/-/messages", "/-/allow-debug", "/-/auth-token", "/-/logout",
    "/-/databases", "/-/databases.json",
})
READ_METHODS = frozenset({"GET", "HEAD"})
# A browser loads a page, then its dashboard charts in parallel (six queries); more than this
# at once from one address is a script.
CLIENT_LIMIT = 8
STATIC_PREFIXES = ("/-/static/", "/-/static-plugins/", "/-/health-archive/", "/downloads/",
                   "/favicon.ico")
VISITOR_SQL_PARAMETERS = frozenset({"sql", "_where"})
DATA_PATH = re.compile(r"\.(json|csv|tsv|atom|db)$")  # Datasette's renderers and the download
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'self'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}

Asgi = Callable[[dict[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
                Awaitable[None]]


def is_public(datasette: Datasette) -> bool:
    """Whether every database with a file is served immutable."""
    files = [db for db in datasette.databases.values() if db.path]
    return bool(files) and not any(db.is_mutable for db in files)


def client_key(scope: dict[str, Any]) -> str:
    """Who a request counts against: its address, or its /64 for IPv6 (one host's usual share)."""
    host = (scope.get("client") or ("",))[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return host


def public_guard(app: Asgi, datasette: Datasette) -> Asgi:
    """Wrap the Datasette ASGI app with the headers, and the public-mode refusals and limits."""
    in_flight: Counter[str] = Counter()

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)
        send = _with_security_headers(send)
        if not is_public(datasette):
            return await app(scope, receive, send)
        if scope["method"] not in READ_METHODS:
            return await _refuse(send, 405, "read-only archive", {"allow": "GET, HEAD"})
        if scope["path"].rstrip("/") in BLOCKED_PATHS:
            return await _refuse(send, 404, "not available on the public archive", {})
        if scope["path"].startswith(STATIC_PREFIXES):
            return await app(scope, receive, send)
        client = client_key(scope)
        if in_flight[client] >= CLIENT_LIMIT:
            return await _refuse(send, 429, "too many requests at once from your address",
                                 {"retry-after": "1"})
        in_flight[client] += 1
        parameters = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                               keep_blank_values=True)
        visitor_sql = VISITOR_SQL.set(any(name in VISITOR_SQL_PARAMETERS for name, _ in parameters))
        html = not DATA_PATH.search(scope["path"]) and not any(n == "_format" for n, _ in parameters)
        html_page = HTML_PAGE.set(html)
        try:
            await app(_page_sized(scope, parameters) if html else scope, receive, send)
        finally:
            HTML_PAGE.reset(html_page)
            VISITOR_SQL.reset(visitor_sql)
            in_flight[client] -= 1
            if not in_flight[client]:
                del in_flight[client]

    return guarded


def _page_sized(scope: dict[str, Any], parameters: list[tuple[str, str]]) -> dict[str, Any]:
    """The request with `_size` (a number, or max) lowered to PAGE_ROWS."""
    if not any(name == "_size" for name, _ in parameters):
        return scope
    sized = [(name, str(PAGE_ROWS) if name == "_size" and not _at_most(value, PAGE_ROWS) else value)
             for name, value in parameters]
    return {**scope, "query_string": urlencode(sized).encode("latin-1")}


def _at_most(value: str, limit: int) -> bool:
    return value.isdigit() and int(value) <= limit


def _with_security_headers(send: Any) -> Any:
    async def sending(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {name.lower() for name, _ in headers}
            headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
                        if name.encode() not in present]
            message = {**message, "headers": headers}
        await send(message)

    return sending


async def _refuse(send: Any, status: int, message: str, extra: dict[str, str]) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers += [(k.encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": message.encode() + b"\n"})
