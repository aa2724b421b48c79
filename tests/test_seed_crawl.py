"""End to end: the bundled replica sites (the five seed publishers and hls.kz, a WordPress
agency), crawled through Scrapy's real engine.

The replica server runs in this process; the crawl runs as `health-archive crawl` in a
subprocess with `--replica-origin`, so requests for the real hosts reach the replicas while
records keep the real URLs. Every announcement of the replica catalog must come out with its
exact title, date and language, and its body within token F1 0.97 of the known text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from replicas.catalog import ReplicaArticle, articles, non_articles
from replicas.server import HOSTS, ReplicaServer
from tests.helpers import crawl_replicas, rows, serving

SEED_SOURCES = sorted(set(HOSTS.values()))
CATALOG = articles()
MENU_004 = Path(__file__).parent / "extract/seeds/004_85d8a675294b8fdc.txt"


def token_f1(expected: str, got: str) -> float:
    """The extraction benchmark's metric: F1 over multisets of 4-token shingles."""
    def shingles(text: str) -> Counter[tuple[str, ...]]:
        tokens = re.findall(r"\w+", text)
        if len(tokens) < 4:
            return Counter([tuple(tokens)]) if tokens else Counter()
        return Counter(tuple(tokens[i:i + 4]) for i in range(len(tokens) - 3))

    truth, prediction = shingles(expected), shingles(got)
    tp = sum((truth & prediction).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(prediction.values()), tp / sum(truth.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def archive(replica: ReplicaServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "archive.db"
    result = crawl_replicas(replica.origin, db, SEED_SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return db


@pytest.fixture(scope="module")
def records(archive: Path) -> dict[str, dict]:
    columns = ["canonical_url", "url", "source_id", "title", "published_at", "language",
               "country", "body_text"]
    return {r[0]: dict(zip(columns, r)) for r in rows(
        archive, f"SELECT {', '.join(columns)} FROM announcements")}


def test_every_announcement_is_archived_once(records: dict[str, dict]):
    assert {a.url for a in CATALOG} <= set(records)
    for source in SEED_SOURCES:
        archived = {u for u, r in records.items() if r["source_id"] == source}
        assert not archived & set(non_articles(source)), source
        assert len([a for a in CATALOG if a.source_id == source]) >= 11, source


@pytest.mark.parametrize("article", CATALOG, ids=lambda a: a.url.split("://")[1][-60:])
def test_record_fields(article: ReplicaArticle, records: dict[str, dict]):
    record = records[article.url]
    assert record["source_id"] == article.source_id
    assert record["title"] == article.title
    assert record["published_at"] == (article.published_exact or article.published_at)
    assert record["language"] == article.language
    assert token_f1(article.body_text, record["body_text"]) >= 0.97


def test_seed_004_has_none_of_the_menu_lines(records: dict[str, dict]):
    seed = MENU_004.read_text(encoding="utf-8")
    title = "МОЗ підтримає українські медзаклади в налагодженні міжнародних партнерств"
    menu_lines = [line for line in seed.split(title)[0].splitlines() if line.strip()]
    assert len(menu_lines) > 20
    for record in records.values():
        if record["source_id"] == "ua_moz":
            lines = set(record["body_text"].splitlines())
            assert not lines & set(menu_lines), record["url"]


def test_second_crawl_adds_no_duplicate(replica: ReplicaServer, archive: Path):
    before = rows(archive, "SELECT count(*) FROM announcements")
    result = crawl_replicas(replica.origin, archive, SEED_SOURCES)
    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(archive, "SELECT count(*) FROM announcements") == before
    assert rows(archive, "SELECT count(*) FROM versions") == before
    assert all(", new 0, changed 0" in line for line in result.stdout.splitlines()), result.stdout


SEARCHES = {  # a word of each seed's script and language -> the seed page it must find
    "uk": ("медзаклади", "https://moz.gov.ua/uk/moz-pidtrimae-ukrainski-medzakladi-v-nalagodzhenni-mizhnarodnih-partnerstv"),
    "kk": ("меморандум", None),
    "ky": ("сунуштамалар", "http://kg.one.un.org/content/unct/kyrgyzstan/ky/home/news/kg-news/2017/kyrgyzstan-strengthens-health-services-delivery-through-high-lev.html"),
    "ka": ("ჯანდაცვის", "http://pfh.org.ge/index.php?lang=ge"),
}


@pytest.fixture(scope="module")
def site(archive: Path) -> Iterator[httpx.Client]:
    with serving(archive) as client:
        yield client


@pytest.mark.parametrize("language", sorted(SEARCHES))
def test_datasette_finds_a_record_by_a_word_of_each_script(language: str, site: httpx.Client):
    word, expected = SEARCHES[language]
    response = site.get("/archive/announcements.json",
                        params={"_search": word, "_shape": "objects", "_col": "canonical_url"})
    assert response.status_code == 200
    found = {row["canonical_url"] for row in response.json()["rows"]}
    seed = expected or next(a.url for a in CATALOG if a.is_seed and a.source_id == "kz_zhambyl_health")
    assert seed in found
