"""A crawl no hostile site can sink: bombs, floods, unreadable robots.txt, a full disk, SIGKILL.

Every hostile source is its own local server, crawled through Scrapy's real engine by the
`health-archive crawl` command, beside an honest source. The crawl process's peak RSS stays
under 500 MB although each bomb, read the way the crawler used to read it, would need more;
each hostile source fails with a message saying why, the honest one succeeds, and the archive
stays intact.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path

import platformdirs
import pytest

from tests.conftest import _QuietHandler
from tests.helpers import BIN, FAST, rows
from tests.hostile_site import MB, HostileSite, gzip_bomb, measured, reset, send
from tests.news_site import article, write_registry, write_site

pytestmark = pytest.mark.long  # `make test` starts it first (see tests/conftest.py)

LIMIT_MB = 500
GIB = 1024  # 1 MiB fillers: each bomb inflates to 1 GiB from about 1 MB
HARNESS = Path(__file__).with_name("cli_harness.py")


def entry(source_id: str, site: HostileSite, **discovery: str) -> str:
    """A registry entry; each discovery keyword names paths on the site, comma-separated."""
    lines = "".join(f"  {key}: [{', '.join(site.origin + path for path in paths.split(','))}]\n"
                    for key, paths in discovery.items())
    return (f"- id: {source_id}\n  name: Центр здоров'я\n  name_en: Hostile {source_id}\n  country: UA\n"
            f"  kind: agency\n  languages: [uk]\n  homepage: {site.origin}/\n{lines}")


@pytest.fixture(scope="module")
def sitemap_bomb() -> bytes:
    """1 MB of gzip (served without Content-Encoding, as .xml.gz files are) inflating to 1 GiB
    of well-formed XML: an element, then a megabyte of spaces, a thousand times."""
    return gzip_bomb(b"<?xml version='1.0'?><urlset>", b"<x/>" + b" " * (MB - 4), GIB, b"</urlset>")


@pytest.fixture(scope="module")
def elements_bomb() -> bytes:
    """The same size of XML made of 270 million empty elements."""
    return gzip_bomb(b"<?xml version='1.0'?><urlset>", b"<x/>" * (MB // 4), GIB, b"</urlset>")


@pytest.fixture
def sites(sitemap_bomb: bytes, elements_bomb: bytes) -> Iterator[dict[str, HostileSite]]:
    tiny_items = b"".join(b"<item><link>/i%d</link></item>" % n for n in range(60_000))
    feed_flood = b"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>" + tiny_items + b"</channel></rss>"
    api_bomb = b"[" + b"{}," * (6 * MB // 3) + b"{}]"
    hostile = {
        "ua_honest": HostileSite(),
        "ua_sitemap_bomb": HostileSite({"/sitemap.xml.gz": lambda h: send(h, 200, sitemap_bomb, "application/x-gzip"),
                                        "/elements.xml.gz": lambda h: send(h, 200, elements_bomb, "application/x-gzip")}),
        "ua_encoding_bomb": HostileSite({"/feed.xml": lambda h: send(
            h, 200, sitemap_bomb, "application/rss+xml", {"Content-Encoding": "gzip"})}),
        "ua_feed_flood": HostileSite({"/feed.xml": lambda h: send(h, 200, feed_flood, "application/rss+xml")}),
        "ua_api_bomb": HostileSite({"/wp-json/wp/v2/posts": lambda h: send(h, 200, api_bomb, "application/json"),
                                    "/wp-json/wp/v2/pages": lambda h: send(h, 200, b"[]", "application/json")}),
        "ua_robots_down": HostileSite({"/robots.txt": lambda h: send(h, 503, b"busy", "text/plain")}),
        "ua_robots_huge": HostileSite({"/robots.txt": lambda h: send(
            h, 200, b"User-agent: *\nAllow: /\n" + b"# padding\n" * 60_000, "text/plain")}),
        "ua_robots_reset": HostileSite({"/robots.txt": reset}),
    }
    yield hostile
    for site in hostile.values():
        site.stop()


def test_bombs_floods_and_unreadable_robots_each_fail_their_source_within_the_memory_bound(
    sites: dict[str, HostileSite], tmp_path: Path
):
    registry = tmp_path / "sources.yaml"
    registry.write_text("".join([
        entry("ua_honest", sites["ua_honest"], listing_urls="/news/"),
        entry("ua_sitemap_bomb", sites["ua_sitemap_bomb"], listing_urls="/news/",
              sitemaps="/sitemap.xml.gz,/elements.xml.gz"),
        entry("ua_encoding_bomb", sites["ua_encoding_bomb"], listing_urls="/news/", feeds="/feed.xml"),
        entry("ua_feed_flood", sites["ua_feed_flood"], listing_urls="/news/", feeds="/feed.xml"),
        entry("ua_api_bomb", sites["ua_api_bomb"]).replace("  homepage:", "  platform: wordpress\n  homepage:"),
        *(entry(name, sites[name], listing_urls="/news/")
          for name in ("ua_robots_down", "ua_robots_huge", "ua_robots_reset")),
    ]), encoding="utf-8")
    db, log = tmp_path / "archive.db", tmp_path / "crawl.log"
    # The bound is on the process that reads what sites send, with extraction in its worker, as
    # production runs it on a machine of two cores or more.
    run = measured(["crawl", "--sources", str(registry), "--db", str(db), "--allow-local", "--log-file", str(log),
                    *FAST, "--set", "RETRY_TIMES=1", "--set", "EXTRACT_PROCESSES=1"], tmp_path)

    print(f"crawl peak RSS {run.peak_mb:.0f} MB")
    assert run.peak_mb < LIMIT_MB, f"crawl peaked at {run.peak_mb:.0f} MB"
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    outcome = {source: (status, message or "", errors) for source, status, message, errors in rows(
        db, "SELECT source_id, status, message, errors FROM crawl_runs")}
    # The honest source is not blamed for its neighbours' errors.
    assert outcome["ua_honest"] == ("ok", "", 0)
    text = log.read_text(encoding="utf-8")
    assert "larger than 50 MB once gunzipped" in text and "decompression bomb" in text
    assert "more than 1,000,000 elements: refused as an XML bomb" in text
    assert "exceeded DOWNLOAD_MAXSIZE" in text
    assert "more than 5,000 entries" in text
    assert "API answer larger than 5 MB" in text
    for source in ("ua_sitemap_bomb", "ua_encoding_bomb", "ua_feed_flood", "ua_api_bomb"):
        status, message, errors = outcome[source]
        assert status == "failed" and errors >= 1, (source, outcome[source])
    for source in ("ua_sitemap_bomb", "ua_feed_flood", "ua_api_bomb"):
        assert outcome[source][1].startswith("discovery failed"), outcome[source]
    # An unreadable robots.txt forbids the whole site for the run, and the run says so.
    for source in ("ua_robots_down", "ua_robots_huge", "ua_robots_reset"):
        status, message, _ = outcome[source]
        assert status == "failed" and message.startswith("robots.txt unreadable"), outcome[source]
        assert sites[source].hits["/news/"] == 0 and sites[source].hits[HostileSite.ARTICLE] == 0
    assert "HTTP 503" in outcome["ua_robots_down"][1] and "over 512 KiB" in outcome["ua_robots_huge"][1]
    # The honest pages of the hostile sites are archived all the same.
    archived = {source for (source,) in rows(db, "SELECT source_id FROM announcements")}
    assert archived == {"ua_honest", "ua_sitemap_bomb", "ua_encoding_bomb", "ua_feed_flood"}
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    """A news site of 5 articles (served), its registry, and an archive of its first crawl."""
    root = tmp_path_factory.mktemp("disk")
    site = root / "site"
    write_site(site, [article(n) for n in range(1, 6)], per_page=10)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    registry = write_registry(root / "sources.yaml", "ua_disk_health", f"http://127.0.0.1:{server.server_port}")
    db = root / "archive.db"
    first = subprocess.run([str(BIN / "health-archive"), "crawl", "--sources", str(registry), "--db", str(db),
                            "--allow-local", *FAST], capture_output=True, text=True, timeout=180)
    assert first.returncode == 0, first.stderr[-2000:]
    yield registry, site, db
    server.shutdown()
    server.server_close()


def limited(args: list[str], *limits: str) -> subprocess.CompletedProcess[str]:
    """`health-archive *args` on a disk that fills up (tests/cli_harness.py)."""
    return subprocess.run([sys.executable, str(HARNESS), *limits, "--", *args],
                          capture_output=True, text=True, timeout=180)


def add_articles(site: Path, numbers: range, padding: int = 0) -> None:
    """New articles on the site's first listing page, each with `padding` incompressible bytes."""
    write_site(site, [article(n) for n in numbers] + [article(n) for n in range(1, 6)], per_page=200)
    for n in numbers:
        path = site / article(n)["path"].lstrip("/")
        noise = os.urandom(padding).hex()
        path.write_text(path.read_text(encoding="utf-8").replace("</body>", f"<!-- {noise} --></body>"),
                        encoding="utf-8")


@pytest.mark.parametrize("full", ["archive", "warc"])
def test_a_full_disk_stops_the_crawl_marks_its_run_and_status_still_works(
    first_crawl: tuple[Path, Path, Path], tmp_path: Path, full: str
):
    registry, site, archived = first_crawl
    db = tmp_path / "archive.db"
    shutil.copyfile(archived, db)
    before = rows(db, "SELECT url, content_hash FROM announcements ORDER BY url")
    crawl = ["crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *FAST,
             "--log-file", str(tmp_path / "crawl.log")]
    if full == "archive":  # the database may not grow: SQLite answers "database or disk is full"
        add_articles(site, range(100, 160))
        pages = rows(db, "PRAGMA page_count")[0][0]
        result = limited([*crawl, "--set", "ARCHIVE_BATCH_SIZE=5"], "--max-pages", str(pages + 2))
    else:  # no file may grow past the archive's size + 3 MB: the WARC writer fails first
        add_articles(site, range(200, 206), padding=MB // 2)
        result = limited(crawl, "--max-file-bytes", str(db.stat().st_size + 3 * MB))

    assert result.returncode == 74, result.stderr[-3000:]
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("health-archive: disk full: ")
    run = rows(db, "SELECT status, message FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]
    assert run[0] == "failed" and run[1].startswith("stopped, disk full"), run
    # Nothing archived is lost; the crawl stopped instead of fetching the rest.
    assert set(before) <= set(rows(db, "SELECT url, content_hash FROM announcements ORDER BY url"))
    assert rows(db, "SELECT count(*) FROM announcements")[0][0] < 5 + (60 if full == "archive" else 6)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    # `status` needs no write: it works where every write fails.
    status = limited(["status", "--db", str(db)], "--read-only")
    assert status.returncode == 0, status.stderr
    assert "ua_disk_health" in status.stdout and "failing" in status.stdout


def session_processes(session: int) -> list[int]:
    """Processes of a session (the crawl started one): /proc/<pid>/stat's 6th field."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[3]) == session:
                found.append(int(entry.name))
    return found


def listening_sockets(pids: list[int]) -> list[str]:
    """TCP and Unix sockets the processes listen on (/proc/net: state 0A, or __SO_ACCEPTCON)."""
    inodes = set()
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    listening = []
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                listening.append(f"{table} {fields[1]}")
    for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[3], 16) & 0x10000 and fields[6] in inodes:
            listening.append(f"unix {fields[7:]}")
    return listening


def test_sigkill_leaves_no_process_listener_or_job_file(tmp_path: Path, serve_directory):
    site = tmp_path / "site"
    write_site(site, [article(n) for n in range(1, 61)], per_page=10)
    registry = write_registry(tmp_path / "sources.yaml", "ua_kill_health", serve_directory(site))
    db, state, scratch = tmp_path / "archive.db", tmp_path / "state", tmp_path / "tmp"
    scratch.mkdir()
    slow = ["--set", "DOWNLOAD_DELAY=0.1", "--set", "AUTOTHROTTLE_ENABLED=False",
            "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "--set", "ARCHIVE_BATCH_SIZE=2",
            "--set", "EXTRACT_PROCESSES=1"]
    crawl = subprocess.Popen(
        [str(BIN / "health-archive"), "crawl", "--sources", str(registry), "--db", str(db), "--allow-local", *slow],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "XDG_STATE_HOME": str(state), "HOME": str(tmp_path), "TMPDIR": str(scratch),
             "XDG_CACHE_HOME": platformdirs.user_cache_dir()},  # the lemma tries `make` built
    )
    deadline = time.monotonic() + 90
    archived = 0
    while time.monotonic() < deadline and (archived < 4 or len(session_processes(crawl.pid)) < 2):
        time.sleep(0.2)
        try:
            archived = rows(db, "SELECT count(*) FROM announcements")[0][0] if db.exists() else 0
        except Exception:
            archived = 0
    family = session_processes(crawl.pid)
    assert archived >= 4 and len(family) >= 2, (archived, family)  # the crawl and its worker(s)
    assert listening_sockets(family) == []
    os.kill(crawl.pid, signal.SIGKILL)
    crawl.wait()
    deadline = time.monotonic() + 30
    while session_processes(crawl.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert session_processes(crawl.pid) == []
    assert not any(state.rglob("*")) and not any(scratch.rglob("*"))
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT status FROM crawl_runs") == [("running",)]
