"""A forked command (tests/command_forks.py) answers as the installed command does."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from tests.helpers import BIN, FORKS, health_archive


def installed(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "health-archive"), *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.mark.parametrize("args", [
    ["--help"],
    ["crawl", "--sources", "missing.yaml", "--db", "archive.db"],
    ["sources", "validate", "--sources", "registry.yaml"],
    ["status", "--db", "absent.db"],
])
def test_status_and_output_are_the_installed_commands(args: list[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "registry.yaml").write_text("- id: x\n  name: [not, a, name]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # relative paths are read from the caller's working directory
    forked, real = health_archive(*args), installed(*args, cwd=tmp_path)
    assert (forked.returncode, forked.stdout, forked.stderr) == (real.returncode, real.stdout, real.stderr)
    assert (forked.returncode == 0) == (args == ["--help"])


def test_the_callers_environment_reaches_the_command(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """And an unreachable Redis is one line and EX_UNAVAILABLE, not a traceback."""
    monkeypatch.setenv("HEALTH_ARCHIVE_REDIS_URL", "redis://127.0.0.1:1/0")
    forked = health_archive("ingest", "--db", str(tmp_path / "archive.db"))
    assert forked.returncode == 69, forked.stderr
    assert forked.stderr.startswith("health-archive: cannot reach Redis: ")
    assert "127.0.0.1:1" in forked.stderr and "Traceback" not in forked.stderr


def test_a_command_past_its_timeout_is_killed_and_the_next_runs(tmp_path: Path) -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    origin = f"http://127.0.0.1:{silent.getsockname()[1]}"
    (tmp_path / "sources.yaml").write_text(f"""
- id: ua_silent_health
  name: Мовчазний центр
  name_en: Silent Centre
  country: UA
  kind: agency
  languages: [uk]
  homepage: {origin}/
  listing_urls: [{origin}/news/]
""", encoding="utf-8")
    with silent, pytest.raises(subprocess.TimeoutExpired):
        health_archive("crawl", "--sources", str(tmp_path / "sources.yaml"), "--allow-local",
                       "--db", str(tmp_path / "archive.db"), timeout=3)
    assert health_archive("--version").returncode == 0
    assert FORKS._server is not None and FORKS._server.poll() is None
