"""Never fetch loopback, private or link-local addresses unless the run allows it.

A registry entry, a redirect or a hostile page could point the crawler at the machine's own
network. Two checks close that: this downloader middleware refuses URLs whose host is such an
address written literally (redirects pass through it too), and SafeResolver refuses host names
that resolve to one. ALLOW_LOCAL (`crawl --allow-local`) lifts both; the replica server's origin
is always allowed, because it is where the replay layer sends replicated hosts.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from scrapers.stats import REFUSED_LOCAL

logger = logging.getLogger(__name__)


def is_local_address(host: str) -> bool:
    """True for loopback, private, link-local, reserved and unspecified addresses."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_unspecified
        or address.is_multicast
    )


class SafeTargetsMiddleware:
    """Drop requests to local addresses written in the URL (see module docstring)."""

    def __init__(self, allow_local: bool, stats: Any):
        self.allow_local = allow_local
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeTargetsMiddleware:
        return cls(crawler.settings.getbool("ALLOW_LOCAL"), crawler.stats)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).hostname or ""
        if not self.allow_local and is_local_address(host):
            self.stats.inc_value(REFUSED_LOCAL)
            logger.error("refusing %s: %s is a local address (use --allow-local)", request.url, host)
            raise IgnoreRequest(f"refusing local address {host!r} (use --allow-local)")


class SafeResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to local addresses."""

    allow_local = False
    always_allowed: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> SafeResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_local = crawler.settings.getbool("ALLOW_LOCAL")
        origin = crawler.settings.get("REPLICA_ORIGIN", "")
        resolver.always_allowed = frozenset({urlsplit(origin).hostname} if origin else ())
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        deferred = super().getHostByName(name, timeout)
        if self.allow_local or name in self.always_allowed:
            return deferred
        return deferred.addCallback(self._refuse_local, name)

    @staticmethod
    def _refuse_local(address: str, name: str) -> str:
        if is_local_address(address):
            raise DNSLookupError(f"{name} resolves to local address {address}; refused")
        return address
