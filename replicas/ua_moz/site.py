"""moz.gov.ua — Ministry of Health of Ukraine (2024 relaunch, behind Cloudflare).

Flat item URLs /uk/<slug> shared by news, orders (/uk/decrees/<slug>) and static pages;
old /article/news/<slug> URLs redirect; listings /uk/news and /uk/ostanni-novini (?page=N);
English twins at /en/<slug> with /en/news.  The page chrome reproduces seed 004's lines
before its title, so an extractor that keeps menus fails visibly.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .. import files
from ..model import Item, modified_from
from ..sitebase import SiteFiles, paginate
from ..state import Added
from ..web import Request, Response, html, not_found, redirect, text

SOURCE_ID = "ua_moz"
HOSTS = ("moz.gov.ua", "www.moz.gov.ua")
ORIGIN = "https://moz.gov.ua"
PAGE_SIZE = 10
SITE = SiteFiles(SOURCE_ID)
SITE_DATE = datetime(2025, 12, 1, tzinfo=timezone.utc)

MONTHS = {
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(),
    "en": "January February March April May June July August September October November December".split(),
}
LISTINGS = {"/uk/news": "uk", "/uk/ostanni-novini": "uk", "/en/news": "en"}


def show_date(published_at: str, lang: str) -> str:
    """'07.09.2023' for date-only items, '7 вересня 2023, 14:30' when the item has a time."""
    moment = datetime.fromisoformat(published_at)
    if len(published_at) == 10:
        return moment.strftime("%d.%m.%Y")
    return f"{moment.day} {MONTHS[lang][moment.month - 1]} {moment.year}, {moment:%H:%M}"


def _items() -> tuple[Item, ...]:
    content = SITE.content
    items: list[Item] = []
    for entry, lang, kind in (
        *((e, "uk", "news") for e in content["news"]),
        *((e, "en", "news") for e in content["english"]),
        *((e, "uk", "decree") for e in content["decrees"]),
        *((e, "uk", "static") for e in content["pages"]),
    ):
        prefix = "/uk/decrees/" if kind == "decree" else f"/{lang}/"
        published = entry.get("published_at")
        items.append(
            Item(
                source_id=SOURCE_ID,
                url=f"{ORIGIN}{prefix}{entry['slug']}",
                lang=lang,
                title=entry["title"],
                body_html=entry["body"],
                published_at=published,
                kind=kind,
                seed_text=SITE.seed_body(entry, 28),
                modified=modified_from(published, SITE_DATE),
                data={"slug": entry["slug"], "tags": entry.get("tags", []), "meta": entry.get("meta", False),
                      "twin": entry.get("en") or entry.get("uk")},
            )
        )
    return tuple(items)


ITEMS = _items()


def _added(page: Added) -> Item:
    lang = page.lang or "uk"
    return Item(SOURCE_ID, page.url, lang, page.title, page.body_html, page.published_at or page.at.date().isoformat(),
                modified=page.at, data={"slug": page.url.rsplit("/", 1)[-1], "tags": [], "meta": False, "twin": None})


def live(request: Request) -> list[Item]:
    return request.state.live(ITEMS, HOSTS, _added)


def news(items: list[Item], lang: str) -> list[Item]:
    """Newest first, as the listings show them."""
    chosen = [i for i in items if i.kind == "news" and i.lang == lang]
    return sorted(chosen, key=lambda i: (i.published_at or "", i.url), reverse=True)


def listing_urls() -> list[str]:
    return [f"{ORIGIN}{path}" for path in LISTINGS] + [f"{ORIGIN}/uk/decrees"]


def route(request: Request) -> Response:
    path = request.path
    if path == "/robots.txt":
        return text("User-agent: *\nDisallow: /admin/\nDisallow: /user/\n", "text/plain; charset=utf-8", SITE_DATE)
    if path in ("/", "/uk"):
        return redirect("/uk/news", 302)
    if path.startswith("/uploads/"):
        return files.upload_response(path, _not_found, SITE_DATE)
    if path.startswith("/article/news/"):
        slug = path.removeprefix("/article/news/")
        target = f"/uk/{slug}"
        if any(i.path == target and i.kind == "news" for i in live(request)):
            return redirect(target, 301)
        return _not_found()
    items = live(request)
    if path in LISTINGS:
        return _listing(request, items, path, LISTINGS[path])
    if path == "/uk/decrees":
        decrees = [i for i in items if i.kind == "decree"]
        return html(SITE.render("listing.html.j2", lang="uk", path=path, heading="Документи", entries=decrees,
                                page=1, pages=1, show_date=show_date),
                    max([i.modified for i in decrees] + [SITE_DATE, request.state.last_change]))
    for item in items:
        if item.path == path:
            return _page(item, items)
    return _not_found()


def _listing(request: Request, items: list[Item], path: str, lang: str) -> Response:
    page = request.int_arg("page", 1)
    chosen = news(items, lang)
    entries, pages = paginate(chosen, page or 0, PAGE_SIZE)
    if page is None or page > pages:
        return _not_found()
    heading = "Новини" if lang == "uk" else "News"
    newest = max((i.modified for i in chosen), default=SITE_DATE)
    body = SITE.render("listing.html.j2", lang=lang, path=path, heading=heading, entries=entries, page=page,
                       pages=pages, show_date=show_date)
    return html(body, max(newest, request.state.last_change))


def _page(item: Item, items: list[Item]) -> Response:
    related = [i for i in news(items, item.lang) if i.url != item.url][:3] if item.kind == "news" else []
    body = SITE.render("article.html.j2", item=item, lang=item.lang, related=related, show_date=show_date,
                       origin=ORIGIN)
    return html(body, item.modified)


def _not_found() -> Response:
    return not_found(SITE.render("404.html.j2", lang="uk"))

