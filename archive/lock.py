"""One crawl at a time per archive: an exclusive, non-blocking lock beside the database.

cron starts a crawl every hour whether or not the last one finished; the second must exit at
once rather than queue behind the first. flock is released by the kernel when the holder
dies, even by SIGKILL, so a killed run never leaves a stale lock.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockBusy(RuntimeError):
    """Another crawl holds the archive's lock."""


@contextmanager
def crawl_lock(db_path: Path) -> Iterator[None]:
    """Hold `<db>.lock` for the duration of the block, or raise LockBusy."""
    path = Path(f"{db_path}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise LockBusy(f"another crawl is running on {db_path} ({holder})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def crawl_running(db_path: Path) -> bool:
    """Whether a crawl (or the distributed writer) holds the archive's lock right now.

    Takes a shared lock for an instant and lets go: a crawl starting in that instant exits 75
    as if another were running, and cron starts it again at the next hour. Opens the lock file
    read-only, so it writes nothing (the disk may be full).
    """
    try:
        handle = open(f"{db_path}.lock", "rb")
    except FileNotFoundError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False
