"""www.gov.kz — the single portal of Kazakh state bodies: a React app over a JSON API.

Every /memleket/… page is the same SPA shell; the article comes from
/api/v1/public/content-manager/news[/<id>], which answers 400 ``notAllowed`` until the client
has POSTed /api/v1/public/_/c/k6 for a cookie ticket (switchable).  Entities ("projects")
are data, so a second one (almaty-densaulyk) shares the API and tests the filter.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone

from .. import files
from ..model import Item
from ..sitebase import SiteFiles, paginate
from ..state import Added
from ..web import Request, Response, as_json, html, not_found, text

SOURCE_ID = "kz_zhambyl_health"
HOSTS = ("www.gov.kz", "gov.kz")
ORIGIN = "https://www.gov.kz"
API = "/api/v1/public/content-manager/news"
TICKET_PATH = "/api/v1/public/_/c/k6"
TICKET_COOKIE = "_c_k6"
LANGS = ("kk", "ru")
SITE = SiteFiles(SOURCE_ID)
SITE_DATE = datetime(2025, 11, 20, tzinfo=timezone.utc)
BUNDLE = (SITE.folder / "main.js").read_text(encoding="utf-8")
BUNDLE_PATH = f"/static/js/main.{hashlib.sha1(BUNDLE.encode()).hexdigest()[:8]}.js"
DETAILS = re.compile(r"^/memleket/entities/([a-z0-9-]+)/press/news/details/(\d+)/?$")


def almaty_offset(local: str) -> str:
    """Kazakhstan went to UTC+5 on 2024-03-01; Zhambyl was UTC+6 before."""
    return "+05:00" if local >= "2024-03-01" else "+06:00"


def details_url(project: str, news_id: int, lang: str) -> str:
    return f"{ORIGIN}/memleket/entities/{project}/press/news/details/{news_id}?lang={lang}"


def _items() -> tuple[Item, ...]:
    content = SITE.content
    items = []
    for entry in content["news"]:
        project = entry["project"]
        for lang in LANGS:
            if lang not in entry:
                continue
            version = entry[lang]
            local = entry["created_date"]
            published = local + almaty_offset(local)
            items.append(Item(
                source_id=SOURCE_ID if project == content["primary"] else f"gov.kz:{project}",
                url=details_url(project, entry["id"], lang), lang=lang, title=version["title"],
                body_html=version["body"], published_at=published,
                seed_text=SITE.seed_body(entry, 4) if lang == "kk" else None,
                modified=datetime.fromisoformat(published).astimezone(timezone.utc),
                data={"id": entry["id"], "project": project, "created_date": local, "slug": version["slug"],
                      "short_description": version["short_description"], "heropic": entry["heropic"],
                      "directions": [{"id": content["directions"][d]["id"], "name": content["directions"][d][lang]}
                                     for d in entry["directions"]]},
            ))
    return tuple(items)


ITEMS = _items()


def _added(page: Added) -> Item:
    match = DETAILS.match(page.url.split(ORIGIN, 1)[-1].split("?", 1)[0])
    project, news_id = (match.group(1), int(match.group(2))) if match else (SITE.content["primary"], 2000000)
    lang = page.lang or ("ru" if "lang=ru" in page.url else "kk")
    local = (page.published_at or page.at.astimezone(timezone.utc).isoformat())[:19]
    return Item(SOURCE_ID, details_url(project, news_id, lang), lang, page.title, page.body_html,
                local + almaty_offset(local), modified=page.at,
                data={"id": news_id, "project": project, "created_date": local, "slug": f"news-{news_id}",
                      "short_description": "", "heropic": "", "directions": []})


def listing_urls() -> list[str]:
    primary = SITE.content["primary"]
    return [f"{ORIGIN}/memleket/entities/{primary}/press/news?lang={lang}" for lang in LANGS]


def route(request: Request) -> Response:
    path = request.path
    if path == "/robots.txt":
        return text("User-agent: *\nDisallow: /cabinet/\nDisallow: /admin/\n", "text/plain; charset=utf-8", SITE_DATE)
    if path == BUNDLE_PATH:
        return text(BUNDLE, "application/javascript; charset=utf-8", SITE_DATE)
    if path.startswith("/uploads/"):
        rendered = files.render(path)
        return Response(200, rendered[1], {"Content-Type": rendered[0]}, SITE_DATE) if rendered else not_found()
    if path == TICKET_PATH:
        return _ticket(request)
    if path == API or path.startswith(API + "/"):
        if not request.state.valid_ticket(request.cookies.get(TICKET_COOKIE)):
            return as_json({"message": "notAllowed"}, 400)
        items = request.state.live(ITEMS, HOSTS, _added)
        return _news_list(request, items) if path.rstrip("/") == API else _news_item(request, items, path)
    if path.startswith("/memleket/"):
        return _shell(request)
    return not_found()


def _shell(request: Request) -> Response:
    """The SPA shell; 404 for a details id that does not exist (the shell still renders)."""
    lang = _lang(request)
    page = SITE.render("shell.html.j2", lang=lang, bundle=BUNDLE_PATH)
    match = DETAILS.match(request.path)
    if match:
        items = request.state.live(ITEMS, HOSTS, _added)
        if not any(i.data["id"] == int(match.group(2)) and i.lang == lang for i in items):
            return html(page, None, 404)
    return html(page, SITE_DATE)


def _ticket(request: Request) -> Response:
    if request.method != "POST":
        return as_json({"message": "methodNotAllowed"}, 405)
    ticket = request.state.issue_ticket()
    response = as_json({"status": "ok"})
    response.headers["Set-Cookie"] = f"{TICKET_COOKIE}={ticket}; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax"
    return response


def _lang(request: Request) -> str:
    """?lang= wins; otherwise the first kk/ru tag of Accept-Language; kk by default."""
    lang = request.arg("lang")
    if lang in LANGS:
        return lang
    for tag in request.headers.get("accept-language", "").split(","):
        code = tag.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return "kk"


def _project_filter(raw: str | None):
    if not raw:
        return lambda project: True
    op, _, value = raw.partition(":") if ":" in raw else ("eq", "", raw)
    if op == "contains":
        return lambda project: value in project
    return lambda project: project == value


def _news_list(request: Request, items: list[Item]) -> Response:
    lang = _lang(request)
    page, size = request.int_arg("page", 1), request.int_arg("size", 10)
    if page is None or size is None:
        return as_json({"message": "badRequest"}, 400)
    wanted = _project_filter(request.arg("projects"))
    chosen = [i for i in items if i.lang == lang and wanted(i.data["project"])]
    since = request.arg("created_date")
    if since:
        op, _, value = since.partition(":")
        if op != "gt" or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value):
            return as_json({"timestamp": "2025-11-26T08:00:00.000+00:00", "status": 500, "error": "Internal Server Error", "path": API}, 500)
        chosen = [i for i in chosen if i.data["created_date"] > value]
    descending = (request.arg("sort-by") or "created_date:DESC").upper().endswith(":DESC")
    chosen.sort(key=lambda i: (i.data["created_date"], i.data["id"]), reverse=descending)
    entries, _ = paginate(chosen, page, size)
    return as_json([_as_api(i) for i in entries], last_modified=max([SITE_DATE, request.state.last_change]))


def _news_item(request: Request, items: list[Item], path: str) -> Response:
    raw_id = path.removeprefix(API + "/").strip("/")
    lang = _lang(request)
    for item in items:
        if str(item.data["id"]) == raw_id and item.lang == lang:
            return as_json(_as_api(item), last_modified=item.modified)
    return as_json({"message": "notFound"}, 404)


def _as_api(item: Item) -> dict:
    data = item.data
    return {"id": data["id"], "title": item.title, "body": item.body_html, "created_date": data["created_date"],
            "slug": data["slug"], "short_description": data["short_description"], "heropic": data["heropic"],
            "projects": data["project"], "directions": data["directions"], "lang": item.lang}
