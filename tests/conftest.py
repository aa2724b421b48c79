"""Shared fixtures: local HTTP sites, and the bundled replica sites."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from replicas.server import ReplicaServer


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook; absent under -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`make test`'s `-n auto`: a worker per core, and one more for the packaging test, which
    holds its worker for minutes, much of them waiting on the package index, and whose CPU
    share the other workers' crawls would otherwise leave idle."""
    return len(os.sched_getaffinity(0)) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The packaging test first, then the modules marked `long`: `make test` hands the modules
    to its parallel workers in this order, and a long one started last would be left running
    alone after every other has finished."""
    items.sort(key=lambda item: (item.get_closest_marker("packaging") is None,
                                 item.get_closest_marker("long") is None))


@pytest.fixture(scope="session", autouse=True)
def children_without_pandas() -> Iterator[None]:
    """The commands the tests start import no pandas or numpy (see tests/without_pandas/).
    Set for the children only: PYTHONPATH is read when a process starts, so this test process
    (and the dumps' tools test in it) keeps pandas; set in a fixture because pytest-xdist starts
    its workers after this module is imported."""
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).parent / "without_pandas"), *([before] if before else [])])
    yield
    if before is None:
        del os.environ["PYTHONPATH"]
    else:
        os.environ["PYTHONPATH"] = before


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def serve_directory() -> Iterator:
    """Serve a directory over HTTP on 127.0.0.1; yields a function returning the origin."""
    yield from _directory_servers()


@pytest.fixture(scope="module")
def module_serve_directory() -> Iterator:
    """serve_directory for a module's shared crawl."""
    yield from _directory_servers()


def _directory_servers() -> Iterator:
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
