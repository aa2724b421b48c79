"""kg.one.un.org — the UN Country Team site for Kyrgyzstan (legacy Adobe AEM), the home
of seed 001: WHO news republished in Kyrgyz, English and Russian.

Item URLs /content/unct/kyrgyzstan/<lang>/home/news/kg-news/<YYYY>/<slug>.html; the
"Local News" listing kg-news.html (also kg-news/) pages with ?page=N and a "next" link.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from ..model import Item, modified_from
from ..sitebase import SiteFiles, paginate
from ..state import Added
from ..web import Request, Response, html, not_found, redirect, text

SOURCE_ID = "kg_who_europe"
HOSTS = ("kg.one.un.org",)
ORIGIN = "http://kg.one.un.org"
BASE = "/content/unct/kyrgyzstan"
LANGS = ("en", "ru", "ky")
PAGE_SIZE = 6
SITE = SiteFiles(SOURCE_ID)
SITE_DATE = datetime(2021, 4, 1, tzinfo=timezone.utc)

LABELS = {
    "en": {"home": "Home", "news": "News", "local": "Local News", "more": "Next", "prev": "Previous"},
    "ru": {"home": "Главная", "news": "Новости", "local": "Местные новости", "more": "Далее", "prev": "Назад"},
    "ky": {"home": "Башкы бет", "news": "Жаңылыктар", "local": "Жергиликтүү жаңылыктар", "more": "Кийинки", "prev": "Мурунку"},
}


def show_date(published_at: str) -> str:
    """AEM's English pattern 'Dec 20, 2017', used on pages of every language."""
    day = date.fromisoformat(published_at[:10])
    return f"{day:%b} {day.day}, {day.year}"


def listing_path(lang: str) -> str:
    return f"{BASE}/{lang}/home/news/kg-news.html"


def _items() -> tuple[Item, ...]:
    items = []
    for entry in SITE.content["news"]:
        path = f"{BASE}/{entry['lang']}/home/news/kg-news/{entry['year']}/{entry['slug']}.html"
        items.append(Item(
            source_id=SOURCE_ID, url=ORIGIN + path, lang=entry["lang"], title=entry["title"],
            body_html=entry["body"], published_at=entry["published_at"],
            seed_text=SITE.seed_body(entry, 4),
            modified=modified_from(entry["published_at"], SITE_DATE),
            data={"year": entry["year"], "slug": entry["slug"]},
        ))
    return tuple(items)


ITEMS = _items()


def _added(page: Added) -> Item:
    lang = page.url.split(f"{BASE}/", 1)[-1][:2]
    return Item(SOURCE_ID, page.url, lang if lang in LANGS else "ky", page.title, page.body_html,
                page.published_at or page.at.date().isoformat(), modified=page.at)


def news(items: list[Item], lang: str) -> list[Item]:
    return sorted((i for i in items if i.lang == lang), key=lambda i: (i.published_at or "", i.url), reverse=True)


def listing_urls() -> list[str]:
    return [ORIGIN + listing_path(lang) for lang in LANGS]


def route(request: Request) -> Response:
    path = request.path
    if path == "/robots.txt":
        return text("User-agent: *\nDisallow: /libs/\nDisallow: /crx/\n", "text/plain; charset=utf-8", SITE_DATE)
    if path in ("/", BASE, BASE + "/"):
        return redirect(f"{BASE}/en/home.html", 302)
    items = request.state.live(ITEMS, HOSTS, _added)
    for lang in LANGS:
        if path == f"{BASE}/{lang}/home.html":
            return _render("home.html.j2", lang, None, entries=news(items, lang)[:3])
        if path in (listing_path(lang), f"{BASE}/{lang}/home/news/kg-news/"):
            return _listing(request, items, lang)
    for item in items:
        if item.path == path:
            return _article(item, items)
    return not_found(SITE.render("404.html.j2", lang="en", labels=LABELS["en"], switch={other: f"{BASE}/{other}/home.html" for other in LANGS}, base=BASE))


def _render(template: str, lang: str, modified: datetime | None, **context) -> Response:
    switch = context.pop("switch", {other: f"{BASE}/{other}/home.html" for other in LANGS})
    page = SITE.render(template, lang=lang, labels=LABELS[lang], switch=switch, base=BASE,
                       show_date=show_date, **context)
    return html(page, modified or SITE_DATE)


def _listing(request: Request, items: list[Item], lang: str) -> Response:
    page = request.int_arg("page", 1)
    chosen = news(items, lang)
    entries, pages = paginate(chosen, page or 0, PAGE_SIZE)
    if page is None or page > pages:
        return not_found()
    newest = max([i.modified for i in chosen] + [request.state.last_change, SITE_DATE])
    return _render("listing.html.j2", lang, newest, entries=entries, page=page, pages=pages,
                   path=listing_path(lang), switch={other: listing_path(other) for other in LANGS})


def _article(item: Item, items: list[Item]) -> Response:
    twins = {i.lang: i.path for i in items if i.data.get("slug") == item.data.get("slug")}
    switch = {lang: twins.get(lang, f"{BASE}/{lang}/home.html") for lang in LANGS}
    related = [i for i in news(items, item.lang) if i.url != item.url][:4]
    return _render("article.html.j2", item.lang, item.modified, item=item, related=related, switch=switch)
