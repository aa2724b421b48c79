"""Public mode: what a Datasette facing the internet refuses.

The archive is public when its database is served immutable (`health-archive serve --public`).
Datasette 0.65 ships no write API, and an immutable file cannot be written anyway; this guard
refuses every method but GET and HEAD (so no plugin or future endpoint can take a write), and
hides the debugging endpoints that are of no use to readers: thread stacks, the actor and
permission debuggers, message and auth-token endpoints (they set cookies or need --root).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from datasette.app import Datasette

BLOCKED_PATHS = frozenset({
    "/-/threads", "/-/threads.json", "/-/actor", "/-/actor.json", "/-/permissions",
    "/-/messages", "/-/allow-debug", "/-/auth-token", "/-/logout",
})
READ_METHODS = frozenset({"GET", "HEAD"})

Asgi = Callable[[dict[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
                Awaitable[None]]


def is_public(datasette: Datasette) -> bool:
    """Whether every database with a file is served immutable."""
    files = [db for db in datasette.databases.values() if db.path]
    return bool(files) and not any(db.is_mutable for db in files)


def public_guard(app: Asgi, datasette: Datasette) -> Asgi:
    """Wrap the Datasette ASGI app with the public-mode refusals."""

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and is_public(datasette):
            if scope["method"] not in READ_METHODS:
                return await _refuse(send, 405, "read-only archive", {"allow": "GET, HEAD"})
            if scope["path"].rstrip("/") in BLOCKED_PATHS:
                return await _refuse(send, 404, "not available on the public archive", {})
        await app(scope, receive, send)

    return guarded


async def _refuse(send: Any, status: int, message: str, extra: dict[str, str]) -> None:
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    headers += [(k.encode(), v.encode()) for k, v in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": message.encode() + b"\n"})
