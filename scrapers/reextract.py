"""Rebuild archived records from the raw WARC captures, with no network.

When the extractor improves, every archived page can be extracted again from the response
the crawler kept. Only the latest capture of each archived page is used, so the result is
what a fresh crawl at that moment would have archived; a record whose text comes out
different gains a new version, as an edit would.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from pathlib import Path

from scrapy.http import TextResponse
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from archive.store import save_announcement
from scrapers.pipelines.archive import utc_now
from scrapers.registry import load_registry
from scrapers.spider_loader import spider_class_for

Capture = tuple[Path, int, str]  # WARC file, record offset, WARC-Record-ID


def latest_captures(warc_dir: Path) -> dict[tuple[str, str], Capture]:
    """(source id, URL) -> its newest successful response capture; run folders sort by time."""
    latest: dict[tuple[str, str], Capture] = {}
    for path in sorted(warc_dir.glob("*/*.warc.gz")):
        source_id = path.name.removesuffix(".warc.gz")
        with path.open("rb") as stream:
            records = ArchiveIterator(stream)
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                latest[(source_id, url)] = (path, records.get_record_offset(), record_id)
    return latest


def read_response(capture: Capture, url: str) -> TextResponse | None:
    """The captured response as Scrapy would have handed it to the spider."""
    path, offset, _ = capture
    with path.open("rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        headers = {k: v for k, v in record.http_headers.headers}
        body = record.content_stream().read()
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    if not issubclass(cls, TextResponse):
        return None
    return cls(url=url, headers=headers, body=body)


def reextract(db_path: Path, warc_dir: Path, sources_file: Path | None = None) -> Counter[str]:
    """Re-extract every archived page from its latest capture; return outcome counts."""
    spiders = {s.id: spider_class_for(s) for s in load_registry(sources_file)}
    db = open_db(db_path)
    archived = {
        url: (source_id, published_at)
        for url, canonical, source_id, published_at in db.execute(
            "SELECT url, canonical_url, source_id, published_at FROM announcements"
        ).fetchall()
        for url in (url, canonical)
    }
    known_dates = {url: value[1] for url, value in archived.items()}
    counts: Counter[str] = Counter()
    now = utc_now()
    for (source_id, url), capture in latest_captures(warc_dir).items():
        spider = spiders.get(source_id)
        if spider is None:
            counts["unknown source"] += 1
            continue
        response = read_response(capture, url)
        if response is None:
            continue
        with db.atomic():
            for item in spider.items_from_capture(response, known_dates):
                if item.url not in archived and item.canonical_url not in archived:
                    continue
                item.capture = f"{capture[0].parent.name}/{capture[0].name}#{capture[2]}"
                counts[save_announcement(db, asdict(item), now)] += 1
    db.close()
    return counts
