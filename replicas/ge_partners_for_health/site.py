"""pfh.org.ge — Partners for Health (Georgia): an old hand-made PHP brochure site.

No dates, no feed, no sitemap: the spider finds pages through the menu and the projects
list.  Language is a query parameter (?lang=ge|en) — ``ge`` is not an ISO code, and the
same page answers with and without it, so records must be canonicalised.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..model import Item
from ..sitebase import SiteFiles
from ..state import Added
from ..web import Request, Response, html, not_found, redirect, text

SOURCE_ID = "ge_partners_for_health"
HOSTS = ("pfh.org.ge", "www.pfh.org.ge")
ORIGIN = "http://pfh.org.ge"
SITE = SiteFiles(SOURCE_ID)
SITE_DATE = datetime(2013, 5, 14, 9, 12, tzinfo=timezone.utc)
ISO = {"ge": "ka", "en": "en"}
CODE = {"ka": "ge", "en": "en"}
DEFAULT_LANG = {"/index.php": "ge", "/": "ge"}  # other sections default to English, like /history/


def canonical_path(path: str, site_lang: str) -> str:
    """The one URL a page is recorded under (English /history/ carries no parameter)."""
    if path in ("/", "/index.php"):
        return f"/index.php?lang={site_lang}"
    if path == "/history/" and site_lang == "en":
        return "/history/"
    return f"{path}?lang={site_lang}"


def _items() -> tuple[Item, ...]:
    content = SITE.content
    items = []
    for entry in content["pages"]:
        items.append(_item(entry["path"], entry["lang"], entry["title"], entry["body"], "page",
                           SITE.seed_body(entry, 2)))
    for project in content["projects"]:
        for lang in ("ka", "en"):
            version = project[lang]
            items.append(_item(f"/projects/{project['slug']}/?lang={CODE[lang]}", lang, [version["title"]],
                               version["body"], "page", None))
    for lang in ("ka", "en"):
        version = content["contact"][lang]
        items.append(_item(f"/contact/?lang={CODE[lang]}", lang, [version["title"]], version["body"], "static", None))
    return tuple(items)


def _item(path: str, lang: str, title_lines: list[str], body: str, kind: str, seed: str | None) -> Item:
    return Item(SOURCE_ID, ORIGIN + path, lang, " ".join(title_lines), body, None, kind=kind, seed_text=seed,
                modified=SITE_DATE, data={"title_lines": title_lines})


ITEMS = _items()


def _added(page: Added) -> Item:
    lang = page.lang or ("en" if "lang=en" in page.url else "ka")
    return Item(SOURCE_ID, page.url, lang, page.title, page.body_html, None, kind="page", modified=page.at,
                data={"title_lines": [page.title]})


def projects(items: list[Item], lang: str) -> list[Item]:
    return [i for i in items if i.path.startswith("/projects/") and i.lang == lang]


def listing_urls() -> list[str]:
    return [f"{ORIGIN}/projects/?lang=ge", f"{ORIGIN}/projects/?lang=en"]


def route(request: Request) -> Response:
    path = request.path
    if path == "/robots.txt":
        return text("User-agent: *\nDisallow: /admin/\nDisallow: /cgi-bin/\n", "text/plain; charset=utf-8", SITE_DATE)
    site_lang = request.arg("lang") or DEFAULT_LANG.get(path, "en")
    if path == "/" and request.arg("lang") is None:
        return redirect("/index.php?lang=ge", 302)
    if site_lang not in ISO:
        return _not_found()
    lang = ISO[site_lang]
    items = request.state.live(ITEMS, HOSTS, _added)
    newest = max([i.modified for i in items] + [request.state.last_change])
    if path == "/projects/":
        return _render("projects.html.j2", lang, newest, path, entries=projects(items, lang))
    if not path.endswith("/") and path not in ("/index.php",):
        return redirect(path + "/" + (f"?lang={site_lang}" if request.arg("lang") else ""), 301)
    target = canonical_path(path, site_lang)
    for item in items:
        if item.path == target:
            return _render("page.html.j2", lang, item.modified, path, item=item)
    return _not_found()


def _render(template: str, lang: str, modified: datetime, path: str, **context) -> Response:
    switch = {code: f"{'/index.php' if path == '/' else path}?lang={code}" for code in ("ge", "en")}
    return html(SITE.render(template, lang=lang, code=CODE[lang], switch=switch, **context), modified)


def _not_found() -> Response:
    return not_found(SITE.render("404.html.j2", lang="ka", code="ge",
                                 switch={"ge": "/index.php?lang=ge", "en": "/index.php?lang=en"}))
