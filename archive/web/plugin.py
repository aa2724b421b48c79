"""Datasette hooks: SQL functions for stemmed search, highlighted cells, the record page, the
archived-copy route, the table page's kind facet and feed link, and the public-mode guard."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from datasette.utils import path_with_replaced_args, tilde_encode
from datasette.utils.asgi import NotFound, Request, Response, asgi_static
from markupsafe import Markup, escape

from archive.search import MARK_END, MARK_START, highlight, stem_query
from archive.stemming import warm_up
from archive.web.attachments import ROUTE as ATTACHMENT_ROUTE
from archive.web.attachments import PATH as ATTACHMENT_PATH
from archive.web.attachments import serve_attachment
from archive.web.capture import HEADERS, CaptureMissing, capture_body
from archive.web.capture_view import CaptureFrame
from archive.web.downloads import ROUTE as DOWNLOADS_ROUTE
from archive.web.downloads import latest_dump, serve_download
from archive.web.i18n import interface, language_cookie, load_all, request_language
from archive.web.errors import error_response, is_datasette_default
from archive.web.public import public_guard
from archive.web.record import record_context
from archive.web.routes import SEARCH_PATH, changes, home_countries, search
from archive.web.selection import feed_href, kind_facet
from archive.web.table_columns import all_columns_href, default_columns

if TYPE_CHECKING:
    from datasette.app import Datasette

STATIC = Path(__file__).resolve().parent / "static"
STATIC_PATH = "/-/health-archive"
TABLE = "announcements"
CAPTURE_PATH = "/-/capture"
SEARCH_LANGUAGES = (("uk", "українська"), ("ru", "русский"), ("kk", "қазақша"), ("ky", "кыргызча"),
                    ("ka", "ქართული"), ("hy", "հայերեն"), ("az", "azərbaycanca"), ("uz", "oʻzbekcha"),
                    ("ro", "română"), ("en", "English"))


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """stem_query(q[, lang]) builds the MATCH expression for `announcements_stems`;
    stem_highlight(text, q, lang[, window]) marks matching words in the real text."""
    conn.create_function("stem_query", 1, stem_query, deterministic=True)
    conn.create_function("stem_query", 2, stem_query, deterministic=True)
    conn.create_function("stem_highlight", 3, highlight, deterministic=True)
    conn.create_function("stem_highlight", 4, highlight, deterministic=True)


@hookimpl
def startup(datasette: Datasette) -> Any:
    """Load the lemmatiser's dictionaries before the first reader waits for them: those of
    every query and of the languages the archive's publishers write in."""

    async def load() -> None:
        load_all()
        languages: set[str] = set()
        for database in datasette.databases.values():
            if "sources" in await database.table_names():
                rows = await database.execute("SELECT DISTINCT value FROM sources, json_each(sources.languages)")
                languages.update(row[0] for row in rows if isinstance(row[0], str))
        await asyncio.to_thread(warm_up, languages)

    return load


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Datasette) -> Markup | None:
    """Highlight marks become <mark> (after escaping); `record` and titles link to the record."""
    if not isinstance(value, str):
        return None
    if column == "record":
        return Markup('<a href="{}">{}</a>').format(_record_path(datasette, database, value), value)
    if column == "title" and table is None and "record" in row.keys():
        href = _record_path(datasette, database, row["record"])
        return Markup('<a href="{}">{}</a>').format(href, _marked(value))
    return _marked(value) if MARK_START in value else None


@hookimpl
def extra_template_vars(database: str | None, table: str | None, view_name: str,
                        request: Request | None, datasette: Datasette) -> Any:
    """The search box on every page; record-page data on an announcement's row page; the kind
    facet and the selection's feed link on the announcements table page."""

    async def variables() -> dict[str, Any]:
        found = _archive(datasette)
        if found is None:
            return {}
        archive = found.name
        database_path = datasette.urls.database(archive)
        ui = interface(request_language(request)) if request is not None else interface("en")
        switcher = ui.switcher(lambda lang: path_with_replaced_args(request, {"hl": lang})
                               ) if request is not None else []
        common = {"archive_path": database_path, "search_action": datasette.urls.path(SEARCH_PATH),
                  "exact_action": f"{database_path}/exact", "search_languages": SEARCH_LANGUAGES,
                  **ui.template_vars(), "ui_switcher": switcher}
        if view_name == "index":
            return {**common, "latest_dump": latest_dump(datasette.static_mounts),
                    "home_countries": await home_countries(datasette, found, ui)}
        if request is None or database != archive:
            return common
        db = datasette.get_database(database)
        if view_name == "row" and table == TABLE:
            pk = request.url_vars.get("pks", "")
            page_url = f"{request.scheme}://{request.host}{request.path}"
            return {**common, **await record_context(db, pk, datasette.urls.path(CAPTURE_PATH),
                                                     ui, page_url,
                                                     datasette.urls.path(ATTACHMENT_PATH))}
        if view_name == "table" and table == TABLE:
            kinds, kind = await kind_facet(db, request)
            return {**common, "kind_facet": kinds, "all_columns_href": all_columns_href(request),
                    "feed_href": feed_href(database_path, request, kind)}
        return {**common, "feed_href": feed_href(database_path, request, request.args.get("kind", ""))}

    return variables


@hookimpl
def extra_css_urls(datasette: Datasette) -> list[str]:
    return [datasette.urls.path(f"{STATIC_PATH}/archive.css")]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    # Datasette finds a plugin's static/ only when the entry point is a package; ours is a module.
    return [
        (CAPTURE_PATH + r"/(?P<announcement>[0-9a-f]{16})(/(?P<version>\d+))?$", capture),
        (ATTACHMENT_ROUTE, attachment),
        (r"^/search(?P<format>\.atom)?$", search),
        (r"^/changes\.atom$", changes),
        (DOWNLOADS_ROUTE, serve_download),  # before the static mount: never a hidden path
        (STATIC_PATH + r"/(?P<path>[a-z0-9_.-]+)$", asgi_static(STATIC)),
    ]


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Any:
    return lambda app: public_guard(language_cookie(default_columns(app, lambda: _table_path(datasette))),
                                    datasette)


@hookimpl(wrapper=True)
def handle_exception(datasette: Datasette, request: Request, exception: Exception) -> Any:
    """Other plugins' answers first, then ours in place of Datasette's traceback printer."""
    answers = yield
    return [a for a in answers if not is_datasette_default(a)] + [
        error_response(datasette, request, exception)]


async def capture(datasette: Datasette, request: Request) -> Response:
    """The archived copy of an announcement (or of one of its versions)."""
    db = _archive(datasette)
    if db is None:
        raise NotFound("No archive database")
    key, version = request.url_vars["announcement"], request.url_vars.get("version")
    # The capture, when it was made (the version it produced), and whose it is.
    rows = (await db.execute(
        "SELECT v.capture, v.fetched_at, a.url, a.canonical_url, a.language FROM versions v "
        "JOIN announcements a ON a.id = v.announcement_id WHERE v.announcement_id = ? AND "
        + ("v.version = ?" if version else "v.capture = a.capture ORDER BY v.version DESC LIMIT 1"),
        [key, int(version)] if version else [key])).rows
    if not rows or not rows[0][0]:
        raise NotFound("No archived copy for this announcement")
    capture_ref, captured_at, url, canonical_url, language = rows[0]
    raw = request.args.get("format") == "text"
    raw_href = f"{request.path}?format=text"
    frame = CaptureFrame(ui=interface(request_language(request)), captured_at=captured_at,
                         record_href=_record_path(datasette, db.name, key), raw_href=raw_href,
                         item_urls=(url, canonical_url), lang=language or "")
    try:
        content_type, body = await capture_body(
            Path(db.path).parent / "warc", capture_ref, raw=raw, raw_href=raw_href, frame=frame)
    except CaptureMissing as exc:
        raise NotFound(f"Archived copy unavailable: {exc}") from None
    return Response(body, content_type=content_type, headers=dict(HEADERS))


async def attachment(datasette: Datasette, request: Request) -> Response:
    """An archived attachment's original bytes, by SHA-256 (archive/web/attachments.py)."""
    db = _archive(datasette)
    if db is None:
        raise NotFound("No archive database")
    return await serve_attachment(db, request)


def _archive(datasette: Datasette) -> Any:
    """The database holding the archive: the first file-backed one (None when serving none)."""
    return next((db for db in datasette.databases.values() if db.path), None)


def _table_path(datasette: Datasette) -> str | None:
    """The announcements table page's path (None when serving no archive)."""
    found = _archive(datasette)
    return datasette.urls.table(found.name, TABLE) if found is not None else None


def _record_path(datasette: Datasette, database: str, key: str) -> str:
    return datasette.urls.table(database, TABLE) + "/" + tilde_encode(key)


def _marked(value: str) -> Markup:
    return Markup(str(escape(value)).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))
