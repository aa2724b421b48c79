"""The raw captures for download: one tar of WARC files per finished month.

An announcement's `capture` is `<run>/<source>.warc.gz#<WARC-Record-ID>`, relative to the
crawler's WARC folder (WARC_DIR), where each run writes `<run>/<source>.warc.gz`. Extracting
a month's tar into one folder recreates those paths, so every capture of that month resolves
(warcio, or `zcat` and a search for the record id). The WARC files are already gzipped, per
record, so the tar is not compressed again.

A month is published once it is over (its captures no longer change), which keeps the tar
and its checksum stable however many nightly dumps follow. Each tar is written under a
hidden name and renamed into place, and `warc/SHA256SUMS` is replaced by rename, as the
dated sets are. Runs not named by their UTC start time (`adhoc`) belong to no month.
"""

from __future__ import annotations

import os
import re
import tarfile
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from archive.dumps.gz import sha256_file

FOLDER = "warc"
# A run's captures folder: its start (to the second, or the microsecond), and for a
# distributed crawl's worker, a dash and the worker's name.
RUN = re.compile(r"^(\d{4})(\d{2})\d{2}T\d{6}(?:\.\d{6})?Z(?:-.+)?$")
MONTH = re.compile(r"^\d{4}-\d{2}\.tar$")


def publish_months(warc_dir: Path, outdir: Path, now: datetime,
                   log: Callable[[str], None] = lambda message: None) -> list[str]:
    """Add the tar of every finished month not yet published; return the months published."""
    runs: dict[str, list[Path]] = defaultdict(list)
    for run in sorted(Path(warc_dir).iterdir()) if Path(warc_dir).is_dir() else []:
        match = RUN.match(run.name)
        if match and run.is_dir():
            runs[f"{match[1]}-{match[2]}"].append(run)
    target = outdir / FOLDER
    target.mkdir(exist_ok=True)
    for leftover in target.glob(".*.tmp*"):  # a killed dump's half-written tar or sums
        leftover.unlink()
    added = []
    for month, folders in sorted(runs.items()):
        if month >= f"{now:%Y-%m}" or (target / f"{month}.tar").exists():
            continue
        log(f"warc {month}")
        hidden = target / f".{month}.tar.tmp"
        with tarfile.open(hidden, "w", format=tarfile.PAX_FORMAT) as tar:
            for folder in folders:
                for warc in sorted(folder.glob("*.warc.gz")):
                    tar.add(warc, arcname=f"{folder.name}/{warc.name}", recursive=False)
        _fsync(hidden)
        hidden.rename(target / f"{month}.tar")
        added.append(month)
    if added or not (target / "SHA256SUMS").exists():
        sums = target / ".SHA256SUMS.tmp"
        sums.write_text("".join(f"{sha256_file(p)}  {p.name}\n" for p in sorted(target.iterdir())
                                if MONTH.match(p.name)), encoding="utf-8")
        _fsync(sums)
        sums.replace(target / "SHA256SUMS")
    return added


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
