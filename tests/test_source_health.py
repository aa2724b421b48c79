"""Source health: a redesign that silently yields nothing is reported as `broken`."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest

from tests.helpers import BIN, FAST, health_archive, rows, run_cli
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
    # Under cron: no terminal, so log lines and the summary, no table drawing (the table on a
    # terminal: the next test).
    assert "┃" not in first.stdout + first.stderr and "INFO" in first.stderr
    status = run_cli("status", "--db", str(db))
    assert "ua_redesigned_health" in status.stdout and " ok " in status.stdout

    # The redesign: the news page now renders its items with JavaScript; no links remain.
    for listing in root.joinpath("news").rglob("index.html"):
        listing.write_text("<html><body><div id='app'></div><script src='/app.js'></script></body></html>")
    second = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST)
    status = run_cli("status", "--db", str(db))
    line = next(l for l in status.stdout.splitlines() if l.startswith("ua_redesigned_health"))
    assert " broken " in line
    assert rows(db, "SELECT count(*) FROM announcements") == [(7,)]
    assert second.returncode == 1 and "redesigned" in second.stdout


def test_progress_table_on_a_terminal(site: tuple[Path, Path], tmp_path: Path):
    """On a terminal: a live table per source (under cron, plain lines: the test above)."""
    _, registry = site
    args = [str(BIN / "health-archive"), "crawl", "--sources", str(registry), "--allow-local", *FAST]
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


def test_status_shows_the_views_verdicts_and_tells_a_killed_run_from_a_running_one(tmp_path: Path):
    """The `source_health` view is the one definition of health: every verdict comes from it,
    and `health-archive status` only tells an unfinished run in progress (the crawl lock is
    held) from one that died."""
    from click.testing import CliRunner

    from archive.cli import cli
    from archive.db import open_db
    from archive.lock import crawl_lock
    from archive.runs import add_written, close_run, open_run
    from archive.store import save_announcement, sync_sources

    path = tmp_path / "archive.db"
    db = open_db(path)
    ids = ("a_ok", "b_failing", "c_blocked", "d_broken", "e_never", "f_unfinished")
    sync_sources(db, [{"id": i, "name": i, "name_en": i, "country": "UA", "kind": "ngo",
                       "languages": ["uk"], "homepage": f"https://{i}.example/"} for i in ids])
    runs = [("a_ok", "ok", 3), ("b_failing", "ok", 3), ("b_failing", "failed", 3),
            ("c_blocked", "blocked", 0), ("d_broken", "ok", 2), ("d_broken", "ok", 0),
            ("f_unfinished", "ok", 4), ("f_unfinished", None, 0)]
    with db.atomic():
        for n, (source, status, discovered) in enumerate(runs):
            open_run(db, f"run{n}", source, "hourly", f"2026-10-{n + 10}T08:00:00+00:00")
            add_written(db, f"run{n}", source, {"new": discovered})
            if status:
                close_run(db, f"run{n}", source, {"discovered": discovered}, status, None, True,
                          f"2026-10-{n + 10}T08:05:00+00:00")
        save_announcement(db, {"source_id": "d_broken", "country": "UA", "url": "https://d.example/1",
                               "canonical_url": "https://d.example/1", "title": "t",
                               "published_at": "2026-01-01", "body_text": "текст"},
                          "2026-10-14T08:01:00+00:00")
    db.close()

    def verdicts() -> dict[str, str]:
        result = CliRunner().invoke(cli, ["status", "--db", str(path)])
        assert result.exit_code == 0, result.output
        return {line.split()[0]: line.split()[1] for line in result.output.splitlines()[1:]}

    assert verdicts() == {"a_ok": "ok", "b_failing": "failing", "c_blocked": "blocked",
                          "d_broken": "broken", "e_never": "never-run", "f_unfinished": "killed"}
    with crawl_lock(path):
        assert verdicts()["f_unfinished"] == "running"
    assert rows(path, "SELECT source, health FROM source_health WHERE source = 'f_unfinished'") == [
        ("f_unfinished", "running")]
