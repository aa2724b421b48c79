"""Distributed crawling end to end: a real redis-server, the replica sites, two workers, one writer.

Two `health-archive crawl --distributed` workers crawl the five seed publishers' replicas at
once; `health-archive ingest` then writes what they queued. Every page must be fetched by
exactly one worker (counted from the WARC response records both workers kept), and both
must take part whatever the machine's load (TakeTurns), every
announcement of the replica catalog archived once, and a second run must fetch listings,
feeds and sitemaps again but no announcement (known pages come from what the writer published
to Redis; the rolling recheck's conditional requests are answered 304), and remove nothing; a
recheck must send conditional requests and find an edit, and a page gone on two rechecks a day
apart (CRAWL_CLOCK plays the day) must be removed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from warcio.archiveiterator import ArchiveIterator

from scrapers.registry import load_registry
from replicas.app import handle
from replicas.catalog import articles, non_articles
from replicas.loopback import LoopbackServer, reply
from replicas.server import HOSTS, ReplicaServer
from replicas.state import ReplicaState
from tests.helpers import BIN, FAST, rows, run_cli

pytestmark = pytest.mark.long  # `make test` starts it first (see tests/conftest.py)

SEED_SOURCES = sorted(set(HOSTS.values()))
# Fetched by every worker by design: each keeps its own robots.txt rules, and gov.kz's POST
# ticket handshake sets up each worker's own cookie session.
PER_WORKER = ("/robots.txt", "/api/v1/public/_/c/k6")
# Requests each worker has in hand at most, per source (see run_workers).
IN_HAND = 4


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (Debian package redis-server; `make test` installs it)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no", "--dir", str(workdir)],
                              stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                server.kill()
                raise
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def replicas() -> Iterator[ReplicaServer]:
    with ReplicaServer() as replica:
        yield replica


class WorkerOrigin(LoopbackServer):
    """The replica sites as one worker reaches them: the same sites and edits (`state`), with
    `before(method, target)` called before each answer, which may hold it."""

    def __init__(self, state: ReplicaState, before: Callable[[str, str], None]):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                before(self.command, self.path)
                reply(self, *handle(self.command, self.headers.get("Host", ""), self.path,
                                    dict(self.headers.items()), body, state))

            do_GET = do_POST = do_HEAD = _serve

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                """Quiet."""

        super().__init__(Handler)


def shared_request(method: str, target: str) -> bool:
    return method == "GET" and not target.split("?")[0].endswith(PER_WORKER)


class TakeTurns:
    """Both workers fetch shared pages, however late the second one starts on a busy machine:
    while no shared page has reached the second worker, the first worker's shared requests
    are held whenever a source's queue has more requests than the first can have in hand, so
    some are left for the second. Held at most HOLD seconds (less than a download's timeout):
    a second worker that never comes fails the test, not the crawl."""

    HOLD = 20.0

    def __init__(self, redis_url: str):
        self.client = redis.Redis.from_url(redis_url)
        self.second_fetched = threading.Event()

    def first(self, method: str, target: str) -> None:
        if (shared_request(method, target) and not self.second_fetched.is_set()
                and self.longest_queue() > IN_HAND):
            self.second_fetched.wait(self.HOLD)

    def second(self, method: str, target: str) -> None:
        if shared_request(method, target):
            self.second_fetched.set()

    def longest_queue(self) -> int:
        """Requests waiting in the fullest source queue of the run (scrapy-redis's priority
        queue: a sorted set)."""
        return max((self.client.zcard(key) for key in
                    self.client.scan_iter(match="health-archive:run:*:requests", _type="zset")),
                   default=0)


def run_workers(redis_url: str, origins: tuple[str, str], root: Path, *extra: str) -> list[Path]:
    """Two workers at once, each with its own data folder (as on two hosts) and its own way to
    the replica sites (`origins`); their WARC folders."""
    command = [str(BIN / "health-archive"), "crawl", "--distributed", "--redis-url", redis_url,
               *FAST, "--set", f"CONCURRENT_REQUESTS={IN_HAND}", *extra]
    for source in SEED_SOURCES:
        command += ["--source", source]
    folders = [root / f"worker{n}" for n in (1, 2)]
    workers = [subprocess.Popen([*command, "--replica-origin", origin, "--db", str(folder / "archive.db")],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for folder, origin in zip(folders, origins)]
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, out + err[-3000:]
    return [folder / "warc" for folder in folders]


def responses(warc_dir: Path, status: str | None = None) -> Counter[str]:
    """URL -> number of response records (with that HTTP status) in the worker's WARC files."""
    fetched: Counter[str] = Counter()
    for path in warc_dir.glob("*/*.warc.gz"):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                if status is None or record.http_headers.get_statuscode() == status:
                    fetched[record.rec_headers.get_header("WARC-Target-URI")] += 1
    return fetched


def ingest(db: Path, redis_url: str) -> str:
    result = run_cli("ingest", "--db", str(db), "--redis-url", redis_url)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def first_run(redis_url: str, replicas: ReplicaServer, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("distributed")
    turns = TakeTurns(redis_url)
    with WorkerOrigin(replicas.state, turns.first) as first, \
            WorkerOrigin(replicas.state, turns.second) as second:
        warcs = run_workers(redis_url, (first.origin, second.origin), root / "run1")
    db = root / "archive.db"
    summary = ingest(db, redis_url)
    return root, db, [responses(w) for w in warcs], summary


def shared(fetched: Counter[str]) -> Counter[str]:
    return Counter({u: n for u, n in fetched.items() if not u.endswith(PER_WORKER)})


def test_every_page_is_fetched_by_exactly_one_worker(first_run):
    _, _, per_worker, _ = first_run
    total = shared(per_worker[0]) + shared(per_worker[1])
    assert {u: n for u, n in total.items() if n > 1} == {}
    assert all(shared(fetched) for fetched in per_worker), "both workers should have fetched pages"


def test_every_announcement_is_archived_once(first_run):
    _, db, _, summary = first_run
    archived = [u for (u,) in rows(db, "SELECT canonical_url FROM announcements")]
    assert len(archived) == len(set(archived))
    assert set(archived) == {a.url for a in articles()}
    assert not set(archived) & {u for s in SEED_SOURCES for u in non_articles(s)}
    assert rows(db, "SELECT count(*) FROM versions") == [(len(archived),)]
    assert summary.startswith(f"new {len(archived)}, changed 0")


def test_one_crawl_run_row_per_source_with_the_workers_counts(first_run):
    _, db, _, _ = first_run
    runs = rows(db, "SELECT source_id, status, new, discovery_complete, finished_at IS NOT NULL "
                    "FROM crawl_runs ORDER BY source_id")
    assert [r[0] for r in runs] == SEED_SOURCES
    assert all(r[1] == "ok" and r[3] == 1 and r[4] for r in runs), runs
    assert sum(r[2] for r in runs) == len(articles())


def test_next_run_fetches_listings_again_but_no_announcement(first_run, redis_url, replicas):
    root, db, _, _ = first_run
    warcs = run_workers(redis_url, (replicas.origin,) * 2, root / "run2")
    summary = ingest(db, redis_url)
    fetched = shared(responses(warcs[0]) + responses(warcs[1]))
    assert {u: n for u, n in fetched.items() if n > 1} == {}
    assert "https://moz.gov.ua/uk/news" in fetched
    # No announcement downloaded in full, except those that are themselves listing pages
    # (pfh.org.ge's front pages); the rolling recheck's requests are answered 304.
    downloaded = shared(responses(warcs[0], "200") + responses(warcs[1], "200"))
    listings = {url for source in load_registry() for url in source.listing_urls}
    assert set(downloaded) & {a.url for a in articles()} <= listings
    assert summary == "new 0, changed 0, unchanged 0, removed 0\n"
    client = redis.Redis.from_url(redis_url)
    assert client.llen("health-archive:items") == 0
    assert not list(client.scan_iter("health-archive:run*"))


def test_recheck_sends_conditional_requests_and_finds_edits_and_removals(first_run, redis_url,
                                                                        replicas):
    """Validators (ETag, Last-Modified) reach the workers with the known pages."""
    root, db, _, _ = first_run
    edited = next(a for a in articles("ua_moz") if not a.is_seed)
    removed = next(a for a in articles("kg_who_europe") if not a.is_seed)
    replicas.state.edit(edited.url, body_html="<p>Текст оновлено: графік щеплень змінено.</p>")
    replicas.state.remove(removed.url)
    warcs = run_workers(redis_url, (replicas.origin,) * 2, root / "run3", "--recheck")
    summary = ingest(db, redis_url)
    assert summary.startswith("new 0, changed 1, unchanged ") and summary.endswith(", removed 0\n")
    fetched = shared(responses(warcs[0]) + responses(warcs[1]))
    assert {u: n for u, n in fetched.items() if n > 1} == {}
    not_modified = responses(warcs[0], "304") + responses(warcs[1], "304")
    assert len(not_modified) >= 30
    assert rows(db, "SELECT version_count FROM announcements WHERE url = ?", (edited.url,)) == [(2,)]
    assert rows(db, "SELECT status, gone_since IS NOT NULL FROM announcements WHERE url = ?",
                (removed.url,)) == [("live", 1)]
    day_later = (datetime.now(UTC) + timedelta(days=1, minutes=5)).replace(microsecond=0).isoformat()
    run_workers(redis_url, (replicas.origin,) * 2, root / "run4", "--recheck", "--set", f"CRAWL_CLOCK={day_later}")
    assert ingest(db, redis_url).endswith(", removed 1\n")
    assert rows(db, "SELECT status, removed_at FROM announcements WHERE url = ?",
                (removed.url,)) == [("removed", day_later)]
