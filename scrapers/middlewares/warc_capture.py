"""Keep every fetched response as a WARC record, one file per source per crawl run.

The raw responses are the archive's evidence and let `health-archive reextract` rebuild every
record offline after an extractor improves. They stay outside the published database (which
only keeps a `capture` reference: file and WARC-Record-ID) because they are large and may hold
pages never published as announcements.

A record that cannot be written because the disk is full is cut off the file (so the WARC stays
readable to its last whole record), its page is not archived, and the crawl stops
(scrapers/disk_full.py): a page archived without its capture could not be rebuilt.
"""

from __future__ import annotations

import os
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from isal import isal_zlib
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from warcio.statusandheaders import StatusAndHeaders

from scrapers import stats as names
from scrapers.compat.warcio import StreamChoosingWARCWriter
from scrapers.disk_full import disk_full_message, stop_crawl

# warcio compresses with zlib at level 9, the crawling process's largest cost after Scrapy
# itself. ISA-L's deflate (python-isal) at its top level 3 writes the same gzip format as small
# as zlib's level 3 on real news pages (ratio 0.220 against 0.221 on the 181 pages of
# benchmarks/article-extraction) in a third of the time: 0.6 ms instead of 1.8 ms a page there,
# 0.15 instead of 0.43 ms on benchmarks/crawl.py's 42 KB pages.
GZIP_LEVEL = isal_zlib.ISAL_BEST_COMPRESSION


class _GzipMember:
    """One gzip member per WARC record, as readers expect: warcio flushes once per record."""

    def __init__(self, out: IO[bytes]):
        self.out = out
        self.compressor = isal_zlib.compressobj(GZIP_LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS + 16)

    def write(self, data: bytes) -> None:
        self.out.write(self.compressor.compress(data))

    def flush(self) -> None:
        self.out.write(self.compressor.flush())
        self.out.flush()


class CaptureWriter(StreamChoosingWARCWriter):
    """warcio's writer, compressing with ISA-L (warcio's own zlib level is fixed at 9)."""

    def __init__(self, out: IO[bytes]):
        super().__init__(out, gzip=False)

    def record_stream(self, out: IO[bytes]) -> _GzipMember:
        return _GzipMember(out)


class WarcCaptureMiddleware:
    """Write each response (with its request) to WARC_DIR/<run>/<source>.warc.gz."""

    def __init__(self, directory: Path, stats: Any):
        self.directory = directory
        self.stats = stats
        self._file: IO[bytes] | None = None
        self._writer: CaptureWriter | None = None
        self._relative = ""
        self._path: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        root = crawler.settings.get("WARC_DIR")
        if not root:
            raise NotConfigured("WARC_DIR is empty")
        run_id = crawler.settings.get("CRAWL_RUN_ID") or "adhoc"
        middleware = cls(Path(root) / run_id, crawler.stats)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        self._path = self.directory / f"{spider.name}.warc.gz"
        self._relative = f"{self.directory.name}/{self._path.name}"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._file = self._path.open("ab")
        except OSError as exc:
            if (full := disk_full_message(exc)) is None:
                raise
            stop_crawl(full)
            return
        self._writer = CaptureWriter(self._file)

    def spider_closed(self, spider: Any) -> None:
        if self._file:
            self._file.close()
            self._file = None

    def process_response(self, request: Request, response: Response) -> Response:
        if self._writer is None or self._file is None:
            if self._path is not None:  # the capture file could not be opened: keep nothing
                raise IgnoreRequest(f"no capture file for {request.url}")
            return response
        try:
            status_line = f"{response.status} {HTTPStatus(response.status).phrase}"
        except ValueError:
            status_line = str(response.status)
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, values in response.headers.items()
            for v in values
        ]
        http_headers = StatusAndHeaders(status_line, headers, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            response.url, "response", payload=BytesIO(response.body), http_headers=http_headers
        )
        start = self._file.tell()
        try:
            self._writer.write_record(record)
            self._file.flush()
        except OSError as exc:
            if (full := disk_full_message(exc)) is None:
                raise
            self._cut(start)
            stop_crawl(full)
            raise IgnoreRequest(f"not captured, disk full: {request.url}") from None
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        request.meta["capture"] = f"{self._relative}#{record_id}"
        self.stats.inc_value(names.CAPTURED)
        return response

    def _cut(self, length: int) -> None:
        """Drop the partly written record: close the file (its buffer may not be flushed) and
        truncate it back to `length`, which needs no free space."""
        assert self._file is not None and self._path is not None
        try:
            self._file.close()
        except OSError:
            pass
        self._file = self._writer = None
        os.truncate(self._path, length)
