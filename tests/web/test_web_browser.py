"""The archive in a real browser (headless Chromium): search in Kyrgyz and in Georgian from the
home page's search box, open a record, and check that the hostile record runs nothing.
Screenshots go to test-artifacts/ at the repository root."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cdp import Browser, find_chromium
from sample_archive import EDITED_ID, HOSTILE_ID

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not found (make test installs Debian's chromium)")

# Everything in the page that could run code: on* handlers, javascript: links, scripts that are
# not Datasette's own (the archive's pages have none inline but Datasette's).
INERT_CHECK = """(() => {
  const content = document.querySelector('section.content') || document.body;
  const handlers = [...content.querySelectorAll('*')].flatMap(
      el => [...el.attributes].filter(a => a.name.toLowerCase().startsWith('on')).map(a => a.name));
  const jsLinks = [...document.querySelectorAll('[href],[src]')].filter(
      el => /^\\s*javascript:/i.test(el.getAttribute('href') || el.getAttribute('src') || ''));
  const scripts = [...content.querySelectorAll('script, iframe, object, embed, img')].length;
  return {handlers, jsLinks: jsLinks.length, scripts, title: document.title};
})()"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    instance = Browser(CHROMIUM)
    yield instance
    instance.close()


def _text(browser: Browser) -> str:
    return browser.evaluate("document.body.innerText")


@pytest.mark.parametrize(("query", "found", "marked", "shot"), [
    ("оорукана", "Ооруканаларда кызамыкка каршы эмдөө башталды", "Ооруканаларда", "search-ky.png"),
    ("ჯანმრთელობა", "ჯანმრთელობის დაცვის ახალი პროგრამა", "ჯანმრთელობის", "search-ka.png"),
])
def test_search_from_home_page(browser: Browser, site: httpx.Client, query: str, found: str,
                               marked: str, shot: str) -> None:
    browser.open(str(site.base_url) + "/")
    browser.screenshot(ARTIFACTS / "home.png")
    assert "Search announcements" in _text(browser)
    browser.type_and_submit("#archive-q", query)
    browser.screenshot(ARTIFACTS / shot)
    assert browser.evaluate("location.pathname") == "/search"
    assert found in _text(browser)
    marks = browser.evaluate("[...document.querySelectorAll('.hit mark')].map(m => m.textContent)")
    assert marked in marks
    # The result's title links to the record page.
    browser.evaluate("document.querySelector('a.hit-title').click()")
    browser.wait_for_load()
    browser.screenshot(ARTIFACTS / shot.replace("search", "record"))
    assert browser.evaluate("document.querySelector('h1').textContent") == found
    assert browser.dialogs == []


def test_table_page_offers_kind_facet_and_feed(browser: Browser, site: httpx.Client) -> None:
    browser.open(f"{site.base_url}/archive/announcements?country=KZ")
    browser.screenshot(ARTIFACTS / "table-kz.png")
    assert "Kind of publisher" in _text(browser)
    feed = browser.evaluate("document.querySelector('.feed-link a').href")
    assert feed.endswith("/archive/feed.atom?country=KZ")
    assert browser.evaluate(
        "document.querySelector('link[rel=alternate][type=\"application/atom+xml\"]').href") == feed


def test_record_page_reads_like_an_article(browser: Browser, site: httpx.Client) -> None:
    browser.open(f"{site.base_url}/archive/announcements/{EDITED_ID}")
    browser.screenshot(ARTIFACTS / "record-versions.png")
    paragraphs = browser.evaluate(
        "[...document.querySelectorAll('.record-body p')].map(p => p.textContent)")
    assert paragraphs[:2] == ["Батьки мають подбати про вакцинацію дітей.",
                              "Після вакцинації лікарі спостерігають дитину."]
    assert browser.evaluate("document.querySelectorAll('.version').length") == 3
    assert "в усіх лікарнях." in browser.evaluate(
        "[...document.querySelectorAll('.diff ins')].map(e => e.textContent).join(' ')")
    assert browser.evaluate("document.querySelector('.record-links a').href") == "https://moz.gov.ua/news/1"


def test_hostile_record_runs_nothing(browser: Browser, site: httpx.Client) -> None:
    browser.open(f"{site.base_url}/archive/announcements/{HOSTILE_ID}")
    browser.screenshot(ARTIFACTS / "record-hostile.png")
    check = browser.evaluate(INERT_CHECK)
    assert check == {"handlers": [], "jsLinks": 0, "scripts": 0, "title": check["title"]}
    assert "pwned" not in check["title"]
    assert "<script>alert(1)</script>" in browser.evaluate("document.querySelector('h1').textContent")
    assert "javascript:alert('attachment')" in _text(browser)  # shown as text, not a link
    browser.open(f"{site.base_url}/-/capture/{HOSTILE_ID}")
    browser.screenshot(ARTIFACTS / "capture-hostile.png")
    assert "Text kept" in _text(browser)
    assert browser.evaluate(INERT_CHECK)["handlers"] == []
    browser.open(f"{site.base_url}/archive/search?q=measles")
    assert browser.evaluate(INERT_CHECK)["handlers"] == []
    assert browser.dialogs == []
