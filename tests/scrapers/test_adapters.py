"""Platform adapters end to end: each crawls its replica through Scrapy's real engine.

The replica server runs in this process; `health-archive crawl --replica-origin` runs in a
subprocess with a registry written here, and the archive's rows are compared with what the
replica serves: exact titles, dates, languages and bodies.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from scrapers.registry import DEFAULT_REGISTRY
from replicas import sites
from replicas.catalog import ReplicaArticle, articles
from replicas.intl_who_int import site as who_site
from replicas.kz_zhambyl_health import site as govkz_site
from replicas.server import ReplicaServer
from replicas.state import ReplicaState
from replicas.textify import html_to_text
from tests.helpers import FAST, health_archive, rows

pytestmark = pytest.mark.long  # `make test` starts it first (see tests/conftest.py)

BUNDLED = {entry["id"]: entry for entry in yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))}
OFFICES = who_site.SITE.content["offices"]
COLUMNS = ("url", "canonical_url", "source_id", "title", "published_at", "language", "body_text",
           "discovered_via")


def plain_spaces(text: str) -> str:
    """A body with no-break spaces as spaces and no spaces at line ends.

    `tests/extract` holds the extractor to the seeds' spacing; here the adapters are under
    test, so what the text says must match, and where it came from.
    """
    return re.sub(r" +$", "", text.replace("\xa0", " "), flags=re.MULTILINE)


def write_registry(path: Path, *entries: dict) -> Path:
    path.write_text(yaml.safe_dump(list(entries), allow_unicode=True), encoding="utf-8")
    return path


def crawl(db: Path, registry: Path, origin: str, *extra: str) -> tuple[int, str]:
    result = health_archive("crawl", "--db", str(db), "--sources", str(registry), "--replica-origin", origin,
                            "--log-file", str(db.with_suffix(".log")), *FAST, *extra)
    return result.returncode, result.stdout + result.stderr


def records(db: Path) -> dict[str, dict]:
    """Archived announcements by canonical URL."""
    return {r[1]: dict(zip(COLUMNS, r)) for r in rows(db, f"SELECT {', '.join(COLUMNS)} FROM announcements")}


def fetched_urls(warc_dir: Path) -> set[str]:
    """URLs the crawl downloaded, from its WARC captures."""
    from warcio.archiveiterator import ArchiveIterator

    urls = set()
    for path in warc_dir.glob("*/*.warc.gz"):
        with path.open("rb") as stream:
            urls |= {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(stream)
                     if r.rec_type == "response"}
    return urls


def assert_exact(expected: list[ReplicaArticle], got: dict[str, dict]) -> int:
    """Every expected record is there with its exact fields; returns how many bodies match byte for byte."""
    assert set(got) == {a.url for a in expected}
    for article in expected:
        record = got[article.url]
        assert record["title"] == article.title, article.url
        assert record["published_at"] == (article.published_exact or article.published_at), article.url
        assert record["language"] == article.language, article.url
        assert plain_spaces(record["body_text"]) == plain_spaces(article.body_text), article.url
    return sum(got[a.url]["body_text"] == a.body_text for a in expected)


# -- WHO/Europe: OData discovery, Sitefinity pages -------------------------------------------
# www.who.int is not among the bundled replica hosts: every host there is crawled as a seed by
# the demo and the seed tests, and the registry's who_odata entries stay disabled until the
# real office GUIDs are known. These tests serve it for their own duration.
WHO_HOSTS = ("--set", "REPLICA_HOSTS=www.who.int")


@pytest.fixture(scope="module")
def who_server(replica: ReplicaServer) -> Iterator[ReplicaServer]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sites.SITES, who_site.SOURCE_ID, who_site)
        for host in who_site.HOSTS:
            patch.setitem(sites.HOSTS, host, who_site.SOURCE_ID)
        yield replica


def who_entry(source_id: str, office: str, **api: object) -> dict:
    return {"id": source_id, "name": source_id, "name_en": source_id, "country": "KG", "kind": "intl",
            "languages": ["en", "ru"], "homepage": "https://www.who.int/europe", "platform": "who_odata",
            "api": {"office": OFFICES[office], "cultures": ["en", "ru"], **api}}


def who_articles() -> list[ReplicaArticle]:
    return [ReplicaArticle(who_site.SOURCE_ID, i.url, i.title, i.published_at, i.lang, html_to_text(i.body_html),
                           (), False) for i in who_site.ITEMS]


def test_who_odata_archives_each_office_with_exact_fields(who_server: ReplicaServer, tmp_path: Path):
    registry = write_registry(tmp_path / "who.yaml", who_entry("intl_who_europe", "europe", page_size=3),
                              who_entry("kg_who", "kyrgyzstan"))
    code, output = crawl(tmp_path / "archive.db", registry, who_server.origin, *WHO_HOSTS)
    assert code == 0, output
    got = records(tmp_path / "archive.db")
    offices = {item.url: item.data["office"] for item in who_site.ITEMS}
    exact = assert_exact(who_articles(), got)
    for record in got.values():
        wanted = OFFICES["europe" if record["source_id"] == "intl_who_europe" else "kyrgyzstan"]
        assert offices[record["canonical_url"]] == wanted and record["discovered_via"] == "api"
    # All 7 English items of the regional office at page_size 3: three API pages were read.
    assert len(got) == 15 and exact == 15


def test_who_odata_error_answer_is_a_failed_discovery(who_server: ReplicaServer, tmp_path: Path):
    entry = who_entry("kg_who", "kyrgyzstan")
    entry["api"]["office"] = "kyrgyzstan"  # not a GUID: the API answers 400 with an OData error
    registry = write_registry(tmp_path / "who.yaml", entry)
    code, output = crawl(tmp_path / "archive.db", registry, who_server.origin, *WHO_HOSTS)
    assert code == 1 and "kg_who: failed" in output, output
    assert "WHO news API refused" in (tmp_path / "archive.log").read_text(encoding="utf-8")
    assert rows(tmp_path / "archive.db", "SELECT count(*) FROM announcements") == [(0,)]


# -- WordPress: REST API, its modified_gmt, and the fallback -----------------------------------

SROS_PAGE = "https://soros.kg/srs/home/who-we-are/programs/public-health-program/"
KY_PAGE = "https://soros.kg/ky/home/who-we-are/programs/public-health-program/"


def test_wordpress_rest_api_canonical_pages_and_hourly_skips(tmp_path: Path):
    """soros.kg: posts from /wp-json/, pages from the sitemap, /srs/ folded into its canonical page."""
    entry = dict(BUNDLED["kg_soros"])
    entry["listing_urls"] = [*entry["listing_urls"], SROS_PAGE]
    entry["article_url_pattern"] = r"/(\d{4}/\d\d/\d\d/[^/]+|home(_en)?/who-we-are/programs/public-health-program)/$"
    registry = write_registry(tmp_path / "soros.yaml", entry)
    db = tmp_path / "archive.db"
    state = ReplicaState()
    with ReplicaServer(state=state) as server:
        code, output = crawl(db, registry, server.origin)
        assert code == 0, output
        got = records(db)
        expected = articles("kg_soros")
        exact = assert_exact(expected, got)
        assert exact >= len(expected) - 1  # the seed page's no-break spaces are the extractor's
        assert all(r["discovered_via"] == "api" for r in got.values() if re.search(r"/\d{4}/\d\d/\d\d/", r["url"]))
        assert SROS_PAGE in fetched_urls(tmp_path / "warc") and SROS_PAGE not in got
        assert got[KY_PAGE]["published_at"] is None

        # Hourly: unchanged posts are skipped on their modified_gmt; an edited one is archived again.
        post = next(a.url for a in expected if a.published_exact)
        state.edit(post, title="Edited title")
        code, output = crawl(db, registry, server.origin)
        assert code == 0, output
        assert "new 0, changed 1, unchanged" in output, output
        assert records(db)[post]["title"] == "Edited title"


def test_wordpress_without_rest_api_falls_back_to_feeds_and_listings(replica: ReplicaServer, tmp_path: Path):
    """hls.kz answers 401 on /wp-json/: the Kazakh feed gives its posts, the listings the Russian ones."""
    entry = dict(BUNDLED["kz_ncph"])
    entry["feeds"] = ["https://hls.kz/feed/"]
    entry["listing_urls"] = ["https://hls.kz/category/zhanalyqtar/", "https://hls.kz/ru/category/novosti/"]
    code, output = crawl(tmp_path / "archive.db", write_registry(tmp_path / "hls.yaml", entry), replica.origin)
    assert code == 0, output
    got = records(tmp_path / "archive.db")
    exact = assert_exact(articles("kz_ncph"), got)
    assert len(got) == 11 and exact == 11
    via = {r["discovered_via"] for r in got.values()}
    assert via == {"feed", "listing"}, via
    assert "WordPress REST API closed (HTTP 401)" in (tmp_path / "archive.log").read_text(encoding="utf-8")


# -- gov.kz: a new entity from its registry entry alone -----------------------------------------

def test_govkz_entity_archived_from_its_registry_entry_alone(replica: ReplicaServer, tmp_path: Path):
    registry = write_registry(tmp_path / "almaty.yaml", BUNDLED["kz_almaty_health"])
    code, output = crawl(tmp_path / "archive.db", registry, replica.origin)
    assert code == 0, output
    got = records(tmp_path / "archive.db")
    expected = [i for i in govkz_site.ITEMS if i.data["project"] == "almaty-densaulyk"]
    assert set(got) == {i.url for i in expected} and len(expected) == 4
    for item in expected:
        record = got[item.url]
        assert (record["source_id"], record["title"], record["published_at"], record["language"]) == (
            "kz_almaty_health", item.title, item.published_at, item.lang)
        assert record["body_text"] == html_to_text(item.body_html)


class RefusingState(ReplicaState):
    """gov.kz after a change of its access control: the k6 ticket no longer unlocks the news."""

    def valid_ticket(self, ticket: str | None) -> bool:
        return False


def test_govkz_refusal_is_a_clear_per_source_error_with_no_records(tmp_path: Path):
    registry = write_registry(tmp_path / "almaty.yaml", BUNDLED["kz_almaty_health"])
    with ReplicaServer(state=RefusingState()) as server:
        code, output = crawl(tmp_path / "archive.db", registry, server.origin)
    assert code == 1 and "kz_almaty_health: failed" in output, output
    log = (tmp_path / "archive.log").read_text(encoding="utf-8")
    assert "gov.kz API refused the news of 'almaty-densaulyk' (HTTP 400" in log
    assert rows(tmp_path / "archive.db", "SELECT count(*) FROM announcements") == [(0,)]
    assert rows(tmp_path / "archive.db", "SELECT status, discovery_complete FROM crawl_runs") == [("failed", 0)]


def test_wordpress_pages_come_from_the_api_when_configured(tmp_path: Path, serve_directory):
    """`api: {pages: true}`: /wp-json/wp/v2/pages too; pages are undated, titles decoded."""
    site = tmp_path / "site"
    (site / "wp-json/wp/v2").mkdir(parents=True)
    origin = serve_directory(site)
    post = {"id": 7, "type": "post", "link": f"{origin}/2024/03/01/shcheplennia/", "date_gmt": "2024-03-01T08:00:00",
            "modified_gmt": "2024-03-02T09:00:00", "title": {"rendered": "Щеплення &#8211; графік"},
            "content": {"rendered": "<p>Графік щеплень на березень оновлено.</p>"}}
    page = {"id": 9, "type": "page", "link": f"{origin}/pro-tsentr/", "date_gmt": "2019-01-10T10:00:00",
            "modified_gmt": "2023-05-05T10:00:00", "title": {"rendered": "Про центр"},
            "content": {"rendered": "<p>Центр громадського здоров'я області.</p>"}}
    (site / "wp-json/wp/v2/posts").write_text(json.dumps([post]), encoding="utf-8")
    (site / "wp-json/wp/v2/pages").write_text(json.dumps([page]), encoding="utf-8")
    entry = {"id": "ua_local", "name": "Центр", "name_en": "Centre", "country": "UA", "kind": "regional",
             "languages": ["uk"], "homepage": f"{origin}/", "platform": "wordpress", "api": {"pages": True}}
    result = health_archive("crawl", "--db", str(tmp_path / "archive.db"), "--allow-local",
                            "--sources", str(write_registry(tmp_path / "local.yaml", entry)), *FAST)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    got = records(tmp_path / "archive.db")
    assert {u: (r["title"], r["published_at"], r["body_text"]) for u, r in got.items()} == {
        post["link"]: ("Щеплення – графік", "2024-03-01T10:00:00+02:00", "Графік щеплень на березень оновлено."),
        page["link"]: ("Про центр", None, "Центр громадського здоров'я області."),
    }
