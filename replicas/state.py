"""Mutable switches and content changes of a running replica.

Change-tracking and fault tests need sites that change under the crawler: a page edited
(new ETag and Last-Modified), a page taken down (404, gone from listings, feeds, sitemaps
and the API), a new page published, a host behind a Cloudflare challenge, the gov.kz
ticket requirement switched on or off.  One object holds all of it, shared by every
request the server handles, so tests flip a switch and the next request sees it.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .model import Item, url_key


@dataclass(frozen=True)
class Added:
    """A page published at run time with :meth:`ReplicaState.add`."""

    url: str
    title: str
    body_html: str
    published_at: str | None
    lang: str | None
    at: datetime


class ReplicaState:
    """Switches and edits; thread-safe because the server is threaded."""

    def __init__(self, challenge_hosts: Iterable[str] = (), govkz_ticket_required: bool = True) -> None:
        self.challenge_hosts: set[str] = set(challenge_hosts)
        self.govkz_ticket_required = govkz_ticket_required
        self._lock = threading.Lock()
        self._edits: dict[str, tuple[str | None, str | None, datetime]] = {}
        self._removed: set[str] = set()
        self._added: dict[str, Added] = {}
        self._tickets: set[str] = set()
        self._last_change = datetime(2000, 1, 1, tzinfo=timezone.utc)

    # -- changes -------------------------------------------------------------------
    def edit(self, url: str, title: str | None = None, body_html: str | None = None) -> None:
        """Change a page's title and/or body; its ETag and Last-Modified change with it."""
        with self._lock:
            key = url_key(url)
            old_title, old_body, _ = self._edits.get(key, (None, None, None))
            self._edits[key] = (title or old_title, body_html or old_body, self._tick())

    def remove(self, url: str) -> None:
        """Take a page down: 404 from now on, and gone from every listing."""
        with self._lock:
            self._removed.add(url_key(url))
            self._tick()

    def add(
        self,
        url: str,
        title: str,
        body_html: str,
        published_at: str | None = None,
        lang: str | None = None,
    ) -> None:
        """Publish a new page at ``url`` (a news item of the site that owns the host)."""
        with self._lock:
            self._added[url_key(url)] = Added(url, title, body_html, published_at, lang, self._tick())

    def _tick(self) -> datetime:
        """A change time strictly later than the previous one (HTTP dates have 1 s steps)."""
        now = datetime.now(timezone.utc).replace(microsecond=0)
        self._last_change = max(now, self._last_change + timedelta(seconds=1))
        return self._last_change

    @property
    def last_change(self) -> datetime:
        return self._last_change

    # -- views used by the sites ---------------------------------------------------
    def live(self, items: Iterable[Item], hosts: Iterable[str], make: Callable[[Added], Item]) -> list[Item]:
        """The site's pages as they are now: edits applied, removed pages left out."""
        hosts = set(hosts)
        with self._lock:
            edits, removed = dict(self._edits), set(self._removed)
            added = [a for a in self._added.values() if urlsplit(a.url).hostname in hosts]
        pages = list(items) + [make(a) for a in added]
        result = []
        for item in pages:
            if item.key in removed:
                continue
            if item.key in edits:
                title, body, at = edits[item.key]
                item = replace(item, title=title or item.title, body_html=body or item.body_html, modified=at)
            result.append(item)
        return result

    # -- gov.kz tickets ------------------------------------------------------------
    def issue_ticket(self) -> str:
        """A fresh value for the gov.kz news ticket cookie."""
        ticket = secrets.token_hex(12)
        with self._lock:
            self._tickets.add(ticket)
        return ticket

    def valid_ticket(self, ticket: str | None) -> bool:
        return not self.govkz_ticket_required or (ticket is not None and ticket in self._tickets)
