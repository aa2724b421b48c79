"""WHO/Europe offices (platform: who_odata): news found through who.int's OData API.

who.int is a Sitefinity site whose RSS feeds are retired (404) and whose news listings are
filled by JavaScript. The JSON behind them, /api/news/newsitems (OData v4), answers plain
GETs: `$filter=publishingoffices/any(s:s eq <office guid>)` selects one office's items,
`sf_culture` the language, `$orderby=PublicationDateAndTime desc` with `$top`/`$skip` pages
newest first, and the answer is `{"value": [...]}`. Items carry title, date, type and summary
but no body, so each item's page (/europe[/<culture>]/news/item/DD-MM-YYYY-slug) is fetched
and extracted like any article, with the API's date as the listing date.

A registry entry names the office (`api: {office: <guid>, cultures: [en, ru]}`); `page_size`
is optional.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response

from scrapers import stats as names
from scrapers.discovery.api_json import read_json
from scrapers.spiders.announcements import AnnouncementSpider

PORTAL = "https://www.who.int"
API = f"{PORTAL}/api/news/newsitems"
FIELDS = "Title,ItemDefaultUrl,PublicationDateAndTime,FormatedDate,NewsType,Summary"
PAGE_SIZE = 20
# who.int shows WHO/Europe's own calendar day, whichever country the office is in.
SITE_ZONE = ZoneInfo("Europe/Copenhagen")


class WhoODataSpider(AnnouncementSpider):
    """News of one WHO/Europe office (see module docstring)."""

    def discover(self) -> Iterable[scrapy.Request]:
        for culture in self.source.api.get("cultures", ["en"]):
            yield self.news_page(culture, 0)

    @property
    def page_size(self) -> int:
        return int(self.source.api.get("page_size", PAGE_SIZE))

    def news_page(self, culture: str, skip: int) -> scrapy.Request:
        params = {
            "sf_culture": culture,
            "$filter": f"publishingoffices/any(s:s eq {self.source.api['office']})",
            "$orderby": "PublicationDateAndTime desc",
            "$select": FIELDS,
            "$top": self.page_size,
            "$skip": skip,
        }
        return scrapy.Request(
            f"{API}?{urlencode(params, quote_via=quote, safe='$,():/')}",
            self.parse_news_page,
            headers={"Accept": "application/json"},
            meta={"culture": culture, "skip": skip, "handle_httpstatus_list": [400, 403, 404]},
        )

    def parse_news_page(self, response: Response) -> Iterator[scrapy.Request]:
        culture, skip = response.meta["culture"], response.meta["skip"]
        try:
            items = read_json(response.body)["value"] if response.status == 200 else None
        except (ValueError, KeyError, TypeError):
            items = None
        if not isinstance(items, list):
            self.discovery_failed(f"WHO news API refused {response.url} (HTTP {response.status}): "
                                  f"{response.text[:200]!r}")
            return
        self.crawler.stats.inc_value(names.DISCOVERED, len(items))
        fresh = False
        for news in items:
            url = self.page_url(news.get("ItemDefaultUrl") or "", culture)
            if self.wants(url):
                fresh = True
                yield self.article_request(url, via="api", listing_date=self.day(news))
        if len(items) == self.page_size and not self.stop_paging(culture, fresh, True):
            yield self.news_page(culture, skip + self.page_size)

    @staticmethod
    def page_url(path: str, culture: str) -> str:
        """The item's page: ItemDefaultUrl is absolute, /europe/…, or relative to the office site."""
        if path.startswith("http"):
            return path
        if path.startswith("/europe/"):
            return PORTAL + path
        language = "" if culture == "en" else f"/{culture}"
        return f"{PORTAL}/europe{language}/{path.lstrip('/')}"

    @staticmethod
    def day(news: dict[str, Any]) -> str | None:
        """The publication day as who.int shows it (dates only, Copenhagen time)."""
        stamp = news.get("PublicationDateAndTime")
        if not stamp:
            return news.get("FormatedDate")
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment = moment.astimezone(SITE_ZONE)
        return moment.date().isoformat()
