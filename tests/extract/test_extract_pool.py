"""Extraction in worker processes gives the records extraction in the crawling process gives,
and a dead worker costs only the pages it held."""
from __future__ import annotations

import asyncio
import os
import signal

import pytest
from extract_pages import moz_page, seed, text_to_html, un_kg_page

from archive.stemming import stem_text
from scrapers.extract import Hints, extract_record
from scrapers.extract_pool import ExtractionPool, extract_batch


def _pages() -> list[tuple[str, str, Hints]]:
    t4, b4 = seed("004")
    t1, b1 = seed("001")
    return [
        (moz_page(t4, "12 березня 2024", text_to_html(b4)), "https://moz.gov.ua/uk/news/a", Hints(languages=("uk",))),
        (un_kg_page(t1, "12-март, 2024", text_to_html(b1)), "https://kyrgyzstan.un.org/ky/1", Hints()),
    ]


def test_workers_give_the_same_records_as_this_process() -> None:
    pages = _pages() * 10  # more than one batch's worth arriving together
    pool = ExtractionPool(1)
    try:
        got = asyncio.run(_extract_all(pool, pages))
    finally:
        pool.close()
    expected = [extract_record(*page) for page in pages]
    assert [extracted.record for extracted in got] == expected
    assert got[0].record.language == "uk" and got[1].record.language == "ky"
    # the stems the archive's index would compute, computed in the worker
    for extracted in got[:2]:
        record = extracted.record
        assert extracted.stems == (stem_text(record.title, record.language),
                                   stem_text(record.body_text, record.language))
    # "медичні заклади" in the text folds to the stems of its dictionary form
    assert stem_text("медичний заклад", "uk") in got[0].stems[1]


def test_a_broken_page_fails_alone() -> None:
    good = _pages()[0]
    results = extract_batch([(None, "https://moz.gov.ua/uk/news/b", Hints()), good])  # type: ignore[list-item]
    assert isinstance(results[0], Exception)
    assert results[1].record == extract_record(*good)


def test_a_killed_worker_fails_its_pages_and_the_next_ones_get_new_workers() -> None:
    pool = ExtractionPool(1)
    page = _pages()[0]

    async def scenario() -> None:
        first = await pool.extract(*page)
        for pid in list(pool._executor._processes):  # the live workers
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(Exception) as died:
            await pool.extract(*page)
        assert "terminated abruptly" in str(died.value) or "broken" in str(died.value).lower()
        assert await pool.extract(*page) == first

    try:
        asyncio.run(scenario())
    finally:
        pool.close()


async def _extract_all(pool: ExtractionPool, pages: list[tuple[str, str, Hints]]) -> list:
    return list(await asyncio.gather(*(pool.extract(*page) for page in pages)))


def test_no_workers_extracts_in_this_process() -> None:
    """EXTRACT_PROCESSES=0 (a one-core host): the same record and stems, no worker started."""
    pool = ExtractionPool(0)
    page = _pages()[0]
    extracted = asyncio.run(pool.extract(*page))
    assert pool._executor is None
    assert extracted.record == extract_record(*page)
    assert extracted.stems[1] == stem_text(extracted.record.body_text, "uk")
