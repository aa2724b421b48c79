"""The crawl scenario the unseen sites are scored on: six `health-archive crawl` runs of the
registry entries in sources.yaml, with the sites changing state after the first.

| run | crawl clock | sites |
|---|---|---|
| first hourly run | T | before |
| next hourly run | T + 1 h | after (edits, new, moved, removed pages) |
| a day later | T + 1 day | after |
| another day later | T + 2 days | after |
| a week later | T + 8 days | after |
| a week and a day later | T + 9 days | after |

The last run exists because a removal takes two fetches a day apart: a page the weekly
recheck finds gone is confirmed by the next day's run.

Each run is the command a cron job runs, as a subprocess, with `--set CRAWL_CLOCK=<iso>`
telling the crawl what time it is (its day and week decisions); the replay layer maps the
sites' real hosts to the local server (`--replica-origin`, `--set REPLICA_HOSTS=...`).
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.helpers import FAST, health_archive
from tests.unseen_sites.model import AFTER, BEFORE, Site, State, digest
from tests.unseen_sites.server import Hit, UnseenServer
from tests.unseen_sites.sites import SOURCES


@dataclass(frozen=True)
class Run:
    name: str
    offset: timedelta
    state: str


RUNS = (
    Run("first hourly run", timedelta(0), BEFORE),
    Run("next hourly run", timedelta(hours=1), AFTER),
    Run("a day later", timedelta(days=1), AFTER),
    Run("another day later", timedelta(days=2), AFTER),
    Run("a week later", timedelta(days=8), AFTER),
    Run("a week and a day later", timedelta(days=9), AFTER),
)


@dataclass
class RunResult:
    """What one run left: the archive's announcements rows, the requests the sites saw, and
    which unchanged pages the crawler already held (the re-download budget's denominator)."""

    run: Run
    process: subprocess.CompletedProcess[str]
    rows: list[dict]
    hits: list[Hit]
    unchanged: set[tuple[str, str]] = field(default_factory=set)  # (site id, target)


@dataclass
class Outcome:
    start: datetime
    results: list[RunResult]

    def after(self, name: str) -> RunResult:
        return next(r for r in self.results if r.run.name == name)

    @property
    def final(self) -> RunResult:
        return self.results[-1]


def crawl(server: UnseenServer, db: Path, clock: datetime) -> subprocess.CompletedProcess[str]:
    """One `health-archive crawl` of the unseen sites' registry entries, served by `server`."""
    return health_archive(
        "crawl", "--sources", str(SOURCES), "--db", str(db), "--allow-local",
        "--replica-origin", server.origin, "--set", f"REPLICA_HOSTS={','.join(server.hosts)}",
        "--set", f"CRAWL_CLOCK={clock.isoformat(timespec='seconds')}", *FAST, timeout=600,
    )


# Pages a crawler need not download twice: announcements, brochure pages, and the static
# pages (about, contact, a print view...) a sitemap lists. Listings, sitemaps and feeds are
# read every run by design, so they are not counted.
PAGE_TAGS = ("announcement", "page", "static")


def unchanged_pages(server: UnseenServer, state: State) -> set[tuple[str, str]]:
    """Pages whose bytes in `state` are the ones the server last sent with a 200: a fetch that
    gets a 200 for one of them downloads an unchanged page again."""
    result = set()
    for (host, target), sent in server.sent.items():
        site = server.sites[host]
        page = site.handle(target, state)
        if page.status == 200 and page.tag in PAGE_TAGS and digest(page.body) == sent:
            result.add((site.id, target))
    return result


def play(workdir: Path, sites: list[Site], runs: tuple[Run, ...] = RUNS,
         progress: Callable[[RunResult], None] | None = None) -> Outcome:
    """Serve `sites`, crawl them once per run into `workdir/archive.db`, switching state."""
    # Tomorrow 06:00 UTC: every run's clock sits at the same time of day, whatever the hour
    # the scenario is played, so the run an hour later never crosses midnight (in UTC or in
    # any of the sites' time zones) and day-based decisions come out the same each time.
    start = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0) + timedelta(days=1)
    db = workdir / "archive.db"
    results: list[RunResult] = []
    with UnseenServer(sites) as server:
        for run in runs:
            server.state = State(run.state, start + timedelta(minutes=30))
            unchanged = unchanged_pages(server, server.state)
            first_hit = len(server.log)
            process = crawl(server, db, start + run.offset)
            result = RunResult(run, process, archive_rows(db), server.log[first_hit:], unchanged)
            results.append(result)
            if progress:
                progress(result)
    return Outcome(start, results)


def archive_rows(db: Path) -> list[dict]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM announcements")]
