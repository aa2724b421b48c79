"""The replica HTTP server: one threaded server on 127.0.0.1 for every replica host.

Clients send the real host name in ``Host`` (or ``X-Forwarded-Host``); the port is
ignored.  Run ``python -m replicas.server --port 8100`` to serve in the foreground.
"""

from __future__ import annotations

import argparse
from http.server import BaseHTTPRequestHandler

from .app import handle
from .loopback import LoopbackServer, reply
from .sites import HOSTS
from .state import ReplicaState

__all__ = ["HOSTS", "ReplicaServer"]


def _handler_for(state: ReplicaState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        """Adapts http.server to :func:`handle`; HTTP/1.1 so keep-alive works for crawlers."""

        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, payload = handle(self.command, self.headers.get("Host", ""), self.path,
                                              dict(self.headers.items()), body, state)
            reply(self, status, headers, payload)

        do_GET = do_POST = do_HEAD = _serve

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            """Quiet: a crawl makes thousands of requests."""

    return Handler


class ReplicaServer(LoopbackServer):
    """Every replica site on one loopback port; ``state`` holds their edits, removals and additions."""

    def __init__(self, port: int = 0, state: ReplicaState | None = None) -> None:
        self.state = state if state is not None else ReplicaState()
        super().__init__(_handler_for(self.state), port)


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the replica sites of health-archive.")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    server = ReplicaServer(args.port)
    print(f"replicas on {server.origin} for: {', '.join(sorted(HOSTS))}", flush=True)
    server.serve_in_foreground()


if __name__ == "__main__":
    main()
