"""The generic spider: any registry entry, discovered through feeds, sitemaps or listings.

How to use it: write a registry entry (scrapers/sources.yaml). The spider loader turns each
entry into a spider named by the entry's id, of this class or of the platform adapter the
entry names. A platform adapter subclasses this class and overrides `discover()` only.

Crawl modes (CRAWL_MODE):
- hourly: discovery skips archived pages and stops paging a listing once whole pages hold
  nothing new (after INCREMENTAL_OVERLAP_PAGES more); feeds and sitemaps list what is new.
  If the source's last discovery did not finish (a killed run), this run discovers fully.
  Archived pages are fetched again with their ETag/Last-Modified when a sitemap or feed
  marks them modified since, when they are in doubt, and a rolling slice of the rest, so
  each page is rechecked within a week (scrapers/rechecks.py).
- recheck: every archived page is fetched again with its ETag/Last-Modified.

A 304 is not parsed; it only records that the page is there. A page is never declared removed
from a listing alone: 404/410 (or a redirect to the home page or a listing) is a strike, and a
second strike a day later removes it (archive/store.py). A redirect to another article moves
the record to the new address. A listing is paged until a page brings no article link the run
has not seen (scrapers/discovery/listings.py).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import datetime
from functools import cached_property
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import Response, TextResponse
from twisted.internet.defer import CancelledError

from archive.store import KnownPage
from scrapers import stats as names
from scrapers.clock import crawl_now
from scrapers.discovery.feeds import FeedError, parse_feed
from scrapers.discovery.listings import read_listing
from scrapers.discovery.sitemaps import SitemapError, parse_sitemap
from scrapers.extract.classify import ARCHIVED_KINDS, url_shape
from scrapers.extract_pool import shared_pool
from scrapers.middlewares.decompression import DecompressionBomb
from scrapers.known_pages import read_known
from scrapers.items import AnnouncementItem, AttachmentItem, CheckItem, MovedItem, RemovalItem, SkippedItem
from scrapers.rechecks import due_for_check, modified_since_check, redirect_kind, rolling_slice
from scrapers.registry import Source
from scrapers.source_extractor import SourceExtractor, header, page_source
from scrapers.spiders.platform import Platform

GONE = (404, 410)
# An attachment (PDF order, report...) larger than this (setting ATTACHMENT_MAXSIZE) is
# recorded as too large, not kept.
ATTACHMENT_MAXSIZE = 20 << 20


class AnnouncementSpider(scrapy.Spider):
    """Discover a source's announcements and extract each into an AnnouncementItem."""

    name = "announcements"
    # Set by the spider loader (scrapers/spider_loader.py) on each entry's class.
    source: Source
    platform: Platform
    extractor: SourceExtractor
    now: datetime  # the run's time (scrapers/clock.py), set in from_crawler

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.known: dict[str, KnownPage] = {}
        self.mode = "hourly"
        self.full_discovery = True
        self.overlap = 1
        self.discovery_complete = True
        self._stale_pages: dict[str, int] = {}
        self._sitemap_urls: set[str] = set()
        self._sitemap_failed = False
        # "<listing URL> <article URL>" for every article link a listing's pages brought.
        self._listing_seen: set[str] = set()
        self._recheckable: set[str] = set()  # archived pages recheck_requests() can fetch
        self._checking: set[str] = set()  # archived pages this run fetches again
        self.skipped: set[str] = set()  # pages fetched before and found not to be announcements
        self.attachments_held: set[str] = set()  # attachment URLs fetched before, or in this run

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> AnnouncementSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.mode = settings.get("CRAWL_MODE", "hourly")
        spider.overlap = settings.getint("INCREMENTAL_OVERLAP_PAGES", 1)
        spider.now = crawl_now(settings)
        spider.allowed_domains = list(spider.source.domains)
        archived = read_known(crawler, spider.source.id)  # the crawl's KNOWN_PAGES component
        spider.skipped = archived.skipped
        spider.attachments_held = archived.attachments
        spider.full_discovery = not archived.discovery_complete
        for page in archived.pages:
            spider.remember(page)
        return spider

    def remember(self, page: KnownPage) -> None:
        """Index an archived page by every address it is known by."""
        for address in (page.url, page.canonical_url, *page.aliases):
            self.known[address] = page

    # --- start ------------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for request in self.check_requests():
            yield request
        for request in self.discover():
            yield request

    def discover(self) -> Iterable[scrapy.Request]:
        """First requests of discovery; platform adapters override this."""
        for url in self.source.feeds:
            yield scrapy.Request(url, self.parse_feed)
        for url in self.source.sitemaps:
            yield scrapy.Request(url, self.parse_sitemap)
        for url in self.source.listing_urls:
            yield scrapy.Request(
                url, self.parse_listing, headers=self.validators(url),
                meta={"listing_url": url, "page_no": 1, "handle_httpstatus_list": [304]},
            )

    def archived_pages(self) -> list[KnownPage]:
        """Each archived page once (`known` indexes them by URL, canonical URL and aliases)."""
        return list({page.url: page for page in self.known.values()}.values())

    def recheck_requests(self) -> Iterator[scrapy.Request]:
        """Conditional re-fetches of every archived page of the source; an adapter leaves out
        the pages its API rechecks."""
        for page in self.archived_pages():
            yield self.check_request(page)

    def check_request(self, page: KnownPage, *, exists_only: bool = False) -> scrapy.Request:
        """A conditional re-fetch of an archived page, with what its discovery told extraction
        as far as the archive knows it: its date, and the archived pages of its URL's shape."""
        return self.article_request(page.url, via=page.discovered_via or "recheck",
                                    listing_date=page.published_at, recheck=True,
                                    siblings=self.archive_siblings[page.url], exists_only=exists_only)

    @cached_property
    def archive_siblings(self) -> Counter[str]:
        """Per archived page, how many others share its URL's shape (see `same_shape`)."""
        return same_shape([page.url for page in self.archived_pages()])

    def check_requests(self) -> Iterator[scrapy.Request]:
        """The archived pages this run fetches again: all on a recheck; in an hourly run, those
        due for a check and a rolling slice (scrapers/rechecks.py). A page that left its
        API listing, which only the API can recheck, is fetched for its existence alone."""
        recheckable = {request.url: request for request in self.recheck_requests()}
        self._recheckable = set(recheckable)
        pages = self.archived_pages()
        due = [page for page in pages if due_for_check(page, self.now)]
        if self.mode == "recheck":
            chosen = list(recheckable)
        else:
            routine = rolling_slice([p for p in pages if p.url in recheckable], self.now)
            chosen = [url for url in dict.fromkeys(p.url for p in due + routine) if url in recheckable]
        for url in chosen:
            self._checking.add(url)
            yield recheckable[url]
        for page in due:
            if page.url not in recheckable and page.unlisted_at:
                yield self.check_request(page, exists_only=True)

    def modified_request(self, url: str, modified: str | None) -> scrapy.Request | None:
        """A conditional request for an archived page a sitemap or feed marks as modified
        since the archive last fetched it, unless this run fetches it anyway."""
        page = self.known.get(url)
        if (page is None or self.mode == "recheck" or page.url in self._checking
                or page.url not in self._recheckable or not modified_since_check(page, modified)):
            return None
        self._checking.add(page.url)
        self.crawler.stats.inc_value(names.MODIFIED_IN_DISCOVERY)
        return self.check_request(page)

    # --- discovery callbacks ------------------------------------------------------------------
    def discovery_failed(self, message: str) -> None:
        """A feed, sitemap or API that cannot be read: the run fails, and the next one
        discovers the source fully again."""
        self.logger.error(message)
        self.crawler.stats.inc_value(names.DISCOVERY_ERRORS)
        self.discovery_complete = False

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            entries = parse_feed(response.body, response.url)
        except FeedError as exc:
            self.discovery_failed(f"feed {response.url}: {exc}")
            return
        self.crawler.stats.inc_value(names.DISCOVERED, len(entries))
        siblings = same_shape([entry.url for entry in entries])
        for entry in entries:
            if self.wants(entry.url):
                yield self.article_request(entry.url, via="feed", listing_date=entry.date_text,
                                           siblings=siblings[entry.url])
            elif request := self.modified_request(entry.url, entry.updated):
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | RemovalItem]:
        try:
            sitemap = parse_sitemap(response.body, response.url)
        except SitemapError as exc:
            self.discovery_failed(f"sitemap {response.url}: {exc}")
            self._sitemap_failed = True
            return
        siblings = same_shape([loc for loc, _ in sitemap.entries]) if sitemap.kind != "sitemapindex" else {}
        for loc, lastmod in sitemap.entries:
            if sitemap.kind == "sitemapindex":
                yield scrapy.Request(loc, self.parse_sitemap)
            else:
                self._sitemap_urls.add(loc)
                self.crawler.stats.inc_value(names.DISCOVERED)
                if self.wants(loc):
                    yield self.article_request(loc, via="sitemap", listing_date=None, siblings=siblings[loc])
                elif request := self.modified_request(loc, lastmod):
                    yield request

    async def parse_listing(
        self, response: Response
    ) -> AsyncIterator[scrapy.Request | AnnouncementItem]:
        if response.status == 304:
            # A listing that is itself an archived page (a brochure site's front page) and has
            # not changed: nothing new can be linked from it.
            self.crawler.stats.inc_value(names.NOT_MODIFIED)
            self.crawler.stats.inc_value(names.DISCOVERED)
            return
        if not isinstance(response, TextResponse):
            return
        listing_url = response.meta.get("listing_url", response.url)
        links = read_listing(
            response.text, response.url, self.source.domains,
            self.source.article_url_pattern, listing_url,
        )
        pattern = self.source.article_url_pattern
        if pattern and re.search(pattern, response.url) and self.wants(response.url):
            item = await self.parse_article(response, via="listing")
            if item:
                yield item
                for request in self.attachment_requests([item]):
                    yield request
        self.crawler.stats.inc_value(names.DISCOVERED, len(links.articles))
        fresh = [link for link in links.articles if self.wants(link.url)]
        siblings = same_shape([link.url for link in links.articles])
        for link in fresh:
            yield self.article_request(link.url, via="listing", listing_date=link.date_text,
                                       siblings=siblings[link.url])
        self.crawler.stats.inc_value(names.LISTING_PAGES)
        page_no = response.meta.get("page_no", 1)
        if not links.articles and page_no == 1 and not pattern:
            self.logger.warning("listing %s: no announcement links found", response.url)
            self.crawler.stats.inc_value(names.EMPTY_LISTINGS)
        if not self.brings_unseen_links(listing_url, links.articles):
            # Past the last page: an empty page, or one repeating pages already read (a
            # "next" on the last page, ?page=K past the end serving page 1 again).
            if page_no > 1:
                self.crawler.stats.inc_value(names.LISTING_REPEATS)
            return
        if self.stop_paging(listing_url, bool(fresh), bool(links.articles)):
            return
        following = links.following(page_no)
        if following and page_no < self.source.max_listing_pages:
            yield scrapy.Request(
                following, self.parse_listing,
                meta={"listing_url": listing_url, "page_no": page_no + 1},
            )

    def brings_unseen_links(self, listing_url: str, articles: list[Any]) -> bool:
        """Whether this page of the listing links an article none of its pages read in this
        run linked; remembers its links."""
        keys = {f"{listing_url} {link.url}" for link in articles}
        unseen = [key for key in keys if key not in self._listing_seen]
        for key in unseen:
            self._listing_seen.add(key)
        return bool(unseen)

    def stop_paging(self, listing_url: str, any_fresh: bool, any_links: bool) -> bool:
        """Hourly runs stop once `overlap` further pages in a row bring nothing new."""
        if self.mode == "recheck" or self.full_discovery or not any_links:
            return False
        if any_fresh:
            self._stale_pages[listing_url] = 0
            return False
        stale = self._stale_pages.get(listing_url, 0) + 1
        self._stale_pages[listing_url] = stale
        return stale > self.overlap

    # --- articles ---------------------------------------------------------------------------
    def wants(self, url: str) -> bool:
        """Discovery fetches only new pages that the entry's article pattern (if any) admits;
        an hourly run skips pages found before not to be announcements, a recheck judges them
        again."""
        if url in self.known or (self.mode == "hourly" and url in self.skipped):
            return False
        pattern = self.source.article_url_pattern
        return not pattern or re.search(pattern, url) is not None

    def article_request(
        self, url: str, *, via: str, listing_date: str | None = None, recheck: bool = False,
        siblings: int = 0, exists_only: bool = False,
    ) -> scrapy.Request:
        """A page's request; `recheck` for an archived page (conditional, and its failure
        is recorded), `exists_only` when its answer only tells whether it is still there."""
        return scrapy.Request(
            url,
            self.parse_article_response,
            headers=self.validators(url) if recheck else {},
            meta={"via": via, "listing_date": listing_date, "siblings": siblings,
                  "recheck": recheck, "exists_only": exists_only,
                  "handle_httpstatus_list": [304, *GONE]},
            dont_filter=recheck,
            errback=self.recheck_failed if recheck else None,
        )

    def validators(self, url: str) -> dict[str, str]:
        """Conditional-request headers for an archived page, so an unchanged one costs a 304."""
        known = self.known.get(url)
        headers = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        return headers

    # Article callbacks are coroutines that return a list rather than async generators: Scrapy
    # then runs their output through its spider middlewares' synchronous path, which costs the
    # crawling process a tenth of what the asynchronous one does (benchmarks/crawl.py).
    async def parse_article_response(self, response: Response) -> list[Any]:
        """An article's answer; for an archived page, what the answer says about it."""
        asked = (response.meta.get("redirect_urls") or [response.request.url])[0]
        archived = self.known.get(asked)
        if archived is None:
            if response.status in GONE:
                return []
            item = await self.parse_article(response, via=response.meta.get("via", "listing"))
            results = [item] if item else []
        else:
            results = await self.judge_archived(response, asked, archived)
        return results + self.attachment_requests(results)

    # --- attachments --------------------------------------------------------------------------
    def attachment_requests(self, results: list[Any]) -> list[scrapy.Request]:
        """Requests for the attachments of the announcements in `results` that the archive
        does not hold yet: each URL fetched once, capped at ATTACHMENT_MAXSIZE, through the
        usual path (allowed domains, robots.txt, the WARC capture)."""
        requests = []
        maxsize = self.crawler.settings.getint("ATTACHMENT_MAXSIZE", ATTACHMENT_MAXSIZE)
        for item in results:
            if not isinstance(item, AnnouncementItem):
                continue
            for attachment in item.attachments:
                url = attachment["url"]
                if url in self.attachments_held or not url.startswith(("http://", "https://")):
                    continue
                self.attachments_held.add(url)
                requests.append(scrapy.Request(
                    url, self.parse_attachment, errback=self.attachment_failed,
                    meta={"download_maxsize": maxsize, "attachment_url": url}))
        return requests

    def parse_attachment(self, response: Response) -> list[AttachmentItem]:
        """An attachment's answer: its checksum and the capture holding its bytes."""
        content_type = header(response, b"Content-Type")
        self.crawler.stats.inc_value(names.ATTACHMENTS_FETCHED)
        return [AttachmentItem(self.source.id, response.meta["attachment_url"],
                               hashlib.sha256(response.body).hexdigest(), len(response.body),
                               content_type, response.meta.get("capture"))]

    def attachment_failed(self, failure: Any) -> list[AttachmentItem]:
        """Over the size cap: recorded as too large (never fetched whole again). Any other
        failure (404, timeout...) records nothing: a later edit of the page tries again."""
        url = failure.request.meta["attachment_url"]
        message = failure.getErrorMessage()
        # Scrapy cancels a download past the cap: at once when Content-Length says so (its
        # message names the max size), or once the bytes received pass it (a bare cancel).
        if "max size" in message or failure.check(DecompressionBomb, DownloadCancelledError,
                                                  CancelledError):
            self.crawler.stats.inc_value(names.ATTACHMENTS_TOO_LARGE)
            return [AttachmentItem(self.source.id, url, None, None, None, None, "too_large")]
        self.attachments_held.discard(url)
        self.logger.info("attachment %s not fetched: %s", url, message)
        return []

    async def judge_archived(self, response: Response, asked: str, archived: KnownPage) -> list[Any]:
        """Gone (404/410, a redirect to the home page or a listing): a strike. Moved (a
        redirect to another article): the record follows. Otherwise seen, or a new version."""
        stats, source_id = self.crawler.stats, self.source.id
        if response.meta.get("recheck"):
            stats.inc_value(names.RECHECKED)
            if response.status == 200:
                stats.inc_value(names.REFETCHED)
        if response.status in GONE:
            return [RemovalItem(source_id, archived.url, f"HTTP {response.status}")]
        moved = response.url != asked
        if moved and (target := redirect_kind(asked, response.url, self.source)) != "article":
            return [RemovalItem(source_id, archived.url, f"redirects to the {target} {response.url}")]
        if response.status == 304:
            stats.inc_value(names.NOT_MODIFIED)
            stats.inc_value(names.UNCHANGED)
            if moved:  # the new address holds the archived version
                return [MovedItem(source_id, archived.url, response.url)]
            return [CheckItem(source_id, archived.url, "live")]
        if response.meta.get("exists_only"):
            return [CheckItem(source_id, archived.url, "live")]
        item = await self.parse_article(response, via=response.meta.get("via", "listing"))
        if not isinstance(item, AnnouncementItem):  # no text, or no longer judged an announcement
            return [CheckItem(source_id, archived.url, "live")]
        if moved:
            item.moved_from = archived.url
        return [item]

    def recheck_failed(self, failure: Any) -> list[CheckItem]:
        """An archived page that could not be fetched (5xx, timeout...): nothing about it is
        decided, but a pending strike is cleared, since two strikes must be consecutive."""
        request = failure.request
        self.crawler.stats.inc_value(names.RECHECKED)
        archived = self.known.get((request.meta.get("redirect_urls") or [request.url])[0])
        self.logger.info("recheck of %s failed: %s", request.url, failure.getErrorMessage())
        return [CheckItem(self.source.id, archived.url, "unreachable")] if archived else []

    async def parse_article(
        self, response: Response, *, via: str
    ) -> AnnouncementItem | SkippedItem | None:
        """Extract the page in an extraction worker (scrapers/extract_pool.py) into an item;
        a page that is not an announcement is remembered as skipped, by the URL asked for."""
        if not isinstance(response, TextResponse):
            self.logger.info("not an HTML page: %s", response.url)
            return None
        pool = shared_pool(self.crawler.settings.getint("EXTRACT_PROCESSES"))
        hints = self.extractor.hints(response.url, listing_date=response.meta.get("listing_date"), via=via,
                                     siblings=response.meta.get("siblings", 0))
        extracted = await pool.extract(page_source(response), response.url, hints)
        item = self.extractor.page_item(response, extracted.record, via, extracted.stems,
                                       extracted.tags)
        if extracted.record.kind not in ARCHIVED_KINDS:
            self.crawler.stats.inc_value(names.NOT_ANNOUNCEMENT)
            self.crawler.stats.inc_value(f"{names.NOT_ANNOUNCEMENT}/{extracted.record.kind}")
            asked = (response.meta.get("redirect_urls") or [response.url])[0]
            return SkippedItem(self.source.id, asked, extracted.record.kind)
        if item is None:
            self.logger.warning("extraction empty: %s", response.url)
            self.crawler.stats.inc_value(names.EXTRACTION_EMPTY)
        return item

    # --- end of run ---------------------------------------------------------------------------
    def closed_items(self) -> Iterator[CheckItem]:
        """Archived pages a complete sitemap no longer lists, or lists again (called by the
        archive pipeline at close). The next run fetches the former before deciding anything."""
        if not self.source.sitemaps or self._sitemap_failed or not self._sitemap_urls:
            return
        for page in self.archived_pages():
            if page.discovered_via == "sitemap" and page.status == "live":
                listed = any(address in self._sitemap_urls
                             for address in (page.url, page.canonical_url, *page.aliases))
                yield from self.listing_change(page, listed)

    def listing_change(self, page: KnownPage, listed: bool) -> Iterator[CheckItem]:
        """A CheckItem when a page left the complete listing that held it, or came back."""
        if not listed and page.unlisted_at is None:
            yield CheckItem(self.source.id, page.url, "unlisted")
        elif listed and page.unlisted_at is not None:
            yield CheckItem(self.source.id, page.url, "listed")


def same_shape(urls: list[str]) -> Counter[str]:
    """For each URL, how many others of one sitemap, feed or listing share its shape
    (scrapers/extract/classify.url_shape): news items have many, a contact page none."""
    shapes = {url: url_shape(url) for url in urls}
    counts = Counter(shapes.values())
    return Counter({url: counts[shape] - 1 for url, shape in shapes.items()})
