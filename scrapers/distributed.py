"""Crawling from many hosts: the request queue and duplicate filter shared in Redis.

`health-archive crawl --distributed --redis-url redis://host:6379/0` on each host runs the same
spiders as a local crawl, with four differences:

* Requests go through scrapy-redis's Scheduler into one queue per source in Redis, behind its
  RFPDupeFilter, so each page is fetched by one worker. Every worker runs each spider's own
  `async def start()`: the first worker's discovery requests enter the queue, the others' are
  filtered as duplicates. scrapy-redis's RedisSpider is not used: it starts from
  `start_requests()`, which Scrapy 2.16 removed (its fix, rmax/scrapy-redis PR 316, is
  unreleased), and it would replace the registry-driven discovery with URLs pushed to Redis.
* The queue and filter belong to one run (keys `health-archive:run:<id>:<source>:…`). Workers
  started together join the same run; when its last worker leaves, the keys go. So listing
  pages and feeds are fetched again by the next run, while an article is fetched once because
  the next run knows it is archived (below), not because a filter remembers it: a page whose
  fetch failed is tried again next run, as in a local crawl.
* Items are pushed to a Redis list for the one writer (`health-archive ingest`, see
  archive/ingest.py) instead of being written to SQLite, which has one writer and lives on one
  host. Known pages (for incremental discovery and conditional rechecks) come from Redis,
  where the writer publishes them after each run.
* Only GET requests are shared. A POST such as gov.kz's cookie-ticket handshake sets up the
  worker's own session: it stays in the worker (and bypasses the filter), and the worker takes
  no shared request until it is answered, so its cookie is set first.

A worker whose queue runs dry does not stop while another worker is busy on the same source
(that worker's listing page may bring more articles): workers mark themselves busy in Redis and
idle ones wait. The last worker of a source adds up every worker's counts (kept in Redis) and
sends the run's verdict to the writer; it finds the archived pages that left a sitemap or an
API listing (to be fetched again before any removal) from the discovery state of every
worker, also kept in Redis (its platform's shared discovery state).
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from collections import deque
from collections.abc import Iterator, MutableSet
from dataclasses import asdict
from pathlib import Path
from typing import Any

import redis
from scrapy import Request, signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from archive.ingest import COMPLETE, ITEMS, PREFIX, RUN, known_key, message, skipped_key
from archive.store import KnownPage
from scrapers.extensions.source_errors import ERRORS
from scrapers.extensions.source_health import STAT_KEYS, _outcome
from scrapers.clock import crawl_now, stamp
from scrapers.compat.scrapy import wake
from scrapers.items import ITEM_KINDS
from scrapers.pipelines.archive import utc_now
from scrapers.run import CrawlOptions, CrawlSummary, crawl_settings, new_run_id, select_sources
from scrapers.spider_loader import spider_class_for

WORKER = f"{socket.gethostname()}-{os.getpid()}"
RUN_TTL = 60  # s: a run whose workers all died ends this long after their last heartbeat
BUSY_TTL = 15  # s: a busy mark older than this belongs to a dead worker
# Stats that decide a verdict besides the counts (scrapers/extensions/source_health._outcome).
FLAGS = ("health_archive/refused_local", "health_archive/discovery_errors")
# Discovery state a spider keeps across callbacks, which run in whichever worker took the
# request, is declared by its platform (scrapers/spiders/platform.DiscoveryState): shared sets
# live in Redis (RedisSet); flags are merged when the last worker closes, before it finds
# unlisted pages (`closed_items`) and completeness.


def run_key(run_id: str, *parts: str) -> str:
    return ":".join((PREFIX, "run", run_id, *parts))


def connect(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


# --- the run: which workers belong together ----------------------------------------------------

def join_run(server: redis.Redis) -> str:
    """The current run's id, starting a run if none is active."""
    current = None
    while current is None:  # None only if the run ended between the two calls
        server.set(RUN, new_run_id(), nx=True, ex=RUN_TTL)
        current = server.get(RUN)
    run_id = current.decode()
    server.hset(run_key(run_id, "workers"), WORKER, time.time())
    return run_id


def leave_run(server: redis.Redis, run_id: str) -> None:
    """Leave; the last live worker ends the run and removes its queues and filters."""
    workers = run_key(run_id, "workers")
    server.hdel(workers, WORKER)
    now = time.time()
    if any(now - float(t) < RUN_TTL for t in server.hvals(workers)):
        return
    if server.get(RUN) == run_id.encode():
        server.delete(RUN)
    keys = list(server.scan_iter(match=run_key(run_id, "*"), count=1000))
    if keys:
        server.delete(*keys)


def distributed_settings(redis_url: str, run_id: str, scratch_db: Path) -> dict[str, Any]:
    """Settings laid over a local crawl's (see module docstring)."""
    return {
        "REDIS_URL": redis_url,
        "DISTRIBUTED_RUN_ID": run_id,
        # Per worker, so two workers on one host never append to the same WARC file.
        "CRAWL_RUN_ID": f"{run_id}-{WORKER}",
        # The spider reads known pages from ARCHIVE_DB when it opens; a worker has no
        # archive, so it reads an empty one and then takes known pages from Redis.
        "ARCHIVE_DB": str(scratch_db),
        "SCHEDULER": "scrapers.distributed.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the run outlives any one worker; leave_run cleans up
        "SCHEDULER_QUEUE_KEY": run_key(run_id, "%(spider)s", "requests"),
        "SCHEDULER_DUPEFILTER_KEY": run_key(run_id, "%(spider)s", "dupefilter"),
        "ITEM_PIPELINES": {"scrapers.distributed.RedisItemPipeline": 800},
        "EXTENSIONS": {"scrapers.extensions.source_health.SourceHealthExtension": None,
                       "scrapers.distributed.DistributedRun": 500},
    }


# --- Scrapy components -------------------------------------------------------------------------

class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler, sharing GET requests only (see module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.local: deque[Request] = deque()
        self.crawler: Crawler | None = None
        self.busy_key = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: Any) -> None:
        super().open(spider)
        self.busy_key = run_key(spider.settings["DISTRIBUTED_RUN_ID"], spider.name, "busy")

    def enqueue_request(self, request: Request) -> bool:
        # dont_filter is not honoured for GETs: in this project it marks rechecks, which one
        # worker must fetch, not every worker.
        if request.method != "GET":
            self.local.append(request)
            return True
        if self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.local:
            return self.local.popleft()
        assert self.crawler is not None and self.crawler.engine is not None
        if any(r.method != "GET" for r in self.crawler.engine.downloader.active):
            return None  # a session handshake is in flight: its cookie first
        request = self.queue.pop()
        if request is not None:
            self.server.hset(self.busy_key, WORKER, time.time())
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return bool(self.local) or len(self.queue) > 0


class RedisItemPipeline:
    """Push items to the writer's list in batches (one round trip per batch)."""

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.server = connect(settings["REDIS_URL"])
        self.run_id = settings["DISTRIBUTED_RUN_ID"]
        self.mode = settings.get("CRAWL_MODE", "hourly")
        self.settings = settings
        self.batch_size = settings.getint("ARCHIVE_BATCH_SIZE", 50)
        self.stats = crawler.stats
        self.pending: list[str] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisItemPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        kind = ITEM_KINDS.get(type(item))
        if kind:
            self.pending.append(message(kind, self.run_id, mode=self.mode, item=asdict(item),
                                        at=stamp(crawl_now(self.settings))))
            if len(self.pending) >= self.batch_size:
                self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()

    def flush(self) -> None:
        if self.pending:
            self.server.rpush(ITEMS, *self.pending)
            self.stats.inc_value("health_archive/queued", len(self.pending))
            self.pending.clear()


class DistributedRun:
    """Run bookkeeping shared by the workers of a source: start, busy marks, idle, verdict."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.server = connect(crawler.settings["REDIS_URL"])
        self.run_id = crawler.settings["DISTRIBUTED_RUN_ID"]
        self.mode = crawler.settings.get("CRAWL_MODE", "hourly")
        self.heartbeat: task.LoopingCall | None = None
        self.started_at = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedRun:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def key(self, name: str) -> str:
        assert self.crawler.spider is not None
        return run_key(self.run_id, self.crawler.spider.name, name)

    def spider_opened(self, spider: Any) -> None:
        self.started_at = utc_now()
        self.server.sadd(self.key("workers"), WORKER)
        self.server.rpush(ITEMS, message("start", self.run_id, mode=self.mode,
                                         source=spider.source.to_row(), started_at=self.started_at))
        self.heartbeat = task.LoopingCall(self.beat)
        self.heartbeat.start(1.0)

    def beat(self) -> None:
        """Keep the run alive, and mark this worker busy while it has work in hand."""
        self.server.expire(RUN, RUN_TTL)
        self.server.hset(run_key(self.run_id, "workers"), WORKER, time.time())
        engine = self.crawler.engine
        if engine is None or not engine.spider:
            return
        if not engine.spider_is_idle():
            self.server.hset(self.key("busy"), WORKER, time.time())
        # An idle worker kept open looks at the queue only on Scrapy's 5-second heartbeat;
        # wake it as soon as a peer has queued pages (Scrapy has no public call for this).
        wake(engine)

    def spider_idle(self, spider: Any) -> None:
        """Stay open while another worker is busy on this source: it may queue more pages."""
        self.server.hdel(self.key("busy"), WORKER)
        now = time.time()
        if any(now - float(t) < BUSY_TTL for t in self.server.hvals(self.key("busy"))):
            raise DontCloseSpider

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.heartbeat and self.heartbeat.running:
            self.heartbeat.stop()
        stats = self.crawler.stats.get_stats()
        counts = {key: int(stats.get(stat, 0)) for key, stat in STAT_KEYS.items()}
        counts["fetched"] = int(stats.get("downloader/response_status_count/200", 0))
        counts["errors"] = int(stats.get(ERRORS, 0))
        counts.update({flag: int(stats.get(flag, 0)) for flag in FLAGS})
        counts["items"] = int(stats.get("item_scraped_count", 0))
        merged = self.key("counts")
        pipe = self.server.pipeline(transaction=True)
        for name, value in counts.items():
            if name not in ("new", "changed", "removed"):
                pipe.hincrby(merged, name, value)
        if reason != "finished":
            pipe.hsetnx(merged, "reason", reason)
        state = spider.platform.discovery_state
        for attr in state.every_worker:
            if not getattr(spider, attr):
                pipe.hincrby(merged, f"not{attr}", 1)
        for attr in state.any_worker:
            if getattr(spider, attr):
                pipe.hincrby(merged, f"any{attr}", 1)
        pipe.srem(self.key("workers"), WORKER)
        pipe.scard(self.key("workers"))
        *_, remaining = pipe.execute()
        if remaining == 0:
            self.finish(spider)

    def finish(self, spider: Any) -> None:
        """The last worker of the source: every worker's discovery state, unlisted pages, verdict."""
        raw = {k.decode(): v.decode() for k, v in self.server.hgetall(self.key("counts")).items()}
        totals = {k: int(v) for k, v in raw.items() if v.lstrip("-").isdigit()}
        state = spider.platform.discovery_state
        for attr in state.every_worker:
            setattr(spider, attr, not totals.get(f"not{attr}"))
        for attr in state.any_worker:
            setattr(spider, attr, bool(totals.get(f"any{attr}")))
        at = stamp(crawl_now(self.crawler.settings))
        closing = [message(ITEM_KINDS[type(r)], self.run_id, mode=self.mode, item=asdict(r), at=at)
                    for r in spider.closed_items()]
        # Every item the writer receives comes out new, changed or unchanged.
        verdict_counts = {**totals, "new": totals.get("items", 0), "changed": 0}
        status, text = _outcome(verdict_counts, raw.get("reason", "finished"), totals,
                                bool(spider.known))
        complete = status == "ok" and spider.discovery_complete
        finish = message("finish", self.run_id, source_id=spider.name, counts=totals,
                         status=status, message=text, complete=complete, finished_at=utc_now())
        self.server.rpush(ITEMS, *closing, finish)


class RedisSet(MutableSet[str]):
    """A set of strings kept in Redis, so every worker of a source sees the same members."""

    def __init__(self, server: redis.Redis, key: str):
        self.server = server
        self.key = key

    def __contains__(self, value: object) -> bool:
        return bool(self.server.sismember(self.key, str(value)))

    def __iter__(self) -> Iterator[str]:
        return (v.decode() for v in self.server.sscan_iter(self.key, count=5000))

    def __len__(self) -> int:
        return int(self.server.scard(self.key))

    def add(self, value: str) -> None:
        self.server.sadd(self.key, value)

    def discard(self, value: str) -> None:
        self.server.srem(self.key, value)


class DistributedSpider:
    """Mixed into a source's spider class: known pages come from Redis, not from the archive,
    and discovery state that callbacks share lives in Redis (its platform's `shared` sets)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[misc]
        server = connect(crawler.settings["REDIS_URL"])
        for url, raw in server.hscan_iter(known_key(spider.source.id), count=5000):
            fields = json.loads(raw)
            spider.remember(KnownPage(url.decode(), **{**fields, "aliases": tuple(fields["aliases"])}))
        spider.skipped = {url.decode() for url in server.sscan_iter(skipped_key(spider.source.id), count=5000)}
        spider.full_discovery = server.hget(COMPLETE, spider.source.id) != b"1"
        run_id = crawler.settings["DISTRIBUTED_RUN_ID"]
        for attr in spider.platform.discovery_state.shared:
            setattr(spider, attr, RedisSet(server, run_key(run_id, spider.name, attr)))
        return spider


def worker_class(spider_class: type) -> type:
    return type(spider_class.__name__, (DistributedSpider, spider_class), {})


# --- the worker command ------------------------------------------------------------------------

def crawl_worker(options: CrawlOptions) -> CrawlSummary:
    """`health-archive crawl --distributed`: join (or start) the run, crawl, leave.

    The summary is this worker's share: what it fetched and queued for the writer; new and
    changed are decided by `health-archive ingest`, which writes the run's crawl_runs rows.
    """
    assert options.redis_url
    sources = select_sources(options)
    server = connect(options.redis_url)
    server.ping()
    run_id = join_run(server)
    crawlers: list[Crawler] = []
    try:
        with tempfile.TemporaryDirectory(prefix="health-archive-worker-") as scratch:
            settings = crawl_settings(
                options.db, options.sources_file, run_id, mode=options.mode,
                allow_local=options.allow_local, replica_origin=options.replica_origin,
                log_file=options.log_file, overrides=options.overrides,
            )
            settings.setdict(distributed_settings(options.redis_url, run_id,
                                                  Path(scratch) / "scratch.db"), priority="cmdline")
            settings.setdict(options.overrides, priority="cmdline")  # --set still wins
            process = CrawlerProcess(settings)
            for source in sources:
                crawler = process.create_crawler(worker_class(spider_class_for(source)))
                crawlers.append(crawler)
                process.crawl(crawler)
            process.start()
    finally:
        leave_run(server, run_id)
    return CrawlSummary(run_id, [_worker_row(c) for c in crawlers])


def _worker_row(crawler: Crawler) -> dict[str, Any]:
    stats = crawler.stats.get_stats() if crawler.stats else {}
    counts = {key: int(stats.get(stat, 0)) for key, stat in STAT_KEYS.items()}
    counts["errors"] = int(stats.get(ERRORS, 0))
    queued = int(stats.get("health_archive/queued", 0))
    # This worker's own verdict (its exit status): its errors and refusals, not the source's.
    status, text = _outcome({**counts, "new": queued}, stats.get("finish_reason", "finished"),
                            stats, False)
    return {
        **counts, "source_id": crawler.spidercls.name, "status": status,
        "fetched": int(stats.get("downloader/response_status_count/200", 0)),
        "new": 0, "changed": 0, "removed": 0,
        "message": text or f"{queued} records queued for health-archive ingest",
    }
