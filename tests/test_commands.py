"""Commands cron can trust: one-line errors, distinct exit statuses, --quiet, no stray archives.

Crawls run as cron runs them, through the installed `health-archive` command; commands that
fail before any crawl run in-process (click's runner), which is the same code path, faster.
"""

from __future__ import annotations

import fcntl
import sqlite3
import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.cli import cli
from tests.conftest import _QuietHandler
from tests.helpers import FAST, health_archive
from tests.news_site import article, write_registry, write_site


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_line(text: str) -> str:
    assert text.count("\n") == 1 and "Traceback" not in text, text
    return text.strip()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, object]]:
    """A news site, its registry, and an archive crawled from it with --quiet."""
    root = tmp_path_factory.mktemp("quiet")
    write_site(root / "site", [article(n) for n in range(1, 4)], per_page=10)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    registry = write_registry(root / "sources.yaml", "ua_quiet_health", f"http://127.0.0.1:{server.server_port}")
    db = root / "archive.db"
    quiet = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local", "--quiet", *FAST)
    yield registry, db, quiet
    server.shutdown()
    server.server_close()


def test_help_documents_the_exit_statuses():
    text = " ".join(run("--help").output.split())
    for status in ("1 a source failed", "2 bad input", "74 the disk is full", "75 another crawl holds"):
        assert status in text
    crawl = " ".join(run("crawl", "--help").output.split())
    assert "--quiet" in crawl and "74 the archive's or the captures' disk is full" in crawl


@pytest.mark.parametrize("command", [["status"], ["reindex"], ["reextract"], ["dump", "OUT"]])
def test_commands_that_read_an_archive_refuse_a_missing_one(tmp_path: Path, command: list[str]):
    db = tmp_path / "typo" / "archive.db"
    result = run(*(str(tmp_path / "out") if arg == "OUT" else arg for arg in command), "--db", str(db))
    assert result.exit_code == 2
    assert str(db) in one_line(result.stderr)
    assert not db.parent.exists()


def test_a_file_that_is_not_an_archive_is_refused_and_left_alone(tmp_path: Path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 200, encoding="utf-8")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    for path in (text, other):
        before = path.read_bytes()
        result = run("status", "--db", str(path))
        assert result.exit_code == 2 and "archive" in one_line(result.stderr)
        assert path.read_bytes() == before


def test_a_registry_error_is_one_line_on_stderr_and_in_the_log(tmp_path: Path):
    broken = tmp_path / "sources.yaml"
    broken.write_text("- id: ua_broken\n  name: Без полів\n", encoding="utf-8")
    log = tmp_path / "crawl.log"
    result = run("crawl", "--sources", str(broken), "--db", str(tmp_path / "archive.db"), "--log-file", str(log))
    assert result.exit_code == 2 and result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith(f"health-archive: {broken}: entry 'ua_broken', field name_en:")
    assert log.read_text(encoding="utf-8").strip().endswith(line.removeprefix("health-archive: "))
    assert not (tmp_path / "archive.db").exists()


def test_an_unknown_source_is_bad_input(tmp_path: Path):
    registry = write_registry(tmp_path / "sources.yaml", "ua_known_health", "http://127.0.0.1:9")
    result = run("crawl", "--sources", str(registry), "--db", str(tmp_path / "archive.db"), "--source", "ua_nowhere")
    assert result.exit_code == 2
    assert one_line(result.stderr) == "health-archive: unknown or disabled sources: ua_nowhere"


def test_quiet_clean_run_prints_nothing_and_a_failing_one_only_its_problem(crawled: tuple[Path, Path, object]):
    registry, db, quiet = crawled
    assert quiet.returncode == 0
    assert (quiet.stdout, quiet.stderr) == ("", "")
    assert sqlite3.connect(db).execute("SELECT count(*) FROM announcements").fetchone() == (3,)
    # Without --allow-local the loopback source fails: that line, and only the problems, appear.
    failing = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--quiet", *FAST)
    assert failing.returncode == 1
    assert failing.stdout.startswith("ua_quiet_health: failed") and failing.stdout.count("\n") == 1
    assert "INFO" not in failing.stderr


def test_status_shows_a_running_crawl_as_running_and_a_killed_one_as_killed(crawled: tuple[Path, Path, object]):
    registry, db, _ = crawled
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO crawl_runs (run_id, source_id, mode, started_at, status) "
                     "VALUES ('later', 'ua_quiet_health', 'hourly', '2099-01-01T00:00:00+00:00', 'running')")
    with open(f"{db}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        during = run("status", "--db", str(db))
        second = run("crawl", "--sources", str(registry), "--db", str(db), "--allow-local")
    after = run("status", "--db", str(db))
    assert during.exit_code == 0 and after.exit_code == 0
    assert during.stdout.splitlines()[1].split()[:2] == ["ua_quiet_health", "running"]
    assert after.stdout.splitlines()[1].split()[:2] == ["ua_quiet_health", "killed"]
    assert second.exit_code == 75 and "another crawl is running" in one_line(second.stderr)


@pytest.mark.parametrize("command", [["crawl", "--db", "DB"], ["reextract", "--db", "DB"],
                                     ["sources", "list"], ["sources", "check"]])
def test_every_command_reading_a_registry_refuses_a_missing_one_or_a_folder_alike(tmp_path: Path,
                                                                                  command: list[str]):
    db = tmp_path / "archive.db"
    command = [str(db) if arg == "DB" else arg for arg in command]
    for registry, problem in ((tmp_path / "typo.yaml", "does not exist"), (tmp_path, "is a directory")):
        result = run(*command, "--sources", str(registry))
        assert result.exit_code == 2 and problem in result.stderr, result.output
    assert not db.exists()


def test_validate_reports_a_missing_registry_as_a_problem_of_the_file_it_checks(tmp_path: Path):
    missing = tmp_path / "typo.yaml"
    result = run("sources", "validate", "--sources", str(missing))
    assert result.exit_code == 1 and str(missing) in result.stderr
    assert "sources.yaml" in run("sources", "validate", "--help").output  # the bundled one by default


def test_ingest_and_a_distributed_crawl_need_a_redis_url(tmp_path: Path):
    for command in (["ingest"], ["crawl", "--distributed"]):
        result = run(*command, "--db", str(tmp_path / "archive.db"))
        assert result.exit_code == 2 and "--redis-url" in result.stderr, result.output
    assert not (tmp_path / "archive.db").exists()


def test_an_unreachable_redis_is_one_line_and_unavailable(tmp_path: Path):
    registry = write_registry(tmp_path / "sources.yaml", "ua_unreached_health", "http://127.0.0.1:9")
    for command in (["ingest"], ["crawl", "--distributed", "--sources", str(registry)]):
        result = health_archive(*command, "--db", str(tmp_path / "archive.db"),
                                "--redis-url", "redis://127.0.0.1:1/0")
        assert result.returncode == 69, result.stderr
        assert one_line(result.stderr).startswith("health-archive: cannot reach Redis: ")
