"""Shared fixtures: local HTTP sites, and the bundled replica sites."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from replicas.server import ReplicaServer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The packaging test first: `make test` runs the modules on parallel workers in this
    order, and the longest module (it mostly waits for the package index and pip) must start
    at once, not be the last one left running."""
    items.sort(key=lambda item: item.get_closest_marker("packaging") is None)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_directory() -> Iterator:
    """Serve a directory over HTTP on 127.0.0.1; yields a function returning the origin."""
    servers: list[ThreadingHTTPServer] = []

    def start(directory: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def replica() -> Iterator[ReplicaServer]:
    """The bundled replica sites as published; a test that edits or breaks a site starts its
    own ReplicaServer with a ReplicaState instead."""
    with ReplicaServer() as server:
        yield server
