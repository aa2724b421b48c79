"""The replica sites over real HTTP: URL schemes, seeds, listings, caching, faults, changes."""

from __future__ import annotations

import http.client
import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import html as lxml_html

from replicas.catalog import articles, non_articles, page_html
from replicas.server import HOSTS, ReplicaServer
from replicas.sites import SITES
from replicas.state import ReplicaState
from replicas.textify import html_to_text

SOURCES = ("ua_moz", "kg_who_europe", "kg_soros", "kz_zhambyl_health", "ge_partners_for_health")
API = "https://www.gov.kz/api/v1/public/content-manager/news"
ZHAMBYL = "projects=eq:zhambyl-densaulyk&sort-by=created_date:DESC"


class Client:
    """Sends requests for real URLs to the replica server with the real host in Host."""

    def __init__(self, server: ReplicaServer) -> None:
        self.server = server
        self.cookie = ""

    def fetch(self, url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        sent = {"Host": parts.netloc, **({"Cookie": self.cookie} if self.cookie else {}), **(headers or {})}
        conn.request(method, target, headers=sent)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def ticket(self) -> None:
        status, headers, _ = self.fetch("https://www.gov.kz/api/v1/public/_/c/k6", method="POST")
        assert status == 200
        self.cookie = headers["set-cookie"].split(";", 1)[0]

    def api(self, query: str) -> tuple[int, object]:
        status, _, body = self.fetch(f"{API}{query}")
        return status, json.loads(body)


@pytest.fixture(scope="module")
def client():
    with ReplicaServer() as server:
        yield Client(server)


@pytest.fixture
def fresh():
    """A server with its own state, for tests that switch or change things."""
    with ReplicaServer(state=ReplicaState()) as server:
        yield Client(server)


def links(client: Client, url: str) -> list[str]:
    status, _, body = client.fetch(url)
    assert status == 200, url
    return [urljoin(url, href) for href in lxml_html.fromstring(body).xpath("//a/@href")]


def visible(body: bytes) -> str:
    tree = lxml_html.fromstring(body.decode("utf-8"))
    for bad in tree.xpath("//head|//script|//style"):
        bad.drop_tree()
    return normal(tree.text_content())


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


# -- the catalog ---------------------------------------------------------------------

def test_catalog_has_ten_articles_besides_each_seed_and_the_right_shape():
    for source in SOURCES:
        found = articles(source)
        seeds = [a for a in found if a.is_seed]
        assert len(seeds) == 1 and len(found) - 1 >= 10, source
        for article in found:
            assert article.title and article.body_text and article.title not in article.body_text.split("\n")[0:1]
            assert article.published_at is None or re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", article.published_at)
    assert {a.language for a in articles("ge_partners_for_health")} == {"ka", "en"}
    assert all(a.published_at is None for a in articles("ge_partners_for_health"))
    assert {a.published_at[-6:] for a in articles("kz_zhambyl_health")} == {"+05:00", "+06:00"}


def test_seed_body_texts_are_the_seed_documents_minus_non_body_lines():
    seeds = {a.source_id: a for a in articles() if a.is_seed}
    assert seeds["ua_moz"].body_text.startswith("МОЗ активно підтримує")
    assert "Скинути" not in seeds["ua_moz"].body_text and "ʼ" in seeds["ua_moz"].body_text
    assert "WHOWHO" not in seeds["kg_who_europe"].body_text
    assert seeds["kz_zhambyl_health"].body_text.endswith("басқармасының баспасөз қызметі")
    assert not seeds["kz_zhambyl_health"].body_text.startswith("Денсаулық")
    assert "ӊ" in seeds["kg_soros"].body_text and seeds["kg_soros"].body_text.endswith("aboobekova@soros.kg")
    assert seeds["ge_partners_for_health"].title == "არასამთავრობო ორგანიზაცია - კავშირი „პარტნიორები ჯანმრთელობისათვის“ (პჯ)"


def test_body_text_convention_reproduces_the_seeds_from_their_html():
    """The HTML→text rule behind body_text yields the seed texts exactly (except 000's Word spacers)."""
    for module in SITES.values():
        for item in module.ITEMS:
            if item.seed_text and item.source_id != "ge_partners_for_health":
                assert html_to_text(item.body_html) == item.seed_text, item.source_id


def test_hostile_markup_is_served_raw_but_expected_as_visible_text():
    article = next(a for a in articles("ua_moz") if "<script>" in page_html(a.url) and "simptomi" in a.url)
    page = page_html(article.url)
    assert 'onerror="alert(1)"' in page and 'href="javascript:alert(1)"' in page
    assert "alert" not in article.body_text and "посилання" in article.body_text


def test_page_html_renders_every_article_for_the_benchmark():
    for article in articles():
        page = page_html(article.url)
        assert article.title.split(" ")[0] in page and "<html" in page.lower(), article.url


# -- every article is served under the real URL scheme --------------------------------

@pytest.mark.parametrize("source", SOURCES)
def test_every_article_answers_200_with_html_and_validators(client, source):
    for article in articles(source):
        status, headers, body = client.fetch(article.url)
        assert status == 200, article.url
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["etag"] and headers["last-modified"]
        if source != "kz_zhambyl_health":  # the SPA shell carries no article text
            assert normal(article.title) in visible(body), article.url


def test_seed_texts_appear_in_the_seed_pages(client):
    for article in (a for a in articles() if a.is_seed):
        if article.source_id == "kz_zhambyl_health":
            client.ticket()
            news_id = re.search(r"/details/(\d+)", article.url).group(1)
            body = json.loads(client.fetch(f"{API}/{news_id}?lang=kk")[2])["body"].encode()
        else:
            body = client.fetch(article.url)[2]
        text = visible(body)
        for line in article.body_text.split("\n"):
            assert re.sub(r"^(•|\d+\.) ", "", normal(line)) in text, (article.source_id, line)


def test_moz_page_chrome_reproduces_the_seed_menu_lines(client):
    seed = next(a for a in articles("ua_moz") if a.is_seed)
    text = visible(client.fetch(seed.url)[2])
    head = text[: text.index(seed.title)]
    for line in ["Сховати налаштування", "Гаряча лінія МОЗ", "0800 505 201", "Close", "Створення безбар`єрного простору", "Система Meddata"]:
        assert line in head
    body = client.fetch(seed.url)[2].decode()
    assert 'alt="X White"' in body and "Читайте також" in body


# -- listings and discovery ------------------------------------------------------------

def follow_next(client: Client, url: str) -> list[str]:
    """All links of a paginated listing, following rel=next."""
    found: list[str] = []
    while url:
        status, _, body = client.fetch(url)
        assert status == 200, url
        tree = lxml_html.fromstring(body)
        found += [urljoin(url, h) for h in tree.xpath("//a/@href")]
        nxt = tree.xpath("//a[@rel='next']/@href | //link[@rel='next']/@href")
        url = urljoin(url, nxt[0]) if nxt else ""
    return found


def test_moz_listings_paginate_and_link_every_news_item(client):
    uk = {a.url for a in articles("ua_moz") if a.language == "uk"}
    en = {a.url for a in articles("ua_moz") if a.language == "en"}
    assert uk <= set(follow_next(client, "https://moz.gov.ua/uk/news"))
    assert uk <= set(follow_next(client, "https://moz.gov.ua/uk/ostanni-novini"))
    assert en <= set(follow_next(client, "https://moz.gov.ua/en/news"))
    assert client.fetch("https://moz.gov.ua/uk/news?page=2")[0] == 200
    assert client.fetch("https://moz.gov.ua/uk/news?page=9")[0] == 404
    listed = set(follow_next(client, "https://moz.gov.ua/uk/news"))
    assert not listed & set(non_articles("ua_moz")[4:])  # decrees and static pages are not news


def test_un_listings_follow_next_and_link_every_item(client):
    for lang in ("ky", "en", "ru"):
        wanted = {a.url for a in articles("kg_who_europe") if a.language == lang}
        start = f"http://kg.one.un.org/content/unct/kyrgyzstan/{lang}/home/news/kg-news.html"
        assert wanted <= set(follow_next(client, start)), lang
    assert client.fetch("http://kg.one.un.org/content/unct/kyrgyzstan/ky/home/news/kg-news.html?page=2")[0] == 200


def test_soros_categories_feeds_sitemaps_and_rest_cover_the_posts(client):
    posts = {a.url for a in articles("kg_soros") if a.published_at}
    pages = {a.url for a in articles("kg_soros") if not a.published_at}
    listed: set[str] = set()
    for category in ("grants", "contests"):
        listed |= set(follow_next(client, f"https://soros.kg/category/{category}/"))
    assert posts <= listed
    assert client.fetch("https://soros.kg/category/grants/page/2/")[0] == 200
    status, _, body = client.fetch("https://soros.kg/sitemap_index.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemaps = [loc.text for loc in ET.fromstring(body).findall("s:sitemap/s:loc", ns)]
    urls = set()
    for sitemap in sitemaps:
        tree = ET.fromstring(client.fetch(sitemap)[2])
        urls |= {loc.text for loc in tree.findall("s:url/s:loc", ns)}
        assert all(lm.text for lm in tree.findall("s:url/s:lastmod", ns))
    assert posts | pages <= urls
    feed_links = set()
    for feed in ("https://soros.kg/feed/", "https://soros.kg/ky/feed/"):
        channel = ET.fromstring(client.fetch(feed)[2]).find("channel")
        items = channel.findall("item")
        assert 0 < len(items) <= 10
        assert all(re.search(r"\d\d:\d\d:\d\d \+0600$", i.findtext("pubDate")) for i in items)
        feed_links |= {i.findtext("link") for i in items}
    assert feed_links == posts
    status, headers, body = client.fetch("https://soros.kg/wp-json/wp/v2/posts?per_page=5&page=3")
    assert status == 200 and headers["x-wp-total"] == str(len(posts)) and headers["x-wp-totalpages"] == "3"
    assert set(json.loads(body)[0]) >= {"id", "date", "date_gmt", "modified", "modified_gmt", "link", "title", "content"}
    assert client.fetch("https://soros.kg/wp-json/wp/v2/posts?per_page=5&page=4")[0] == 400


def test_soros_srs_duplicate_points_to_the_canonical_page(client):
    status, _, body = client.fetch("https://soros.kg/srs/home/who-we-are/programs/public-health-program/")
    canonical = lxml_html.fromstring(body).xpath("//link[@rel='canonical']/@href")
    assert status == 200 and canonical == ["https://soros.kg/ky/home/who-we-are/programs/public-health-program/"]


def test_pfh_redirects_and_menu_reach_every_page(client):
    status, headers, _ = client.fetch("http://pfh.org.ge/")
    assert status == 302 and headers["location"] == "http://pfh.org.ge/index.php?lang=ge"
    body = client.fetch("http://pfh.org.ge/index.php?lang=ge")[2].decode()
    assert '<html lang="ka">' in body and "ქართ" in body and "ENG" in body
    reached = set(links(client, "http://pfh.org.ge/index.php?lang=ge")) | set(links(client, "http://pfh.org.ge/index.php?lang=en"))
    for listing in non_articles("ge_partners_for_health")[:2]:
        reached |= set(links(client, listing))
    assert {a.url for a in articles("ge_partners_for_health")} <= reached


def test_attachments_are_real_files(client):
    for article in articles():
        for url, _, kind in article.attachments:
            status, headers, body = client.fetch(url)
            assert status == 200, url
            assert body.startswith(b"%PDF-1.4" if kind == "pdf" else b"PK\x03\x04")


def test_robots_txt_on_every_host(client):
    for host in HOSTS:
        status, _, body = client.fetch(f"http://{host}/robots.txt")
        assert status == 200 and b"Disallow: /" in body
    assert b"Sitemap: https://soros.kg/sitemap_index.xml" in client.fetch("https://soros.kg/robots.txt")[2]


# -- HTTP behaviour ------------------------------------------------------------------------

def test_old_moz_urls_redirect_permanently(client):
    seed = next(a for a in articles("ua_moz") if a.is_seed)
    slug = seed.url.rsplit("/", 1)[-1]
    status, headers, _ = client.fetch(f"https://moz.gov.ua/article/news/{slug}")
    assert status == 301 and headers["location"] == seed.url
    assert client.fetch("https://moz.gov.ua/article/news/no-such-item")[0] == 404


def test_conditional_requests_answer_304(client):
    url = articles("kg_who_europe")[0].url
    _, headers, _ = client.fetch(url)
    assert client.fetch(url, headers={"If-None-Match": headers["etag"]})[0] == 304
    assert client.fetch(url, headers={"If-Modified-Since": headers["last-modified"]})[0] == 304
    assert client.fetch(url, headers={"If-None-Match": '"other"'})[0] == 200
    assert client.fetch(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200


def test_forwarded_host_overrides_host(client):
    conn = http.client.HTTPConnection("127.0.0.1", client.server.port, timeout=10)
    conn.request("GET", "/robots.txt", headers={"Host": "127.0.0.1", "X-Forwarded-Host": "soros.kg"})
    assert b"Sitemap:" in conn.getresponse().read()
    conn.close()


# -- gov.kz API -------------------------------------------------------------------------------

def test_govkz_news_needs_a_ticket(fresh):
    assert fresh.api(f"?{ZHAMBYL}&page=1&size=5") == (400, {"message": "notAllowed"})
    fresh.ticket()
    status, page1 = fresh.api(f"?{ZHAMBYL}&page=1&size=5")
    assert status == 200 and len(page1) == 5
    fresh.server.state.govkz_ticket_required = False
    fresh.cookie = ""
    assert fresh.api(f"?{ZHAMBYL}&page=1&size=5")[0] == 200


def test_govkz_api_pages_filters_and_languages(fresh):
    fresh.ticket()
    kk = {a.url for a in articles("kz_zhambyl_health") if a.language == "kk"}
    seen, page = [], 1
    while True:
        status, batch = fresh.api(f"?{ZHAMBYL}&page={page}&size=5&lang=kk")
        assert status == 200 and isinstance(batch, list)
        if not batch:
            break
        seen += batch
        page += 1
    assert {f"https://www.gov.kz/memleket/entities/zhambyl-densaulyk/press/news/details/{n['id']}?lang=kk" for n in seen} == kk
    dates = [n["created_date"] for n in seen]
    assert dates == sorted(dates, reverse=True) and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", d) for d in dates)
    newer = fresh.api(f"?{ZHAMBYL}&page=1&size=50&created_date=gt:2025-09-01T00:00:00")[1]
    assert newer and all(n["created_date"] > "2025-09-01T00:00:00" for n in newer)
    assert fresh.api(f"?{ZHAMBYL}&page=1&size=50&created_date=gte:2025-09-01T00:00:00")[0] == 500
    almaty = fresh.api("?projects=eq:almaty-densaulyk&page=1&size=50&lang=ru")[1]
    assert almaty and {n["projects"] for n in almaty} == {"almaty-densaulyk"}
    seed_id = seen[[n["title"] for n in seen].index(next(a.title for a in articles("kz_zhambyl_health") if a.is_seed))]["id"]
    one = fresh.api(f"/{seed_id}?lang=kk")[1]
    assert set(one) >= {"id", "title", "body", "created_date", "slug", "short_description", "heropic"}
    assert one["directions"][0]["name"] == "Денсаулық" and one["title"] != "Денсаулық"
    twin = next(a for a in articles("kz_zhambyl_health") if a.language == "ru")
    twin_id = re.search(r"/details/(\d+)", twin.url).group(1)
    status, _, body = fresh.fetch(f"{API}/{twin_id}", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert json.loads(body)["title"] == twin.title


def test_govkz_pages_are_one_spa_shell_with_a_real_bundle(client):
    urls = [a.url for a in articles("kz_zhambyl_health")[:3]] + non_articles("kz_zhambyl_health")
    shells = {client.fetch(u)[2] for u in urls}
    assert len({re.sub(rb'lang="\w\w"|<title>.*?</title>|content="[^"]*"', b"", s) for s in shells}) == 1
    shell = shells.pop()
    assert b'<div id="root"></div>' in shell
    bundle = re.search(rb'src="(/static/js/main\.[0-9a-f]{8}\.js)"', shell).group(1).decode()
    status, headers, js = client.fetch(f"https://www.gov.kz{bundle}")
    assert status == 200 and b"/api/v1/public/_/c/k6" in js and b"content-manager/news" in js


# -- faults and changes -------------------------------------------------------------------------

def test_cloudflare_challenge_switch(fresh):
    url = articles("ua_moz")[0].url
    fresh.server.state.challenge_hosts.add("moz.gov.ua")
    status, headers, body = fresh.fetch(url)
    assert status == 403 and b"<title>Just a moment...</title>" in body and "cf-ray" in headers and b"_cf_chl_opt" in body
    assert fresh.fetch(articles("kg_soros")[0].url)[0] == 200
    fresh.server.state.challenge_hosts.discard("moz.gov.ua")
    assert fresh.fetch(url)[0] == 200


def test_edit_changes_content_etag_and_last_modified(fresh):
    url = next(a.url for a in articles("kg_soros") if a.published_at)
    _, before, _ = fresh.fetch(url)
    fresh.server.state.edit(url, title="Жаңыланган аталыш", body_html="<p>Жаңы текст.</p>")
    status, after, body = fresh.fetch(url, headers={"If-None-Match": before["etag"]})
    assert status == 200 and after["etag"] != before["etag"] and after["last-modified"] != before["last-modified"]
    assert "Жаңыланган аталыш" in body.decode() and "Жаңы текст." in body.decode()
    assert fresh.fetch(url, headers={"If-None-Match": after["etag"]})[0] == 304


def test_remove_gives_404_and_drops_the_page_everywhere(fresh):
    post = next(a for a in articles("kg_soros") if a.language == "ky" and a.published_at)
    fresh.server.state.remove(post.url)
    assert fresh.fetch(post.url)[0] == 404
    assert post.url.encode() not in fresh.fetch("https://soros.kg/ky/feed/")[2]
    assert post.url.encode() not in fresh.fetch("https://soros.kg/post-sitemap.xml")[2]
    assert post.url not in follow_next(fresh, "https://soros.kg/category/grants/") + follow_next(fresh, "https://soros.kg/category/contests/")
    news = next(a for a in articles("ua_moz") if a.language == "uk" and not a.is_seed)
    fresh.server.state.remove(news.url)
    assert fresh.fetch(news.url)[0] == 404 and news.url not in follow_next(fresh, "https://moz.gov.ua/uk/news")
    kz = next(a for a in articles("kz_zhambyl_health") if a.language == "kk" and not a.is_seed)
    fresh.server.state.remove(kz.url)
    fresh.ticket()
    news_id = int(re.search(r"/details/(\d+)", kz.url).group(1))
    assert news_id not in {n["id"] for n in fresh.api(f"?{ZHAMBYL}&page=1&size=100&lang=kk")[1]}
    assert fresh.api(f"/{news_id}?lang=kk")[0] == 404 and fresh.fetch(kz.url)[0] == 404


def test_add_publishes_a_new_item_in_the_listing(fresh):
    url = "https://moz.gov.ua/uk/nova-novina-pro-vakcinaciyu"
    fresh.server.state.add(url, "Нова новина про вакцинацію", "<p>Текст новини.</p>", "2026-11-26T10:00:00+02:00")
    assert fresh.fetch(url)[0] == 200
    assert url in follow_next(fresh, "https://moz.gov.ua/uk/news")


def test_replica_documents_are_the_same_bytes_on_every_run() -> None:
    """Attachment checksums of two demo crawls are compared (benchmarks/same_records.py): a
    document zipped with the serving time would differ every second."""
    import io
    import zipfile

    from replicas.files import docx

    dates = {info.date_time for info in zipfile.ZipFile(io.BytesIO(docx("Наказ"))).infolist()}
    assert dates == {(2024, 1, 1, 0, 0, 0)}
