"""Search by concept: the topic filter, and a query naming a topic in any language, find the
announcements about it in every language, on the search page served as `health-archive
serve` serves it, and in the page's feed."""
from __future__ import annotations

from collections.abc import Iterator

import feedparser
import httpx
import pytest
from lxml import html as lxml_html

from archive.db import open_db
from archive.serving import prepare_archive
from archive.store import save_announcement, sync_sources
from tests.helpers import serving

SOURCE = {"id": "kg_moh", "name": "ССМ", "name_en": "MoH", "country": "KG", "kind": "ministry",
          "languages": ["ky", "ru"], "homepage": "https://example.kg/"}
# (language, title, body): four about measles, in four languages, none naming it as the query does.
RECORDS = [
    ("ky", "Кызамыктын жаңы учурлары", "Бишкекте кызамыктан 12 бала ооруду."),
    ("ru", "Рост заболеваемости корью", "В Оше корью заболели 15 детей."),
    ("uk", "Спалах кору на заході", "Лікарі закликають до щеплень від кору."),
    ("ka", "წითელას შემთხვევები", "თბილისში წითელით 9 ბავშვი დაავადდა."),
    ("ru", "Сезон гриппа", "Грипп: носите маски в транспорте."),
]
MEASLES_TITLES = {title for _, title, _ in RECORDS[:4]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    path = tmp_path_factory.mktemp("topics") / "archive.db"
    db = open_db(path)
    sync_sources(db, [SOURCE])
    with db.atomic():
        for n, (language, title, body) in enumerate(RECORDS):
            url = f"https://example.kg/news/{n}"
            save_announcement(db, {"source_id": "kg_moh", "country": "KG", "url": url,
                                   "canonical_url": url, "title": title, "language": language,
                                   "published_at": f"2026-03-{n + 1:02d}", "body_text": body},
                              "2026-03-10T10:00:00+00:00")
    db.close()
    prepare_archive(path)
    with serving(path) as client:
        yield client


def titles(site: httpx.Client, path: str) -> set[str]:
    response = site.get(path)
    assert response.status_code == 200, response.text[:500]
    return {a.text_content() for a in lxml_html.fromstring(response.text).cssselect(".hit-title")}


def test_the_topic_filter_finds_the_records_in_every_language(site: httpx.Client) -> None:
    assert titles(site, "/search?topic=measles") == MEASLES_TITLES
    assert titles(site, "/search?topic=influenza") == {"Сезон гриппа"}


def test_the_topic_filter_narrows_a_query_and_other_filters(site: httpx.Client) -> None:
    assert titles(site, "/search?topic=measles&language=ru") == {"Рост заболеваемости корью"}
    assert titles(site, "/search?q=грипп&topic=measles") == set()


@pytest.mark.parametrize("query", ["measles", "корь", "кызамык", "წითელა"])
def test_a_query_naming_the_topic_finds_it_in_every_language(site: httpx.Client, query: str) -> None:
    assert titles(site, f"/search?q={query}") == MEASLES_TITLES


def test_the_topic_has_its_feed(site: httpx.Client) -> None:
    feed = feedparser.parse(site.get("/search.atom?topic=measles").text)
    assert {e.title for e in feed.entries} == MEASLES_TITLES
