"""The archive as Datasette serves it, over HTTP: metadata, facets, canned queries, search,
feeds, record pages, archived copies, and what public mode refuses."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import httpx
import pytest
from sample_archive import EDITED_ID, HOSTILE_ID

ATOM = "{http://www.w3.org/2005/Atom}"


def _rows(site: httpx.Client, query: str, **params: str) -> list[dict]:
    response = site.get(f"/archive/{query}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


def _assert_harmless(html: str) -> None:
    """Nothing from the hostile record can run: no script from it, no handler, no js: link."""
    assert "<script>alert" not in html and "<script>document" not in html
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.I)  # no on* attribute on any tag
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)
    assert "<img" not in html


def test_metadata_is_shown(site: httpx.Client) -> None:
    index = site.get("/").text
    assert "Health announcements archive" in index and "Search announcements" in index
    table = site.get("/archive/announcements").text
    assert "One row per archived page" in table
    assert "Stable key researchers can cite" in table  # column descriptions
    assert site.get("/archive/sources/ua_moz").status_code == 200


def test_default_facets_and_kind_facet(site: httpx.Client) -> None:
    data = site.get("/archive/announcements.json").json()
    assert {"country", "source_id", "language"} <= set(data["facet_results"])
    countries = {r["value"]: r["count"] for r in data["facet_results"]["country"]["results"]}
    assert countries == {"UA": 2, "KZ": 2, "KG": 2, "GE": 2, "AM": 1}
    page = site.get("/archive/announcements").text
    ngo = re.search(r'<a href="([^"]+)">ngo</a>', page)
    assert ngo, "kind facet missing"
    href = ngo[1].replace("&amp;", "&")
    rows = site.get(href.replace("announcements?", "announcements.json?") + "&_shape=array").json()
    assert {r["source_id"] for r in rows} == {"kg_soros", "ge_pfh"}
    assert "feed.atom?kind=ngo" in site.get(href).text


def test_newest_first(site: httpx.Client) -> None:
    dates = [r["published_at"] for r in site.get("/archive/announcements.json?_shape=array").json()]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(("query", "expected"), [
    ("вакцинація", "Вакцинація проти кору"),
    ("аурухана", "ауруханасында"),
    ("ჯანმრთელობა", "ჯანმრთელობის"),
    ("больница", "В больницах области"),
    ("оорукана", "Ооруканаларда"),
    ("առողջություն", "Առողջության"),
    ("vaccination", "Hospitals report measles vaccinations"),
])
def test_morphology_search(site: httpx.Client, query: str, expected: str) -> None:
    rows = _rows(site, "search", q=query)
    assert any(expected in r["title"].replace("\u27e6", "").replace("\u27e7", "") for r in rows), rows
    assert all("\u27e6" in r["title"] + r["snippet"] for r in rows)
    html = site.get("/archive/search", params={"q": query}).text
    assert "<mark>" in html and "/archive/announcements/" in html


def test_search_filters_and_exact_phrase(site: httpx.Client) -> None:
    assert {r["country"] for r in _rows(site, "search", q="вакцинація", country="ua")} == {"UA"}
    assert _rows(site, "search", q="") == []
    assert [r["record"] for r in _rows(site, "exact", q="вакцинації")] == [EDITED_ID]
    assert _rows(site, "exact", q="вакцинація лікарні") == []
    assert _rows(site, "exact", q='"; broken') == []


def test_canned_queries(site: httpx.Client) -> None:
    latest = _rows(site, "latest_per_country")
    assert {r["country"] for r in latest} == {"UA", "KZ", "KG", "GE", "AM"}
    changed = _rows(site, "changed_since", since="2026-10-11")
    assert [(r["record"], r["version"]) for r in changed] == [(EDITED_ID, 3), (EDITED_ID, 2)]
    assert "в усіх лікарнях" in changed[0]["new_text"] and "в усіх" not in changed[0]["old_text"]
    removed = _rows(site, "removed")
    assert [r["title"] for r in removed] == ["Лікарні готові до грипу"]
    health = {r["source"]: r for r in _rows(site, "source_health")}
    assert {k: v["health"] for k, v in health.items()} == {
        "ua_moz": "failing", "kz_zhambyl": "ok", "kg_soros": "blocked", "ge_pfh": "broken",
        "am_moh": "never-run"}
    assert health["ua_moz"]["consecutive_failures"] == 2
    assert site.get("/-/dashboards/archive").status_code == 200


def test_atom_feed(site: httpx.Client) -> None:
    response = site.get("/archive/feed.atom", params={"q": "вакцинація", "country": "KZ"})
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "В больницах области прошла вакцинация от кори"]
    assert entries[0].findtext(f"{ATOM}updated") and entries[0].findtext(f"{ATOM}id")
    everything = ET.fromstring(site.get("/archive/feed.atom").content)
    assert len(everything.findall(f"{ATOM}entry")) == 9
    nothing = ET.fromstring(site.get("/archive/feed.atom", params={"q": "zzzz"}).content)
    assert [e.findtext(f"{ATOM}id") for e in nothing.findall(f"{ATOM}entry")] == [
        "urn:health-archive:no-match"]
    page = site.get("/archive/search", params={"q": "кір", "lang": "uk"}).text
    assert "/archive/feed.atom?q=%D0%BA%D1%96%D1%80&amp;lang=uk" in page


def test_record_page(site: httpx.Client) -> None:
    page = site.get(f"/archive/announcements/{EDITED_ID}").text
    assert "<p>Батьки мають подбати про вакцинацію дітей.</p>" in page
    assert "<p>Після вакцинації лікарі спостерігають дитину.</p>" in page
    assert 'href="https://moz.gov.ua/news/1"' in page
    assert [int(v) for v in re.findall(r'id="version-(\d+)"', page)] == [3, 2, 1]
    assert "<del>безкоштовно.</del><ins>безкоштовно в усіх лікарнях.</ins>" in page  # version 3
    assert "Вакцинацію проводять безкоштовно.</ins>" in page  # the line version 2 added


def test_hostile_record_is_inert(site: httpx.Client) -> None:
    page = site.get(f"/archive/announcements/{HOSTILE_ID}").text
    content = page[page.index('<section class="content">'):page.index("</section>")]
    _assert_harmless(content)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content  # shown as text, escaped
    assert 'href="https://pfh.org.ge/files/report.pdf"' in content
    assert "javascript:alert(&#39;attachment&#39;)" in content  # listed, not linked
    table = site.get("/archive/announcements").text
    _assert_harmless(table[table.index('<section class="content">'):])
    search = site.get("/archive/search", params={"q": "measles"}).text
    _assert_harmless(search[search.index('<section class="content">'):])


def test_archived_copy_is_sanitised(site: httpx.Client) -> None:
    response = site.get(f"/-/capture/{HOSTILE_ID}")
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp
    assert "Archived hostile page" in response.text and "Text kept" in response.text
    _assert_harmless(response.text)
    assert "<script" not in response.text and "<style" not in response.text
    assert 'href="https://pfh.org.ge/news/2"' in response.text  # relative links made absolute
    raw = site.get(f"/-/capture/{HOSTILE_ID}", params={"format": "text"})
    assert raw.headers["content-type"].startswith("text/plain")
    assert "<script>alert('warc')</script>" in raw.text
    assert site.get(f"/-/capture/{EDITED_ID}").status_code == 404


def test_public_mode_refuses_writes_and_honours_limits(public_site: httpx.Client) -> None:
    settings = public_site.get("/-/settings.json").json()
    assert settings["max_returned_rows"] == 1000 and settings["sql_time_limit_ms"] == 1000
    assert settings["allow_download"] is True
    assert public_site.post("/archive/search", data={"q": "x"}).status_code == 405
    assert public_site.post("/archive", data={"sql": "delete from announcements"}).status_code == 405
    write = public_site.get("/archive.json", params={"sql": "delete from announcements"})
    assert write.status_code == 400
    for path in ("/-/threads", "/-/actor.json", "/-/permissions", "/-/messages"):
        assert public_site.get(path).status_code == 404, path
    many = public_site.get("/archive.json", params={
        "sql": "with recursive n(i) as (select 1 union all select i + 1 from n limit 5000) "
               "select i from n"}).json()
    assert len(many["rows"]) == 1000 and many["truncated"] is True
    slow = public_site.get("/archive.json", params={
        "sql": "with recursive n(i) as (select 1 union all select i + 1 from n) "
               "select count(*) from n"})
    assert slow.status_code == 400 and "interrupted" in slow.text.lower()
    download = public_site.get("/archive.db")
    assert download.status_code == 200 and download.content.startswith(b"SQLite format 3")
    assert len(_rows(public_site, "search", q="аурухана")) == 1
