"""Issue 20 on the site: the numbers an edit changed (record page's versions and the edits
feed), a record's translations and republications ("also in", "also published by"), and the
search page's topic and region facets, on a small archive served as `health-archive serve`
serves it."""
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

SOURCES = [
    {"id": "kz_dsm", "name": "ҚР ДСМ", "name_en": "Ministry of Health of Kazakhstan", "country": "KZ",
     "kind": "ministry", "languages": ["kk", "ru"], "homepage": "https://example.kz/"},
    {"id": "un_kz", "name": "ООН в Казахстане", "name_en": "UN in Kazakhstan", "country": "KZ",
     "kind": "intl", "languages": ["ru", "en"], "homepage": "https://un.example.kz/"},
]
DAY = "2026-04-02"
# (key, source, language, title, body, day)
RECORDS = [
    ("kk", "kz_dsm", "kk", "Шымкенттегі қызылша", "Шымкентте қызылшамен 46 бала ауырды, 12 ауруханада.", DAY),
    ("ru", "kz_dsm", "ru", "Корь в Шымкенте", "В Шымкенте корью заболели 46 детей, 12 в больнице.", DAY),
    ("un", "un_kz", "ru", "ООН: корь в Шымкенте", "В Шымкенте корью заболели 46 детей, 12 в больнице.", DAY),
    ("flu", "kz_dsm", "ru", "Грипп в Актобе", "Грипп: в Актобе за неделю 300 обращений. Данные на 2026 год.",
     "2026-03-01"),
]
EDITED_FLU = "Грипп: в Актобе за неделю 320 обращений. Данные на 2026 год."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    path = tmp_path_factory.mktemp("issue20") / "archive.db"
    db = open_db(path)
    sync_sources(db, SOURCES)
    urls = {}
    with db.atomic():
        for key, source, language, title, body, day in RECORDS:
            url = urls[key] = f"https://{source}.example/{language}/{key}"
            save_announcement(db, {"source_id": source, "country": "KZ", "url": url, "canonical_url": url,
                                   "title": title, "language": language, "published_at": day,
                                   "body_text": body}, "2026-04-02T10:00:00+00:00")
    with db.atomic():
        url = urls["flu"]
        save_announcement(db, {"source_id": "kz_dsm", "country": "KZ", "url": url, "canonical_url": url,
                               "title": "Грипп в Актобе", "language": "ru", "published_at": "2026-03-01",
                               "body_text": EDITED_FLU}, "2026-04-03T10:00:00+00:00")
    ids = {key: db.execute("SELECT id FROM announcements WHERE url = ?", [url]).fetchone()[0]
           for key, url in urls.items()}
    db.close()
    prepare_archive(path)
    with serving(path) as client:
        yield client, ids


def page(client: httpx.Client, path: str) -> lxml_html.HtmlElement:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    return lxml_html.fromstring(response.text)


def test_the_record_page_names_the_numbers_an_edit_changed(site) -> None:
    client, ids = site
    doc = page(client, f"/archive/announcements/{ids['flu']}?hl=ru")
    changes = [p.text_content() for p in doc.cssselect("#version-2 .number-changes")]
    assert changes == ["Изменённые числа: обращений 300 → 320"]
    assert not doc.cssselect("#version-1 .number-changes")
    english = page(client, f"/archive/announcements/{ids['flu']}?hl=en")
    assert [p.text_content() for p in english.cssselect(".number-changes")] == [
        "Numbers changed: обращений 300 → 320"]


def test_the_edits_feed_names_the_numbers_an_edit_changed(site) -> None:
    client, ids = site
    response = client.get("/changes.atom?hl=uk")
    assert response.status_code == 200
    entries = [e for e in feedparser.parse(response.content).entries if ids["flu"] in e.link]
    assert entries and "Змінені числа: обращений 300 → 320" in entries[0].summary


def test_the_record_page_links_its_translations_and_republications(site) -> None:
    client, ids = site
    doc = page(client, f"/archive/announcements/{ids['ru']}?hl=uk")
    also_in = doc.cssselect(".also-in")[0]
    assert also_in.text_content().startswith("Також мовами:")
    assert [(a.text_content(), a.get("href").rsplit("/", 1)[1], a.get("lang"))
            for a in also_in.cssselect("a")] == [("Қазақ тілі", ids["kk"], "kk")]
    by = doc.cssselect(".also-published-by")[0]
    assert by.text_content().startswith("Також опублікували:")
    assert [(a.text_content(), a.get("href").rsplit("/", 1)[1]) for a in by.cssselect("a")] == [
        ("ООН в Казахстане", ids["un"])]
    # each link opens the linked record, whose page links back
    linked = page(client, also_in.cssselect("a")[0].get("href") + "?hl=en")
    assert "Also in:" in linked.cssselect(".also-in")[0].text_content()
    assert ids["ru"] in {a.get("href").rsplit("/", 1)[1] for a in linked.cssselect(".also-in a")}
    # a record without links shows neither line
    flu = page(client, f"/archive/announcements/{ids['flu']}")
    assert not flu.cssselect(".also-in") and not flu.cssselect(".also-published-by")


def facet(doc: lxml_html.HtmlElement, name: str) -> dict[str, tuple[str, str]]:
    """A facet's values: label -> (count, href)."""
    return {li.cssselect("a")[0].text_content(): (li.cssselect(".count")[0].text_content(),
                                                  li.cssselect("a")[0].get("href"))
            for li in doc.cssselect(f".facet-{name} li")}


def hit_titles(doc: lxml_html.HtmlElement) -> set[str]:
    return {a.text_content() for a in doc.cssselect(".hit-title")}


def test_topic_and_region_facets_count_and_filter(site) -> None:
    client, _ = site
    doc = page(client, "/search?hl=kk")
    assert doc.cssselect(".facet-topic h2")[0].text_content() == "Тақырып"
    assert doc.cssselect(".facet-place h2")[0].text_content() == "Өңір"
    topics = facet(doc, "topic")  # named in the interface's language
    assert topics["Қызылша"][0] == "3" and topics["Тұмау"][0] == "1"
    places = facet(doc, "place")  # cities and regions, named as the interface writes them
    assert places["Шымкент"][0] == "3" and places["Ақтөбе"][0] == "1"
    assert "Kazakhstan" not in places and "Қазақстан" not in places  # countries have their facet
    measles = page(client, topics["Қызылша"][1])
    assert hit_titles(measles) == {"Шымкенттегі қызылша", "Корь в Шымкенте", "ООН: корь в Шымкенте"}
    assert [li.get("class") for li in measles.cssselect(".facet-topic li")
            if li.cssselect("a")[0].text_content() == "Қызылша"] == ["selected"]
    assert any("Қызылша" in chip.text_content() for chip in measles.cssselect(".chips li"))
    aktobe = page(client, places["Ақтөбе"][1])
    assert hit_titles(aktobe) == {"Грипп в Актобе"}
    # a query keeps the facets, counted over its matches; the feed link keeps the filter
    query = page(client, "/search?q=корь&hl=en")
    assert facet(query, "topic")["Measles"][0] == "3"
    assert facet(query, "place")["Shymkent"][0] == "3"
    feed_href = next(a.get("href") for a in aktobe.cssselect("a[type='application/atom+xml']")
                     if "/search.atom" in a.get("href"))
    assert "place=KZ-aktobe" in feed_href
    feed = feedparser.parse(client.get(feed_href).content)
    assert [e.title for e in feed.entries] == ["Грипп в Актобе"]


@pytest.mark.parametrize(("lang", "measles", "influenza", "heading"), [
    ("en", "Measles", "Influenza", "Topic"),
    ("ru", "Корь", "Грипп", "Тема"),
    ("ka", "წითელა", "გრიპი", None),
    ("tg", "Сурхча", "Зуком", None),
])
def test_the_topic_facet_names_each_topic_in_the_interface_language(
        site, lang: str, measles: str, influenza: str, heading: str | None) -> None:
    client, _ = site
    doc = page(client, f"/search?hl={lang}")
    topics = facet(doc, "topic")
    assert topics[measles][0] == "3" and topics[influenza][0] == "1"
    if heading:
        assert doc.cssselect(".facet-topic h2")[0].text_content() == heading
    filtered = page(client, topics[measles][1])
    assert "topic=measles" in topics[measles][1]
    assert any(measles in chip.text_content() for chip in filtered.cssselect(".chips li"))
    assert measles in filtered.cssselect("title")[0].text_content()


@pytest.mark.parametrize(("lang", "topics", "places", "measles"), [
    ("ru", "Темы: Больницы и медицинские учреждения, Корь", "Места: Шымкент", "Корь"),
    ("uk", "Теми: Кір, Лікарні та заклади охорони здоров'я", "Місця: Шимкент", "Кір"),
    ("ka", "თემები: საავადმყოფოები და სამედიცინო დაწესებულებები, წითელა", "ადგილები: შიმკენტი",
     "წითელა"),
    ("en", "Topics: Hospitals and health facilities, Measles", "Places: Shymkent", "Measles"),
])
def test_the_record_page_names_its_topics_and_places_in_the_interface_language(
        site, lang: str, topics: str, places: str, measles: str) -> None:
    client, ids = site
    doc = page(client, f"/archive/announcements/{ids['ru']}?hl={lang}")
    assert doc.cssselect(".record-topics")[0].text_content() == topics
    assert doc.cssselect(".record-places")[0].text_content() == places
    links = {a.text_content(): a.get("href") for a in doc.cssselect(".record-topics a")}
    assert hit_titles(page(client, links[measles])) == {"Шымкенттегі қызылша", "Корь в Шымкенте", "ООН: корь в Шымкенте"}
    # each topic's feed is linked beside the publisher's and the country's
    feeds = [a.get("href") for a in doc.cssselect(".feed-link a.topic-feed")]
    assert any("/search.atom?topic=measles" in href and f"hl={lang}" in href for href in feeds)


def test_a_topic_has_its_feed_titled_in_the_reader_language(site) -> None:
    client, _ = site
    for lang, label in (("ru", "Корь"), ("kk", "Қызылша"), ("en", "Measles")):
        response = client.get(f"/search.atom?topic=measles&hl={lang}")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert label in feed.feed.title
        assert {e.title for e in feed.entries} == {
            "Шымкенттегі қызылша", "Корь в Шымкенте", "ООН: корь в Шымкенте"}
    influenza = feedparser.parse(client.get("/search.atom?topic=influenza&hl=uk").content)
    assert [e.title for e in influenza.entries] == ["Грипп в Актобе"] and "Грип" in influenza.feed.title
    # each entry names its topics, labelled in the reader's language
    entries = {e.title: e for e in feedparser.parse(
        client.get("/search.atom?topic=measles&hl=ka").content).entries}
    assert {(t.term, t.label) for t in entries["Корь в Шымкенте"].tags} == {
        ("measles", "წითელა"), ("hospitals", "საავადმყოფოები და სამედიცინო დაწესებულებები")}
