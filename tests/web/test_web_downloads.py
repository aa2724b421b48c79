"""The home page offers the latest dump: every file with its size, downloadable, as published."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import _serve

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def dumps(archive_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("downloads") / "dumps"
    subprocess.run([str(BIN / "health-archive"), "dump", str(folder), "--db", str(archive_path)],
                   check=True, capture_output=True, timeout=300)
    return folder


@pytest.fixture(scope="module")
def site_with_dumps(archive_path: Path, dumps: Path) -> Iterator[httpx.Client]:
    yield from _serve(archive_path, public=True, dumps=dumps)


def test_home_page_links_every_file_of_the_latest_dump(site_with_dumps: httpx.Client, dumps: Path):
    manifest = json.loads((dumps / "latest.json").read_text())
    home = site_with_dumps.get("/").text
    assert "Download the archive" in home and manifest["date"] in home
    for entry in manifest["files"]:
        assert f'href="/downloads/{entry["name"]}"' in home
        response = site_with_dumps.get(f"/downloads/{entry['name']}")
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]


def test_no_dump_folder_no_download_section(site: httpx.Client):
    assert "Download the archive" not in site.get("/").text
