"""The one writer of a crawl's messages, for a local crawl and a distributed one alike.

A crawling process does not write the archive itself: it sends messages, which a local crawl
hands to its writer thread (scrapers/pipelines/sink.py) and a distributed worker pushes to
Redis for `health-archive ingest` (archive/ingest.py). Both apply them here, a batch per
transaction, so records, run rows and their counts cannot differ between the two. Messages
are JSON-ready mappings:

* `start`: a source's crawl began: its registry row (the `sources` table is kept in step with
  the registry the crawl read) and the run's crawl_runs row, opened once per run.
* an item kind of scrapers/items.py (`announcement`, `removal`, `check`, `move`, `skipped`,
  `attachment`): the item's fields, written by `archive.store.apply_item` at the time the
  crawler's clock gave (`at`, see scrapers/clock.py); the written records are counted into
  the run's row.
* `finish`: the source's crawl ended: its counts, verdict and whether discovery completed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sqlite_utils import Database

from archive.runs import add_written, close_run, open_run
from archive.store import apply_item, sync_sources

Message = Mapping[str, Any]


def start_message(run_id: str, source: Mapping[str, Any], mode: str, started_at: str) -> dict[str, Any]:
    return {"kind": "start", "run": run_id, "source": source, "mode": mode, "started_at": started_at}


def item_message(run_id: str, kind: str, item: Mapping[str, Any], at: str) -> dict[str, Any]:
    return {"kind": kind, "run": run_id, "item": item, "at": at}


def finish_message(run_id: str, source_id: str, counts: Mapping[str, int], status: str,
                   message: str | None, complete: bool, finished_at: str) -> dict[str, Any]:
    return {"kind": "finish", "run": run_id, "source_id": source_id, "counts": counts,
            "status": status, "message": message, "complete": complete,
            "finished_at": finished_at}


def write_batch(db: Database, messages: Iterable[Message]) -> Counter[str]:
    """Apply the messages in one transaction (batches make writes 2.5x cheaper than a commit
    per record); returns the items' outcomes (archive.store.apply_item)."""
    outcomes: Counter[str] = Counter()
    written: dict[tuple[str, str], Counter[str]] = {}
    with db.atomic():
        for m in messages:
            kind, run_id = m["kind"], m["run"]
            if kind == "start":
                sync_sources(db, [m["source"]])
                open_run(db, run_id, m["source"]["id"], m["mode"], m["started_at"])
            elif kind == "finish":
                _add_written(db, written)
                close_run(db, run_id, m["source_id"], m["counts"], m["status"], m["message"],
                          m["complete"], m["finished_at"])
            else:
                item = m["item"]
                result = apply_item(db, kind, item, m["at"])
                written.setdefault((run_id, item["source_id"]), Counter()).update(result)
                outcomes.update(result)
        _add_written(db, written)
    return outcomes


def _add_written(db: Database, written: dict[tuple[str, str], Counter[str]]) -> None:
    """Count the records written so far into their runs' rows, one update per source."""
    for (run_id, source_id), counts in written.items():
        add_written(db, run_id, source_id, counts)
    written.clear()
