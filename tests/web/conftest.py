"""Fixtures: the sample archive, served over HTTP as the project configures Datasette
(tests.helpers.serving) in normal and public mode; an archive with more matches than the
search ranks, and the search page's archive, served the same way."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))

import ranking_archive  # noqa: E402
import sample_archive  # noqa: E402

from tests.helpers import serving  # noqa: E402


@pytest.fixture(scope="session")
def archive_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_archive.build(tmp_path_factory.mktemp("web") / "archive.db")


def _serve(db: Path, public: bool, dumps: Path | None = None) -> Iterator[httpx.Client]:
    with serving(db, public=public, dumps=dumps) as client:
        yield client


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
