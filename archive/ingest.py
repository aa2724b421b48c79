"""The one writer of a distributed crawl: messages from Redis into the archive, known pages back.

SQLite has one writer, and crawl workers on other hosts have no archive file. So workers
(`health-archive crawl --distributed`, scrapers/distributed.py) push the messages a local
crawl hands to its writer thread, as JSON, to one Redis list, and `health-archive ingest`,
beside the archive, applies them with the same writer (archive/writer.py): every worker of a
source sends `start`, only the last one `finish`, with the counts all of them added up.

After draining, the writer publishes what a local crawl reads from the archive when a spider
opens (archive.store.ArchivedSource): per source, the archived pages with their validators,
the pages that are not announcements, the attachments already fetched and whether the
source's last discovery completed. Workers read those from Redis instead
(scrapers/distributed.py RedisKnownPages), so an hourly run on any host skips archived pages
and stops paging early, and a recheck sends conditional requests.

Delivery is at most once, like a local crawl's open batch: a writer killed between taking a
batch and committing it loses that batch, whose pages are then not archived and not published
as known, so the next run fetches them again.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import redis
from sqlite_utils import Database

from archive.db import open_db
from archive.lock import crawl_lock
from archive.store import archived_source
from archive.writer import write_batch

PREFIX = "health-archive"
ITEMS = f"{PREFIX}:items"  # list of JSON messages, RPUSH by workers, LPOP by the writer
RUN = f"{PREFIX}:run"  # the current run's id while any worker runs (expires if all die)
COMPLETE = f"{PREFIX}:discovery-complete"  # hash: source id -> "1" / "0"


def known_key(source_id: str) -> str:
    """Hash of one source's archived pages: url -> JSON object of the KnownPage's fields."""
    return f"{PREFIX}:known:{source_id}"


def skipped_key(source_id: str) -> str:
    """Set of one source's pages that are not announcements (archive.store.skipped_urls)."""
    return f"{PREFIX}:skipped:{source_id}"


def attachments_key(source_id: str) -> str:
    """Set of one source's attachment URLs already fetched (archive.store.archived_attachment_urls)."""
    return f"{PREFIX}:attachments:{source_id}"


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


def publish_known(db: Database, server: redis.Redis) -> None:
    """Replace what each source's crawl needs to know of the archive (archive.store.ArchivedSource)
    in Redis, atomically per source."""
    for (source_id,) in db.execute("SELECT id FROM sources").fetchall():
        archived = archived_source(db, source_id)
        keys = (known_key(source_id), skipped_key(source_id), attachments_key(source_id))
        staging = [f"{key}:staging" for key in keys]
        pipe = server.pipeline(transaction=False)
        pipe.delete(*staging)
        for page in archived.pages:
            pipe.hset(staging[0], page.url, json.dumps(asdict(page)))
            if len(pipe) >= 10_000:
                pipe.execute()
        for key, urls in ((staging[1], sorted(archived.skipped)), (staging[2], sorted(archived.attachments))):
            for start in range(0, len(urls), 10_000):
                pipe.sadd(key, *urls[start:start + 10_000])
        pipe.execute()
        swap = server.pipeline(transaction=True)
        for final, temporary in zip(keys, staging):
            if server.exists(temporary):
                swap.rename(temporary, final)
            else:
                swap.delete(final)
        swap.hset(COMPLETE, source_id, "1" if archived.discovery_complete else "0")
        swap.execute()
