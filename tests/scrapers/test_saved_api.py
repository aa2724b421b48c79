"""The platform adapters' callbacks on saved API answers: gov.kz's news JSON, WordPress's REST
posts and WHO's OData news, one field at a time; and re-extraction of the same answers (a
SourceExtractor, no spider) yielding the very items the live callbacks built.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from replicas.catalog import articles
from replicas.intl_who_int import site as who_site
from replicas.textify import html_to_text
from scrapers.items import AnnouncementItem
from scrapers.registry import _source, load_registry
from scrapers.source_extractor import SourceExtractor
from tests.scrapers.callbacks import SAVED, requests, run, saved, spider_for
from tests.scrapers.test_saved_pages import plain_spaces

REGISTRY = {source.id: source for source in load_registry()}
CATALOG = {article.url: article for article in articles()}
KG_WHO = _source({
    "id": "kg_who", "name": "ВОЗ в Кыргызстане", "name_en": "WHO in Kyrgyzstan", "country": "KG",
    "kind": "intl", "languages": ["en", "ru"], "homepage": "https://www.who.int/europe",
    "platform": "who_odata", "api": {"office": who_site.SITE.content["offices"]["kyrgyzstan"]},
})


def items(results: list[Any]) -> list[AnnouncementItem]:
    return [r for r in results if isinstance(r, AnnouncementItem)]


def without_capture(found: list[AnnouncementItem]) -> list[AnnouncementItem]:
    return [replace(item, capture=None) for item in found]


# --- gov.kz -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def govkz_page() -> tuple[list[AnnouncementItem], list[Any]]:
    spider = spider_for(REGISTRY["kz_zhambyl_health"])
    response = saved("kz_zhambyl_health-news-page.json", spider.parse_news_page, language="ru", page=1,
                     capture="run/kz_zhambyl_health.warc.gz#<urn:uuid:1>")
    results = run(spider.parse_news_page(response))
    return items(results), requests(results)


def test_govkz_page_yields_each_news_with_a_body(govkz_page):
    found, follow = govkz_page
    news = json.loads((SAVED / "kz_zhambyl_health-news-page.json").read_bytes())
    assert [item.url for item in found] == [
        f"https://www.gov.kz/memleket/entities/zhambyl-densaulyk/press/news/details/{n['id']}?lang=ru"
        for n in news if n.get("body")]
    assert follow == []  # fewer than a page of news: no next page, no item fetched alone


def test_govkz_titles_dates_languages(govkz_page):
    found, _ = govkz_page
    for item in found:
        expected = CATALOG[item.url]
        assert (item.title, item.published_at, item.language) == (
            expected.title, expected.published_exact or expected.published_at, "ru")


def test_govkz_bodies_and_book_keeping(govkz_page):
    found, _ = govkz_page
    for item in found:
        assert plain_spaces(item.body_text) == plain_spaces(CATALOG[item.url].body_text)
        assert (item.source_id, item.discovered_via, item.canonical_url) == ("kz_zhambyl_health", "api", item.url)
        assert item.capture == "run/kz_zhambyl_health.warc.gz#<urn:uuid:1>"


def test_govkz_single_news_answer():
    spider = spider_for(REGISTRY["kz_zhambyl_health"])
    url = "https://www.gov.kz/memleket/entities/zhambyl-densaulyk/press/news/details/1101566?lang=ru"
    response = saved("kz_zhambyl_health-news-item.json", spider.parse_news, language="ru", url=url)
    [item] = run(spider.parse_news(response))
    assert (item.url, item.title, item.language) == (url, CATALOG[url].title, "ru")


def test_govkz_refusal_fails_discovery_and_yields_nothing():
    spider = spider_for(REGISTRY["kz_zhambyl_health"])
    response = saved("kz_zhambyl_health-news-page.json", spider.parse_news_page, status=403, language="ru", page=1)
    assert run(spider.parse_news_page(response)) == []
    assert not spider.discovery_complete


def test_govkz_reextraction_builds_the_same_items(govkz_page):
    found, _ = govkz_page
    response = saved("kz_zhambyl_health-news-page.json")
    again = list(SourceExtractor(REGISTRY["kz_zhambyl_health"]).items_from_capture(response, {}))
    assert again == without_capture(found)


# --- WordPress REST API -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def wordpress_page() -> tuple[list[AnnouncementItem], list[Any]]:
    spider = spider_for(REGISTRY["kg_soros"])
    spider.api_pending = {"posts"}
    response = saved("kg_soros-wp-posts.json", spider.parse_api_page, kind="posts", page=1)
    results = run(spider.parse_api_page(response))
    return items(results), requests(results)


def test_wordpress_posts_titles_dates_languages(wordpress_page):
    found, _ = wordpress_page
    posts = json.loads((SAVED / "kg_soros-wp-posts.json").read_bytes())
    assert [item.url for item in found] == [post["link"] for post in posts]
    for item in found:
        expected = CATALOG[item.url]
        assert (item.title, item.published_at, item.language) == (
            expected.title, expected.published_exact or expected.published_at, expected.language)


def test_wordpress_posts_bodies_and_attachments(wordpress_page):
    found, _ = wordpress_page
    for item in found:
        expected = CATALOG[item.url]
        assert plain_spaces(item.body_text) == plain_spaces(expected.body_text)
        assert [(a["url"], a["text"], a["type"]) for a in item.attachments] == list(expected.attachments)
    assert any(item.attachments for item in found)


def test_wordpress_posts_modification_times(wordpress_page):
    found, _ = wordpress_page
    posts = {post["link"]: post for post in json.loads((SAVED / "kg_soros-wp-posts.json").read_bytes())}
    for item in found:
        assert item.modified_at == posts[item.url]["modified_gmt"] + "+00:00"
        assert item.last_modified and item.last_modified.endswith(" GMT")
        assert (item.discovered_via, item.kind) == ("api", "announcement")


def test_wordpress_last_api_page_starts_the_generic_discovery(wordpress_page):
    _, follow = wordpress_page
    source = REGISTRY["kg_soros"]
    assert {r.url for r in follow} == {*source.feeds, *source.sitemaps, *source.listing_urls}


def test_wordpress_reextraction_builds_the_same_items(wordpress_page):
    found, _ = wordpress_page
    again = list(SourceExtractor(REGISTRY["kg_soros"]).items_from_capture(saved("kg_soros-wp-posts.json"), {}))
    assert again == without_capture(found)


# --- WHO OData ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def who_requests() -> list[Any]:
    spider = spider_for(KG_WHO)
    response = saved("kg_who-odata-page.json", spider.parse_news_page, culture="ru", skip=0)
    return run(spider.parse_news_page(response))


def test_who_api_page_requests_each_item_page_with_its_day(who_requests):
    office = KG_WHO.api["office"]
    expected = {item.url: item for item in who_site.ITEMS if item.data["office"] == office and item.lang == "ru"}
    assert {r.url for r in who_requests} == set(expected)
    for request in who_requests:
        assert request.meta["via"] == "api"
        assert request.meta["listing_date"] == expected[request.url].published_at[:10]


def test_who_item_page_extracted_with_the_api_day(who_requests):
    spider = spider_for(KG_WHO)
    request = next(r for r in who_requests if r.url == saved("kg_who-item.html").url)
    response = saved("kg_who-item.html", spider.parse_article_response, **request.meta)
    [item] = run(spider.parse_article_response(response))
    expected = next(i for i in who_site.ITEMS if i.url == item.url)
    assert (item.title, item.published_at, item.language) == (expected.title, expected.published_at, "ru")
    assert plain_spaces(item.body_text) == plain_spaces(html_to_text(expected.body_html))
