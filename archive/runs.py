"""Crawl runs and source health: one `crawl_runs` row per source per run.

The row is opened when a source's spider starts and closed with its counts when it ends, so a
run killed mid-crawl leaves a row still marked `running`: the next run sees that the source's
discovery did not finish and discovers it fully again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

COUNTS = ("pages", "discovered", "fetched", "not_modified", "rechecked", "refetched", "new", "changed",
          "unchanged", "removed", "errors", "blocked", "not_announcements")


def start_run(db: Database, run_id: str, source_id: str, mode: str, now: str) -> int:
    """Open the run's row for one source and return its id."""
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO crawl_runs (run_id, source_id, mode, started_at, status) "
            "VALUES (?, ?, ?, ?, 'running')",
            [run_id, source_id, mode, now],
        )
    return cursor.lastrowid


def finish_run(
    db: Database, row_id: int, counts: Mapping[str, int], status: str, complete: bool,
    message: str | None, now: str,
) -> None:
    """Close the run's row with its counts and outcome."""
    values: dict[str, Any] = {k: int(counts.get(k, 0)) for k in COUNTS}
    values.update(finished_at=now, status=status, discovery_complete=int(complete), message=message)
    with db.atomic():
        db["crawl_runs"].update(row_id, values)


def discovery_was_complete(db: Database, source_id: str) -> bool:
    """Whether the source's latest run finished its discovery (False also for a first run)."""
    row = db.execute(
        "SELECT status, discovery_complete FROM crawl_runs WHERE source_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [source_id],
    ).fetchone()
    return bool(row and row[0] != "running" and row[1])


@dataclass(frozen=True)
class SourceHealth:
    source_id: str
    last_run_at: str | None
    last_status: str | None
    last_success_at: str | None
    last_new_at: str | None
    consecutive_failures: int
    announcements: int
    health: str  # ok | failing | broken | blocked | never-run | running | killed


def source_health(db: Database, crawling: bool = False) -> list[SourceHealth]:
    """Per source: last success, last new announcement, failures in a row, and a verdict.

    `broken` means a source that used to yield announcements yielded none in its latest
    successful runs: the signature of a redesign, which fails silently rather than loudly.
    A source whose latest run has not finished is `running` while a crawl holds the archive
    (`crawling`, archive/lock.crawl_running), else `killed`: that run died mid-crawl.
    """
    report = []
    for (source_id,) in db.execute("SELECT id FROM sources ORDER BY id").fetchall():
        latest = db.execute("SELECT status FROM crawl_runs WHERE source_id = ? ORDER BY id DESC LIMIT 1",
                            [source_id]).fetchone()
        runs = db.execute(
            "SELECT started_at, status, discovered "
            "FROM crawl_runs WHERE source_id = ? AND status != 'running' ORDER BY id DESC",
            [source_id],
        ).fetchall()
        # Announcements only; a brochure site's pages (kind 'page') still tell a broken source.
        count = db.execute(
            "SELECT total(kind = 'announcement'), max(CASE WHEN kind = 'announcement' THEN first_seen_at END), "
            "count(*) FROM announcements WHERE source_id = ?",
            [source_id],
        ).fetchone()
        failures = 0
        for run in runs:
            if run[1] == "ok":
                break
            failures += 1
        success = next((r[0] for r in runs if r[1] == "ok"), None)
        report.append(
            SourceHealth(
                source_id=source_id,
                last_run_at=runs[0][0] if runs else None,
                last_status=runs[0][1] if runs else None,
                last_success_at=success,
                last_new_at=count[1],
                consecutive_failures=failures,
                announcements=int(count[0]),
                health=(("running" if crawling else "killed") if latest and latest[0] == "running"
                        else _verdict(runs, count[2], failures)),
            )
        )
    return report


def _verdict(runs: list[tuple[Any, ...]], archived: int, failures: int) -> str:
    if not runs:
        return "never-run"
    latest = runs[0]
    if latest[1] == "blocked":
        return "blocked"
    # A run whose discovery found no announcement at all, for a source that used to yield.
    if archived and latest[2] == 0:
        return "broken"
    return "failing" if failures else "ok"
