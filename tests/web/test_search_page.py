"""The search page over HTTP: each filter, paging, sorting, totals, the feeds, the interface
language (Accept-Language, the switcher's cookie), and no SQL or field name on screen.

The archive is journey_archive (served by the `journey_site` fixture): the sample archive plus
dated measles reports from two publishers; expected counts are computed from its rows."""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import feedparser
import httpx
import journey_archive
import pytest
from babel.dates import format_date
from lxml import html as lxml_html
from sample_archive import EDITED_ID

from archive.topics import vocabulary
from archive.web.search_page import PAGE_SIZE, SearchState

UK = {"Accept-Language": "uk-UA,uk;q=0.9,en;q=0.5"}
KY = {"Accept-Language": "ky"}


@pytest.fixture(autouse=True)
def no_language_cookie(journey_site: httpx.Client) -> None:
    """A feed link's `hl` sets the language cookie: each test starts without it."""
    journey_site.cookies.clear()


def page(site: httpx.Client, path: str, headers: dict[str, str] | None = None) -> lxml_html.HtmlElement:
    """The page as a reader sees it: no style or script text."""
    response = site.get(path, headers=headers or UK)
    assert response.status_code == 200, response.text[:500]
    doc = lxml_html.fromstring(response.text)
    for hidden in doc.xpath("//style | //script"):
        hidden.drop_tree()
    return doc


def hits(doc: lxml_html.HtmlElement) -> list[str]:
    return [a.text_content() for a in doc.cssselect(".hit-title")]


def total(doc: lxml_html.HtmlElement) -> int:
    return int(re.sub(r"\D", "", doc.cssselect(".search-total strong")[0].text_content()))


def test_ukrainian_measles_finds_its_genitive(journey_site: httpx.Client) -> None:
    """кір (nominative) finds Вакцинація проти кору (genitive), marked in the title."""
    doc = page(journey_site, "/search?q=кір&country=UA&to=2026-12-31&from=2026-10-01")
    assert hits(doc) == ["Вакцинація проти кору: нові правила"]
    assert [m.text for m in doc.cssselect(".hit-title mark")] == ["кору"]


def test_publisher_and_date_filters_count_exactly(journey_site: httpx.Client) -> None:
    expected = journey_archive.matching(source="ua_moz", date_from="2026-03-01", date_to="2026-06-30")
    doc = page(journey_site, "/search?q=кір&source=ua_moz&from=2026-03-01&to=2026-06-30")
    assert total(doc) == len(expected) > PAGE_SIZE // 2
    shown_dates = [t.text_content() for t in doc.cssselect(".hit-meta time")]
    assert len(shown_dates) == min(PAGE_SIZE, len(expected))
    publisher_facet = doc.cssselect(".facet-source li")
    assert len(publisher_facet) == 1 and "selected" in publisher_facet[0].get("class", "")
    chips = [c.text_content() for c in doc.cssselect(".chips a")]
    assert any("Видавець" in c for c in chips) and any("Від 1 березня 2026" in c for c in chips)


@pytest.mark.parametrize(("args", "keep"), [
    ("country=KG", lambda r: r[1] == "KG"),
    ("kind=ngo", lambda r: r[0] in ("kg_soros", "ge_pfh")),
    ("language=ky", lambda r: r[2] == "ky"),
])
def test_each_filter_narrows_the_records(journey_site: httpx.Client, args: str, keep) -> None:
    """Country, kind of publisher and language of the records (not of the stemming)."""
    doc = page(journey_site, f"/search?{args}")
    assert total(doc) == len([r for r in journey_archive.EXTRA + journey_archive.sample_archive.RECORDS
                              if keep(r)])


def test_facets_name_countries_and_languages_in_the_interface_language(journey_site: httpx.Client) -> None:
    doc = page(journey_site, "/search?q=кір", KY)
    countries = {li.cssselect("a")[0].text: li.cssselect(".count")[0].text
                 for li in doc.cssselect(".facet-country li")}
    assert countries["Украина"] == str(len(journey_archive.matching(source="ua_moz")) + 1)
    languages = [a.text for a in doc.cssselect(".facet-language a")]
    assert "украинче" in languages


def test_paging_walks_every_match_once(journey_site: httpx.Client) -> None:
    expected = len(journey_archive.matching(source="ua_moz"))
    seen: list[str] = []
    path: str | None = "/search?q=кір&source=ua_moz&sort=newest"
    while path:
        doc = page(journey_site, path)
        seen += hits(doc)
        following = doc.cssselect("a[rel=next]")
        path = following[0].get("href") if following else None
    assert len(seen) == len(set(seen)) == expected + 1  # and the sample's own record about кір
    assert parse_qs(urlsplit(doc.cssselect("a[rel=prev]")[0].get("href")).query)["page"] == ["2"]


def test_sorts_order_by_publication_date(journey_site: httpx.Client) -> None:
    """кабар (news): in the title and text of every Kyrgyz report, and nowhere else."""
    dates = sorted(r[5] for r in journey_archive.matching(source="kg_soros"))
    for sort, expected in (("newest", dates[::-1]), ("oldest", dates)):
        doc = page(journey_site, f"/search?q=кабар&sort={sort}")
        shown = [t.text_content() for t in doc.cssselect(".hit-meta time")]
        assert shown == [format_date(date.fromisoformat(d), "long", locale="uk")
                         for d in expected[:PAGE_SIZE]]


def test_no_sql_and_no_field_names_on_screen(journey_site: httpx.Client) -> None:
    for path in ("/", "/search?q=кір&country=UA&from=2026-01-01", f"/archive/announcements/{EDITED_ID}"):
        text = page(journey_site, path).text_content()
        for word in ("select ", "published_at", "source_id", "country=", "SQL query", "Run SQL"):
            assert word not in text, (path, word)


def test_hostile_query_is_escaped_and_bounded(journey_site: httpx.Client) -> None:
    q = '<script>alert(1)</script> " OR ) NEAR( *' + "кір " * 400
    response = journey_site.get("/search", params={"q": q, "page": "999999", "from": "2026-13-45"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    doc = lxml_html.fromstring(response.text)
    assert len(doc.cssselect("#archive-q")[0].get("value")) <= 500


def test_interface_language_from_browser_then_switcher_cookie(journey_site: httpx.Client) -> None:
    assert page(journey_site, "/search", KY).get("lang") == "ky"
    assert page(journey_site, "/search", {"Accept-Language": "de, ka;q=0.5"}).get("lang") == "ka"
    assert page(journey_site, "/search", {"Accept-Language": "de"}).get("lang") == "en"
    with httpx.Client(base_url=journey_site.base_url) as fresh:  # keeps the shared one cookie-free
        switch = fresh.get("/search?q=кір&hl=ru", headers=KY)
    assert "hl=ru" in switch.headers["set-cookie"]
    assert lxml_html.fromstring(switch.text).get("lang") == "ru"
    with httpx.Client(base_url=journey_site.base_url, cookies={"hl": "ru"}) as sticky:
        doc = lxml_html.fromstring(sticky.get("/archive/announcements/" + EDITED_ID, headers=KY).text)
    assert doc.get("lang") == "ru" and "Как цитировать это объявление" in doc.text_content()
    assert "Accept-Language" in switch.headers["vary"]


def test_dates_and_numbers_follow_the_locale(journey_site: httpx.Client) -> None:
    uk = page(journey_site, "/search?q=оорукана").cssselect(".hit-meta time")[0].text_content()
    ky = page(journey_site, "/search?q=оорукана", KY).cssselect(".hit-meta time")[0].text_content()
    day = date(2026, 10, 5)
    assert (uk, ky) == (format_date(day, "long", locale="uk"), format_date(day, "long", locale="ky"))
    assert uk.startswith("5 жовтня") and ky.startswith("2026-ж.")
    reports = len(journey_archive.matching(source="ua_moz"))  # звіт: in each of them only
    numbers = page(journey_site, "/search?q=звіт&sort=newest", {"Accept-Language": "en"})
    assert numbers.cssselect(".pager span")[0].text_content() == f"Page 1 of {-(-reports // PAGE_SIZE)}"


def test_search_feed_is_the_same_search(journey_site: httpx.Client) -> None:
    doc = page(journey_site, "/search?q=кір&source=ua_moz&from=2026-03-01&to=2026-06-30")
    feed_href = doc.cssselect("link[rel=alternate][type='application/atom+xml']")[0].get("href")
    assert feed_href.startswith("/search.atom?") and "hl=uk" in feed_href
    response = journey_site.get(feed_href, headers={"Accept": "application/atom+xml"})
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert b'<?xml-stylesheet type="text/xsl"' in response.content
    feed = feedparser.parse(response.content)
    expected = journey_archive.matching(source="ua_moz", date_from="2026-03-01", date_to="2026-06-30")
    assert len(feed.entries) == len(expected)
    assert "«кір»" in feed.feed.title and "Міністерство" in feed.feed.title
    entry = feed.entries[0]
    assert entry.link.startswith(str(journey_site.base_url) + "/archive/announcements/")
    assert entry.published[:10] in {r[5] for r in expected}
    browser = journey_site.get(feed_href, headers={"Accept": "text/html,application/xhtml+xml"})
    assert browser.headers["content-type"].startswith("application/xml")


def test_publisher_and_country_feeds(journey_site: httpx.Client) -> None:
    by_source = feedparser.parse(journey_site.get("/search.atom?source=kg_soros&hl=ky").content)
    assert len(by_source.entries) == len(journey_archive.matching(source="kg_soros")) + 2
    assert "Сорос-Кыргызстан" in by_source.feed.title
    by_country = feedparser.parse(journey_site.get("/search.atom?country=GE&hl=ka").content)
    assert "საქართველო" in by_country.feed.title
    assert {e.author for e in by_country.entries} == {"პარტნიორები ჯანმრთელობისთვის"}


def test_changes_feed_tells_what_changed(journey_site: httpx.Client) -> None:
    feed = feedparser.parse(journey_site.get("/changes.atom?hl=uk").content)
    titles = [e.title for e in feed.entries]
    assert "Видалено: Лікарні готові до грипу" in titles
    edit = next(e for e in feed.entries if e.id.endswith(":version:3"))
    assert edit.title == "Змінено: Вакцинація проти кору: нові правила"
    assert "в усіх лікарнях." in edit.summary and edit.link.endswith(f"{EDITED_ID}#version-3")
    assert edit.published.startswith("2026-10-01")


def test_archived_copy_banner_gives_capture_time_and_way_back(journey_site: httpx.Client) -> None:
    from archive.store import announcement_id

    key = announcement_id(journey_archive.EXTRA[0][3])
    response = journey_site.get(f"/-/capture/{key}", headers=KY)
    doc = lxml_html.fromstring(response.text)
    banner = doc.cssselect("p[lang=ky]")[0]
    assert f"/archive/announcements/{key}" in [a.get("href") for a in banner.cssselect("a")]
    assert "2026-ж., 15-окт." in banner.text_content()  # the capture's time, in Kyrgyz
    assert doc.get("lang") == "uk"  # the copy itself is in the announcement's language


def test_api_answer_shows_the_announcements_own_item() -> None:
    from archive.web.capture_view import api_item, item_html

    answer = json.dumps({"total": 2, "items": [
        {"id": 1, "url": "https://api.example.kz/news/1", "title": "Other", "body": "Not this"},
        {"id": 2, "url": "https://api.example.kz/news/2/", "title": "Екпе",
         "body": "Бірінші абзац.\\n<b>Екінші</b> абзац <script>x</script>",
         "files": [{"url": "https://api.example.kz/f.pdf"}]},
    ]})
    item = api_item(answer, ["https://api.example.kz/news/2"])
    assert item["title"] == "Екпе"
    rendered = item_html(item)
    assert "<p>Бірінші абзац.</p><p>Екінші абзац" in rendered and "<script" not in rendered
    assert "Not this" not in rendered
    assert api_item("<html>not json</html>", ["https://api.example.kz/news/2"]) is None


def test_table_page_opens_on_readable_columns(journey_site: httpx.Client) -> None:
    """Title, date, publisher, country, language; the rest one click away; JSON untouched."""
    doc = page(journey_site, "/archive/announcements?country=KG")
    columns = [th.get("data-column") for th in doc.cssselect("table.rows-and-columns th")]
    assert set(columns) - {"id", "rowid"} == {"title", "published_at", "source_id", "country", "language"}
    assert len(doc.cssselect("#archive-q")) == 0  # one search box on the page, the table's own
    every = doc.cssselect(".table-columns a")[0].get("href")
    assert "country=KG" in every
    wide = page(journey_site, every)
    assert {"body_text", "capture"} <= {th.get("data-column") for th in wide.cssselect("table.rows-and-columns th")}
    rows = journey_site.get("/archive/announcements.json?_shape=objects&_size=1").json()["rows"]
    assert "body_text" in rows[0]


def facet_values(doc: lxml_html.HtmlElement, facet: str) -> set[str]:
    """The values a facet offers, read from its links (labels are in the reader's language)."""
    return {parse_qs(urlsplit(a.get("href")).query)[facet][0]
            for a in doc.cssselect(f".facet-{facet} li:not(.selected) a")}


def test_a_topic_in_any_interface_language_finds_its_records_in_every_language(
        journey_site: httpx.Client) -> None:
    records = journey_archive.EXTRA + journey_archive.sample_archive.RECORDS
    expected = {r[2] for r in records
                if "measles" in {m.concept for m in vocabulary().match(r[4], r[6], r[2])}}
    assert len(expected) >= 4
    for hl, label in (("ky", "Кызамык"), ("uk", "Кір"), ("en", "Measles")):
        picked = page(journey_site, f"/search?topic=measles&hl={hl}", {})
        assert facet_values(picked, "language") == expected
        assert [c.text_content() for c in picked.cssselect(".chips li")
                if label in c.text_content()], hl
        # the English word finds the same languages as picking the topic
        searched = page(journey_site, f"/search?q=measles&hl={hl}", {})
        assert facet_values(searched, "language") == expected


def test_filter_values_of_the_wrong_shape_are_dropped() -> None:
    state = SearchState.from_args({"topic": "measles' OR 1=1", "place": "KZ-zhambyl-region",
                                   "country": "kz", "source": "../etc", "language": "x" * 9})
    assert (state.topic, state.place, state.country, state.source, state.language) == (
        "", "KZ-zhambyl-region", "KZ", "", "")
    assert SearchState.from_args({"topic": "hepatitis_b"}).topic == "hepatitis_b"
