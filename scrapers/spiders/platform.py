"""What a platform adapter declares about itself, read by the registry, the distributed crawl,
the spider loader, re-extraction and the docs.

A platform (the generic HTML crawl, gov.kz's API, WordPress…) is one adapter module plus one
`Platform` in scrapers/spiders/__init__.py. The declaration names its spider and capture reader
by import path, so the registry (imported by the web site and the dump tools) learns the
platform names and their required `api:` keys without importing Scrapy or the extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class DiscoveryState:
    """Every attribute a spider keeps across its callbacks, by how the workers of a distributed
    crawl (scrapers/distributed.py) combine it. Callbacks run in whichever worker took the
    request, so state one worker learned must reach the others, or a worker judges from its
    own share alone (and, say, flags as unlisted every post it did not see itself).

    - shared: sets every worker reads and adds to as it goes (kept in Redis);
    - every_worker: flags that hold only if they hold in every worker (merged at the end);
    - any_worker: flags that hold if they hold in one worker (merged at the end);
    - per_worker: what each worker keeps for itself: loaded alike by all (known pages,
      settings), or about its own requests only (pages it fetches again, listing counters).

    A spider attribute missing here fails tests/scrapers/test_platforms.py.
    """

    shared: frozenset[str] = frozenset()
    every_worker: frozenset[str] = frozenset()
    any_worker: frozenset[str] = frozenset()
    per_worker: frozenset[str] = frozenset()

    def __or__(self, other: DiscoveryState) -> DiscoveryState:
        """An adapter's state: its base spider's and its own."""
        return DiscoveryState(self.shared | other.shared, self.every_worker | other.every_worker,
                              self.any_worker | other.any_worker, self.per_worker | other.per_worker)

    @property
    def names(self) -> frozenset[str]:
        return self.shared | self.every_worker | self.any_worker | self.per_worker


def discovery_state(*, shared: Iterable[str] = (), every_worker: Iterable[str] = (),
                    any_worker: Iterable[str] = (), per_worker: Iterable[str] = ()) -> DiscoveryState:
    """A DiscoveryState from any iterables of attribute names."""
    return DiscoveryState(frozenset(shared), frozenset(every_worker), frozenset(any_worker),
                          frozenset(per_worker))


@dataclass(frozen=True)
class Platform:
    """One registry `platform:` value and everything the rest of the crawler needs to know of it."""

    name: str
    spider: str  # "module:Class", the spider every entry of this platform is crawled with
    discovery_state: DiscoveryState
    required_api_keys: tuple[str, ...] = ()  # `api:` keys an enabled entry must give
    # "module:function(extractor, response, known_dates)" yielding the items a raw capture
    # holds (an API answer); None when every capture is a page (SourceExtractor.page_items).
    captures: str | None = None

    def spider_class(self) -> type:
        return _resolve(self.spider)

    def capture_reader(self) -> Callable[..., Any] | None:
        return _resolve(self.captures) if self.captures else None


def _resolve(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(import_module(module), name)
