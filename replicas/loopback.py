"""One threaded HTTP server on 127.0.0.1, run from a background thread: what every set of local
sites (the seed replicas here, the unseen sites of the tests) is served by.

Crawls reach such a server through the replay download handler (scrapers/replay.py), which
sends a site's real host name in ``Host``; so one port answers for every host, and the
handler given here dispatches on it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    """Serves `handler` on 127.0.0.1 (port 0: a free one); a context manager."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        self._thread = threading.Thread(target=self._server.serve_forever, name=type(self).__name__, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def serve_in_foreground(self) -> None:
        """Serve until Ctrl-C: for looking at the sites by hand."""
        try:
            self._server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def reply(request: BaseHTTPRequestHandler, status: int, headers: Mapping[str, str], body: bytes) -> None:
    """Send one response: a Content-Length unless `headers` has one (keep-alive needs it), and
    no body to a HEAD request."""
    request.send_response(status)
    for name, value in headers.items():
        request.send_header(name, value)
    if not any(name.lower() == "content-length" for name in headers):
        request.send_header("Content-Length", str(len(body)))
    request.end_headers()
    if request.command != "HEAD":
        request.wfile.write(body)
