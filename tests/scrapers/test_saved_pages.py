"""The generic spider's callbacks on saved HTML pages, feeds and sitemaps, one field at a time.

Each page is a replica site's answer saved with its real URL (tests/scrapers/saved/); the
expected values come from the replicas' catalogue of what a correct crawl archives.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from replicas.catalog import ReplicaArticle, articles
from scrapers.items import AnnouncementItem
from scrapers.registry import load_registry
from tests.scrapers.callbacks import requests, run, saved, spider_for

REGISTRY = {source.id: source for source in load_registry()}
CATALOG = {article.url: article for article in articles()}


def plain_spaces(text: str) -> str:
    """No-break spaces as spaces, no spaces at line ends (tests/extract holds the spacing)."""
    return re.sub(r" +$", "", text.replace("\xa0", " "), flags=re.MULTILINE)


# --- an article page ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def moz_article() -> tuple[AnnouncementItem, list[Any], ReplicaArticle]:
    spider = spider_for(REGISTRY["ua_moz"])
    response = saved("ua_moz-article.html", spider.parse_article_response, via="listing",
                     listing_date="02.10.2023")
    results = run(spider.parse_article_response(response))
    items = [r for r in results if isinstance(r, AnnouncementItem)]
    assert len(items) == 1
    return items[0], requests(results), CATALOG[response.url]


def test_article_title(moz_article):
    item, _, expected = moz_article
    assert item.title == expected.title


def test_article_date(moz_article):
    item, _, expected = moz_article
    assert item.published_at == expected.published_at


def test_article_language(moz_article):
    item, _, expected = moz_article
    assert item.language == expected.language == "uk"


def test_article_body(moz_article):
    item, _, expected = moz_article
    assert plain_spaces(item.body_text) == plain_spaces(expected.body_text)


def test_article_source_and_addresses(moz_article):
    item, _, expected = moz_article
    assert (item.source_id, item.country, item.kind) == ("ua_moz", "UA", "announcement")
    assert item.url == item.canonical_url == expected.url
    assert item.discovered_via == "listing"


def test_article_attachments_and_their_requests(moz_article):
    item, follow, expected = moz_article
    assert [(a["url"], a["text"], a["type"]) for a in item.attachments] == list(expected.attachments)
    assert [(r.url, r.callback.__name__) for r in follow] == [(url, "parse_attachment")
                                                              for url, _, _ in expected.attachments]
    assert all(r.meta["download_maxsize"] > 0 for r in follow)


def test_a_wordpress_article_page_keeps_the_page_date_and_both_attachments():
    spider = spider_for(REGISTRY["kg_soros"])
    response = saved("kg_soros-article.html", spider.parse_article_response, via="feed")
    [item, *follow] = run(spider.parse_article_response(response))
    expected = CATALOG[response.url]
    assert (item.title, item.published_at, item.language) == (expected.title, expected.published_at,
                                                             expected.language)
    assert plain_spaces(item.body_text) == plain_spaces(expected.body_text)
    assert [a["url"] for a in item.attachments] == [url for url, _, _ in expected.attachments]
    assert [r.url for r in follow] == [url for url, _, _ in expected.attachments]


# --- listings ---------------------------------------------------------------------------------

def listing_requests(source_id: str, name: str) -> list[Any]:
    spider = spider_for(REGISTRY[source_id])
    response = saved(name, spider.parse_listing, listing_url=None, page_no=1)
    response.meta["listing_url"] = response.url
    return requests(run(spider.parse_listing(response)))


@pytest.mark.parametrize("source_id, name", [("ua_moz", "ua_moz-listing.html"),
                                             ("kg_who_europe", "kg_who_europe-listing.html")])
def test_listing_requests_its_articles_with_their_dates(source_id: str, name: str):
    follow = listing_requests(source_id, name)
    articles_asked = [r for r in follow if r.callback.__name__ == "parse_article_response"]
    assert articles_asked and all(r.url in CATALOG for r in articles_asked)
    assert all(r.meta["via"] == "listing" and r.meta["listing_date"] for r in articles_asked)
    assert all(r.meta["siblings"] >= len(articles_asked) - 1 for r in articles_asked)


def test_listing_requests_its_next_page():
    follow = listing_requests("ua_moz", "ua_moz-listing.html")
    pages = [r for r in follow if r.callback.__name__ == "parse_listing"]
    assert [(r.url, r.meta["page_no"], r.meta["listing_url"]) for r in pages] == [
        ("https://moz.gov.ua/uk/news?page=2", 2, "https://moz.gov.ua/uk/news")]


def test_category_listing_of_a_wordpress_site_requests_only_pattern_articles():
    source = REGISTRY["kg_soros"]
    follow = listing_requests("kg_soros", "kg_soros-category.html")
    asked = [r.url for r in follow if r.callback.__name__ == "parse_article_response"]
    assert asked and all(re.search(source.article_url_pattern, url) for url in asked)
    assert set(asked) <= set(CATALOG)


# --- feeds and sitemaps -----------------------------------------------------------------------

@pytest.mark.parametrize("source_id, name", [("kg_soros", "kg_soros-feed.xml"), ("kz_ncph", "kz_ncph-feed.xml")])
def test_feed_requests_each_entry_with_its_date(source_id: str, name: str):
    spider = spider_for(REGISTRY[source_id])
    follow = run(spider.parse_feed(saved(name, spider.parse_feed)))
    assert follow and all(r.url in CATALOG for r in follow)
    assert {CATALOG[r.url].source_id for r in follow} == {source_id}
    assert all(r.meta["via"] == "feed" and r.meta["listing_date"] for r in follow)
    assert spider.crawler.stats.get_value("health_archive/discovered") == len(follow)


def test_sitemap_index_requests_each_sitemap():
    spider = spider_for(REGISTRY["kg_soros"])
    follow = run(spider.parse_sitemap(saved("kg_soros-sitemap_index.xml", spider.parse_sitemap)))
    assert follow and all(r.callback == spider.parse_sitemap for r in follow)
    assert all(r.url.startswith("https://soros.kg/") and r.url.endswith(".xml") for r in follow)
    assert not spider._sitemap_failed


def test_a_feed_that_is_not_a_feed_fails_discovery_and_yields_nothing():
    spider = spider_for(REGISTRY["kg_soros"])
    response = saved("kg_soros-category.html", spider.parse_feed)
    assert run(spider.parse_feed(response)) == []
    assert not spider.discovery_complete
    assert spider.crawler.stats.get_value("health_archive/discovery_errors") == 1
