"""The wheel installs with the pip that Python ships, resolving every dependency, and crawls.

`pip install .` must bring everything the code imports, and the extras its dependencies need
(jusText's `lxml[html_clean]`, which the pip of Python 3.11 does not install through it): so
the wheel goes into a fresh virtualenv whose pip is not upgraded, dependencies resolved from the
package index (pip's cache makes a repeat faster), and the installed command crawls a local
site through extraction. The wheel holds the product only: the replica sites (replicas/) are
the demo's and the tests', and the installed demo says where to find them. Slow, so marked
`packaging`: `make test` runs it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.news_site import article, write_registry, write_site

ROOT = Path(__file__).resolve().parents[1]
# What builds, runs and tests leave in a checkout: a stale build/ would go into the wheel.
LEFT_BEHIND = {".git", ".venv", "build", "dist", "data", "test-artifacts", ".pytest_cache"}


def source_tree(dest: Path) -> Path:
    """A copy of the checkout's sources to build from, as a fresh clone would have them."""
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name for name in names if name == "__pycache__" or name.endswith(".egg-info")
                or (Path(folder) == ROOT and name in LEFT_BEHIND)]
    return Path(shutil.copytree(ROOT, dest, ignore=ignore))


@pytest.mark.packaging
def test_the_wheel_installs_into_a_fresh_venv_with_stock_pip_and_crawls(tmp_path: Path, serve_directory):
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist),
                    str(source_tree(tmp_path / "source"))], check=True, capture_output=True, timeout=600)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=600)
    (wheel,) = dist.glob("health_archive-*.whl")
    with zipfile.ZipFile(wheel) as built:
        files = built.namelist()
    assert {name.split("/")[0] for name in files if ".dist-info/" not in name} == {"scrapers", "archive"}
    assert not [name for name in files if "replicas" in name.split("/")], "a replica site is in the wheel"
    # --no-compile: byte-compiling every dependency is a third of the install's time, and
    # proves nothing the commands below do not (they compile what they import as they run).
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-compile", str(wheel)],
                             capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stderr[-3000:]
    command = venv / "bin" / "health-archive"
    installed = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}  # the wheel's code only
    assert subprocess.run([str(command), "--help"], capture_output=True, timeout=120, env=installed).returncode == 0
    demo = subprocess.run([str(command), "demo", "--no-serve", "--db", str(tmp_path / "demo.db")],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path, env=installed)
    assert demo.returncode == 2 and "make demo" in demo.stderr, demo.stderr[-3000:]

    site = tmp_path / "site"
    write_site(site, [article(n) for n in range(1, 4)], per_page=10)
    registry = write_registry(tmp_path / "sources.yaml", "ua_wheel_health", serve_directory(site))
    db = tmp_path / "archive.db"
    crawl = subprocess.run(
        [str(command), "crawl", "--sources", str(registry), "--db", str(db), "--allow-local",
         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path, env=installed)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        texts = [text for (text,) in conn.execute("SELECT body_text FROM announcements")]
    assert len(texts) == 3 and all("Вакцинація захищає" in text for text in texts)
