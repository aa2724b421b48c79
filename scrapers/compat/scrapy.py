"""Scrapy's private parts the crawler relies on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy.core.engine import ExecutionEngine
from scrapy.downloadermiddlewares import cookies
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred


def set_public_suffix_splitter(splitter: Callable[[str], Any]) -> None:
    """Make CookiesMiddleware ask `splitter` (a tldextract.TLDExtract) whether a cookie's
    domain is a public suffix: Scrapy builds its own at import, one that downloads the list."""
    cookies._split_domain = splitter


def wake(engine: ExecutionEngine) -> None:
    """Make an open engine look at its scheduler now rather than on its 5-second heartbeat
    (Scrapy has no public call for it); nothing when the engine has no spider open."""
    slot = engine._slot
    if slot is not None:
        slot.nextcall.schedule()


class RobotsTxtHooks(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with its private hooks under names of our own.

    Scrapy calls `_parse_robots` when a robots.txt answer arrives and `_robots_error` when
    none could be downloaded; subclasses override `parse_robots` and `robots_error`, whose
    defaults are Scrapy's behaviour, and answer a host themselves with `settle`.
    """

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        await self.parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self.robots_error(exc, netloc)

    async def parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        """Read the robots.txt of `netloc` (Scrapy's own parsing unless overridden)."""
        await super()._parse_robots(response, netloc, request)

    def robots_error(self, exc: Exception, netloc: str) -> None:
        """The robots.txt of `netloc` could not be downloaded (Scrapy then allows all)."""
        super()._robots_error(exc, netloc)

    def settle(self, netloc: str, robots_txt: bytes) -> None:
        """Answer every waiting and later request for `netloc` with the rules `robots_txt`."""
        parser = build_from_crawler(self._parserimpl, self.crawler, robots_txt)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
