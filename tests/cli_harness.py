"""Run `health-archive` in this process as a test needs it: on a disk that fills up (without
a small filesystem, which needs privileges), or reporting its own peak memory.

    python tests/cli_harness.py [--max-pages N] [--max-file-bytes B] [--read-only]
                                [--peak-rss-to FILE] -- ARGS...

--max-pages N       every SQLite connection of the process may grow its database to N pages
                    (PRAGMA max_page_count): past that SQLite fails with SQLITE_FULL, "database
                    or disk is full", as on a full disk.
--max-file-bytes B  no file the process writes may grow past B bytes (RLIMIT_FSIZE, SIGXFSZ
                    ignored): a write past it fails with EFBIG, as the WARC writer's would with
                    ENOSPC.
--read-only         every SQLite connection is query_only: any write fails.
--peak-rss-to FILE  at exit, write the peak RSS of this process alone (not of its extraction
                    workers) in KiB to FILE.
"""

from __future__ import annotations

import argparse
import atexit
import resource
import signal
import sqlite3
import sys


def peak_rss_kib() -> int:
    """This process's own RSS high-water mark (VmHWM). Not getrusage's ru_maxrss: Linux
    carries that across execve from the process that forked us, so a crawl started by a large
    test process would report the test process's size."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-pages", type=int)
    parser.add_argument("--max-file-bytes", type=int)
    parser.add_argument("--read-only", action="store_true")
    parser.add_argument("--peak-rss-to")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    pragmas = []
    if options.max_pages:
        pragmas.append(f"PRAGMA max_page_count = {options.max_pages}")
    if options.read_only:
        pragmas.append("PRAGMA query_only = 1")
    connect = sqlite3.connect

    def limited_connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = connect(*args, **kwargs)
        for pragma in pragmas:
            conn.execute(pragma)
        return conn

    sqlite3.connect = limited_connect
    if options.max_file_bytes:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (options.max_file_bytes, options.max_file_bytes))
    if options.peak_rss_to:
        atexit.register(lambda: open(options.peak_rss_to, "w").write(str(peak_rss_kib())))
    from archive.cli import cli

    args = options.args[1:] if options.args[:1] == ["--"] else options.args
    cli(args, prog_name="health-archive")


if __name__ == "__main__":
    sys.exit(main())
