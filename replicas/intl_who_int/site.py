"""www.who.int — WHO/Europe news: the OData news API and the Sitefinity item pages.

The API (/api/news/newsitems) answers ``{"value": [...]}`` filtered by publishing office
(``$filter=publishingoffices/any(s:s eq <guid>)``) and culture (``sf_culture``), ordered by
``PublicationDateAndTime``, paged with ``$top``/``$skip``; malformed queries get an OData
error with HTTP 400.  Item pages /europe[/ru]/news/item/<DD-MM-YYYY>-<slug> carry the WHO
header and footer around ``.sf-item-header-wrapper`` and ``article.sf-detail-body-wrapper``.
The news listing page is a JavaScript shell and the RSS feeds are retired (404).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timezone

from ..model import Item
from ..sitebase import SiteFiles
from ..state import Added
from ..web import Request, Response, as_json, html, not_found, text

SOURCE_ID = "intl_who_int"
HOSTS = ("www.who.int",)
ORIGIN = "https://www.who.int"
API_PATH = "/api/news/newsitems"
CULTURES = ("en", "ru")
FIELDS = ("Id", "Title", "UrlName", "ItemDefaultUrl", "PublicationDateAndTime", "FormatedDate",
          "NewsType", "Summary", "PublishingOffices")
DEFAULT_TOP = 50  # [guess] the API's page size when $top is absent
MAX_TOP = 100
SITE = SiteFiles(SOURCE_ID)
SITE_DATE = datetime(2026, 3, 1, tzinfo=timezone.utc)
# The API and the pages pass through Cloudflare, as the real site's do.
CLOUDFLARE = {"Server": "cloudflare", "cf-cache-status": "DYNAMIC"}

MONTHS_RU = ("января февраля марта апреля мая июня июля августа сентября октября ноября "
             "декабря").split()
NEWS_TYPES_RU = {"News release": "Пресс-релиз", "Statement": "Заявление",
                 "Departmental news": "Новости департаментов", "Feature story": "Тематическая статья"}
OFFICE_FILTER = re.compile(r"^publishingoffices/any\((\w+):\s*(.+)\)$")


def show_date(day: date, lang: str) -> str:
    """'11 November 2021' / '11 ноября 2021 г.' — who.int's date line."""
    if lang == "ru":
        return f"{day.day} {MONTHS_RU[day.month - 1]} {day.year} г."
    return f"{day.day} {day:%B} {day.year}"


def item_path(lang: str, name: str) -> str:
    return f"/europe{'' if lang == 'en' else '/' + lang}/news/item/{name}"


def _items() -> tuple[Item, ...]:
    offices = SITE.content["offices"]
    items = []
    for entry in SITE.content["news"]:
        moment = datetime.fromisoformat(entry["published"].replace("Z", "+00:00"))
        name = f"{moment:%d-%m-%Y}-{entry['slug']}"
        for lang in CULTURES:
            if lang not in entry:
                continue
            version = entry[lang]
            items.append(Item(
                source_id=SOURCE_ID, url=ORIGIN + item_path(lang, name), lang=lang,
                title=version["title"], body_html=version["body"],
                published_at=moment.date().isoformat(), modified=moment,
                data={"office": offices[entry["office"]], "name": name, "moment": moment,
                      "type": entry["type"], "summary": version["summary"]},
            ))
    return tuple(items)


ITEMS = _items()


def _added(page: Added) -> Item:
    name = page.url.rstrip("/").rsplit("/", 1)[-1]
    lang = "ru" if "/europe/ru/" in page.url else "en"
    moment = datetime.fromisoformat(page.published_at + "T09:00:00+00:00") if page.published_at else page.at
    return Item(SOURCE_ID, page.url, lang, page.title, page.body_html, moment.date().isoformat(), modified=page.at,
                data={"office": SITE.content["offices"]["europe"], "name": name, "moment": moment,
                      "type": "News release", "summary": page.title})


def listing_urls() -> list[str]:
    """The JavaScript news page; it holds no item links."""
    return [f"{ORIGIN}/europe/news"]


def route(request: Request) -> Response:
    path = request.path
    items = request.state.live(ITEMS, HOSTS, _added)
    if path == "/robots.txt":
        return _cf(text("User-agent: *\nDisallow: /api/\nAllow: /api/news/\n", "text/plain; charset=utf-8", SITE_DATE))
    if path == API_PATH:
        return _cf(_odata(request, items))
    if path in ("/europe/news", "/europe/ru/news"):
        lang = "ru" if "/ru/" in path else "en"
        return _cf(_render("news.html.j2", lang, SITE_DATE, switch=_switch(lang, None)))
    for item in items:
        if item.path == path:
            return _cf(_article(item, items))
    return _cf(not_found(SITE.render("404.html.j2", lang="en", switch=_switch("en", None))))


def _cf(response: Response) -> Response:
    ray = hashlib.sha1(response.body[:64]).hexdigest()[:16]
    response.headers.update({**CLOUDFLARE, "cf-ray": f"{ray}-CPH"})
    return response


def _switch(lang: str, item: Item | None) -> dict[str, str]:
    name = item.data["name"] if item else None
    return {other: item_path(other, name) if name else ("/europe/news" if other == "en" else f"/europe/{other}/news")
            for other in CULTURES}


def _render(template: str, lang: str, modified: datetime, **context) -> Response:
    return html(SITE.render(template, lang=lang, **context), modified)


def _article(item: Item, items: list[Item]) -> Response:
    twins = {i.lang for i in items if i.data["name"] == item.data["name"]}
    switch = {lang: path for lang, path in _switch(item.lang, item).items() if lang in twins}
    related = [i for i in _newest(items, item.lang, item.data["office"]) if i.url != item.url][:3]
    return _render("article.html.j2", item.lang, item.modified, item=item, related=related, switch=switch,
                   date_line=_date_line, news_type=_news_type(item))


def _date_line(item: Item) -> str:
    return show_date(date.fromisoformat(item.published_at), item.lang)


def _news_type(item: Item) -> str:
    return NEWS_TYPES_RU.get(item.data["type"], item.data["type"]) if item.lang == "ru" else item.data["type"]


def _newest(items: list[Item], lang: str, office: str | None) -> list[Item]:
    chosen = [i for i in items if i.lang == lang and (office is None or i.data["office"] == office)]
    return sorted(chosen, key=lambda i: i.data["moment"], reverse=True)


def _odata_error(message: str) -> Response:
    return as_json({"error": {"code": "", "message": message}}, 400)


def _odata(request: Request, items: list[Item]) -> Response:
    """OData v4 subset: $filter on publishing offices, $orderby, $top, $skip, $select, $count."""
    culture = request.arg("sf_culture", "en")
    offices: set[str] | None = None
    if request.arg("$filter") is not None:
        match = OFFICE_FILTER.match(request.arg("$filter").strip())
        if not match:
            return _odata_error("The query specified in the URI is not valid. Could not find a property named in $filter.")
        variable, condition = match.groups()
        offices = set(re.findall(rf"\b{variable}\s+eq\s+([0-9a-fA-F-]{{36}})", condition))
        if not offices:
            return _odata_error("The query specified in the URI is not valid. Syntax error in $filter.")
    order = request.arg("$orderby", "PublicationDateAndTime desc").strip()
    if order not in ("PublicationDateAndTime desc", "PublicationDateAndTime asc", "PublicationDateAndTime"):
        return _odata_error(f"The query specified in the URI is not valid. Could not find a property named '{order.split()[0]}'.")
    top, skip = request.arg("$top", str(DEFAULT_TOP)), request.arg("$skip", "0")
    if not (top.isdigit() and skip.isdigit()) or int(top) > MAX_TOP:
        return _odata_error(f"The limit of '{MAX_TOP}' for Top query has been exceeded or $top/$skip is not a number.")
    select = [f.strip() for f in request.arg("$select", ",".join(FIELDS)).split(",") if f.strip()]
    unknown = [f for f in select if f not in FIELDS]
    if unknown:
        return _odata_error(f"The query specified in the URI is not valid. Could not find a property named '{unknown[0]}' on type 'Telerik.Sitefinity.DynamicTypes.Model.News.NewsItem'.")
    chosen = [i for i in _newest(items, culture, None) if offices is None or i.data["office"] in offices]
    if order != "PublicationDateAndTime desc":
        chosen.reverse()
    page = chosen[int(skip):int(skip) + int(top)]
    answer: dict = {"@odata.context": f"{ORIGIN}/api/news/$metadata#newsitems({','.join(select)})"}
    if request.arg("$count") == "true":
        answer["@odata.count"] = len(chosen)
    answer["value"] = [{field: _field(item, field) for field in select} for item in page]
    newest = max([i.modified for i in items] + [request.state.last_change])
    return as_json(answer, last_modified=newest)


def _field(item: Item, field: str) -> object:
    data = item.data
    return {
        "Id": str(_uuid(item.url)),
        "Title": item.title,
        "UrlName": data["name"],
        "ItemDefaultUrl": f"/news/item/{data['name']}",
        "PublicationDateAndTime": data["moment"].astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "FormatedDate": _date_line(item),
        "NewsType": _news_type(item),
        "Summary": data["summary"],
        "PublishingOffices": [data["office"]],
    }[field]


def _uuid(url: str) -> str:
    digest = hashlib.md5(url.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
