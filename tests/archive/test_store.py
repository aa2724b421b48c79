"""Writing records: a batch commits whole or not at all, and every write keeps its version and
stems in step with the announcement."""
from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from archive.db import open_db
from archive.stemming import stem_text
from archive.store import save_announcement, sync_sources
from scrapers.items import AnnouncementItem
from scrapers.pipelines.archive import MAX_QUEUED_BATCHES, ArchivePipeline
from scrapers.pipelines.sink import archive_writer
from scrapers.stats import ARCHIVED, WRITE_FAILED

SOURCE = {"id": "ua_moz", "name": "МОЗ", "name_en": "MoH", "country": "UA", "kind": "ministry",
          "languages": ["uk"], "homepage": "https://moz.gov.ua/"}


def record(n: int, *, source_id: str = "ua_moz", body: str = "Вакцинація дітей проти кору.") -> dict:
    url = f"https://moz.gov.ua/uk/news/{n}"
    return {"source_id": source_id, "country": "UA", "url": url, "canonical_url": url,
            "title": f"Новина {n}", "published_at": "2024-03-12", "modified_at": None, "language": "uk",
            "body_text": body, "attachments": [{"url": f"{url}.pdf", "text": "Наказ", "type": "pdf"}]}


def local_crawler(path: Path, batch_size: int) -> Crawler:
    """A crawler writing to the archive file, as a local crawl's (scrapers/settings.py)."""
    return get_crawler(settings_dict={"ARCHIVE_DB": str(path), "ARCHIVE_BATCH_SIZE": batch_size,
                                      "CRAWL_RUN_ID": "run",
                                      "MESSAGE_SINK": "scrapers.pipelines.sink.ArchiveSink"})


def counts(path: Path) -> tuple[int, ...]:
    with sqlite3.connect(path) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("announcements", "versions", "attachments", "announcements_stems"))


def test_a_failing_batch_leaves_nothing_behind(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The crawl pipeline's batch is one transaction: a record that cannot be written takes the
    batch with it (those pages are fetched again next run), never half of a record; the error
    is logged and counted, and the batches after it are written."""
    path = tmp_path / "archive.db"
    db = open_db(path)
    sync_sources(db, [SOURCE])
    db.close()
    crawler = local_crawler(path, 2)
    pipeline = ArchivePipeline.from_crawler(crawler)

    async def crawl() -> tuple[int, ...]:
        await pipeline.process_item(AnnouncementItem(**record(1)))
        await pipeline.process_item(AnnouncementItem(**record(2, source_id="not_in_the_registry")))
        await pipeline.sink.wait(0)
        after_failure = counts(path)
        await pipeline.process_item(AnnouncementItem(**record(3)))
        await pipeline.close_spider()
        pipeline.sink.close()
        return after_failure

    assert asyncio.run(crawl()) == (0, 0, 0, 0)
    assert counts(path) == (1, 1, 1, 1)
    assert crawler.stats.get_value(WRITE_FAILED) == 2
    assert crawler.stats.get_value(ARCHIVED + "new") == 1
    assert "could not archive a batch of 2 items" in caplog.text


def test_the_crawl_waits_while_the_writer_falls_behind(tmp_path: Path) -> None:
    """Back-pressure: with the writer thread busy, a spider hands over MAX_QUEUED_BATCHES batches
    and then waits, instead of piling records up in memory; nothing is lost once it catches up."""
    path = tmp_path / "archive.db"
    db = open_db(path)
    sync_sources(db, [SOURCE])
    db.close()
    pipeline = ArchivePipeline.from_crawler(local_crawler(path, 1))
    writer_busy = threading.Event()
    archive_writer().submit(writer_busy.wait)
    handed_over: list[int] = []

    async def crawl() -> int:
        async def spider() -> None:
            for n in range(6):
                await pipeline.process_item(AnnouncementItem(**record(n)))
                handed_over.append(n)
        task = asyncio.create_task(spider())
        await asyncio.sleep(0.3)  # far longer than six items take without back-pressure
        while_busy = len(handed_over)
        writer_busy.set()
        await task
        await pipeline.close_spider()
        pipeline.sink.close()
        return while_busy

    assert asyncio.run(crawl()) == MAX_QUEUED_BATCHES
    assert counts(path) == (6, 6, 6, 6)


def test_new_changed_unchanged_keep_versions_attachments_and_stems(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    db = open_db(path)
    sync_sources(db, [SOURCE])
    now = "2024-03-12T10:00:00+00:00"
    with db.atomic():
        outcomes = [save_announcement(db, record(1), now),
                    save_announcement(db, record(1), now),
                    save_announcement(db, record(1, body="Вакцинацію дітей відкладено."), now)]
    assert outcomes == ["new", "unchanged", "changed"]
    assert counts(path) == (1, 2, 1, 1)
    stems = db.execute("SELECT body_stems FROM announcements_stems").fetchone()[0]
    assert stem_text("відкласти", "uk") in stems  # the stems follow the latest text
    db.close()


def test_stems_from_the_extraction_worker_are_stored_as_given(tmp_path: Path) -> None:
    """The writer trusts an item's stems (computed by the worker with stem_record) and
    stems the text itself only when they are absent."""
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [SOURCE])
    given = {**record(1), "stems": ["новина 1", "stems the worker computed"]}
    with db.atomic():
        save_announcement(db, given, "2024-03-12T10:00:00+00:00")
        save_announcement(db, record(2), "2024-03-12T10:00:00+00:00")
    rows = db.execute("SELECT body_stems FROM announcements_stems ORDER BY rowid").fetchall()
    assert rows[0][0] == "stems the worker computed"
    assert rows[1][0] == stem_text(record(2)["body_text"], "uk") != record(2)["body_text"].lower()
    db.close()
