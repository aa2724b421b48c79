"""The wheel installs with the pip that Python ships, resolving every dependency, and crawls.

`pip install .` must bring everything the code imports, and the extras its dependencies need
(jusText's `lxml[html_clean]`, which the pip of Python 3.11 does not install through it): so
the wheel goes into a fresh virtualenv whose pip is not upgraded, dependencies resolved from the
package index (pip's cache makes a repeat faster), and the installed command crawls a local
site through extraction. Slow, so marked `packaging`: `make test` runs it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.news_site import article, write_registry, write_site

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.packaging
def test_the_wheel_installs_into_a_fresh_venv_with_stock_pip_and_crawls(tmp_path: Path, serve_directory):
    dist, venv = tmp_path / "dist", tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=600)
    (wheel,) = dist.glob("health_archive-*.whl")
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)],
                             capture_output=True, text=True, timeout=1200)
    assert install.returncode == 0, install.stderr[-3000:]
    command = venv / "bin" / "health-archive"
    assert subprocess.run([str(command), "--help"], capture_output=True, timeout=120).returncode == 0

    site = tmp_path / "site"
    write_site(site, [article(n) for n in range(1, 4)], per_page=10)
    registry = write_registry(tmp_path / "sources.yaml", "ua_wheel_health", serve_directory(site))
    db = tmp_path / "archive.db"
    crawl = subprocess.run(
        [str(command), "crawl", "--sources", str(registry), "--db", str(db), "--allow-local",
         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        texts = [text for (text,) in conn.execute("SELECT body_text FROM announcements")]
    assert len(texts) == 3 and all("Вакцинація захищає" in text for text in texts)
