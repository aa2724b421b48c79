"""The one writer of a distributed crawl: records from Redis into the archive, known pages back.

SQLite has one writer, and crawl workers on other hosts have no archive file. So workers
(`health-archive crawl --distributed`) push what they extract, as JSON messages, to one Redis
list, and `health-archive ingest`, beside the archive, writes them with the same store
functions and batching as a local crawl. Messages:

* `start`  (a worker opened a source): the source's registry row; opens the run's
  crawl_runs row, so a run killed mid-way shows as `running`, as a local one does.
* `announcement` / `removal` / `check` / `move` / `skipped`: an item (scrapers/items.py), written by the same
  `archive.store.apply_item` as ArchivePipeline, at the time the worker's clock gave it
  (`at`, see scrapers/clock.py); the outcome (new, changed, unchanged, removed) is counted
  into the run's row.
* `finish` (the last worker of a source closed): the counts every worker added up in Redis,
  the verdict and whether discovery completed; closes the row.

After draining, the writer publishes what a local crawl reads from the archive when a spider
opens: per source, the archived pages with their validators (`known`) and whether the
source's last discovery completed. Workers read those from Redis instead, so an hourly run on
any host skips archived pages and stops paging early, and a recheck sends conditional requests.

Delivery is at most once, like a local crawl's open batch: a writer killed between taking a
batch and committing it loses that batch, whose pages are then not archived and not published
as known, so the next run fetches them again.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import UTC, datetime
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import redis
from sqlite_utils import Database

from archive.db import open_db
from archive.lock import crawl_lock
from archive.runs import discovery_was_complete
from archive.store import apply_item, known_pages, skipped_urls

PREFIX = "health-archive"
ITEMS = f"{PREFIX}:items"  # list of JSON messages, RPUSH by workers, LPOP by the writer
RUN = f"{PREFIX}:run"  # the current run's id while any worker runs (expires if all die)
COMPLETE = f"{PREFIX}:discovery-complete"  # hash: source id -> "1" / "0"
WORKER_COUNTS = ("pages", "discovered", "fetched", "not_modified", "rechecked", "refetched",
                 "errors", "blocked")
# The outcomes that are crawl_runs columns (archive/runs.py COUNTS); others are only returned.
RUN_OUTCOMES = ("new", "changed", "unchanged", "removed")


def known_key(source_id: str) -> str:
    """Hash of one source's archived pages: url -> JSON object of the other KnownPage fields."""
    return f"{PREFIX}:known:{source_id}"


def skipped_key(source_id: str) -> str:
    """Set of one source's pages that are not announcements (archive.store.skipped_urls)."""
    return f"{PREFIX}:skipped:{source_id}"


def message(kind: str, run_id: str, **fields: Any) -> str:
    return json.dumps({"kind": kind, "run": run_id, **fields}, ensure_ascii=False)


def ingest(db_path: Path, redis_url: str, *, follow: bool = False, batch_size: int = 500,
           poll: float = 0.5) -> Counter[str]:
    """Write queued messages until the queue is empty and no run is active (forever with
    `follow`); publish known pages whenever the queue drains. Returns outcome counts."""
    server = redis.Redis.from_url(redis_url)
    counts: Counter[str] = Counter()
    with crawl_lock(db_path):
        db = open_db(db_path)
        try:
            publish_known(db, server)
            dirty = False
            while True:
                active = server.exists(RUN)  # read before the pop: then an empty pop is final
                batch = server.lpop(ITEMS, batch_size)
                if batch:
                    counts.update(write_batch(db, [json.loads(raw) for raw in batch]))
                    dirty = True
                    continue
                if not active:
                    if dirty:
                        publish_known(db, server)
                        dirty = False
                    if not follow:
                        break
                time.sleep(poll)
        finally:
            db.close()
    return counts


def write_batch(db: Database, messages: Iterable[dict[str, Any]]) -> Counter[str]:
    """One transaction for the batch, as ArchivePipeline commits one per batch."""
    counts: Counter[str] = Counter()
    now = _now()
    with db.atomic():
        for m in messages:
            kind, run_id = m["kind"], m["run"]
            if kind == "start":
                _sync_source(db, m["source"])
                _open_run(db, run_id, m["source"]["id"], m["mode"], m["started_at"])
            elif kind == "finish":
                _close_run(db, run_id, m)
            else:  # an item: announcement, removal, check, move, skipped
                for outcome in apply_item(db, kind, m["item"], m.get("at") or now):
                    if outcome in RUN_OUTCOMES:
                        _tally(db, run_id, m["item"]["source_id"], outcome)
                    counts[outcome] += 1
    return counts


def publish_known(db: Database, server: redis.Redis) -> None:
    """Replace each source's known and skipped pages and discovery flag in Redis (atomically
    per source)."""
    for (source_id,) in db.execute("SELECT id FROM sources").fetchall():
        key, skipped = known_key(source_id), skipped_key(source_id)
        staging, skipped_staging = f"{key}:staging", f"{skipped}:staging"
        pipe = server.pipeline(transaction=False)
        pipe.delete(staging, skipped_staging)
        for page in known_pages(db, source_id):
            fields = asdict(page)
            pipe.hset(staging, fields.pop("url"), json.dumps(fields))
            if len(pipe) >= 10_000:
                pipe.execute()
        urls = sorted(skipped_urls(db, source_id))
        for start in range(0, len(urls), 10_000):
            pipe.sadd(skipped_staging, *urls[start:start + 10_000])
        pipe.execute()
        swap = server.pipeline(transaction=True)
        for final, temporary in ((key, staging), (skipped, skipped_staging)):
            if server.exists(temporary):
                swap.rename(temporary, final)
            else:
                swap.delete(final)
        swap.hset(COMPLETE, source_id, "1" if discovery_was_complete(db, source_id) else "0")
        swap.execute()


def _sync_source(db: Database, row: dict[str, Any]) -> None:
    """The source's row, as the worker's registry has it (`sources` rows are never deleted)."""
    values = dict(row)
    values["languages"] = json.dumps(values["languages"])
    db["sources"].upsert(values, pk="id")


def _open_run(db: Database, run_id: str, source_id: str, mode: str, started_at: str) -> None:
    """One crawl_runs row per source per run, however many workers crawled the source."""
    if _run_row(db, run_id, source_id) is None:
        db.execute(
            "INSERT INTO crawl_runs (run_id, source_id, mode, started_at, status, discovery_complete) "
            "VALUES (?, ?, ?, ?, 'running', 0)",
            [run_id, source_id, mode, started_at],
        )


def _tally(db: Database, run_id: str, source_id: str, outcome: str) -> None:
    db.execute(f"UPDATE crawl_runs SET {outcome} = {outcome} + 1 WHERE id = ?",
               [_run_row(db, run_id, source_id)])


def _close_run(db: Database, run_id: str, m: dict[str, Any]) -> None:
    """Workers' merged counts are set, not added (a worker that joins after the source closed
    sends the totals again); 304s add to the items the writer found unchanged, once."""
    counts = {k: int(m["counts"].get(k, 0)) for k in WORKER_COUNTS}
    db.execute(
        "UPDATE crawl_runs SET " + ", ".join(f"{k} = ?" for k in counts)
        + ", unchanged = unchanged + CASE WHEN finished_at IS NULL THEN ? ELSE 0 END, status = ?, message = ?, discovery_complete = ?, "
        "finished_at = ? WHERE id = ?",
        [*counts.values(), int(m["counts"].get("unchanged", 0)), m["status"], m["message"],
         int(m["complete"]), m["finished_at"], _run_row(db, run_id, m["source_id"])],
    )


def _run_row(db: Database, run_id: str, source_id: str) -> int | None:
    row = db.execute("SELECT id FROM crawl_runs WHERE run_id = ? AND source_id = ?",
                     [run_id, source_id]).fetchone()
    return row[0] if row else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
