"""What a correct crawl of the replicas must yield: the ground truth for tests and benchmarks.

:func:`articles` lists every announcement page a spider should archive, with the title,
date, language and body text a good extraction produces; :func:`non_articles` lists real
URLs that must not become records (listings, contact pages, orders, duplicates).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from .app import handle
from .model import ATTACHMENT_TYPES, Item
from .sites import SITES
from .state import ReplicaState
from .textify import html_to_text


@dataclass(frozen=True)
class ReplicaArticle:
    """One expected archive record.

    ``body_text`` follows the seed texts' layout (see :mod:`replicas.textify`); for
    the seed pages it is the seed text itself minus the lines that are not body (title,
    004's menus, 001's WHOWHO, 003's rubric). ``attachments`` are (absolute URL, link
    text, type) for links to pdf/doc/docx/xls/xlsx/odt files in the body.
    ``published_at`` is the date as the page shows it; ``published_exact`` is the time the
    publisher's machine-readable channels (WordPress REST API, feeds) state, where they
    state more than the page, and what a crawl through those channels must record.
    """

    source_id: str
    url: str
    title: str
    published_at: str | None
    language: str
    body_text: str
    attachments: tuple[tuple[str, str, str], ...]
    is_seed: bool
    published_exact: str | None = None


def articles(source_id: str | None = None) -> list[ReplicaArticle]:
    """Every announcement of one site (or of all sites), in the sites' data order."""
    return [a for a in _all_articles() if source_id is None or a.source_id == source_id]


@lru_cache(maxsize=1)
def _all_articles() -> tuple[ReplicaArticle, ...]:
    return tuple(_article(item) for module in SITES.values() for item in module.ITEMS
                 if item.is_article and item.source_id in SITES)


def _article(item: Item) -> ReplicaArticle:
    body_text = item.seed_text if item.seed_text is not None else html_to_text(item.body_html)
    posted = item.data.get("posted") if item.kind == "post" else None
    return ReplicaArticle(item.source_id, item.url, item.title, item.published_at, item.lang, body_text,
                          _attachments(item), item.seed_text is not None,
                          posted.isoformat() if posted else None)


def _attachments(item: Item) -> tuple[tuple[str, str, str], ...]:
    found = []
    for link in lxml_html.fragment_fromstring(item.body_html, create_parent="div").iter("a"):
        href = link.get("href", "")
        kind = urlsplit(href).path.rsplit(".", 1)[-1].lower()
        if kind in ATTACHMENT_TYPES:
            found.append((urljoin(item.url, href), link.text_content().strip(), kind))
    return tuple(found)


def non_articles(source_id: str) -> list[str]:
    """Real URLs served by the site that must not become records."""
    module = SITES[source_id]
    pages = [i.url for i in module.ITEMS if not i.is_article]
    aliases = [f"{module.ORIGIN}{i.data['alias']}" for i in module.ITEMS if i.data.get("alias")]
    return module.listing_urls() + pages + aliases


def page_html(url: str) -> str:
    """The HTML the spider sees for an article, rendered through :func:`app.handle`.

    gov.kz pages are an empty SPA shell, so for them this returns the API item's body
    wrapped in a minimal page (``<h1>`` title, ``<time>`` created_date, ``<article>`` body):
    the text an extractor gets after calling the API.
    """
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    source_id = next(a.source_id for a in _all_articles() if a.url == url)
    if source_id == "kz_zhambyl_health":
        return _govkz_page(parts.netloc, url)
    status, _, body = handle("GET", parts.netloc, target, {}, state=ReplicaState())
    if status != 200:
        raise LookupError(f"{url} answered {status}")
    return body.decode("utf-8")


def _govkz_page(host: str, url: str) -> str:
    import json

    item = next(i for i in SITES["kz_zhambyl_health"].ITEMS if i.url == url)
    state = ReplicaState(govkz_ticket_required=False)
    status, _, body = handle("GET", host, f"/api/v1/public/content-manager/news/{item.data['id']}?lang={item.lang}", {}, state=state)
    if status != 200:
        raise LookupError(f"{url} answered {status}")
    news = json.loads(body)
    return (f'<!doctype html><html lang="{item.lang}"><head><meta charset="utf-8"><title>{escape(news["title"])}</title></head>'
            f'<body><h1>{escape(news["title"])}</h1><time>{escape(news["created_date"])}</time>'
            f'<article>{news["body"]}</article></body></html>')
