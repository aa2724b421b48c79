"""Request and response values shared by the site modules, and HTTP caching rules.

Kept free of sockets so that :func:`replicas.app.handle` can be called in-process
by tests and benchmarks exactly as the HTTP server calls it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .state import ReplicaState

HTML = "text/html; charset=utf-8"


@dataclass
class Request:
    """One HTTP request as the sites see it (header names lower-cased)."""

    method: str
    host: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    state: ReplicaState

    @classmethod
    def build(cls, method: str, host: str, target: str, headers: dict[str, str], body: bytes, state: ReplicaState) -> "Request":
        parts = urlsplit(target)
        return cls(method.upper(), host, parts.path or "/", parse_qs(parts.query, keep_blank_values=True), headers, body, state)

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    def int_arg(self, name: str, default: int) -> int | None:
        """A positive integer parameter; None when present but malformed."""
        raw = self.arg(name)
        if raw is None:
            return default
        return int(raw) if raw.isdigit() and int(raw) > 0 else None

    @property
    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        jar.load(self.headers.get("cookie", ""))
        return {name: morsel.value for name, morsel in jar.items()}


@dataclass
class Response:
    """A response; ``last_modified`` set means: add validators and honour conditionals."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime | None = None


def html(text: str, last_modified: datetime | None, status: int = 200) -> Response:
    return Response(status, text.encode("utf-8"), {"Content-Type": HTML}, last_modified)


def text(body: str, content_type: str, last_modified: datetime | None = None, status: int = 200) -> Response:
    return Response(status, body.encode("utf-8"), {"Content-Type": content_type}, last_modified)


def as_json(value: Any, status: int = 200, last_modified: datetime | None = None) -> Response:
    body = json.dumps(value, ensure_ascii=False).encode("utf-8")
    return Response(status, body, {"Content-Type": "application/json; charset=utf-8"}, last_modified)


def redirect(location: str, status: int = 301) -> Response:
    body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'
    return Response(status, body.encode(), {"Location": location, "Content-Type": HTML})


def not_found(body_html: str = "<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>") -> Response:
    return html(body_html, None, 404)


def finish(request: Request, response: Response) -> tuple[int, dict[str, str], bytes]:
    """Add ETag/Last-Modified to cacheable answers and turn matching conditionals into 304."""
    headers = dict(response.headers)
    body = response.body
    if response.status == 200 and response.last_modified is not None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        modified = response.last_modified.astimezone(timezone.utc).replace(microsecond=0)
        headers["ETag"] = etag
        headers["Last-Modified"] = format_datetime(modified, usegmt=True)
        if _not_modified(request.headers, etag, modified):
            return 304, {"ETag": etag, "Last-Modified": headers["Last-Modified"]}, b""
    headers["Content-Length"] = str(len(body))
    if request.method == "HEAD":
        body = b""
    return response.status, headers, body


def _not_modified(headers: dict[str, str], etag: str, modified: datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match wins; If-Modified-Since only without it."""
    if "if-none-match" in headers:
        tags = [t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")]
        return "*" in tags or etag in tags
    if "if-modified-since" in headers:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
        except (TypeError, ValueError):
            return False
        return since is not None and modified <= since
    return False
