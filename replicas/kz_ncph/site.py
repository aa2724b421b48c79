"""hls.kz — National Center of Public Health (Kazakhstan): WordPress whose REST API is closed.

Every /wp-json/ request answers 401 ``rest_cannot_access`` (a "disable REST API" plugin), so
a WordPress spider must fall back to the RSS feeds (/feed/, /ru/feed/: the newest 10 posts)
and the category listings (/category/zhanalyqtar/, /ru/category/novosti/, paged
/page/<n>/), which reach every post.  Posts show their date as DD.MM.YYYY in a
``<time datetime>`` element.
"""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from .. import files
from ..model import Item
from ..sitebase import SiteFiles, paginate
from ..state import Added
from ..web import Request, Response, as_json, html, not_found, redirect, text

SOURCE_ID = "kz_ncph"
HOSTS = ("hls.kz", "www.hls.kz")
ORIGIN = "https://hls.kz"
ALMATY = ZoneInfo("Asia/Almaty")
PAGE_SIZE = 3
FEED_SIZE = 10  # WordPress's default "Syndication feeds show the most recent 10 items"
SITE = SiteFiles(SOURCE_ID)
SITE_DATE = datetime(2025, 5, 6, tzinfo=timezone.utc)
PREFIX = {"kk": "", "ru": "/ru"}
CATEGORY = {"kk": "/category/zhanalyqtar/", "ru": "/ru/category/novosti/"}
LABELS = {
    "kk": {"news": "Жаңалықтар", "home": "Басты бет", "about": "Орталық туралы", "contacts": "Байланыс",
           "next": "Келесі", "more": "Толығырақ"},
    "ru": {"news": "Новости", "home": "Главная", "about": "О центре", "contacts": "Контакты",
           "next": "Следующая", "more": "Подробнее"},
}


def _items() -> tuple[Item, ...]:
    items = []
    for entry in SITE.content["posts"]:
        posted = datetime.fromisoformat(entry["date"]).replace(tzinfo=ALMATY)
        url = f"{ORIGIN}{PREFIX[entry['lang']]}/{posted:%Y/%m/%d}/{entry['slug']}/"
        items.append(Item(
            source_id=SOURCE_ID, url=url, lang=entry["lang"], title=entry["title"], body_html=entry["body"],
            published_at=posted.isoformat(), kind="post", modified=posted, data={"posted": posted},
        ))
    return tuple(items)


ITEMS = _items()


def _added(page: Added) -> Item:
    posted = (datetime.fromisoformat(page.published_at).replace(tzinfo=ALMATY) if page.published_at
              else page.at.astimezone(ALMATY))
    lang = page.lang or ("ru" if "/ru/" in page.url else "kk")
    return Item(SOURCE_ID, page.url, lang, page.title, page.body_html, posted.isoformat(), kind="post",
                modified=page.at, data={"posted": posted})


def listing_urls() -> list[str]:
    return [ORIGIN + path for path in CATEGORY.values()]


def posts(items: list[Item], lang: str) -> list[Item]:
    return sorted((i for i in items if i.lang == lang), key=lambda i: i.data["posted"], reverse=True)


def route(request: Request) -> Response:
    path = request.path
    items = request.state.live(ITEMS, HOSTS, _added)
    newest = max([i.modified for i in items] + [request.state.last_change, SITE_DATE])
    if path == "/robots.txt":
        return text("User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n",
                    "text/plain; charset=utf-8", SITE_DATE)
    if path.startswith("/wp-json"):
        return as_json({"code": "rest_cannot_access", "message": "Only authenticated users can access the REST API.",
                        "data": {"status": 401}}, 401)
    if path.startswith("/wp-content/uploads/"):
        return files.upload_response(path, _not_found, SITE_DATE)
    for lang, prefix in PREFIX.items():
        if path == f"{prefix}/feed/":
            feed = SITE.render("feed.xml.j2", lang=lang, self_url=ORIGIN + path, origin=ORIGIN,
                               entries=posts(items, lang)[:FEED_SIZE], rfc822=format_datetime, labels=LABELS[lang])
            return text(feed, "application/rss+xml; charset=UTF-8", newest)
        if path == f"{prefix}/":
            return _render("listing.html.j2", lang, newest, entries=posts(items, lang)[:PAGE_SIZE], page=1, pages=1,
                           base=CATEGORY[lang])
        if path.startswith(CATEGORY[lang]):
            return _category(path, lang, items, newest)
    if not path.endswith("/"):
        return redirect(ORIGIN + path + "/", 301)
    for item in items:
        if item.path == path:
            return _render("post.html.j2", item.lang, item.modified, item=item)
    return _not_found()


def _render(template: str, lang: str, modified: datetime, **context) -> Response:
    return html(SITE.render(template, lang=lang, labels=LABELS[lang], prefix=PREFIX[lang], category=CATEGORY[lang],
                            origin=ORIGIN, **context), modified)


def _not_found() -> Response:
    return not_found(SITE.render("404.html.j2", lang="kk", labels=LABELS["kk"], prefix="", category=CATEGORY["kk"],
                                 origin=ORIGIN))


def _category(path: str, lang: str, items: list[Item], newest: datetime) -> Response:
    rest = path[len(CATEGORY[lang]):].strip("/").split("/") if path != CATEGORY[lang] else []
    if rest and (len(rest) != 2 or rest[0] != "page" or not rest[1].isdigit()):
        return _not_found()
    page = int(rest[1]) if rest else 1
    if rest and page == 1:
        return redirect(ORIGIN + CATEGORY[lang], 301)
    entries, pages = paginate(posts(items, lang), page, PAGE_SIZE)
    if not 1 <= page <= pages:
        return _not_found()
    return _render("listing.html.j2", lang, newest, entries=entries, page=page, pages=pages, base=CATEGORY[lang])


