"""Running a crawl of many sources in one process, as `health-archive crawl` does.

Each registry entry is one Scrapy crawler in a shared CrawlerProcess, so sources are fetched
concurrently while each keeps its own politeness limits. On a terminal a live table shows each
source's progress; under cron only log lines are written.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.logger import globalLogBeginner

from scrapers import disk_full
from scrapers import stats as names
from scrapers.registry import Source
from scrapers.replay import replay_settings
from scrapers.spider_loader import spider_class_for

PROGRESS_STATS = {
    "pages": names.PAGES,
    "new": names.ARCHIVED + "new",
    "changed": names.ARCHIVED + "changed",
    "errors": names.ERRORS,
    "blocked": names.BLOCKED,
}


def new_run_id() -> str:
    """The run's UTC start to the microsecond: its `crawl_runs` rows and its captures' folder
    are keyed by it, so two runs of one second (a crawl that fails at once, run again) must
    not share one."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def crawl_settings(
    db: Path | None, sources_file: Path | None, run_id: str, *, mode: str = "hourly",
    allow_local: bool = False, replica_origin: str | None = None,
    warc_dir: Path | None = None,
    log_file: Path | None = None, overrides: dict[str, Any] | None = None,
) -> Settings:
    """The project's settings with this run's choices laid over them (`db` None: a crawl that
    neither reads nor writes an archive, the dry run)."""
    settings = Settings()
    settings.setmodule("scrapers.settings", priority="project")
    values: dict[str, Any] = {
        "SOURCES_FILE": str(sources_file or ""),
        "CRAWL_RUN_ID": run_id,
        "CRAWL_MODE": mode,
        "ALLOW_LOCAL": allow_local,
    }
    if db is not None:
        values.update(ARCHIVE_DB=str(db), WARC_DIR=str(warc_dir or db.parent / "warc"))
    if replica_origin:
        values.update(replay_settings(replica_origin))  # else Scrapy's own download handlers
    if log_file:
        values.update(LOG_FILE=str(log_file), LOG_FILE_APPEND=True)
    values.update(overrides or {})
    settings.setdict(values, priority="cmdline")
    return settings


def options_settings(options: CrawlOptions, run_id: str) -> Settings:
    """`crawl_settings` for what `health-archive crawl` was asked to do."""
    return crawl_settings(
        options.db, options.sources_file, run_id, mode=options.mode,
        allow_local=options.allow_local, replica_origin=options.replica_origin,
        log_file=options.log_file, overrides=options.overrides,
    )


def run_crawl(sources: Sequence[Source], settings: Settings, progress: bool | None = None,
              spider_class: Callable[[Source], type] = spider_class_for) -> list[Crawler]:
    """Crawl every source to completion (blocks; runs the Twisted reactor once)."""
    if progress is None:
        progress = sys.stderr.isatty() and not settings.get("LOG_FILE")
    if progress:
        settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    process = CrawlerProcess(settings)
    # Twisted prints its critical events to stderr until its logging is begun. Scrapy copies
    # them into the crawl log already (LOG_FILE under cron): begun with no observer of its own,
    # Twisted no longer mails cron a traceback, e.g. from Scrapy's race between closing a
    # downloader's connections and its own timeout, when the event loop was busy.
    globalLogBeginner.beginLoggingTo([], redirectStandardIO=False)
    crawlers: list[Crawler] = []
    for source in sources:
        crawler = process.create_crawler(spider_class(source))
        crawlers.append(crawler)
        process.crawl(crawler)
    if progress:
        _show_progress(process, crawlers)
    else:
        process.start()
    return crawlers


def _show_progress(process: CrawlerProcess, crawlers: list[Crawler]) -> None:
    """A live per-source table on the terminal, refreshed twice a second."""
    from rich.live import Live
    from rich.table import Table
    from twisted.internet import task

    def table() -> Table:
        view = Table("source", *PROGRESS_STATS, "state")
        for crawler in crawlers:
            stats = crawler.stats.get_stats() if crawler.stats else {}
            state = "done" if stats.get("finish_reason") else ("running" if crawler.crawling else "waiting")
            name = crawler.spidercls.name
            view.add_row(name, *(str(stats.get(k, 0)) for k in PROGRESS_STATS.values()), state)
        return view

    with Live(table(), refresh_per_second=2, transient=False) as live:
        loop = task.LoopingCall(lambda: live.update(table()))
        loop.start(0.5)
        process.start()
        live.update(table())


@dataclass(frozen=True)
class CrawlOptions:
    """What `health-archive crawl` was asked to do."""

    db: Path
    sources_file: Path | None = None
    only: Sequence[str] = ()
    allow_local: bool = False
    mode: str = "hourly"
    log_file: Path | None = None
    replica_origin: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)
    progress: bool | None = None


@dataclass(frozen=True)
class CrawlSummary:
    """One line per source from the run's crawl_runs rows; `ok` when every source succeeded."""

    run_id: str
    rows: list[dict[str, Any]]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(r["status"] == "ok" for r in self.rows)

    def lines(self) -> list[str]:
        return [
            f"{r['source_id']}: {r['status']} - fetched {r['fetched']}, new {r['new']}, "
            f"changed {r['changed']}, unchanged {r['unchanged']}, removed {r['removed']}, "
            f"errors {r['errors']}, blocked {r['blocked']}"
            + (f" ({r['message']})" if r["message"] else "")
            for r in self.rows
        ]


def select_sources(options: CrawlOptions) -> list[Source]:
    """The registry's enabled sources, or those of them named with --source."""
    from scrapers.registry import RegistryError, load_registry

    sources = [s for s in load_registry(options.sources_file) if s.enabled]
    if options.only:
        unknown = set(options.only) - {s.id for s in sources}
        if unknown:
            raise RegistryError(f"unknown or disabled sources: {', '.join(sorted(unknown))}")
        sources = [s for s in sources if s.id in options.only]
    return sources


class CrawlBackend(Protocol):
    """Where a crawl's records go and where its spiders learn what is archived: the archive
    file in this process (LocalBackend), or Redis for distributed workers
    (scrapers.distributed.RedisBackend). `health-archive crawl` chooses one."""

    def crawl(self, options: CrawlOptions, sources: Sequence[Source]) -> CrawlSummary:
        """Crawl the sources; blocks until every one is done."""
        ...


def crawl_sources(options: CrawlOptions, backend: CrawlBackend | None = None) -> CrawlSummary:
    """Crawl the selected sources through the backend (the archive file by default).

    Raises DiskFull when a full disk stopped the crawl (scrapers/disk_full.py).
    """
    return (backend or LocalBackend()).crawl(options, select_sources(options))


class LocalBackend:
    """Lock the archive, crawl, and summarise the run from its crawl_runs rows. Records (and
    each source's registry row) are written by this process's writer thread
    (scrapers/pipelines/sink.py ArchiveSink); spiders read known pages from the archive file
    (scrapers/known_pages.py ArchiveKnownPages): the project's default settings."""

    def crawl(self, options: CrawlOptions, sources: Sequence[Source]) -> CrawlSummary:
        from archive.db import open_db
        from archive.lock import crawl_lock

        run_id = new_run_id()
        with crawl_lock(options.db):
            open_db(options.db).close()  # created or upgraded before the spiders read it
            run_crawl(sources, options_settings(options, run_id), options.progress)
            if (full := disk_full.stopped()) is not None:
                raise disk_full.DiskFull(errno.ENOSPC, f"{full}; the crawl stopped")
            db = open_db(options.db)
            rows = list(db.query(
                "SELECT * FROM crawl_runs WHERE run_id = ? ORDER BY source_id", [run_id]
            ))
            db.close()
        return CrawlSummary(run_id, rows)
