"""Crawl runs: one `crawl_runs` row per source per run, however many processes crawled it.

The row is opened when a source's crawl starts (status `running`) and closed with its counts
and verdict when it ends, so a run killed mid-crawl leaves a row still marked `running`: the
next run sees that the source's discovery did not finish and discovers it fully again, and the
`source_health` view (archive/migrations.py) shows it. New, changed, unchanged and removed
records are added as the writer writes them (archive/writer.py), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlite_utils import Database

# Counted by the writer as it writes records (archive.store.apply_item's outcomes).
WRITTEN = ("new", "changed", "unchanged", "removed")
# Counted by the crawling processes (scrapers/stats.py run_counts) and set when the run closes.
CRAWLED = ("pages", "discovered", "fetched", "not_modified", "rechecked", "refetched", "errors",
           "blocked", "not_announcements")


def open_run(db: Database, run_id: str, source_id: str, mode: str, started_at: str) -> None:
    """Open the source's row of the run, unless a worker of the run already did."""
    db.execute(
        "INSERT INTO crawl_runs (run_id, source_id, mode, started_at, status, discovery_complete) "
        "SELECT ?, ?, ?, ?, 'running', 0 WHERE NOT EXISTS "
        "(SELECT 1 FROM crawl_runs WHERE run_id = ? AND source_id = ?)",
        [run_id, source_id, mode, started_at, run_id, source_id],
    )


def add_written(db: Database, run_id: str, source_id: str, outcomes: Mapping[str, int]) -> None:
    """Add records just written (new, changed, unchanged, removed) to the source's row."""
    counted = {k: n for k, n in outcomes.items() if k in WRITTEN and n}
    if counted:
        db.execute(
            "UPDATE crawl_runs SET " + ", ".join(f"{k} = {k} + ?" for k in counted)
            + " WHERE run_id = ? AND source_id = ?",
            [*counted.values(), run_id, source_id],
        )


def close_run(db: Database, run_id: str, source_id: str, counts: Mapping[str, int], status: str,
              message: str | None, complete: bool, finished_at: str) -> None:
    """Close the row with the crawl's counts and verdict. The crawled counts are set, not
    added (a worker that joins after the source closed sends the totals again); pages found
    unchanged without being written (304s) add to the written ones, once."""
    values = [int(counts.get(k, 0)) for k in CRAWLED]
    db.execute(
        "UPDATE crawl_runs SET " + ", ".join(f"{k} = ?" for k in CRAWLED)
        + ", unchanged = unchanged + CASE WHEN finished_at IS NULL THEN ? ELSE 0 END, "
        "status = ?, message = ?, discovery_complete = ?, finished_at = ? "
        "WHERE run_id = ? AND source_id = ?",
        [*values, int(counts.get("unchanged", 0)), status, message, int(complete), finished_at,
         run_id, source_id],
    )


def discovery_was_complete(db: Database, source_id: str) -> bool:
    """Whether the source's latest run finished its discovery (False also for a first run)."""
    row = db.execute(
        "SELECT status, discovery_complete FROM crawl_runs WHERE source_id = ? "
        "ORDER BY id DESC LIMIT 1",
        [source_id],
    ).fetchone()
    return bool(row and row[0] != "running" and row[1])
