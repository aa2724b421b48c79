"""How commands fail: one line on stderr, and an exit status that tells cron what happened.

An operator's problem (a wrong path, a broken registry, a held lock, a full disk) is not a
bug: it gets one line naming what to fix, never a traceback, and a status of its own from
sysexits.h where one fits, so a wrapper or a systemd unit can tell them apart.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click

EXIT_FAILED = 1  # a source failed (crawl, sources check)
EXIT_USAGE = 2  # bad input: an option, the registry, a missing or foreign archive
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: the port to serve on is taken, or Redis cannot be reached
EXIT_IOERR = 74  # EX_IOERR: the archive's or the captures' disk is full, or cannot be written
EXIT_TEMPFAIL = 75  # EX_TEMPFAIL: another crawl (or dump) holds the lock; cron tries again later

EXIT_STATUSES = f"""Exit status: 0 done; {EXIT_FAILED} a source failed; {EXIT_USAGE} bad input (an option,
the registry, a missing archive); {EXIT_UNAVAILABLE} the port is taken or Redis unreachable;
{EXIT_IOERR} the disk is full or cannot be written; {EXIT_TEMPFAIL} another crawl holds the archive
(try later)."""


class CommandError(click.ClickException):
    """A failure the operator can act on: one line on stderr, and its exit status."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(_one_line(message))
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"health-archive: {self.format_message()}", err=True, file=file)


def _one_line(message: str) -> str:
    """A message of several lines (a registry's problems) as one: "file: first; second"."""
    line = ""
    for part in filter(None, (" ".join(text.split()) for text in message.splitlines())):
        line += part if not line else (" " if line.endswith(":") else "; ") + part
    return line


def command_error(exc: BaseException) -> CommandError | None:
    """The one-line error an exception means for the operator; None for a bug (a traceback)."""
    from redis.exceptions import ConnectionError as RedisUnreachable
    from redis.exceptions import TimeoutError as RedisTimeout

    from archive.db import ArchiveMissing, NotAnArchive
    from archive.lock import LockBusy
    from scrapers.disk_full import disk_full_message
    from scrapers.registry import RegistryError

    if isinstance(exc, CommandError):
        return exc
    if isinstance(exc, LockBusy):
        return CommandError(str(exc), EXIT_TEMPFAIL)
    if (full := disk_full_message(exc)) is not None:
        return CommandError(f"disk full: {full}", EXIT_IOERR)
    if isinstance(exc, (RedisUnreachable, RedisTimeout)):
        return CommandError(f"cannot reach Redis: {exc}", EXIT_UNAVAILABLE)
    if isinstance(exc, (ArchiveMissing, NotAnArchive, RegistryError)):
        return CommandError(str(exc), EXIT_USAGE)
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in str(exc):
        return CommandError(f"not an SQLite archive ({exc})", EXIT_USAGE)
    if isinstance(exc, (OSError, sqlite3.OperationalError)):
        return CommandError(f"cannot read or write the archive: {exc}", EXIT_IOERR)
    return None


class Commands(click.Group):
    """The `health-archive` group: every command's operator errors become CommandErrors."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if (error := command_error(exc)) is None:
                raise
            raise error from None


@contextmanager
def logged_to(log_file: Path | None) -> Iterator[None]:
    """Also append a command's one-line error to its --log-file, where cron's log is read."""
    try:
        yield
    except Exception as exc:
        error = command_error(exc)
        if error is None or log_file is None:
            raise
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        try:
            with log_file.open("a", encoding="utf-8") as log:
                log.write(f"{stamp} [health-archive] ERROR: {error.format_message()}\n")
        except OSError:
            pass  # the log's disk may be the full one: stderr still has the line
        raise error from None
