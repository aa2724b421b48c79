"""The pages of the archive's own: the search page and its feed (`/search`, `/search.atom`) and
the feed of edits and removals (`/changes.atom`). Each speaks the visitor's language
(archive.web.i18n) and shows no SQL: an interrupted query becomes a sentence asking for a
narrower search.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Request, Response
from markupsafe import Markup, escape

from archive.places import gazetteer
from archive.search import MARK_END, MARK_START
from archive.topics import vocabulary
from archive.web.feeds import atom_document, change_entries, feed_content_type, search_entries
from archive.web.i18n import N_, Interface, interface, request_language
from archive.web.search_page import (FACETS, PAGE_SIZE, SORTS, Results, SearchState,
                                     run_search, sources_by_id)

if TYPE_CHECKING:
    from datasette.app import Datasette

SEARCH_PATH = "/search"
CHANGES_PATH = "/changes"
TABLE = "announcements"


def archive_db(datasette: Datasette) -> Any:
    """The database holding the archive: the first file-backed one (None when serving none)."""
    return next((db for db in datasette.databases.values() if db.path), None)


def record_href(datasette: Datasette, database: str, key: str) -> str:
    return datasette.urls.table(database, TABLE) + "/" + tilde_encode(key)


async def home_countries(datasette: Datasette, db: Any, ui: Interface) -> list[dict[str, str]]:
    """The countries the archive has publishers in, named in the interface's language, each
    linking to its newest announcements (whose page links its feed)."""
    codes = [r[0] for r in (await db.execute("SELECT DISTINCT country FROM sources")).rows]
    path = datasette.urls.path(SEARCH_PATH)
    countries = [{"name": ui.country(code), "href": SearchState(country=code).href(path)}
                 for code in codes]
    return sorted(countries, key=lambda c: c["name"])


def marked(value: str | None) -> Markup:
    """Escaped text whose highlight marks become <mark>."""
    return Markup(str(escape(value or "")).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _time_limit(datasette: Datasette) -> int:
    return int(datasette.setting("sql_time_limit_ms"))


def _absolute(request: Request, path: str) -> str:
    return f"{request.scheme}://{request.host}{path}"


def _asked(datasette: Datasette, request: Request) -> tuple[Any, Interface, SearchState]:
    """The archive, the reader's language and the search the address asks for: what the
    search page and both feeds start from (no archive served: 404)."""
    db = archive_db(datasette)
    if db is None:
        raise NotFound("No archive database")
    return db, interface(request_language(request)), SearchState.from_args(request.args)


async def search(datasette: Datasette, request: Request) -> Response:
    """The search page, or with `.atom` its feed."""
    db, ui, state = _asked(datasette, request)
    path = datasette.urls.path(SEARCH_PATH)
    if request.url_vars.get("format"):
        return await _search_feed(datasette, request, db, state, ui, await sources_by_id(db), path)
    results, sources = await run_search(db, state, _time_limit(datasette))
    context = {
        **ui.template_vars(),
        "state": state,
        "results": results,
        "search_path": path,
        "title": search_title(state, ui, sources),
        "total_text": _total_text(results, ui),
        "facets": _facets(state, results, ui, sources, path),
        "chips": _chips(state, ui, sources, path),
        "sorts": [{"name": s, "label": ui.gettext(SORT_LABELS[s]), "href": state.href(path, sort=s),
                   "current": s == state.order} for s in SORTS if state.q or s != "relevance"],
        "hits": [_hit(datasette, db.name, hit, ui, sources) for hit in results.hits],
        "pager": _pager(state, results, path, ui),
        "feed_href": _feed_href(state, path, ui),
        "marked": marked,
    }
    return Response.html(await datasette.render_template(
        "search.html", context, request=request, view_name="search"))


SUBSCRIBE_HINT = N_("To subscribe, copy this page's address into a feed reader.")
SORT_LABELS = {"relevance": N_("Most relevant"), "newest": N_("Newest first"),
               "oldest": N_("Oldest first")}
FACET_TITLES = {"country": N_("Country"), "source": N_("Publisher"), "kind": N_("Kind of publisher"),
                "language": N_("Language of the text"), "topic": N_("Topic"), "place": N_("Region"),
                "year": N_("Year")}
KIND_LABELS = {"ministry": N_("Ministry"), "agency": N_("Public-health agency"),
               "regional": N_("Regional health department"),
               "intl": N_("International organisation"), "ngo": N_("NGO")}


def kind_label(ui: Interface, kind: str) -> str:
    return ui.gettext(KIND_LABELS.get(kind, kind))


def _label(ui: Interface, facet: str, value: str, sources: dict[str, dict[str, Any]]) -> str:
    if facet == "country":
        return ui.country(value)
    if facet == "source":
        return ui.publisher(sources.get(value, {"name": value}))
    if facet == "kind":
        return kind_label(ui, value)
    if facet == "language":
        return ui.language(value)
    if facet in ("topic", "place"):
        return concept_label(ui, facet, value)
    return value


def concept_label(ui: Interface, facet: str, concept: str) -> str:
    """A topic or place as the interface's language names it (archive/vocabulary)."""
    return (vocabulary() if facet == "topic" else gazetteer()).label(concept, ui.lang)


def search_title(state: SearchState, ui: Interface, sources: dict[str, dict[str, Any]]) -> str:
    """The query and filters in words: the page's and the feed's title."""
    parts = [f"«{state.q}»"] if state.q else []
    for facet, value in (("country", state.country), ("source", state.source),
                         ("kind", state.kind), ("language", state.language),
                         ("topic", state.topic), ("place", state.place)):
        if value:
            parts.append(_label(ui, facet, value, sources))
    if state.date_from or state.date_to:
        parts.append(f"{ui.date(state.date_from, 'medium')} – {ui.date(state.date_to, 'medium')}".strip())
    name = ui.gettext("Health announcements archive")
    return f"{' · '.join(parts)} — {name}" if parts else name


def _total_text(results: Results, ui: Interface) -> str:
    if results.capped:
        return ui.gettext("More than {n} announcements", n=ui.number(results.cap))
    return ui.ngettext("{n} announcement", "{n} announcements", results.total)


def _facets(state: SearchState, results: Results, ui: Interface,
            sources: dict[str, dict[str, Any]], path: str) -> list[dict[str, Any]]:
    """Each facet's values with counts and the link that applies (or removes) each."""
    facets = []
    for facet in FACETS:
        items = []
        for value, count in results.facets.get(facet, []):
            if facet == "year":
                selected = False
                href = state.href(path, date_from=f"{value}-01-01", date_to=f"{value}-12-31")
            else:
                selected = getattr(state, facet) == value
                href = state.href(path, **{facet: "" if selected else value})
            items.append({"label": _label(ui, facet, value, sources), "count": ui.number(count),
                          "href": href, "selected": selected})
        if items:
            facets.append({"name": facet, "title": ui.gettext(FACET_TITLES[facet]), "values": items})
    return facets


def _chips(state: SearchState, ui: Interface, sources: dict[str, dict[str, Any]],
           path: str) -> list[dict[str, str]]:
    """The filters in force, each with the link that removes it."""
    chips = []
    for facet in ("country", "source", "kind", "language", "topic", "place"):
        value = getattr(state, facet)
        if value:
            chips.append({"label": f"{ui.gettext(FACET_TITLES[facet])}: {_label(ui, facet, value, sources)}",
                          "href": state.href(path, **{facet: ""})})
    if state.date_from:
        chips.append({"label": ui.gettext("From {date}", date=ui.date(state.date_from)),
                      "href": state.href(path, date_from="")})
    if state.date_to:
        chips.append({"label": ui.gettext("To {date}", date=ui.date(state.date_to)),
                      "href": state.href(path, date_to="")})
    return chips


def _hit(datasette: Datasette, database: str, hit: dict[str, Any], ui: Interface,
         sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "href": record_href(datasette, database, hit["id"]),
        "title": marked(hit["title"] or ui.gettext("(untitled)")),
        "snippet": marked(hit["snippet"]),
        "date": ui.date(hit["published_at"]) or ui.gettext("date unknown"),
        "publisher": ui.publisher(sources.get(hit["source_id"], {"name": hit["source_id"]})),
        "country": ui.country(hit["country"]),
        "language": ui.language(hit["language"]),
        "text_lang": hit["language"] or "",
        "removed": hit["status"] == "removed",
    }


def _pager(state: SearchState, results: Results, path: str, ui: Interface) -> dict[str, Any]:
    last = results.pages if not results.capped else max(results.pages, state.page + 1)
    return {
        "page": ui.number(state.page),
        "of": ui.gettext("Page {page} of {pages}", page=ui.number(state.page),
                         pages=ui.number(results.pages)) if not results.capped
        else ui.gettext("Page {page}", page=ui.number(state.page)),
        "previous": state.href(path, page=state.page - 1) if state.page > 1 else None,
        "next": (state.href(path, page=state.page + 1)
                 if state.page < last and len(results.hits) == PAGE_SIZE else None),
    }


def _feed_href(state: SearchState, path: str, ui: Interface) -> str:
    """The feed of this search: the same filters (page and sort do not apply), in the
    language the subscriber reads the page in."""
    feed_state = SearchState(q=state.q, date_from=state.date_from, date_to=state.date_to,
                             country=state.country, source=state.source, kind=state.kind,
                             language=state.language, topic=state.topic, place=state.place)
    href = feed_state.href(path + ".atom")
    return href + ("&" if "?" in href else "?") + f"hl={ui.lang}"


async def _search_feed(datasette: Datasette, request: Request, db: Any, state: SearchState,
                       ui: Interface, sources: dict[str, dict[str, Any]], path: str) -> Response:
    entries = await search_entries(
        db, state, ui, sources, lambda key: _absolute(request, record_href(datasette, db.name, key)),
        _time_limit(datasette))
    page = state.href(path, page=1)
    body = atom_document(
        feed_id=_absolute(request, page), title=search_title(state, ui, sources),
        self_href=_absolute(request, request.full_path), page_href=_absolute(request, page),
        lang=ui.lang, entries=entries,
        subtitle=ui.gettext("New announcements matching this search, newest archived first.")
        + " " + ui.gettext(SUBSCRIBE_HINT))
    return Response(body, content_type=feed_content_type(request.headers.get("accept")))


async def changes(datasette: Datasette, request: Request) -> Response:
    """The feed of edits and removals (optionally of one country or publisher)."""
    db, ui, state = _asked(datasette, request)
    sources = await sources_by_id(db)
    entries = await change_entries(
        db, state, ui, sources, lambda key: _absolute(request, record_href(datasette, db.name, key)),
        _time_limit(datasette))
    scope = search_title(SearchState(country=state.country, source=state.source), ui, sources)
    title = ui.gettext("Edits and removals") + ("" if not (state.country or state.source)
                                                 else " · " + scope.split(" — ")[0])
    body = atom_document(
        feed_id=_absolute(request, datasette.urls.path(CHANGES_PATH + ".atom")), title=title,
        self_href=_absolute(request, request.full_path),
        page_href=_absolute(request, datasette.urls.path(SEARCH_PATH)), lang=ui.lang,
        entries=entries,
        subtitle=ui.gettext("What publishers changed or took down, newest first.")
        + " " + ui.gettext(SUBSCRIBE_HINT))
    return Response(body, content_type=feed_content_type(request.headers.get("accept")))
