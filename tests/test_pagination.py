"""Listing pagination in every common scheme, and traps that must not make the crawl loop.

Eight publishers on one local site, each added with nothing but a listing URL, each paging its
news its own way: `?page=N` one- and zero-based, Joomla's `?start=N` and `?limitstart=N` in
steps of the page size, Bitrix's `?PAGEN_1=N`, WordPress's `/page/N/`, a `<link rel="next">`
alone, a Georgian "შემდეგი" link alone. Past the last real page each one sets a trap seen on
real sites: a "next" link on the last page, pages past the end that serve page 1 (or the last
page, or an empty list) again with a "next" of their own, sixty of them, more than
`max_listing_pages`. One crawl must archive every announcement of every publisher and read at
most two listing pages past each one's last real page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import FAST, health_archive, rows
from tests.live_site import LiveSite, article_page, registry_entry
from tests.news_site import CHROME, FOOTER, article

PER_PAGE = 3
LAST = 3  # real listing pages
TRAP = 60  # listing pages past the end the site answers


@dataclass(frozen=True)
class Scheme:
    """How one publisher addresses page k (1-based) of its listing and links the next one."""

    name: str
    url: Callable[[int], str]
    numbered: bool  # a "1 2 3" pager
    next_link: Callable[[str], str]  # HTML of the link to a page, "" for none
    past_end: str  # what pages past the end show: "first", "last" or "empty"


SCHEMES = [
    Scheme("page1", lambda k: "/page1/news" + (f"?page={k}" if k > 1 else ""), True,
           lambda href: f'<a href="{href}">next ›</a>', "first"),
    Scheme("page0", lambda k: "/page0/news" + (f"?page={k - 1}" if k > 1 else ""), True,
           lambda href: f'<li class="pager__item pager__item--next"><a href="{href}" '
                        f'title="Go to next page"><span aria-hidden="true">››</span></a></li>', "first"),
    Scheme("joomla", lambda k: f"/joomla/news?start={(k - 1) * PER_PAGE}", True,
           lambda href: f'<a class="page-link" href="{href}">Вперёд</a>', "first"),
    Scheme("limitstart", lambda k: f"/limitstart/news?limitstart={(k - 1) * PER_PAGE}", False,
           lambda href: f'<a href="{href}">Следующая</a>', "empty"),
    Scheme("bitrix", lambda k: "/bitrix/news/" + (f"?PAGEN_1={k}" if k > 1 else ""), True,
           lambda href: f'<a href="{href}">Кийинки</a>', "last"),
    Scheme("wp", lambda k: "/wp/news/" + (f"page/{k}/" if k > 1 else ""), True,
           lambda href: f'<a class="next page-numbers" href="{href}">Келесі »</a>', "first"),
    Scheme("relnext", lambda k: "/relnext/news" + (f"?pg={k}" if k > 1 else ""), False,
           lambda href: "", "first"),
    Scheme("ka", lambda k: "/ka/news" + (f"?pn={k}" if k > 1 else ""), False,
           lambda href: f'<a href="{href}">შემდეგი »</a>', "first"),
]


def articles_of(index: int) -> list[dict[str, str]]:
    items = [article(index * 100 + n) for n in range(1, PER_PAGE * LAST + 1)]
    name = SCHEMES[index].name
    return [{**a, "path": f"/{name}{a['path']}"} for a in items]


def listing_page(scheme: Scheme, k: int, items: list[dict[str, str]]) -> str:
    """Page k of the listing, with the pager; past the end, the page the scheme repeats."""
    entries = "".join(f'<li class="news-item"><span class="date">{a["date"]}</span>'
                      f'<a href="{a["path"]}">{a["title"]}</a></li>' for a in items)
    pager = "".join(f'<a href="{scheme.url(p)}">{p}</a>' for p in range(1, LAST + 1)) if scheme.numbered else ""
    pager += scheme.next_link(scheme.url(k + 1))
    head = f'<link rel="next" href="{scheme.url(k + 1)}">' if scheme.name == "relnext" else ""
    return (f"<html lang='uk'><head>{head}</head><body>{CHROME}<main><h1>Новини</h1><ul>{entries}</ul>"
            f"<div class='pagination'>{pager}</div></main>{FOOTER}</body></html>")


def build(site: LiveSite) -> None:
    for index, scheme in enumerate(SCHEMES):
        items = articles_of(index)
        pages = [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)]
        repeated = {"first": pages[0], "last": pages[-1], "empty": []}[scheme.past_end]
        for k in range(1, LAST + TRAP + 1):
            site.set(scheme.url(k), listing_page(scheme, k, pages[k - 1] if k <= LAST else repeated))
        for a in items:
            site.set(a["path"], article_page(a["title"], a["date"], a["body"]))


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveSite, Path]]:
    root = tmp_path_factory.mktemp("pagination")
    site = LiveSite()
    with site.serve():
        build(site)
        registry = root / "sources.yaml"
        registry.write_text("".join(
            registry_entry(f"ua_paging_{s.name}", f"{site.origin}/{s.name}/",
                           listing_urls=[site.origin + s.url(1)]) for s in SCHEMES), encoding="utf-8")
        db = root / "archive.db"
        result = health_archive("crawl", "--sources", str(registry), "--db", str(db),
                                "--allow-local", *FAST)
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        yield site, db


@pytest.mark.parametrize("index", range(len(SCHEMES)), ids=[s.name for s in SCHEMES])
def test_every_page_is_read_and_a_trap_costs_at_most_two_pages(crawled, index: int):
    site, db = crawled
    scheme = SCHEMES[index]
    archived = {u for (u,) in rows(db, "SELECT url FROM announcements WHERE source_id = ?",
                                   (f"ua_paging_{scheme.name}",))}
    assert archived == {site.origin + a["path"] for a in articles_of(index)}
    listing_urls = {scheme.url(k) for k in range(1, LAST + TRAP + 1)}
    read = set(site.requests()) & listing_urls
    assert {scheme.url(k) for k in range(1, LAST + 1)} <= read
    assert len(read) <= LAST + 2, sorted(read)
