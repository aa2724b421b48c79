"""Extraction in worker processes, so the crawling process only fetches, captures and writes.

Extraction is pure CPU (lxml, regular expressions) that holds the GIL: done in the crawling
process it stalls Scrapy's event loop for several milliseconds a page, and the whole crawl runs
at the extractor's pace (a fifth of bare Scrapy's page rate in benchmarks/crawl.py). Worker
processes take it off the event loop; the crawling process awaits each record while it goes
on downloading.

EXTRACT_PROCESSES sets how many (default: one core fewer than the machine has); 0 extracts in
the crawling process, which is what a one-core machine wants. Workers are spawned (fresh
interpreters that import the extractor, 0.9 s of CPU each, once per run): none inherits the
event loop, threads or open files of the crawling process, and, unlike a fork server, nothing
listens on a socket or leaves one in /tmp. Every crawler of a run shares one pool;
concurrent.futures shuts it down when the process exits, and a worker whose crawling process
was killed (SIGKILL gives it no chance to stop them) exits within a second on its own, and
with the last of them multiprocessing's resource tracker.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from archive.stemming import stem_record
from archive.topics import Tags, record_tags
from scrapers.extract import Hints, Record, extract_record

logger = logging.getLogger(__name__)


# Handing a task to a worker costs the crawling process about half a millisecond (the
# executor's threads, pickling, pipes): pages go in batches, sent once BATCH_SIZE are waiting
# or BATCH_WAIT seconds after the first, so that cost is paid once per batch, not per page.
BATCH_SIZE = 16
BATCH_WAIT = 0.005

Task = tuple[str | bytes, str, Hints]


@dataclass(frozen=True)
class Extracted:
    """A page's record, its stems for the archive's stems index and its tags (topics, places,
    numbers) found from them: stemming and tagging were the archive writer's costliest steps,
    and the writer is one thread on the crawl's critical path while workers can be many."""

    record: Record
    stems: tuple[str, str]
    tags: Tags


def extract_page(html: str | bytes, url: str, hints: Hints) -> Extracted:
    record = extract_record(html, url, hints)
    stems = stem_record(record.title, record.body_text, record.language)
    return Extracted(record, stems, record_tags(record.title, record.body_text, record.language, stems))


def extract_batch(tasks: list[Task]) -> list[Extracted | Exception]:
    """Runs in a worker: each page's extraction, or the exception that page raised."""
    results: list[Extracted | Exception] = []
    for html, url, hints in tasks:
        try:
            results.append(extract_page(html, url, hints))
        except Exception as error:  # one broken page must not fail its batch
            results.append(error)
    return results


def worker_processes(count: int, initializer: Callable[..., None] | None = None,
                     initargs: tuple[Any, ...] = ()) -> ProcessPoolExecutor:
    """`count` spawned extraction workers, each ending with the process that started it."""
    return ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """In a new worker: watch the parent, then run the caller's initializer."""
    threading.Thread(target=_exit_with_parent, args=(parent,), name="parent-watch", daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent(parent: int) -> None:
    """Exit once the parent is gone: an orphan is re-parented, so getppid() changes."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


class ExtractionPool:
    """extract_page() in `processes` worker processes (0: in this process)."""

    def __init__(self, processes: int):
        self.processes = processes
        self._executor: ProcessPoolExecutor | None = None
        self._waiting: list[tuple[Task, asyncio.Future[Extracted]]] = []
        self._timer: asyncio.TimerHandle | None = None

    async def extract(self, html: str | bytes, url: str, hints: Hints) -> Extracted:
        if self.processes <= 0:
            return extract_page(html, url, hints)
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Extracted] = loop.create_future()
        self._waiting.append(((html, url, hints), future))
        if len(self._waiting) >= BATCH_SIZE:
            self._send()
        elif self._timer is None:
            self._timer = loop.call_later(BATCH_WAIT, self._send)
        return await future

    def _send(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._waiting = self._waiting, []
        if batch:
            asyncio.get_running_loop().create_task(self._run(batch))

    async def _run(self, batch: list[tuple[Task, asyncio.Future[Extracted]]]) -> None:
        executor = self._running()
        try:
            results = await asyncio.wrap_future(executor.submit(extract_batch, [t for t, _ in batch]))
        except BrokenProcessPool as error:
            # A worker died (killed, out of memory, a crash in a C library): the pages it held
            # fail, and are fetched again by the next run because they were never archived;
            # the next batch gets fresh workers.
            logger.error("an extraction worker died; %d pages failed; starting new workers", len(batch))
            if self._executor is executor:
                self._executor = None
                executor.shutdown(wait=False, cancel_futures=True)
            results = [error] * len(batch)
        for (_, future), result in zip(batch, results):
            if future.cancelled():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)

    def _running(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = worker_processes(self.processes)
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None


_shared: dict[int, ExtractionPool] = {}


def shared_pool(processes: int) -> ExtractionPool:
    """The pool every crawler of this process uses (one per size)."""
    if processes not in _shared:
        _shared[processes] = ExtractionPool(processes)
    return _shared[processes]
