"""Every enabled entry of the bundled registry, through its own spider: its first requests stay
on its domains, and a server error answering any of them yields no record. (A disabled entry
documents a publisher the crawler cannot reach yet; no crawl builds its spider.)

A 5xx goes through Scrapy's own HttpErrorMiddleware first, as in a crawl: a request that
does not accept the status reaches its errback (or nothing), one that does reaches its callback.
"""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError, HttpErrorMiddleware
from scrapy.utils.url import url_is_from_any_domain
from twisted.python.failure import Failure

from scrapers.items import AnnouncementItem
from scrapers.registry import load_registry
from tests.scrapers.callbacks import run, spider_for

REGISTRY = [source for source in load_registry() if source.enabled]


def start_requests(spider: Any) -> list[Request]:
    return run(spider.start())


@pytest.mark.parametrize("source", REGISTRY, ids=[source.id for source in REGISTRY])
def test_start_requests_stay_within_the_entry_domains(source):
    requests = start_requests(spider_for(source))
    assert requests, "an entry's spider must start somewhere"
    for request in requests:
        assert url_is_from_any_domain(request.url, source.domains), request.url


@pytest.mark.parametrize("source", REGISTRY, ids=[source.id for source in REGISTRY])
def test_a_server_error_yields_no_item(source):
    spider = spider_for(source)
    errors = HttpErrorMiddleware.from_crawler(spider.crawler)
    for request in start_requests(spider):
        response = HtmlResponse(request.url, status=503, body=b"<html><body>Service Unavailable</body></html>",
                                request=request)
        try:
            errors.process_spider_input(response)
        except HttpError as error:
            results = run(request.errback(Failure(error))) if request.errback else []
        else:
            results = run(request.callback(response))
        assert not [r for r in results if isinstance(r, AnnouncementItem)], request.url
