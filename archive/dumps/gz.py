"""Reproducible gzip written on every core, and SHA-256 of what was written.

Each 1 MiB block becomes a gzip member of its own (as bgzip and `pigz -i` do), with no name
or time in its header: members compress in parallel (zlib releases the GIL) while rows keep
being rendered, and concatenated members are one valid gzip file that gunzip, zcat, Python,
R, pandas and DuckDB read as a single stream. The same data always gives the same bytes, and
so the same checksums. Memory stays bounded: only a few blocks are in flight per file.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

GZIP_LEVEL = 6  # gzip's own default: the size researchers expect, at a speed a cron job affords
BLOCK = 1 << 20  # bytes per gzip member: big enough that restarting the dictionary costs ~0.1 %
IN_FLIGHT = 4  # blocks compressing at once per file: keeps 2 cores busy, memory to a few MiB


@contextmanager
def gzip_binary(path: Path, pool: Executor | None = None) -> Iterator[BinaryIO]:
    """A binary stream into a reproducible gzip file, compressed on `pool`'s threads."""
    own = pool is None
    pool = pool or ThreadPoolExecutor(max_workers=os.cpu_count() or 2)
    try:
        with open(path, "wb") as raw, _GzipMembers(raw, pool) as sink, \
                io.BufferedWriter(sink, buffer_size=BLOCK) as buffered:
            yield buffered
    finally:
        if own:
            pool.shutdown()


@contextmanager
def gzip_text(path: Path, pool: Executor | None = None) -> Iterator[TextIO]:
    """A UTF-8 text stream (newlines written as \\n) into a reproducible gzip file."""
    with gzip_binary(path, pool) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        try:
            yield text
        finally:
            text.flush()
            text.detach()


def gzip_copy(source: Path, target: Path, pool: Executor | None = None) -> None:
    """`source` gzipped into `target`, block by block."""
    with open(source, "rb") as raw, gzip_binary(target, pool) as out:
        while block := raw.read(BLOCK):
            out.write(block)


class _GzipMembers(io.RawIOBase):
    """A write-only raw stream that gzips each block it is given as a separate member."""

    def __init__(self, raw: BinaryIO, pool: Executor) -> None:
        super().__init__()
        self._raw = raw
        self._pool = pool
        self._pending: deque[Future[bytes]] = deque()
        self._empty = True

    def writable(self) -> bool:
        return True

    def write(self, block) -> int:  # type: ignore[override]
        self._pending.append(self._pool.submit(gzip.compress, bytes(block), GZIP_LEVEL, mtime=0))
        self._empty = False
        while len(self._pending) > IN_FLIGHT:
            self._raw.write(self._pending.popleft().result())
        return len(block)

    def close(self) -> None:
        if not self.closed:
            if self._empty:  # an empty file is not gzip; an empty member is
                self.write(b"")
            while self._pending:
                self._raw.write(self._pending.popleft().result())
            super().close()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks (hashlib releases the GIL)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
