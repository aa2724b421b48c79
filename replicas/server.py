"""The replica HTTP server: one threaded server on 127.0.0.1 for every replica host.

Clients send the real host name in ``Host`` (or ``X-Forwarded-Host``); the port is
ignored.  Run ``python -m replicas.server --port 8100`` to serve in the foreground.
"""

from __future__ import annotations

import argparse
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .app import handle
from .sites import HOSTS
from .state import ReplicaState

__all__ = ["HOSTS", "ReplicaServer"]


class _Handler(BaseHTTPRequestHandler):
    """Adapts http.server to :func:`handle`; HTTP/1.1 so keep-alive works for crawlers."""

    protocol_version = "HTTP/1.1"
    server: "_Server"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        status, headers, payload = handle(self.command, self.headers.get("Host", ""), self.path,
                                          dict(self.headers.items()), body, self.server.state)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_HEAD = _serve

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
        """Quiet: a crawl makes thousands of requests."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, state: ReplicaState) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.state = state


class ReplicaServer:
    """Start/stop wrapper; also a context manager.  ``port=0`` picks a free port."""

    def __init__(self, port: int = 0, state: ReplicaState | None = None) -> None:
        self.state = state if state is not None else ReplicaState()
        self._server = _Server(port, self.state)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "ReplicaServer":
        self._thread = threading.Thread(target=self._server.serve_forever, name="replica-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> "ReplicaServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the replica sites of health-archive.")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    server = ReplicaServer(args.port)
    print(f"replicas on {server.origin} for: {', '.join(sorted(HOSTS))}", flush=True)
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._server.server_close()


if __name__ == "__main__":
    main()
