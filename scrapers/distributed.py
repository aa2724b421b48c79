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
* The crawl's messages (records, run start and finish) are pushed to a Redis list for the
  one writer (`health-archive ingest`, see archive/ingest.py) instead of being written to
  SQLite, which has one writer and lives on one host (RedisSink). Known pages (for
  incremental discovery and conditional rechecks) come from Redis, where the writer publishes
  them after each run (RedisKnownPages).
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
import time
from collections import deque
from collections.abc import Iterator, Mapping, MutableSet, Sequence
from typing import Any

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from archive.ingest import COMPLETE, ITEMS, PREFIX, RUN, attachments_key, known_key, skipped_key
from archive.store import ArchivedSource, KnownPage
from scrapers.compat.scrapy import wake
from scrapers.extensions import connected
from scrapers.extensions.source_health import SourceHealthExtension
from scrapers.registry import Source
from scrapers.run import CrawlOptions, CrawlSummary, new_run_id, options_settings, run_crawl
from scrapers.spider_loader import spider_class_for
from scrapers.stats import REDIS_DEQUEUED, REDIS_ENQUEUED, ROBOTS_UNREADABLE, run_counts, verdict

WORKER = f"{socket.gethostname()}-{os.getpid()}"
RUN_TTL = 60  # s: a run whose workers all died ends this long after their last heartbeat
BUSY_TTL = 15  # s: a busy mark older than this belongs to a dead worker
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


def distributed_settings(redis_url: str, run_id: str) -> dict[str, Any]:
    """Settings laid over a local crawl's (see module docstring)."""
    return {
        "REDIS_URL": redis_url,
        "DISTRIBUTED_RUN_ID": run_id,
        # Per worker, so two workers on one host never append to the same WARC file.
        "CRAWL_RUN_ID": f"{run_id}-{WORKER}",
        "KNOWN_PAGES": "scrapers.distributed.RedisKnownPages",
        "MESSAGE_SINK": "scrapers.distributed.RedisSink",
        "SCHEDULER": "scrapers.distributed.SharedScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the run outlives any one worker; leave_run cleans up
        "SCHEDULER_QUEUE_KEY": run_key(run_id, "%(spider)s", "requests"),
        "SCHEDULER_DUPEFILTER_KEY": run_key(run_id, "%(spider)s", "dupefilter"),
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
            self.stats.inc_value(REDIS_ENQUEUED)
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
                self.stats.inc_value(REDIS_DEQUEUED)
        return request

    def has_pending_requests(self) -> bool:
        return bool(self.local) or len(self.queue) > 0


class RedisSink:
    """The crawl's messages (archive/writer.py) pushed to the writer's list, a batch per round
    trip; the run is the shared one, whichever worker sends."""

    def __init__(self, crawler: Crawler):
        self.server = connect(crawler.settings["REDIS_URL"])
        self.run_id = crawler.settings["DISTRIBUTED_RUN_ID"]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisSink:
        return cls(crawler)

    def send(self, messages: Sequence[Mapping[str, Any]]) -> None:
        if messages:
            self.server.rpush(ITEMS, *(json.dumps(m, ensure_ascii=False) for m in messages))

    async def wait(self, pending: int) -> None:
        """Nothing waits: each batch is in Redis once `send` returns."""

    def close(self) -> None:
        """Nothing to let go of."""


class RedisKnownPages:
    """Known pages as the writer published them after the last run (archive.ingest.publish_known)."""

    def __init__(self, server: redis.Redis):
        self.server = server

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisKnownPages:
        return cls(connect(crawler.settings["REDIS_URL"]))

    def read(self, source_id: str) -> ArchivedSource:
        server = self.server
        return ArchivedSource(
            [KnownPage.from_dict(json.loads(raw))
             for _, raw in server.hscan_iter(known_key(source_id), count=5000)],
            {url.decode() for url in server.sscan_iter(skipped_key(source_id), count=5000)},
            {url.decode() for url in server.sscan_iter(attachments_key(source_id), count=5000)},
            server.hget(COMPLETE, source_id) == b"1",
        )


class DistributedRun(SourceHealthExtension):
    """The run record of a source crawled by many workers (SourceHealthExtension): every
    worker opens it, the last one to close finishes it for all; and the busy marks and idle
    waits that keep a worker open while a peer may still queue pages."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.server = connect(crawler.settings["REDIS_URL"])
        self.run_id = crawler.settings["DISTRIBUTED_RUN_ID"]
        self.heartbeat: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DistributedRun:
        return connected(crawler, super().from_crawler(crawler), "spider_idle")

    def key(self, name: str) -> str:
        assert self.crawler.spider is not None
        return run_key(self.run_id, self.crawler.spider.name, name)

    def spider_opened(self, spider: Any) -> None:
        self.server.sadd(self.key("workers"), WORKER)
        super().spider_opened(spider)
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

    def finish(self, spider: Any, counts: Mapping[str, int], reason: str) -> None:
        """Add this worker's counts and discovery state to its peers'; the source's last
        worker finishes the run with everyone's."""
        if self.heartbeat and self.heartbeat.running:
            self.heartbeat.stop()
        merged = self.key("counts")
        pipe = self.server.pipeline(transaction=True)
        for name, value in counts.items():
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
        if remaining:
            return
        raw = {k.decode(): v.decode() for k, v in self.server.hgetall(merged).items()}
        totals = {k: int(v) for k, v in raw.items() if v.lstrip("-").isdigit()}
        for attr in state.every_worker:
            setattr(spider, attr, not totals.get(f"not{attr}"))
        for attr in state.any_worker:
            setattr(spider, attr, bool(totals.get(f"any{attr}")))
        super().finish(spider, totals, raw.get("reason", "finished"))


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
    """Mixed into a source's spider class: discovery state that callbacks share lives in Redis
    (its platform's `shared` sets)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[misc]
        server = connect(crawler.settings["REDIS_URL"])
        run_id = crawler.settings["DISTRIBUTED_RUN_ID"]
        for attr in spider.platform.discovery_state.shared:
            setattr(spider, attr, RedisSet(server, run_key(run_id, spider.name, attr)))
        return spider


def worker_class(source: Source) -> type:
    spider_class = spider_class_for(source)
    return type(spider_class.__name__, (DistributedSpider, spider_class), {})


# --- the worker command ------------------------------------------------------------------------

class RedisBackend:
    """`health-archive crawl --distributed`: join (or start) the run, crawl, leave.

    The summary is this worker's share: what it fetched and queued for the writer; new and
    changed are decided by `health-archive ingest`, which writes the run's crawl_runs rows.
    """

    def __init__(self, redis_url: str):
        self.redis_url = redis_url

    def crawl(self, options: CrawlOptions, sources: Sequence[Source]) -> CrawlSummary:
        server = connect(self.redis_url)
        server.ping()
        run_id = join_run(server)
        try:
            settings = options_settings(options, run_id)
            settings.setdict(distributed_settings(self.redis_url, run_id), priority="cmdline")
            settings.setdict(options.overrides, priority="cmdline")  # --set still wins
            crawlers = run_crawl(sources, settings, options.progress, worker_class)
        finally:
            leave_run(server, run_id)
        return CrawlSummary(run_id, [_worker_row(c) for c in crawlers])


def _worker_row(crawler: Crawler) -> dict[str, Any]:
    stats = crawler.stats.get_stats() if crawler.stats else {}
    counts = run_counts(stats)
    # This worker's own verdict (its exit status): its errors and refusals, not the source's.
    status, text = verdict(counts, stats.get("finish_reason", "finished"),
                           stats.get(ROBOTS_UNREADABLE) or [], False)
    return {
        **counts, "source_id": crawler.spidercls.name, "status": status,
        "new": 0, "changed": 0, "removed": 0,
        "message": text or f"{counts['records']} records queued for health-archive ingest",
    }
