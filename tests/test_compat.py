"""The libraries' private parts behind scrapers/compat and archive/web/compat still exist and
still do what we use them for: an upgrade that renames or reshapes one fails here."""

from __future__ import annotations

import asyncio
import inspect
import sqlite3
from io import BytesIO

from datasette.app import Datasette
from scrapy import Request, Spider
from scrapy.core.engine import ExecutionEngine, _Slot
from scrapy.downloadermiddlewares import cookies
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response, TextResponse
from scrapy.utils.reactor import CallLaterOnce
from scrapy.utils.test import get_crawler
from twisted.internet.defer import Deferred
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archive.web.compat import prepare_connection
from scrapers.compat.scrapy import set_public_suffix_splitter, wake
from scrapers.compat.warcio import StreamChoosingWARCWriter
from scrapers.middlewares.cookies import OfflineCookiesMiddleware
from scrapers.middlewares.robots import DISALLOW_ALL, StrictRobotsTxtMiddleware
from scrapers.middlewares.warc_capture import CaptureWriter


def test_warcio_writes_every_record_through_the_stream_we_choose() -> None:
    assert list(inspect.signature(WARCWriter._write_warc_record).parameters) == ["self", "out", "record"]
    streams: list[object] = []

    class Recording(StreamChoosingWARCWriter):
        def record_stream(self, out):  # type: ignore[no-untyped-def]
            streams.append(out)
            return out

    out = BytesIO()
    writer = Recording(out, gzip=False)
    writer.write_record(writer.create_warc_record("https://example.org/", "resource",
                                                  payload=BytesIO(b"text")))
    assert streams == [out]


def test_capture_records_are_gzip_members_warcio_reads_back() -> None:
    out = BytesIO()
    writer = CaptureWriter(out)
    for n in range(2):
        writer.write_record(writer.create_warc_record(f"https://example.org/{n}", "resource",
                                                      payload=BytesIO(f"page {n}".encode())))
    assert out.getvalue()[:2] == b"\x1f\x8b"
    out.seek(0)
    records = [(r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
               for r in ArchiveIterator(out)]
    assert records == [("https://example.org/0", b"page 0"), ("https://example.org/1", b"page 1")]


def test_scrapy_asks_split_domain_whether_a_cookie_domain_is_a_public_suffix() -> None:
    offline = cookies._split_domain
    assert offline.suffix_list_urls == ()  # set by scrapers.middlewares.cookies at import
    asked: list[str] = []

    def recording(domain: str):  # type: ignore[no-untyped-def]
        asked.append(domain)
        return offline(domain)

    set_public_suffix_splitter(recording)
    try:
        middleware = OfflineCookiesMiddleware.from_crawler(get_crawler(Spider))
        page = Request("https://alice.github.io/")
        middleware.process_response(page, Response(page.url, headers={
            "Set-Cookie": ["shared=1; Domain=github.io", "own=1; Domain=example.org"]}))
        other = Request("https://bob.github.io/")
        middleware.process_request(other)
    finally:
        set_public_suffix_splitter(offline)
    assert "github.io" in asked
    assert other.headers.get("Cookie") is None  # github.io is a public suffix (private PSL part)


def test_wake_schedules_the_engines_next_call() -> None:
    async def run() -> None:
        engine = ExecutionEngine(get_crawler(Spider), lambda spider: None)
        assert engine._slot is None
        wake(engine)  # no spider open: nothing to wake
        woken = asyncio.Event()
        engine._slot = _Slot(False, CallLaterOnce(woken.set), scheduler=None)  # type: ignore[arg-type]
        wake(engine)
        await asyncio.wait_for(woken.wait(), 60)

    asyncio.run(run())


def test_scrapy_reads_robots_txt_through_the_hooks_we_override() -> None:
    robot_parser = inspect.getsource(RobotsTxtMiddleware.robot_parser)
    assert "self._parse_robots(resp, netloc, request)" in robot_parser
    assert "self._robots_error(e, netloc)" in robot_parser
    assert inspect.iscoroutinefunction(RobotsTxtMiddleware._parse_robots)
    assert list(inspect.signature(RobotsTxtMiddleware._robots_error).parameters) == ["self", "exc", "netloc"]

    async def run() -> None:
        crawler = get_crawler(Spider, settings_dict={"ROBOTSTXT_OBEY": True})
        middleware = StrictRobotsTxtMiddleware.from_crawler(crawler)
        middleware._parsers["a.example"] = waiting = Deferred()
        answered: list[object] = []
        waiting.addCallback(answered.append)
        request = Request("https://a.example/news")
        await middleware._parse_robots(
            TextResponse("https://a.example/robots.txt", status=503, body=b""), "a.example", request)
        parser = await middleware.robot_parser(request)
        assert answered == [parser]
        assert not parser.allowed(request.url, "any")
        assert crawler.stats.get_value("health_archive/robots_unreadable") == ["a.example: HTTP 503"]

        middleware._parsers["b.example"] = Deferred()
        middleware._robots_error(ConnectionRefusedError("refused"), "b.example")
        refused = await middleware.robot_parser(Request("https://b.example/"))
        assert not refused.allowed("https://b.example/", "any")

    asyncio.run(run())


def test_datasette_prepares_a_connection_opened_outside_its_pool() -> None:
    assert list(inspect.signature(Datasette._prepare_connection).parameters) == ["self", "conn", "database"]
    conn = sqlite3.connect(":memory:")
    prepare_connection(Datasette(memory=True), conn, "_memory")
    assert isinstance(conn.execute("SELECT 1 AS one").fetchone(), sqlite3.Row)
    # The archive's plugin hooks ran: its SQL functions exist on this connection.
    assert conn.execute("SELECT stem_query('measles', 'en')").fetchone()[0] == '("measl" OR "measles")'
