"""gov.kz entities (platform: govkz): news through the portal's JSON API.

Every Kazakh government body is an entity of www.gov.kz, a JavaScript application whose pages
hold no article; the news come from /api/v1/public/content-manager/news. Since 2025 that
endpoint answers HTTP 400 `notAllowed` until the client has taken a cookie ticket from
POST /api/v1/public/_/c/k6, as the site's own JavaScript does. A registry entry names the
entity's slug (`api: {slug: ...}`); languages come from the entry's `languages`.

Incremental runs ask only for items newer than the newest archived one
(`created_date=gt:`; the API answers 500 to `gte:`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response, TextResponse

from scrapers import stats as names
from scrapers.discovery.api_json import read_json
from scrapers.items import AnnouncementItem, RemovalItem
from scrapers.source_extractor import SourceExtractor
from scrapers.spiders.announcements import AnnouncementSpider

PORTAL = "https://www.gov.kz"
API = f"{PORTAL}/api/v1/public/content-manager/news"
TICKET = f"{PORTAL}/api/v1/public/_/c/k6"
PAGE_SIZE = 20


class GovKzSpider(AnnouncementSpider):
    """News of one gov.kz entity (see module docstring)."""

    @property
    def slug(self) -> str:
        return self.source.api["slug"]

    def discover(self) -> Iterable[scrapy.Request]:
        yield scrapy.Request(TICKET, self.after_ticket, method="POST", dont_filter=True,
                             meta={"handle_httpstatus_all": True})

    def recheck_requests(self) -> Iterator[scrapy.Request]:
        """Rechecks also need the ticket, so they are sent from `after_ticket`."""
        return iter(())

    def after_ticket(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status >= 400:
            self.logger.warning("gov.kz ticket handshake answered HTTP %s", response.status)
        if self.mode == "recheck":
            for page in self.archived_pages():
                yield self.news_request(page.url, recheck=True)
        for language in self.source.languages:
            yield self.news_page(language, 1)

    def news_request(self, url: str, recheck: bool = False) -> scrapy.Request:
        """The API request for the item whose page is `url` (…/details/<id>?lang=<lang>)."""
        news_id = url.split("/details/", 1)[1].split("?", 1)[0]
        language = url.rsplit("lang=", 1)[1] if "lang=" in url else self.source.languages[0]
        return scrapy.Request(
            f"{API}/{news_id}?lang={language}", self.parse_news,
            headers={"Accept": "application/json", "Accept-Language": language},
            meta={"language": language, "url": url, "handle_httpstatus_list": [404, 410]},
            dont_filter=recheck,
        )

    def news_page(self, language: str, page: int) -> scrapy.Request:
        params = {
            "projects": f"eq:{self.slug}",
            "sort-by": "created_date:DESC",
            "page": page,
            "size": PAGE_SIZE,
            "lang": language,
        }
        newest = self.newest_archived()
        if newest and self.mode == "hourly" and not self.full_discovery:
            params["created_date"] = f"gt:{newest}"
        return scrapy.Request(
            f"{API}?{urlencode(params)}",
            self.parse_news_page,
            headers={"Accept": "application/json", "Accept-Language": language},
            meta={"language": language, "page": page, "handle_httpstatus_list": [400, 403]},
        )

    def newest_archived(self) -> str | None:
        """Just before the newest archived item's time, in the API's local format.

        One second earlier, so the answer always holds that item again: an empty answer then
        means the API changed, which source health reports, not that nothing was published.
        """
        dates = [datetime.fromisoformat(p.published_at) for p in self.known.values()
                 if p.published_at and "T" in p.published_at]
        if not dates:
            return None
        zone = ZoneInfo(self.source.timezone)
        newest = max(d if d.tzinfo else d.replace(tzinfo=zone) for d in dates)
        return (newest.astimezone(zone) - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S")

    def parse_news_page(self, response: Response) -> Iterator[Any]:
        language, page = response.meta["language"], response.meta["page"]
        if response.status in (400, 403):
            self.discovery_failed(
                f"gov.kz API refused the news of {self.slug!r} (HTTP {response.status}: "
                f"{response.text[:200]}); the ticket handshake did not unlock it"
            )
            return
        try:
            data = read_json(response.body)
        except ValueError:
            self.discovery_failed(f"gov.kz API answered non-JSON for {self.slug!r}: {response.text[:200]!r}")
            return
        items = data.get("content", []) if isinstance(data, dict) else data
        self.crawler.stats.inc_value(names.DISCOVERED, len(items))
        fresh = 0
        for news in items:
            url = details_url(self.slug, news["id"], language)
            if not self.wants(url):
                continue
            fresh += 1
            if news.get("body"):
                yield from self.items_of(news, language, response)
            else:
                yield self.news_request(url)
        if len(items) == PAGE_SIZE and not self.stop_paging(language, bool(fresh), True):
            yield self.news_page(language, page + 1)

    def parse_news(self, response: Response) -> Iterator[AnnouncementItem | RemovalItem]:
        if response.status in (404, 410):
            yield RemovalItem(self.source.id, response.meta["url"], f"API HTTP {response.status}")
            return
        news = read_json(response.body)
        news = news.get("data", news) if isinstance(news, dict) else news
        yield from self.items_of(news, response.meta["language"], response)

    def items_of(self, news: dict[str, Any], language: str, response: Response) -> Iterator[AnnouncementItem]:
        """The news object's record, unless its body holds no text."""
        item = news_item(self.extractor, news, language, response.meta.get("capture"))
        if item is None:
            self.crawler.stats.inc_value(names.EXTRACTION_EMPTY)
        else:
            yield item


def details_url(slug: str, news_id: Any, language: str) -> str:
    """The item's page on the portal, the record's address."""
    return f"{PORTAL}/memleket/entities/{slug}/press/news/details/{news_id}?lang={language}"


def news_item(extractor: SourceExtractor, news: dict[str, Any], language: str,
              capture: str | None) -> AnnouncementItem | None:
    """One news object of the API as a record: its body is HTML, its date local time."""
    source = extractor.source
    return extractor.api_item(
        details_url(source.api["slug"], news["id"], language), news.get("body") or "",
        title=" ".join((news.get("title") or "").split()) or None,
        published_at=local_date(news.get("created_date"), source.timezone),
        language=language, capture=capture,
    )


def items_from_capture(extractor: SourceExtractor, response: TextResponse,
                       known_dates: Mapping[str, str | None]) -> Iterator[AnnouncementItem]:
    """Re-extract a captured API answer: a page of news or one news object (the platform's
    capture reader, scrapers/spiders/__init__.py); other captures hold no record."""
    if "/content-manager/news" not in response.url:
        return
    data = read_json(response.body)
    if isinstance(data, dict):
        data = data.get("content", [data.get("data", data)])
    languages = extractor.source.languages
    language = parse_qs(urlsplit(response.url).query).get("lang", [languages[0]])[0]
    for news in data:
        if isinstance(news, dict) and news.get("id") is not None and news.get("body"):
            if item := news_item(extractor, news, language, None):
                yield item


def local_date(created: str | None, timezone: str) -> str | None:
    """`created_date` is local time without offset; items migrated in 2019-21 are midnight."""
    if not created:
        return None
    moment = datetime.fromisoformat(created[:19])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat()
