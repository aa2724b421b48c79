"""`health-archive` commands run as forks of a process that has already imported them.

Every crawl a test runs needs a fresh process (Twisted's reactor starts once per process, and
cron runs crawls so), and starting Python, then importing Scrapy, trafilatura, simplemma and the
spiders, costs ~1 s of CPU: sixty crawls a suite. This module, run as `python -m
tests.command_forks`, imports them once, starts nothing (no reactor, no thread, no settings
read, no database), and for each request forks: the fork takes the caller's arguments,
environment, working directory and output files, runs the installed command's entry point
(`archive.cli.cli`) and exits as that command exits, atexit handlers included. The tests get
the same `CompletedProcess` a subprocess gives.

Kept to the tests: a fork shares its parent's hash seed and imported state, which production
runs must not depend on, and tests that signal, kill or overlap commands (cron safety, SIGKILL,
the server) still start them with subprocess.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = str(Path(sys.executable).parent / "health-archive")
ROOT = Path(__file__).resolve().parents[1]
# Read at import from the environment, so they must be imported by each fork, never before.
NOT_PRELOADED = ("scrapers.settings", "twisted.internet.reactor")


def serve() -> None:
    """The forking process: one request (a JSON line) at a time, answered with the fork's pid,
    then its exit status."""
    import archive.cli  # noqa: F401 - preloaded for the forks
    import archive.topics  # noqa: F401
    import scrapers.run  # noqa: F401
    import scrapers.spiders
    for spider in pkgutil.walk_packages(scrapers.spiders.__path__, "scrapers.spiders."):
        importlib.import_module(spider.name)
    preloaded = [name for name in NOT_PRELOADED if name in sys.modules]
    assert not preloaded, f"imported before a fork could set its environment: {preloaded}"
    with os.fdopen(os.dup(1), "w") as answers:
        os.dup2(2, 1)  # whatever else this process prints stays out of the answers
        for line in sys.stdin:
            request = json.loads(line)
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                answers.close()
                run(request)  # never returns
            answers.write(json.dumps({"pid": pid}) + "\n")
            answers.flush()
            _, status = os.waitpid(pid, 0)
            answers.write(json.dumps({"status": os.waitstatus_to_exitcode(status)}) + "\n")
            answers.flush()


def run(request: dict) -> None:
    """In the fork: become `health-archive ARGS` and exit with its status."""
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    tempfile.tempdir = None
    os.chdir(request["cwd"])
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                            (1, request["stdout"], os.O_WRONLY | os.O_TRUNC),
                            (2, request["stderr"], os.O_WRONLY | os.O_TRUNC)):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    sys.argv = [COMMAND, *request["args"]]
    from archive.cli import cli
    sys.exit(cli(prog_name=Path(COMMAND).name))  # click would name it `python -m tests...`


class CommandForks:
    """The client: one forking process for this test process, started on first use."""

    def __init__(self) -> None:
        self._server: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    def run(self, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        server = self._started()
        with tempfile.TemporaryDirectory(prefix="health-archive-") as scratch:
            out, err = Path(scratch, "stdout"), Path(scratch, "stderr")
            out.touch()
            err.touch()
            request = {"args": args, "env": dict(os.environ), "cwd": os.getcwd(),
                       "stdout": str(out), "stderr": str(err)}
            assert server.stdin is not None
            server.stdin.write(json.dumps(request).encode() + b"\n")
            server.stdin.flush()
            deadline = time.monotonic() + timeout
            pid = self._answer(deadline + 30)["pid"]
            try:
                status = self._answer(deadline)["status"]
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                self._answer(time.monotonic() + 30)
                raise subprocess.TimeoutExpired([COMMAND, *args], timeout, out.read_text(),
                                                err.read_text()) from None
            return subprocess.CompletedProcess([COMMAND, *args], status, out.read_text(),
                                               err.read_text())

    def _started(self) -> subprocess.Popen[bytes]:
        if self._server is None or self._server.poll() is not None:
            self._server = subprocess.Popen([sys.executable, "-m", "tests.command_forks"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            cwd=ROOT, bufsize=0)
            self._buffer = b""
        return self._server

    def _answer(self, deadline: float) -> dict:
        assert self._server is not None and self._server.stdout is not None
        fd = self._server.stdout.fileno()
        while b"\n" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(fd, 4096)
            if not chunk:
                raise RuntimeError(f"the forking process exited ({self._server.wait()})")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def close(self) -> None:
        if self._server is not None:
            self._server.stdin.close()  # type: ignore[union-attr]
            self._server.wait(timeout=30)
            self._server = None


if __name__ == "__main__":
    serve()
