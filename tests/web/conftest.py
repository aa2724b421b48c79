"""Fixtures: the sample archive, and real `datasette` processes serving it (as the project
configures them, through archive.serving.datasette_command) in normal and public mode; an
archive with more matches than the search ranks, served the same way."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

import ranking_archive  # noqa: E402
import sample_archive  # noqa: E402

from archive.serving import datasette_command  # noqa: E402


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_archive.build(tmp_path_factory.mktemp("web") / "archive.db")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, public: bool, dumps: Path | None = None) -> Iterator[httpx.Client]:
    port = _free_port()
    # A log file, not a pipe: an unread pipe fills up and blocks the server mid-test.
    log = (db.parent / f"datasette-{'public' if public else 'local'}.log").open("w")
    process = subprocess.Popen(datasette_command(db, port=port, public=public, dumps=dumps),
                               stdout=log, stderr=subprocess.STDOUT)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        for _ in range(600):  # the plugin loads dictionaries first (~6 s)
            if process.poll() is not None:
                raise RuntimeError(f"datasette exited: {Path(log.name).read_text()}")
            try:
                if client.get("/-/versions.json").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            raise RuntimeError("datasette did not start")
        yield client
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def site(archive_path: Path) -> Iterator[httpx.Client]:
    """Datasette serving the sample archive the way `health-archive serve` does."""
    yield from _serve(archive_path, public=False)


@pytest.fixture(scope="session")
def public_site(archive_path: Path) -> Iterator[httpx.Client]:
    """The same archive as `health-archive serve --public` serves it."""
    yield from _serve(archive_path, public=True)


@pytest.fixture(scope="session")
def ranking_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ranking_archive.build(tmp_path_factory.mktemp("ranking") / "archive.db")


@pytest.fixture(scope="session")
def ranking_site(ranking_path: Path) -> Iterator[httpx.Client]:
    """Datasette serving ranking_archive (see there) the way `health-archive serve` does."""
    yield from _serve(ranking_path, public=False)


@pytest.fixture(scope="session")
def journey_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """The search page's archive (journey_archive: dated matches to filter and page through),
    served the way `health-archive serve` does."""
    import journey_archive

    yield from _serve(journey_archive.build(tmp_path_factory.mktemp("journey") / "archive.db"),
                      public=False)
