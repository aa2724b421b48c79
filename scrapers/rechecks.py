"""Which archived pages a run fetches again, and what a redirect of one of them means.

An hourly run sends conditional requests (ETag/Last-Modified, so an unchanged page costs a
304) for three kinds of archived pages:

* pages whose sitemap `<lastmod>`, feed date or API modification date is later than the
  archive's last fetch of them (`modified_since_check`): an edit is found in the next run;
* pages a fetch or a discovery put in doubt (`due_for_check`): a page that left its sitemap
  or API listing since it was last fetched, and a page with a "gone" strike a day old, whose
  second fetch decides its removal (archive/store.py `record_gone`);
* a rolling slice of the rest (`rolling_slice`): the 1/RECHECK_RUNS of the source's pages
  checked longest ago, and any page not checked for RECHECK_CYCLE, so hourly runs recheck
  every page at least once a week without a `--recheck` pass.

Times come from the run's clock (scrapers/clock.py).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urlsplit

from archive.store import STRIKE_INTERVAL, KnownPage
from scrapers.registry import Source

RECHECK_CYCLE = timedelta(days=7)
RECHECK_RUNS = 168  # hourly runs in RECHECK_CYCLE
# Path or query words of pages that gather others: a redirect there means the page is gone.
GATHERING_WORDS = re.compile(
    r"(^|[/_\-?=&.])(category|categories|tag|tags|search|rubric|rubrika|rubriki|kategoriya)"
    r"([/_\-?=&.]|$)", re.IGNORECASE,
)


def parse_moment(text: str | None) -> datetime | None:
    """An ISO-8601 (sitemaps, Atom, the archive) or RFC 822 (RSS) time, in UTC; a date alone
    is its midnight. None when unreadable."""
    if not text:
        return None
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def modified_since_check(page: KnownPage, modified: str | None) -> bool:
    """Whether a discovery's modification time for the page is later than its last fetch."""
    moment, checked = parse_moment(modified), parse_moment(page.last_checked_at)
    return moment is not None and (checked is None or moment > checked)


def due_for_check(page: KnownPage, now: datetime) -> bool:
    """A live page with a strike at least a day old, or one that left its listing since it
    was last fetched."""
    if page.status != "live":
        return False
    struck = parse_moment(page.gone_since)
    if struck is not None and now - struck >= STRIKE_INTERVAL:
        return True
    unlisted, checked = parse_moment(page.unlisted_at), parse_moment(page.last_checked_at)
    return unlisted is not None and (checked is None or checked < unlisted)


def rolling_slice(pages: list[KnownPage], now: datetime) -> list[KnownPage]:
    """The live pages checked longest ago: 1/RECHECK_RUNS of them (at least one), plus any
    not checked for RECHECK_CYCLE (after a pause of the hourly runs, say)."""
    never = datetime.min.replace(tzinfo=UTC)
    ordered = sorted((p for p in pages if p.status == "live"),
                     key=lambda p: parse_moment(p.last_checked_at) or never)
    share = max(1, math.ceil(len(ordered) / RECHECK_RUNS))
    overdue = now - RECHECK_CYCLE
    return [p for i, p in enumerate(ordered)
            if i < share or (parse_moment(p.last_checked_at) or never) <= overdue]


def redirect_kind(old: str, new: str, source: Source) -> Literal["home", "listing", "article"]:
    """What an archived page's redirect leads to. A redirect to the site's home page, a
    language's home (/uk/), a listing of the registry entry, a section above the page
    (/news/2024/slug -> /news/) or a category/tag/search page says the page is gone; any other
    page of the site is the article at its new address."""
    target, origin = urlsplit(new), urlsplit(old)
    path = target.path.rstrip("/")
    home = urlsplit(source.homepage).path.rstrip("/")
    if not target.query and (not path or path == home or len(path.strip("/")) <= 3):
        return "home"
    listings = {u.split("#")[0].rstrip("/") for u in (*source.listing_urls, *source.feeds, *source.sitemaps)}
    if new.split("#")[0].rstrip("/") in listings:
        return "listing"
    if not target.query and origin.path.startswith(path + "/"):
        return "listing"
    if GATHERING_WORDS.search(target.path + "?" + target.query):
        return "listing"
    return "article"
