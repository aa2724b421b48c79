"""A local site whose pages a test changes between crawls: edits, removals, redirects.

Served on loopback by a real HTTP server: each page answers with an ETag (its content's hash)
and honours If-None-Match with a 304, as a well-behaved publisher does; a page can instead
answer any status, or redirect. Every request is logged, so a test can count what a crawl
fetched and how it was answered.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.news_site import CHROME, FOOTER


@dataclass
class Answer:
    """What one path answers: a body (200, or 304 when the client holds its ETag), another
    status, or a redirect to `location`."""

    body: str = ""
    status: int = 200
    location: str | None = None
    content_type: str = "text/html; charset=utf-8"


class LiveSite:
    """Paths -> answers, edited by the test; unknown paths answer 404."""

    def __init__(self) -> None:
        self.pages: dict[str, Answer] = {}
        self.log: list[tuple[str, int]] = []  # (path, status) of every request
        self.origin = ""
        self._lock = threading.Lock()

    def set(self, path: str, body: str, content_type: str = "text/html; charset=utf-8") -> None:
        self.pages[path] = Answer(body, content_type=content_type)

    def fail(self, path: str, status: int) -> None:
        self.pages[path] = Answer(status=status)

    def redirect(self, path: str, location: str, status: int = 301) -> None:
        self.pages[path] = Answer(status=status, location=location)

    def answer(self, path: str, etag: str | None) -> tuple[int, dict[str, str], bytes]:
        page = self.pages.get(path, Answer(status=404))
        if page.location:
            return page.status, {"Location": self.origin + page.location}, b""
        if page.status != 200:
            return page.status, {}, b"<html><body>Error</body></html>"
        body = page.body.encode("utf-8")
        tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if etag == tag:
            return 304, {"ETag": tag}, b""
        return 200, {"ETag": tag, "Content-Type": page.content_type}, body

    def requests(self, status: int | None = None) -> list[str]:
        """Paths requested since the last `clear_log`, with that status if given."""
        with self._lock:
            return [p for p, s in self.log if status is None or s == status]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    @contextmanager
    def serve(self) -> Iterator[LiveSite]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                status, headers, body = site.answer(self.path, self.headers.get("If-None-Match"))
                with site._lock:
                    site.log.append((self.path, status))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()


def article_page(title: str, date: str, body: str) -> str:
    """An announcement page in tests/news_site.py's layout."""
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<html lang='uk'><head><title>{title} | Центр здоров'я</title></head><body>{CHROME}"
            f"<main><article><h1>{title}</h1><div class='meta'>{date}</div>"
            f"<div class='content'>{paragraphs}</div></article></main>{FOOTER}</body></html>")


def sitemap(origin: str, entries: list[tuple[str, str | None]]) -> str:
    """A urlset of (path, lastmod) entries."""
    urls = "".join(f"<url><loc>{origin}{path}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
                   + "</url>" for path, lastmod in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


def registry_entry(source_id: str, homepage: str, **discovery: list[str]) -> str:
    """One registry entry (YAML) with nothing but its discovery URLs."""
    lines = [f"- id: {source_id}", "  name: Центр здоров'я", f"  name_en: Health Centre ({source_id})",
             "  country: UA", "  kind: agency", "  languages: [uk]", f"  homepage: {homepage}"]
    lines += [f"  {key}: [{', '.join(repr(u) for u in urls)}]" for key, urls in discovery.items()]
    return "\n".join(lines) + "\n"
