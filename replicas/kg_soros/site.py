"""soros.kg — Soros Foundation–Kyrgyzstan: WordPress (installed in /srs/) with Avada.

Pages have no date and exist per language (/ky/…, ru without prefix, /en/home_en/…) and
again under /srs/ with a canonical link; posts use date permalinks /<lang>/YYYY/MM/DD/<slug>/
(English ones often without /en/).  Discovery: Avada category listings, RSS feeds, Yoast
sitemaps and the WordPress REST API, all kept consistent with edits and removals.
"""

from __future__ import annotations

import math
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

from .. import files
from ..model import Item
from ..sitebase import SiteFiles, paginate
from ..state import Added
from ..web import Request, Response, as_json, html, not_found, redirect, text

SOURCE_ID = "kg_soros"
HOSTS = ("soros.kg", "www.soros.kg")
ORIGIN = "https://soros.kg"
BISHKEK = timezone(timedelta(hours=6))
CATEGORY_SIZE = 5
FEED_SIZE = 10
SITE = SiteFiles(SOURCE_ID)
SITE_DATE = datetime(2024, 4, 17, tzinfo=timezone.utc)

CATEGORIES = {"grants": {"ky": "Гранттар", "ru": "Гранты", "en": "Grants"},
              "contests": {"ky": "Сынактар", "ru": "Конкурсы", "en": "Contests"}}
MONTHS = {
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "ky": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь".split(),
}
HOMES = {"ky": "/ky/", "ru": "/", "en": "/en/home_en/"}
HOME_LABELS = {"ky": "Башкы бет", "ru": "Главная", "en": "Home"}


def show_date(moment: datetime, lang: str) -> str:
    """Avada's meta-line date: 'April 11th, 2019', '11 апреля 2019', '11 апрель 2019'."""
    if lang == "en":
        suffix = "th" if 10 <= moment.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(moment.day % 10, "th")
        return f"{moment:%B} {moment.day}{suffix}, {moment.year}"
    return f"{moment.day} {MONTHS[lang][moment.month - 1]} {moment.year}"


def _items() -> tuple[Item, ...]:
    content = SITE.content
    items = []
    for entry in content["pages"]:
        modified = datetime.fromisoformat(entry["modified"]).replace(tzinfo=BISHKEK)
        items.append(Item(
            source_id=SOURCE_ID, url=ORIGIN + entry["path"], lang=entry["lang"], title=entry["title"],
            body_html=entry["body"], published_at=None, kind=entry.get("kind", "page"),
            seed_text=SITE.seed_body(entry, 2), modified=modified,
            data={"id": entry["id"], "crumbs": entry["crumbs"], "alias": entry.get("alias"), "posted": modified},
        ))
    for entry in content["posts"]:
        posted = datetime.fromisoformat(entry["date"]).replace(tzinfo=BISHKEK)
        prefix = entry.get("prefix", "/ky" if entry["lang"] == "ky" else "")
        items.append(Item(
            source_id=SOURCE_ID, url=f"{ORIGIN}{prefix}/{posted:%Y/%m/%d}/{entry['slug']}/", lang=entry["lang"],
            title=entry["title"], body_html=entry["body"], published_at=posted.date().isoformat(), kind="post",
            modified=posted + timedelta(days=2, hours=3),
            data={"id": entry["id"], "slug": entry["slug"], "categories": entry["categories"], "posted": posted,
                  "crumbs": _post_crumbs(entry["lang"], entry["categories"][0])},
        ))
    return tuple(items)


def _post_crumbs(lang: str, category: str) -> list[list[str]]:
    return [[HOME_LABELS[lang], HOMES[lang]], [CATEGORIES[category][lang], f"/category/{category}/"]]


ITEMS = _items()


def _added(page: Added) -> Item:
    posted = datetime.fromisoformat(page.published_at).replace(tzinfo=BISHKEK) if page.published_at else page.at.astimezone(BISHKEK)
    lang = page.lang or ("ky" if "/ky/" in page.url else "ru")
    return Item(SOURCE_ID, page.url, lang, page.title, page.body_html, posted.date().isoformat(), kind="post",
                modified=page.at, data={"id": 20000 + zlib.crc32(page.url.encode()) % 10000, "slug": page.url.rstrip("/").rsplit("/", 1)[-1],
                                        "categories": ["grants"], "posted": posted, "crumbs": _post_crumbs(lang, "grants")})


def posts(items: list[Item], langs: tuple[str, ...] = ("ky", "ru", "en")) -> list[Item]:
    chosen = [i for i in items if i.kind == "post" and i.lang in langs]
    return sorted(chosen, key=lambda i: i.data["posted"], reverse=True)


def listing_urls() -> list[str]:
    return [f"{ORIGIN}/category/{name}/" for name in CATEGORIES]


def route(request: Request) -> Response:
    path = request.path
    items = request.state.live(ITEMS, HOSTS, _added)
    newest = max([i.modified for i in items] + [request.state.last_change])
    if path == "/robots.txt":
        body = f"User-agent: *\nDisallow: /srs/wp-admin/\nAllow: /srs/wp-admin/admin-ajax.php\n\nSitemap: {ORIGIN}/sitemap_index.xml\n"
        return text(body, "text/plain; charset=utf-8", SITE_DATE)
    if path.startswith("/srs/wp-content/uploads/"):
        return files.upload_response(path, _not_found, SITE_DATE)
    if path in ("/sitemap_index.xml", "/post-sitemap.xml", "/page-sitemap.xml"):
        return _sitemap(path, items, newest)
    if path in ("/feed/", "/ky/feed/"):
        langs = ("ky",) if path == "/ky/feed/" else ("ru", "en")
        chosen = posts(items, langs)[:FEED_SIZE]
        feed = SITE.render("feed.xml.j2", lang=langs[0], self_url=ORIGIN + path, entries=chosen,
                           rfc822=lambda d: format_datetime(d), origin=ORIGIN, categories=CATEGORIES)
        return text(feed, "application/rss+xml; charset=UTF-8", newest)
    if path == "/wp-json/wp/v2/posts":
        return _rest(request, items)
    if path.startswith("/category/"):
        return _category(path, items, newest)
    if path in HOMES.values():
        lang = next(lang for lang, home in HOMES.items() if home == path)
        return _render("home.html.j2", lang, newest, entries=posts(items, (lang,))[:5], crumbs=[[HOME_LABELS[lang], path]])
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        return redirect(path + "/", 301)
    for item in items:
        if path == item.path or path == item.data.get("alias"):
            template = "post.html.j2" if item.kind == "post" else "page.html.j2"
            return _render(template, item.lang, item.modified, item=item, crumbs=item.data.get("crumbs", []))
    return _not_found()


def _render(template: str, lang: str, modified: datetime, **context) -> Response:
    page = SITE.render(template, lang=lang, homes=HOMES, categories=CATEGORIES, show_date=show_date,
                       origin=ORIGIN, **context)
    return html(page, modified)


def _not_found() -> Response:
    return not_found(SITE.render("404.html.j2", lang="ru", homes=HOMES, categories=CATEGORIES, crumbs=[], origin=ORIGIN))


def _category(path: str, items: list[Item], newest: datetime) -> Response:
    parts = path.strip("/").split("/")  # category/<name>[/page/<n>]
    name = parts[1] if len(parts) > 1 else ""
    if name not in CATEGORIES or len(parts) not in (2, 4) or (len(parts) == 4 and (parts[2] != "page" or not parts[3].isdigit())):
        return _not_found()
    page = int(parts[3]) if len(parts) == 4 else 1
    if page == 1 and len(parts) == 4:
        return redirect(f"/category/{name}/", 301)
    chosen = [i for i in posts(items) if name in i.data["categories"]]
    entries, pages = paginate(chosen, page, CATEGORY_SIZE)
    if not 1 <= page <= pages:
        return _not_found()
    return _render("category.html.j2", "ru", newest, name=name, entries=entries, page=page, pages=pages,
                   crumbs=[[HOME_LABELS["ru"], "/"]])


def _sitemap(path: str, items: list[Item], newest: datetime) -> Response:
    if path == "/sitemap_index.xml":
        body = SITE.render("sitemap_index.xml.j2", origin=ORIGIN, newest=newest.astimezone(timezone.utc).isoformat())
    else:
        kind = "post" if path == "/post-sitemap.xml" else "page"
        chosen = [i for i in items if i.kind == kind or (kind == "page" and i.kind == "static")]
        body = SITE.render("sitemap.xml.j2", entries=sorted(chosen, key=lambda i: i.modified),
                           lastmod=lambda i: i.modified.astimezone(timezone.utc).isoformat())
    return text(body, "application/xml; charset=UTF-8", newest)


def _rest(request: Request, items: list[Item]) -> Response:
    """WordPress REST v2: per_page ≤ 100, 1-based page, totals in X-WP-* headers."""
    per_page, page = request.int_arg("per_page", 10), request.int_arg("page", 1)
    if per_page is None or per_page > 100 or page is None:
        return as_json({"code": "rest_invalid_param", "message": "Invalid parameter(s): per_page, page", "data": {"status": 400}}, 400)
    chosen = posts(items)
    total_pages = math.ceil(len(chosen) / per_page)
    if page > max(total_pages, 1):
        return as_json({"code": "rest_post_invalid_page_number", "message": "The page number requested is larger than the number of pages available.", "data": {"status": 400}}, 400)
    entries = chosen[(page - 1) * per_page : page * per_page]
    response = as_json([_rest_post(i) for i in entries], last_modified=request.state.last_change)
    response.headers.update({"X-WP-Total": str(len(chosen)), "X-WP-TotalPages": str(total_pages)})
    return response


def _rest_post(item: Item) -> dict:
    posted, modified = item.data["posted"], item.modified.astimezone(BISHKEK)

    def gmt(moment: datetime) -> str:
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")

    return {
        "id": item.data["id"], "date": posted.strftime("%Y-%m-%dT%H:%M:%S"), "date_gmt": gmt(posted),
        "guid": {"rendered": f"{ORIGIN}/srs/?p={item.data['id']}"},
        "modified": modified.strftime("%Y-%m-%dT%H:%M:%S"), "modified_gmt": gmt(modified),
        "slug": item.data["slug"], "status": "publish", "type": "post", "link": item.url,
        "title": {"rendered": item.title}, "content": {"rendered": item.body_html, "protected": False},
        "excerpt": {"rendered": item.body_html.split("</p>", 1)[0] + "</p>\n", "protected": False},
        "lang": item.lang, "categories": [list(CATEGORIES).index(c) + 3 for c in item.data["categories"]],
    }


