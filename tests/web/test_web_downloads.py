"""The home page offers the latest dump: every file with its size, downloadable, as published,
and the suggested citation; nothing hidden in the download folder is ever served."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from conftest import _serve

from tests.helpers import run_cli


@pytest.fixture(scope="module")
def dumps(archive_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("downloads") / "dumps"
    dumped = run_cli("dump", str(folder), "--db", str(archive_path))
    assert dumped.returncode == 0, dumped.stderr
    # What a dump killed mid-way leaves: a hidden, half-written set.
    (folder / ".tmp-killed").mkdir()
    (folder / ".tmp-killed" / "announcements.csv.gz").write_bytes(b"half")
    return folder


@pytest.fixture(scope="module")
def site_with_dumps(archive_path: Path, dumps: Path) -> Iterator[httpx.Client]:
    yield from _serve(archive_path, public=True, dumps=dumps)


def test_home_page_links_every_file_of_the_latest_dump(site_with_dumps: httpx.Client, dumps: Path):
    manifest = json.loads((dumps / "latest.json").read_text())
    home = site_with_dumps.get("/").text
    assert manifest["citation"] in home and manifest["folder"] in manifest["citation"]
    for entry in manifest["files"]:
        href = f"/downloads/{manifest['folder']}/{entry['name']}"
        assert f'href="{href}"' in home
        response = site_with_dumps.get(href)
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
    # The stable address of the newest set serves the same bytes.
    sums = site_with_dumps.get("/downloads/latest/SHA256SUMS")
    assert sums.status_code == 200 and sums.content == (dumps / manifest["folder"] / "SHA256SUMS").read_bytes()
    assert ".tmp-killed" not in home


@pytest.mark.parametrize("path", [".tmp-killed/announcements.csv.gz", ".lock",
                                  "latest/../.tmp-killed/announcements.csv.gz",
                                  "%2Etmp-killed/announcements.csv.gz"])
def test_hidden_parts_of_the_download_folder_are_never_served(site_with_dumps: httpx.Client,
                                                              dumps: Path, path: str):
    assert (dumps / ".tmp-killed" / "announcements.csv.gz").exists()
    response = site_with_dumps.get(f"/downloads/{path}")
    assert response.status_code == 404 and b"half" not in response.content


def test_no_dump_folder_no_download_section(site: httpx.Client):
    home = site.get("/")
    assert home.status_code == 200 and 'href="/downloads/' not in home.text
