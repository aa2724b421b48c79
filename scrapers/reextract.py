"""Rebuild archived records from the raw WARC captures, with no network.

When the extractor improves, every archived page can be extracted again from the response
the crawler kept. Only the latest capture of each archived page is used, so the result is
what a fresh crawl at that moment would have archived; a record whose text comes out
different gains a new version, as an edit would.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from scrapy.http import TextResponse
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from archive.db import open_db
from archive.stemming import stem_record
from archive.store import content_hash, save_announcement
from scrapers.extract_pool import worker_processes
from scrapers.items import AnnouncementItem
from scrapers.clock import utc_now
from scrapers.registry import Source, load_registry
from scrapers.source_extractor import SourceExtractor

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
    """Re-extract every archived page from its latest capture; return outcome counts.

    Captures are read and extracted in worker processes, one per core (this process only
    writes, in one transaction per capture); extraction is the cost, so it scales with cores.
    """
    sources = {s.id: s for s in load_registry(sources_file)}
    db = open_db(db_path)
    archived = {
        url: (published_at, digest)
        for url, canonical, published_at, digest in db.execute(
            "SELECT url, canonical_url, published_at, content_hash FROM announcements"
        ).fetchall()
        for url in (url, canonical)
    }
    counts: Counter[str] = Counter()
    jobs = []
    for (source_id, url), capture in latest_captures(warc_dir).items():
        if source_id in sources:
            jobs.append((sources[source_id], url, capture))
        else:
            counts["unknown source"] += 1
    now = utc_now()
    with worker_processes(os.cpu_count() or 1, initializer=_remember, initargs=(archived,)) as pool:
        for items in pool.map(_items_of, jobs, chunksize=16):
            with db.atomic():
                for item in items:
                    counts[save_announcement(db, vars(item), now)] += 1
    db.close()
    return counts


# --- in the worker processes --------------------------------------------------------------------
_dates: dict[str, str | None] = {}  # archived URLs -> their stored publication dates
_hashes: dict[str, str] = {}  # archived URLs -> their stored content hashes


def _remember(archived: dict[str, tuple[str | None, str]]) -> None:
    for url, (published_at, digest) in archived.items():
        _dates[url] = published_at
        _hashes[url] = digest


_extractors: dict[str, SourceExtractor] = {}


def _extractor(source: Source) -> SourceExtractor:
    if source.id not in _extractors:
        _extractors[source.id] = SourceExtractor(source)
    return _extractors[source.id]


def _items_of(job: tuple[Source, str, Capture]) -> list[AnnouncementItem]:
    """The archived items one capture holds, with their stems and capture reference.

    The archive's stored dates stand in for the listing dates only the original crawl saw.
    """
    source, url, capture = job
    response = read_response(capture, url)
    if response is None:
        return []
    items = []
    for item in _extractor(source).items_from_capture(response, _dates):
        stored = _hashes.get(item.canonical_url) or _hashes.get(item.url)
        if stored is None:
            continue
        item.capture = f"{capture[0].parent.name}/{capture[0].name}#{capture[2]}"
        if content_hash(item.title, item.published_at, item.body_text) != stored:
            item.stems = stem_record(item.title, item.body_text, item.language)  # it will be written
        items.append(item)
    return items
