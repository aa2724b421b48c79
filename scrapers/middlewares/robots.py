"""robots.txt that cannot be read forbids its site for the rest of the run.

Scrapy's RobotsTxtMiddleware allows everything when robots.txt fails to download (a timeout, a
reset, a body over DOWNLOAD_MAXSIZE, a challenge page) or answers 5xx, so a site whose
robots.txt is down, or made too big to fetch, is crawled as if it had no rules. RFC 9309
(2.3.1.3-4) says the opposite for a server error or an unreachable file: assume complete
disallow. Here every page of that host is refused until the next run, which asks again, and
the source's run fails saying why (scrapers/extensions/source_health.py). A 4xx answer means
the site has no robots.txt: no rules, as the RFC says.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response

from scrapers.compat.scrapy import RobotsTxtHooks
from scrapers.stats import ROBOTS_UNREADABLE

logger = logging.getLogger(__name__)

# RFC 9309 2.5: a parser must read at least 500 KiB; a longer file is not rules a site means.
MAX_BYTES = 512 * 1024
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class StrictRobotsTxtMiddleware(RobotsTxtHooks):
    """Scrapy's robots.txt middleware, with an unreadable robots.txt meaning "disallow all"."""

    async def parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:
            return self._refuse(netloc, f"HTTP {response.status}")
        if len(response.body) > MAX_BYTES:
            return self._refuse(netloc, f"{len(response.body):,} bytes, over {MAX_BYTES // 1024} KiB")
        if 400 <= response.status < 500:
            response = response.replace(body=b"")  # no robots.txt: no rules (not the error page's text)
        await super().parse_robots(response, netloc, request)

    def robots_error(self, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, IgnoreRequest):
            self.crawler.stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._refuse(netloc, _reason(exc))

    def _refuse(self, netloc: str, reason: str) -> None:
        """Answer every waiting and later request for `netloc` with a parser that disallows all."""
        logger.error("robots.txt of %s could not be read (%s): none of its pages is fetched in this run",
                     netloc, reason, extra={"spider": self.crawler.spider})
        problems = self.crawler.stats.get_value(ROBOTS_UNREADABLE) or []
        self.crawler.stats.set_value(ROBOTS_UNREADABLE, [*problems, f"{netloc}: {reason}"])
        self.settle(netloc, DISALLOW_ALL)


def _reason(exc: Exception) -> str:
    """Why the download failed, in words: Twisted's failures come wrapped in a list of them."""
    reasons = getattr(exc.__cause__ or exc, "reasons", None)
    if reasons:
        return "; ".join(str(reason.value) for reason in reasons)
    return str(exc) or type(exc).__name__
