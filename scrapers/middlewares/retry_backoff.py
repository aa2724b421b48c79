"""Exponential backoff between retries: Scrapy's RetryMiddleware re-sends at once.

A ministry server answering 503 is usually overloaded; hitting it again immediately, three
times, is both impolite and futile. A retried request waits base * 2^(n-1) seconds (capped)
before it is downloaded. The wait happens before the request takes a download slot, so other
requests go on meanwhile.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured


@dataclass(frozen=True)
class RetryBackoffMiddleware:
    """Delay the n-th retry of a request by RETRY_BACKOFF_BASE * 2^(n-1) seconds."""

    base: float
    cap: float

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        base = crawler.settings.getfloat("RETRY_BACKOFF_BASE")
        if base <= 0:
            raise NotConfigured("RETRY_BACKOFF_BASE is 0")
        return cls(base, crawler.settings.getfloat("RETRY_BACKOFF_MAX", 60.0))

    async def process_request(self, request: Request) -> None:
        attempt = request.meta.get("retry_times", 0)
        if attempt:
            await asyncio.sleep(min(self.cap, self.base * 2 ** (attempt - 1)))
