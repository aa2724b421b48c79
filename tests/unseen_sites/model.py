"""What an unseen site is made of: its items (announcements and static pages), their fates
between two crawls, and the ground truth a crawl of the site is scored against.

A site has two states. `before` is the site as the first crawl finds it; `after` is the same
site a little later, with the fates of its items played out: edits (some marked by a newer
sitemap `<lastmod>` or feed `<updated>`, some not), new items, items that leave the sitemap or
feed but stay live, items moved to a new URL behind a 301, items removed (404, 410, or a
redirect to the home page).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timezone
from email.utils import format_datetime
from html import escape
from typing import ClassVar

from tests.unseen_sites import texts

BEFORE, AFTER = "before", "after"
# Fates of an item when the site goes from `before` to `after`.
EDIT_MARKED = "edit_marked"  # text edited; the sitemap/feed shows a newer date
EDIT_UNMARKED = "edit_unmarked"  # text edited; nothing but the page itself says so
LEFT_INDEX = "left_index"  # gone from the sitemap/feed/listing, still served
MOVED = "moved"  # answers a 301 to its new URL, which the index lists instead
GONE = "gone"  # answers `gone_status`: 404, 410, or 301 to the home page
NEW = "new"  # published between the two states
FATES = (EDIT_MARKED, EDIT_UNMARKED, LEFT_INDEX, MOVED, GONE, NEW)


@dataclass(frozen=True)
class State:
    """The state a site is served in; `edited_at` is when the `after` edits were made."""

    name: str
    edited_at: datetime


@dataclass
class Item:
    """One page a site publishes: an announcement (kind "announcement") or a static page
    (kind "page", a brochure site's undated "news")."""

    key: str
    path: str
    title: str
    published: str | None  # "2024-03-12" or "2024-03-12T10:15" as the page shows it
    lang: str
    kind: str = "announcement"
    fate: str = ""
    moved_to: str = ""
    gone_status: int = 404
    n: int = 0  # the CMS's numeric id
    paragraph_count: int = 4
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        assert self.fate in ("", *FATES), self.fate
        self.original = texts.paragraphs(self.lang, self.key, self.paragraph_count)

    def live(self, state: State) -> bool:
        if self.fate == NEW:
            return state.name == AFTER
        return not (self.fate == GONE and state.name == AFTER)

    def listed(self, state: State) -> bool:
        """Whether the site's sitemap, feed and listings show it in this state."""
        return self.live(state) and not (self.fate == LEFT_INDEX and state.name == AFTER)

    def url_path(self, state: State) -> str:
        return self.moved_to if self.fate == MOVED and state.name == AFTER else self.path

    def edited(self, state: State) -> bool:
        return self.fate in (EDIT_MARKED, EDIT_UNMARKED) and state.name == AFTER

    def paragraphs(self, state: State) -> list[str]:
        return texts.edited(self.lang, self.key, self.original) if self.edited(state) else self.original

    def body(self, state: State) -> str:
        return "\n\n".join(self.paragraphs(state))

    def published_dt(self, tz: timezone) -> datetime:
        """The publication time as an aware datetime (noon when the page shows a date alone)."""
        stamp = self.published or "2023-01-10"
        value = datetime.fromisoformat(stamp if "T" in stamp else stamp + "T12:00")
        return value.replace(tzinfo=tz)

    def modified(self, state: State, tz: timezone) -> datetime:
        """When the page last changed: its edit, else its publication."""
        return state.edited_at if self.edited(state) else self.published_dt(tz)

    def index_date(self, state: State, tz: timezone) -> datetime:
        """The date a sitemap `<lastmod>` or a feed `<updated>` gives: a marked edit's time,
        else the publication (an unmarked edit leaves the index as it was)."""
        if self.fate == EDIT_MARKED and state.name == AFTER:
            return state.edited_at
        return self.published_dt(tz)


@dataclass
class Page:
    """One response of a site. `tag` says what the page is, for the benchmark's counts:
    announcement, page, listing, trap (a listing page past the last real one), index
    (sitemap/feed), static, file, robots, redirect, missing."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    tag: str = "static"
    key: str | None = None
    modified: datetime | None = None
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """A replica site: routes requests to pages for a state; its items are the ground truth.

    Subclasses set the class attributes, build `items`, and implement `render_item` and
    `route` (everything that is not an item: home, listings, sitemaps, feeds, static pages).
    """

    host: ClassVar[str]
    scheme: ClassVar[str] = "https"
    source_id: ClassVar[str]  # its entry in tests/unseen_sites/sources.yaml
    tz: ClassVar[timezone] = UTC
    encoding: ClassVar[str] = "utf-8"
    etag: ClassVar[bool] = True
    last_modified: ClassVar[bool] = True
    robots: ClassVar[str] = "User-agent: *\nDisallow:\n"
    # Lines of the layout (menus, sidebars, footers, contact and badge blocks) that must
    # never reach an archived body; distinctive enough to be searched for as substrings.
    chrome: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self.items: list[Item] = self.build_items()

    # --- to implement ----------------------------------------------------------------------
    def build_items(self) -> list[Item]:
        raise NotImplementedError

    def render_item(self, item: Item, state: State) -> str:
        raise NotImplementedError

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        raise NotImplementedError

    # --- shared ------------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.source_id

    def page_of(self, items: list[Item], index: int, size: int) -> list[Item]:
        """The `index`-th (0-based) page of `size` items."""
        return items[index * size:(index + 1) * size]

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}{path}"

    def listed(self, state: State, lang: str | None = None) -> list[Item]:
        """Items the indexes show, newest first."""
        chosen = [i for i in self.items if i.listed(state) and (lang is None or i.lang == lang)]
        return sorted(chosen, key=lambda i: (i.published or "", i.n), reverse=True)

    def handle(self, target: str, state: State) -> Page:
        """The response to `GET target` (path and query) in `state`."""
        if target == "/robots.txt":
            return Page(200, self.robots.encode(), "text/plain", tag="robots")
        for item in self.items:
            if item.fate == MOVED and state.name == AFTER and target == item.path:
                return self.redirect(item.moved_to, 301)
            if target == item.url_path(state):
                if not item.live(state):
                    if item.fate == GONE and item.gone_status == 301:
                        return self.redirect("/", 301)
                    return self.not_found(item.gone_status if item.fate == GONE else 404)
                return self.html(self.render_item(item, state), tag=item.kind, key=item.key,
                                 modified=item.modified(state, self.tz))
        path, _, query = target.partition("?")
        params = dict(pair.partition("=")[::2] for pair in query.split("&") if pair)
        return self.route(path, params, state) or self.not_found(404)

    def html(self, text: str, **kwargs: object) -> Page:
        content_type = f"text/html; charset={self.encoding}"
        return Page(200, text.encode(self.encoding, "xmlcharrefreplace"), content_type, **kwargs)  # type: ignore[arg-type]

    def redirect(self, path: str, status: int = 301) -> Page:
        return Page(status, b"", tag="redirect", headers={"Location": self.url(path)})

    def not_found(self, status: int = 404) -> Page:
        page = self.html(f"<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>",
                         tag="missing")
        page.status = status
        return page

    def gone(self) -> list[Item]:
        return [i for i in self.items if i.fate == GONE]

    def http_date(self, value: datetime) -> str:
        return format_datetime(value.astimezone(UTC), usegmt=True)


def int_param(query: dict[str, str], name: str, default: int = 0) -> int:
    """A numeric query parameter; anything else reads as `default`, as PHP's (int) cast does."""
    value = query.get(name, "")
    return int(value) if value.isdigit() else default


def esc(text: str) -> str:
    return escape(text, quote=True)


def paras_html(paragraphs: list[str], tag: str = "p") -> str:
    return "\n".join(f"<{tag}>{esc(p)}</{tag}>" for p in paragraphs)


def sitemap_xml(entries: list[tuple[str, datetime | None]]) -> bytes:
    """A sitemaps.org urlset of (URL, lastmod)."""
    rows = []
    for loc, lastmod in entries:
        mod = f"<lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>" if lastmod else ""
        rows.append(f"<url><loc>{esc(loc)}</loc>{mod}</url>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</urlset>\n").encode()


def digest(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()[:20]
