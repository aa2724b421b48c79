"""The crawl's stat names, a run's counts read from them, and the run's verdict.

Spiders, middlewares, the pipeline and the run extensions all count into Scrapy's stats; the
crawl_runs row and the run's verdict are read from them. Naming every stat here, and reading
counts and verdict in one place, keeps a local crawl and a distributed worker (which adds up
its peers' counts first) from drifting apart: a misspelt name would count nothing, silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapers import disk_full

_P = "health_archive/"
# Discovery
DISCOVERED = _P + "discovered"  # article links discovery found (feed, sitemap, listing, API)
DISCOVERY_ERRORS = _P + "discovery_errors"  # a feed, sitemap or API that could not be read
LISTING_PAGES = _P + "listing_pages"
EMPTY_LISTINGS = _P + "empty_listings"
LISTING_REPEATS = _P + "listing_repeats"
MODIFIED_IN_DISCOVERY = _P + "modified_in_discovery"
# Fetching and judging pages
NOT_MODIFIED = _P + "not_modified"  # 304 answers
UNCHANGED = _P + "unchanged"  # archived pages the spider found unchanged without writing them
RECHECKED = _P + "rechecked"
REFETCHED = _P + "refetched"
NOT_ANNOUNCEMENT = _P + "not_announcement"  # also per kind: NOT_ANNOUNCEMENT + "/" + kind
EXTRACTION_EMPTY = _P + "extraction_empty"
ATTACHMENTS_FETCHED = _P + "attachments_fetched"
ATTACHMENTS_TOO_LARGE = _P + "attachments_too_large"
CAPTURED = _P + "captured"
# Refusals and failures
BLOCKED = _P + "blocked"  # challenge or block pages
REFUSED_LOCAL = _P + "refused_local"  # loopback/private addresses refused (no --allow-local)
ROBOTS_UNREADABLE = _P + "robots_unreadable"  # a list: hosts whose robots.txt was unreadable, why
ERRORS = _P + "errors"  # ERROR records of this source's crawl (extensions/source_health.py)
WRITE_FAILED = _P + "write_failed"  # items in batches the archive could not write
# Handing records over
RECORDS = _P + "records"  # announcements handed to the writer (archive or Redis)
ARCHIVED = _P + "archived/"  # + an outcome of archive.store.apply_item: new, changed...
# Scrapy's own, and scrapy-redis's (kept by a distributed worker's scheduler)
PAGES = "response_received_count"
FETCHED = "downloader/response_status_count/200"
REDIS_ENQUEUED = "scheduler/enqueued/redis"
REDIS_DEQUEUED = "scheduler/dequeued/redis"

# crawl_runs columns counted by the crawling process; new, changed, removed and the unchanged
# records are counted by the writer as it writes them (archive/writer.py).
RUN_COUNTS = {
    "pages": PAGES,
    "discovered": DISCOVERED,
    "fetched": FETCHED,
    "not_modified": NOT_MODIFIED,
    "rechecked": RECHECKED,
    "refetched": REFETCHED,
    "unchanged": UNCHANGED,
    "blocked": BLOCKED,
    "not_announcements": NOT_ANNOUNCEMENT,
    "records": RECORDS,
    # Flags of the verdict: counts, so that workers' can be added up.
    "refused_local": REFUSED_LOCAL,
    "discovery_errors": DISCOVERY_ERRORS,
}


def run_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """A source's counts for its crawl_runs row and its verdict, from its crawler's stats.

    `errors` are final failures only: Scrapy logs an ERROR when it gives up on a request or a
    callback raises (retries that later succeed are not errors), plus the records the archive
    could not write.
    """
    counts = {name: int(stats.get(stat, 0)) for name, stat in RUN_COUNTS.items()}
    counts["errors"] = int(stats.get(ERRORS, 0)) + int(stats.get(WRITE_FAILED, 0))
    return counts


def verdict(counts: Mapping[str, int], reason: str, robots_unreadable: list[str],
            has_archive: bool) -> tuple[str, str | None]:
    """A run's status (ok, failed or blocked) and why, from its counts (`run_counts`, added
    up over the workers of a distributed run) and the spider's close reason."""
    if reason == disk_full.REASON:
        return "failed", f"stopped, disk full: {disk_full.stopped()}"
    if reason != "finished":
        return "failed", f"stopped: {reason}"
    # A challenge page in place of robots.txt also leaves robots.txt unreadable: the site is
    # blocking the crawler, which is what its health should say.
    if counts["blocked"] and not (counts["records"] + counts["unchanged"]):
        return "blocked", "every announcement request met a challenge or block page"
    if robots_unreadable:
        return "failed", (f"robots.txt unreadable, so nothing was fetched from its site this run "
                          f"({'; '.join(robots_unreadable)})")
    if has_archive and not counts["discovered"] and not counts["blocked"]:
        return "failed", "discovery found no announcement: has the site been redesigned?"
    if counts["refused_local"]:
        return "failed", "refused loopback/private addresses (crawl with --allow-local to permit)"
    if counts["discovery_errors"]:
        return "failed", "discovery failed (feed, sitemap or API; see the crawl log)"
    if counts["errors"]:
        return "failed", f"{counts['errors']} pages failed (see the crawl log)"
    return "ok", None
