"""The announcements table page's extras: a `kind` facet and the Atom feed of the selection.

`kind` lives in `sources`, and Datasette facets only a table's own columns. Rather than a view
or a copied column, the page offers one link per kind that filters `source_id__in=` that kind's
sources: an ordinary Datasette filter, so it combines with every other facet, paginates, and
exports like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils import path_with_removed_args, path_with_replaced_args
from datasette.utils.asgi import Request

if TYPE_CHECKING:
    from datasette.database import Database as DatasetteDatabase

# Feed parameter <- the table page's query-string arguments that carry it.
FEED_FILTERS = {
    "country": ("country", "country__exact"),
    "source": ("source_id", "source_id__exact"),
    "language": ("language", "language__exact"),
    "q": ("_search", "q"),
    "lang": ("lang",),
}


async def kind_facet(db: DatasetteDatabase, request: Request) -> tuple[list[dict[str, Any]], str]:
    """One entry per kind of source (label, toggle link, selected), and the selected kind."""
    rows = (await db.execute(
        "SELECT kind, group_concat(id, ',') AS ids, count(*) AS sources "
        "FROM (SELECT kind, id FROM sources ORDER BY id) GROUP BY kind ORDER BY kind")).rows
    chosen = request.args.get("source_id__in")
    facet, selected = [], ""
    for kind, ids, sources in rows:
        active = chosen == ids
        selected = kind if active else selected
        toggle = (path_with_removed_args(request, {"source_id__in": ids}) if active
                  else path_with_replaced_args(request, {"source_id__in": ids, "_next": None}))
        facet.append({"kind": kind, "sources": sources, "href": toggle, "selected": active})
    return facet, selected


def feed_href(database_path: str, request: Request, kind: str = "") -> str:
    """The Atom feed (canned query `feed`) for what the page currently shows."""
    params = {"kind": kind} if kind else {}
    for name, arguments in FEED_FILTERS.items():
        value = next((request.args[a] for a in arguments if request.args.get(a)), "")
        if value:
            params[name] = value
    return f"{database_path}/feed.atom" + (f"?{urlencode(params)}" if params else "")
