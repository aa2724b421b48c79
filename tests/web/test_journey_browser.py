"""A journalist's journey in a real browser (headless Chromium), in Ukrainian at desktop width
(the language picked with the switcher) and in Kyrgyz at phone width (the browser's
Accept-Language): search from the home page, filter by dates and publisher, page on, open a
record, copy its citation, open the archived copy, subscribe to the search's feed.
Screenshots go to test-artifacts/journey-<lang>-<step>.png at the repository root."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import journey_archive
import pytest
from cdp import Browser, find_chromium

from archive.web.i18n import Interface
from archive.web.search_page import PAGE_SIZE

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not found (make test installs Debian's chromium)")


@dataclass(frozen=True)
class Journey:
    lang: str
    query: str
    source: str
    date_from: str
    date_to: str
    width: int
    height: int


JOURNEYS = [
    Journey("uk", "кір", "ua_moz", "2026-02-01", "2026-08-31", 1280, 1000),
    Journey("ky", "кызамык", "kg_soros", "2026-01-01", "2026-09-30", 390, 844),
]


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A fresh browser (its own profile: no cookie from another journey)."""
    instance = Browser(CHROMIUM)
    yield instance
    instance.close()


# The copy button writes to the clipboard asynchronously, then says so: wait for its word
# (at most 200 polls, so a broken button fails the test instead of hanging it).
COPY_STATUS = """new Promise(resolve => {
  let polls = 0;
  const check = () => {
    const text = document.querySelector('.copy-status').innerText;
    if (text || ++polls > 200) resolve(text); else setTimeout(check, 25);
  };
  check();
})"""


def _click(browser: Browser, selector: str) -> None:
    browser.events.clear()
    browser.evaluate(f"document.querySelector({json.dumps(selector)}).click()")
    browser.wait_for_load()


def _shot(browser: Browser, journey: Journey, step: str) -> None:
    browser.screenshot(ARTIFACTS / f"journey-{journey.lang}-{step}.png")


def _query(browser: Browser) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browser.evaluate("location.href")).query)


@pytest.mark.parametrize("journey", JOURNEYS, ids=[j.lang for j in JOURNEYS])
def test_journey(browser: Browser, journey_site: httpx.Client, journey: Journey) -> None:
    ui = Interface(journey.lang)
    base = str(journey_site.base_url)
    phone = journey.width < 600
    browser.call("Emulation.setDeviceMetricsOverride", width=journey.width, height=journey.height,
                 deviceScaleFactor=1, mobile=phone)
    if journey.lang == "ky":  # the browser asks for Kyrgyz
        browser.call("Network.enable")
        browser.call("Network.setUserAgentOverride", userAgent="Mozilla/5.0 Chrome",
                     acceptLanguage="ky-KG,ky,ru;q=0.5")
    browser.open(base + "/")
    if journey.lang == "uk":  # the reader picks Ukrainian with the switcher
        _click(browser, ".ui-languages a[lang=uk]")
        browser.open(base + "/")  # and it sticks without the link's parameter
    assert browser.evaluate("document.documentElement.lang") == journey.lang
    assert ui.gettext("Search announcements") in browser.evaluate("document.body.innerText")
    _shot(browser, journey, "1-home")

    browser.type_and_submit("#archive-q", journey.query)
    assert browser.evaluate("location.pathname") == "/search"
    assert browser.evaluate("document.querySelectorAll('.hit').length") > 0
    if phone:  # results start on the first screen, and nothing is wider than it
        assert browser.evaluate("document.querySelector('.hit').getBoundingClientRect().top") < journey.height
        assert browser.evaluate("document.documentElement.scrollWidth") <= journey.width
    _shot(browser, journey, "2-search")

    browser.evaluate(f"document.querySelector('.date-filter input[name=from]').value = '{journey.date_from}'")
    browser.evaluate(f"document.querySelector('.date-filter input[name=to]').value = '{journey.date_to}'")
    _click(browser, ".date-filter button")
    _click(browser, f".facet-source a[href*='source={journey.source}']")
    assert _query(browser)["from"] == [journey.date_from] and _query(browser)["source"] == [journey.source]
    expected = journey_archive.matching(journey.source, journey.date_from, journey.date_to)
    assert len(expected) > PAGE_SIZE
    total = browser.evaluate("document.querySelector('.search-total').innerText")
    assert total == ui.ngettext("{n} announcement", "{n} announcements", len(expected))
    chips = browser.evaluate("[...document.querySelectorAll('.chips a')].map(a => a.innerText).join('|')")
    assert ui.gettext("Publisher") in chips and ui.date(journey.date_from) in chips
    _shot(browser, journey, "3-filtered")

    _click(browser, "a[rel=next]")
    assert _query(browser)["page"] == ["2"]
    titles = browser.evaluate("[...document.querySelectorAll('a.hit-title')].map(a => a.innerText)")
    assert len(titles) == len(expected) - PAGE_SIZE
    assert set(titles) <= {r[4] for r in expected}
    search_url = browser.evaluate("location.href")
    _shot(browser, journey, "4-page-2")

    _click(browser, "a.hit-title")
    record_url = browser.evaluate("location.href")
    title = browser.evaluate("document.querySelector('h1').innerText")
    row = next(r for r in expected if r[4] == title)
    _shot(browser, journey, "5-record")
    browser.call("Browser.grantPermissions", permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
    browser.evaluate("document.querySelector('.copy-citation').click()")
    assert browser.evaluate(COPY_STATUS) == ui.gettext("Copied")
    citation = browser.evaluate("navigator.clipboard.readText()")
    assert citation == browser.evaluate("document.getElementById('citation-text').value")
    for part in (title, row[3], record_url, ui.date(row[5])):
        assert part in citation
    _shot(browser, journey, "6-citation")

    capture = browser.evaluate("document.querySelector('a.capture-link').href")
    browser.open(capture)
    assert title in browser.evaluate("document.body.innerText")
    _shot(browser, journey, "7-archived-copy")

    browser.open(search_url)
    _click(browser, ".feed-link a")
    assert browser.evaluate("document.title").startswith(f"«{journey.query}»")
    entries = browser.evaluate("[...document.querySelectorAll('a.hit-title')].map(a => a.href)")
    assert len(entries) == len(expected) and record_url in entries
    _shot(browser, journey, "8-feed")
    assert browser.dialogs == []
