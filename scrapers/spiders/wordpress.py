"""WordPress sites (platform: wordpress): posts from the REST API, the feed when it is shut.

Many small publishers of the region run WordPress. Its REST API (/wp-json/wp/v2/posts) gives
each post's title, HTML content, dates and permalink, `per_page` at a time with the page count
in X-WP-TotalPages: one request replaces a listing page and its article fetches, and
`modified_gmt` tells an edited post from an unchanged one without fetching it, so hourly runs
skip known posts whose `modified_gmt` has not moved. Pages come from /wp-json/wp/v2/pages
when the entry says `api: {pages: true}`.

Many sites switch the API off (404) or close it to visitors (401/403). The spider then falls
back to the generic discovery: the entry's feeds (else <homepage>/feed/), sitemaps and HTML
listings. When the API works, that discovery still runs afterwards for what the API does not
list (pages in a sitemap, say), and skips every URL the API already delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode, urljoin
from zoneinfo import ZoneInfo

import scrapy
from lxml import html as lxml_html
from scrapy.http import Response, TextResponse

from scrapers import stats as names
from scrapers.discovery.api_json import read_json
from scrapers.items import AnnouncementItem, CheckItem
from scrapers.source_extractor import SourceExtractor
from scrapers.spiders.announcements import AnnouncementSpider

PER_PAGE = 50
CLOSED = (401, 403, 404)


class WordPressSpider(AnnouncementSpider):
    """Posts (and optionally pages) of one WordPress site (see module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.api_links: set[str] = set()
        self.api_kinds = ["posts", "pages"] if self.source.api.get("pages") else ["posts"]
        self.api_pending = set(self.api_kinds)
        self.api_complete = True

    def discover(self) -> Iterable[scrapy.Request]:
        for kind in self.api_kinds:
            yield self.api_request(kind, 1)

    def api_request(self, kind: str, page: int) -> scrapy.Request:
        root = self.source.api.get("root") or urljoin(self.source.homepage, "/wp-json/")
        query = urlencode({"page": page, "per_page": PER_PAGE})
        return scrapy.Request(
            f"{root}wp/v2/{kind}?{query}", self.parse_api_page,
            headers={"Accept": "application/json"},
            meta={"kind": kind, "page": page, "handle_httpstatus_list": [400, *CLOSED]},
        )

    def parse_api_page(self, response: Response) -> Iterator[Any]:
        kind, page = response.meta["kind"], response.meta["page"]
        posts = _json_list(response) if response.status == 200 else None
        if posts is None:
            yield from self.api_failed(response, kind)
            return
        self.crawler.stats.inc_value(names.DISCOVERED, len(posts))
        fresh = False
        for post in posts:
            self.api_links.add(post["link"])
            if self.unchanged(post):
                self.crawler.stats.inc_value(names.UNCHANGED)
                continue
            fresh = True
            item = post_item(self.extractor, post, response.meta.get("capture"))
            if item is None:
                self.crawler.stats.inc_value(names.EXTRACTION_EMPTY)
            else:
                yield item
        total = int(response.headers.get(b"X-WP-TotalPages", b"0") or 0)
        if page < total:
            if not self.stop_paging(kind, fresh, bool(posts)):
                yield self.api_request(kind, page + 1)
                return
            self.api_complete = False
        yield from self.api_done(kind)

    def api_failed(self, response: Response, kind: str) -> Iterator[scrapy.Request]:
        """A closed API means fall back; anything else is a discovery error."""
        self.api_complete = False
        if response.status in CLOSED and response.meta["page"] == 1:
            self.logger.info("WordPress REST API closed (HTTP %s) at %s; falling back to feeds "
                             "and listings", response.status, response.url)
        else:
            self.discovery_failed(f"WordPress REST API answered HTTP {response.status} at "
                                  f"{response.url}: {_answer(response)}")
        yield from self.api_done(kind)

    def api_done(self, kind: str) -> Iterator[scrapy.Request]:
        """Once every API listing is read, run the generic discovery for the rest."""
        self.api_pending.discard(kind)
        if self.api_pending:
            return
        if not self.source.feeds and not self.api_links:
            yield scrapy.Request(urljoin(self.source.homepage, "feed/"), self.parse_feed)
        yield from super().discover()

    def unchanged(self, post: dict[str, Any]) -> bool:
        """An hourly run skips a known post whose modified_gmt has not moved."""
        known = self.known.get(post["link"])
        return (self.mode == "hourly" and known is not None
                and known.last_modified == _http_date(post.get("modified_gmt")))

    def wants(self, url: str) -> bool:
        return url not in self.api_links and super().wants(url)

    def recheck_requests(self) -> Iterator[scrapy.Request]:
        """API records are rechecked by re-reading the API, not by fetching their pages."""
        for request in super().recheck_requests():
            if self.known[request.url].discovered_via != "api":
                yield request

    def closed_items(self) -> Iterator[CheckItem]:
        """Besides the sitemap's, posts a completely read API no longer lists (or lists again)."""
        yield from super().closed_items()
        if not self.api_complete:
            return
        for page in self.archived_pages():
            if page.discovered_via == "api" and page.status == "live":
                yield from self.listing_change(page, page.url in self.api_links)


def post_item(extractor: SourceExtractor, post: dict[str, Any], capture: str | None) -> AnnouncementItem | None:
    """One REST post or page as a record; pages are undated, like the site shows them."""
    link = post["link"]
    published = None
    if post.get("type", "post") == "post" and post.get("date_gmt"):
        moment = datetime.fromisoformat(post["date_gmt"]).replace(tzinfo=UTC)
        published = moment.astimezone(ZoneInfo(extractor.source.timezone)).isoformat()
    modified = post.get("modified_gmt")
    return extractor.api_item(
        link, (post.get("content") or {}).get("rendered") or "",
        title=_text((post.get("title") or {}).get("rendered") or "") or None,
        published_at=published, language=post.get("lang"),
        modified_at=f"{modified}+00:00" if modified else None,
        last_modified=_http_date(modified), capture=capture,
        kind="announcement" if post.get("type", "post") == "post" else "page",
    )


def items_from_capture(extractor: SourceExtractor, response: TextResponse,
                       known_dates: Mapping[str, str | None]) -> Iterator[AnnouncementItem]:
    """Re-extract a captured API page post by post (the platform's capture reader,
    scrapers/spiders/__init__.py); other captures as pages."""
    if "/wp-json/wp/v2/" not in response.url:
        yield from extractor.page_items(response, known_dates)
        return
    for post in _json_list(response) or ():
        if item := post_item(extractor, post, None):
            yield item


def _json_list(response: Response) -> list[dict[str, Any]] | None:
    """The API's JSON array; read from the bytes, as some servers label it text/html or not at all."""
    try:
        data = read_json(response.body)
    except ValueError:
        return None
    return data if isinstance(data, list) else None


def _answer(response: Response) -> str:
    """An answer that is not a list of posts, for the crawl log: why its JSON was refused, and
    its first bytes."""
    try:
        read_json(response.body)
    except ValueError as exc:
        return f"{exc} ({response.body[:120]!r})"
    return repr(response.body[:200])


def _text(rendered: str) -> str:
    """Visible text of a rendered title (entities such as &#8211; decoded)."""
    if not rendered.strip():
        return ""
    return " ".join(lxml_html.fragment_fromstring(rendered, create_parent="div").text_content().split())


def _http_date(gmt: str | None) -> str | None:
    """modified_gmt as an HTTP date, kept in the archive's last_modified column."""
    if not gmt:
        return None
    return format_datetime(datetime.fromisoformat(gmt).replace(tzinfo=UTC), usegmt=True)
