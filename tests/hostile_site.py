"""Hostile publishers for the crawler's bounds: bombs, floods and unreadable robots.txt.

Each HostileSite is its own server (its own port, so its own robots.txt) with one listing page
linking one honest article, and whatever hostile documents a test routes on it. `measured`
runs a command and reports the peak RSS of its process alone, where the crawl reads what sites
send (its extraction workers, which load every language's lemmatiser, are not counted).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

Route = Callable[[BaseHTTPRequestHandler], None]
MB = 1024 * 1024


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
         headers: dict[str, str] | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def reset(handler: BaseHTTPRequestHandler) -> None:
    """Close the connection without an answer (the client sees a reset)."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    handler.connection.close()
    handler.close_connection = True


def article_html(title: str) -> bytes:
    return (f"<html lang='uk'><head><title>{title}</title></head><body><main><article><h1>{title}</h1>"
            f"<p class='date'>12.03.2024</p><p>Центр громадського здоров'я повідомляє: {title}. "
            "Вакцинація триває в усіх амбулаторіях.</p><p>Звертайтеся до сімейного лікаря.</p>"
            "</article></main></body></html>").encode()


class HostileSite:
    """A ThreadingHTTPServer on 127.0.0.1: `/news/` links `/news/honest.html`; `routes` add more."""

    ARTICLE = "/news/chesna-novyna-pro-shcheplennia.html"

    def __init__(self, routes: dict[str, Route] | None = None):
        self.routes = routes or {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.hits[self.path.split("?")[0]] += 1
                site.route(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_port}"

    def route(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        if path in self.routes:
            return self.routes[path](handler)
        if path == "/robots.txt":
            return send(handler, 200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path == "/news/":
            link = f"<li><a href='{self.ARTICLE}'>Чесна новина про щеплення дітей у районі</a></li>"
            return send(handler, 200, f"<html><body><main><ul>{link}</ul></main></body></html>".encode())
        if path == self.ARTICLE:
            return send(handler, 200, article_html("Чесна новина про щеплення дітей у районі"))
        return send(handler, 404, b"<html><body>Not found</body></html>")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def gzip_bomb(head: bytes, filler: bytes, count: int, tail: bytes) -> bytes:
    """A gzip file of head + filler * count + tail, built without compressing it all: after a
    full flush the compressor starts afresh, so each filler compresses to the same bytes."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    start = deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(filler) + deflate.flush(zlib.Z_FULL_FLUSH)
    end = deflate.compress(tail) + deflate.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(filler, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(filler) * count + len(tail)
    trailer = crc.to_bytes(4, "little") + (size % 2**32).to_bytes(4, "little")
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + start + block * count + end + trailer


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # peak RSS of the command's own process


def measured(args: list[str], workdir: Path) -> Measured:
    """Run `health-archive *args` (through tests/cli_harness.py); its exit status, output and peak RSS."""
    peak = workdir / "peak-rss-kib.txt"
    harness = Path(__file__).with_name("cli_harness.py")
    result = subprocess.run([sys.executable, str(harness), "--peak-rss-to", str(peak), "--", *args],
                            capture_output=True, text=True, timeout=600)
    return Measured(result.returncode, result.stdout, result.stderr, int(peak.read_text()) / 1024)
