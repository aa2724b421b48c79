"""The crawl's clock: the one time a run's decisions and archive timestamps are taken from.

CRAWL_CLOCK, an ISO-8601 instant (UTC unless it says otherwise), fixes it for the whole run,
so a test or a benchmark can crawl the same archive "a day later" or "a week later"
(`health-archive crawl --set CRAWL_CLOCK=2026-12-11T09:00:00Z`); empty means the real time.
Removal strikes a day apart, the weekly recheck cycle and the archive's timestamps of the run
(first_seen_at, last_seen_at, last_checked_at, removed_at...) all read it through `crawl_now`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.settings import BaseSettings


def crawl_now(settings: BaseSettings) -> datetime:
    """The run's current time, aware and in UTC."""
    value = (settings.get("CRAWL_CLOCK") or "").strip()
    if not value:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def stamp(moment: datetime) -> str:
    """The archive's form of a time: ISO 8601 to the second, with its UTC offset."""
    return moment.isoformat(timespec="seconds")


def utc_now() -> str:
    """The real time, stamped: when something happened whatever CRAWL_CLOCK says (a run's
    start and end in crawl_runs, a re-extraction)."""
    return stamp(datetime.now(UTC))
