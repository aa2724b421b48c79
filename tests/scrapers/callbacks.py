"""Spider callbacks called directly on saved responses, in this process (city-scrapers style).

Each file of tests/scrapers/saved/ is an answer of a replica site (replicas/), saved with its
real URL and headers (responses.yaml); `saved()` rebuilds it as the Scrapy response class the
downloader would have made, tied to a request carrying the meta the spider sent. `spider_for()`
builds a registry entry's spider through Scrapy's own `Crawler`.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import scrapy
import yaml
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from scrapers.registry import Source
from scrapers.spider_loader import spider_class_for
from scrapers.spiders.announcements import AnnouncementSpider

if not is_reactor_installed():  # Scrapy's Crawler wants one installed, the crawl's own kind
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")

SAVED = Path(__file__).with_name("saved")
INDEX: dict[str, dict[str, Any]] = yaml.safe_load((SAVED / "responses.yaml").read_text(encoding="utf-8"))


def saved(name: str, callback: Any = None, *, status: int = 200, **meta: Any) -> Response:
    """The saved answer `name`, as Scrapy hands it to `callback`."""
    entry = INDEX[name]
    body = (SAVED / name).read_bytes()
    cls = responsetypes.from_args(headers=entry["headers"], url=entry["url"], body=body)
    request = scrapy.Request(entry["url"], callback, meta=meta)
    return cls(url=entry["url"], status=status, headers=entry["headers"], body=body, request=request)


def spider_for(source: Source, **settings: Any) -> AnnouncementSpider:
    """The entry's spider as a crawl opens it, with the project's settings: the run's clock
    fixed, nothing archived yet (a first crawl), extraction in this process."""
    project = Settings()
    project.setmodule("scrapers.settings")
    crawler = get_crawler(spider_class_for(source), {
        **dict(project.items()),
        "TWISTED_REACTOR": None,  # whichever is installed: no reactor runs, callbacks are called directly
        "SPIDER_LOADER_CLASS": "scrapy.spiderloader.DummySpiderLoader",  # the spider is given
        "KNOWN_PAGES": "scrapers.known_pages.NoKnownPages", "EXTRACT_PROCESSES": 0,
        "CRAWL_CLOCK": "2026-01-15T10:00:00+00:00", **settings,
    })
    crawler.spider = crawler._create_spider()
    return crawler.spider


def run(output: Any) -> list[Any]:
    """What a callback produced, whether it is a generator, an async generator or a coroutine.

    Callbacks on a saved response never wait on I/O (extraction runs in this process), so a
    coroutine completes on its first step, with no event loop."""
    if inspect.isasyncgen(output):
        results = []
        while True:
            try:
                results.append(_complete(output.__anext__()))
            except StopAsyncIteration:
                return results
    if inspect.iscoroutine(output):
        return list(_complete(output) or [])
    return list(output or [])


def _complete(step: Any) -> Any:
    try:
        step.send(None)
    except StopIteration as done:
        return done.value
    raise AssertionError("the callback waited on something other than extraction")


def requests(results: list[Any]) -> list[scrapy.Request]:
    return [r for r in results if isinstance(r, scrapy.Request)]
