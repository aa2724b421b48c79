"""Recognise challenge and block pages (Cloudflare, captchas, 403 walls) and never archive them.

Such a page answers where the article should be, often with status 403 or 503 and sometimes
with 200. Storing it would replace a real announcement's text with "Just a moment...", and
retrying it at once only deepens the block, so the request is dropped and counted as
`blocked` for the source's health report.
"""

from __future__ import annotations

import re
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from scrapers.stats import BLOCKED

# Markers are searched in the first bytes of the body, lower-cased.
_MARKERS = re.compile(
    rb"<title>\s*(just a moment|attention required|access denied|please wait|"
    rb"ddos-guard|checking your browser)|cf-browser-verification|/cdn-cgi/challenge-platform|"
    rb"cf_chl_|challenge-form|g-recaptcha|h-captcha|cf-turnstile"
)
_SNIFF_BYTES = 4096


def is_challenge(status: int, headers: dict[bytes, Any] | Any, body: bytes) -> bool:
    """True when a response is a bot challenge or block page rather than content."""
    head = body[:_SNIFF_BYTES].lower()
    if _MARKERS.search(head):
        return True
    # A bare 403 from Cloudflare (cf-ray header, "cf-mitigated") is a block, not a removal.
    if status in (403, 429, 503) and (
        headers.get(b"cf-mitigated") is not None
        or (headers.get(b"cf-ray") is not None and status == 403)
    ):
        return True
    # A 403 page in HTML is a firewall's wall; APIs refuse in JSON, which their adapters read.
    content_type = headers.get(b"Content-Type") or b""
    return status == 403 and b"html" in content_type.lower()


class ChallengeMiddleware:
    """Drop challenge pages; count them (stats.BLOCKED)."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if is_challenge(response.status, response.headers, response.body):
            self.stats.inc_value(BLOCKED)
            raise IgnoreRequest(f"challenge page at {request.url} (status {response.status})")
        return response
