"""Source health: a redesign that silently yields nothing is reported as `broken`."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

from tests.helpers import BIN, FAST, health_archive, rows
from tests.news_site import article, write_registry, write_site

ARTICLES = [article(n) for n in range(1, 8)]


@pytest.fixture
def site(tmp_path: Path, serve_directory) -> tuple[Path, Path]:
    root = tmp_path / "site"
    write_site(root, ARTICLES)
    origin = serve_directory(root)
    registry = write_registry(tmp_path / "sources.yaml", "ua_redesigned_health", origin)
    return root, registry


def test_a_redesign_that_yields_nothing_is_broken(site: tuple[Path, Path], tmp_path: Path):
    root, registry = site
    db = tmp_path / "archive.db"
    first = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST)
    assert first.returncode == 0
    status = health_archive("status", "--db", str(db))
    assert "ua_redesigned_health" in status.stdout and " ok " in status.stdout

    # The redesign: the news page now renders its items with JavaScript; no links remain.
    for listing in root.joinpath("news").rglob("index.html"):
        listing.write_text("<html><body><div id='app'></div><script src='/app.js'></script></body></html>")
    second = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST)
    status = health_archive("status", "--db", str(db))
    line = next(l for l in status.stdout.splitlines() if l.startswith("ua_redesigned_health"))
    assert " broken " in line
    assert rows(db, "SELECT count(*) FROM announcements") == [(7,)]
    assert second.returncode == 1 and "redesigned" in second.stdout


def test_progress_table_on_a_terminal_and_plain_lines_under_cron(site: tuple[Path, Path], tmp_path: Path):
    _, registry = site
    args = [str(BIN / "health-archive"), "crawl", "--sources", str(registry), "--allow-local", *FAST]
    # Under cron: no terminal, so log lines and the summary, no table drawing.
    plain = subprocess.run([*args, "--db", str(tmp_path / "cron.db")], capture_output=True, text=True)
    assert "┃" not in plain.stdout + plain.stderr and "INFO" in plain.stderr
    # On a terminal: a live table per source.
    main, secondary = pty.openpty()
    process = subprocess.Popen([*args, "--db", str(tmp_path / "tty.db")], stdout=secondary,
                               stderr=secondary, env={**os.environ, "COLUMNS": "120"})
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=60)
    text = output.decode("utf-8", "replace")
    assert "ua_redesigned_health" in text and "pages" in text and "new" in text
    assert "INFO" not in text
