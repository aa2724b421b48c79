"""The search page (`/search`): one query box, filters, facet counts, a total, paging, three
sorts, highlighted snippets; every state a plain URL, and the same URL with `.atom` its feed.

Cost is bounded whatever the query. A search reads its matches newest-archived first (FTS5
walks a doclist backwards by rowid for free), with the filters applied, and stops after
COUNT_CAP: the total, the facet counts, the order (by relevance or by date) and any page come
from those candidates, computed once in one statement. Below the cap everything is exact; at
the cap the page says "more than N" and that its counts and order are those of the N most
recently archived matches (hourly crawls archive in publication order, so "newest" holds; a
narrower search reaches older matches). Testing each announcement of the date index against
the query instead took seconds for a common word at a million announcements.
Without a query the candidates are the BROWSE_CAP newest (or oldest) by publication date,
read in order from the date index of the filter's country or publisher (migration 7). Every value
reaches SQLite as a bound parameter; the SQL is assembled only from the fixed fragments below.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils import sqlite_timelimit

from archive.search import stem_query
from archive.topics import topic_match

if TYPE_CHECKING:
    from datasette.database import Database as DatasetteDatabase

PAGE_SIZE = 20
COUNT_CAP = 5_000  # half the canned search's RANKED_MATCHES: the page also counts facets
# Without a query every announcement matches: the candidates are the newest (or oldest) by
# publication date, read from an index in order, and MAX_PAGE pages of them suffice.
BROWSE_CAP = 2_000
MAX_PAGE = 50  # deeper than 1,000 results: narrow the search instead
SORTS = ("relevance", "newest", "oldest")
KINDS = ("ministry", "agency", "regional", "intl", "ngo")
FACETS = ("country", "source", "kind", "language", "topic", "place", "year")
# The shape of each filter's value (ids of the registry and of the vocabularies, ISO codes).
_FILTERS = {name: re.compile(pattern) for name, pattern in (
    ("country", r"^[A-Za-z]{2}$"), ("source", r"^[a-z0-9_]{1,64}$"), ("language", r"^[a-z]{2,3}$"),
    ("topic", r"^[a-z0-9_]{1,64}$"), ("place", r"^[A-Za-z0-9_-]{1,64}$"))}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_Q = 500


@dataclass(frozen=True)
class SearchState:
    """What the visitor asked for, validated: anything unreadable is dropped, not an error."""

    q: str = ""
    date_from: str = ""
    date_to: str = ""
    country: str = ""
    source: str = ""
    kind: str = ""
    language: str = ""
    topic: str = ""  # a health topic's id (archive/vocabulary/topics.yaml)
    place: str = ""  # a place's id (archive/vocabulary/places.yaml)
    sort: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Any) -> SearchState:
        def pick(name: str) -> str:
            value = (args.get(name) or "").strip()
            return value if _FILTERS[name].match(value) else ""

        q = " ".join((args.get("q") or "").split())[:MAX_Q]
        sort = args.get("sort") if args.get("sort") in SORTS else ""
        try:
            page = min(MAX_PAGE, max(1, int(args.get("page") or 1)))
        except ValueError:
            page = 1
        return cls(q=q, date_from=_valid_day(args.get("from")), date_to=_valid_day(args.get("to")),
                   country=pick("country").upper(), source=pick("source"),
                   kind=args.get("kind") if args.get("kind") in KINDS else "",
                   language=pick("language"), topic=pick("topic"), place=pick("place"),
                   sort=sort, page=page)

    @property
    def order(self) -> str:
        """relevance for a query, newest without one, unless the visitor chose."""
        return self.sort or ("relevance" if self.q else "newest")

    def params(self) -> list[tuple[str, str]]:
        """The state as query-string pairs: defaults left out, so equal states share one URL."""
        pairs = [("q", self.q), ("from", self.date_from), ("to", self.date_to),
                 ("country", self.country), ("source", self.source), ("kind", self.kind),
                 ("language", self.language), ("topic", self.topic), ("place", self.place),
                 ("sort", self.sort),
                 ("page", str(self.page) if self.page > 1 else "")]
        return [(k, v) for k, v in pairs if v]

    def href(self, path: str, **changes: Any) -> str:
        """The URL of this state with `changes` (a filter change goes back to page 1)."""
        if "page" not in changes:
            changes["page"] = 1
        state = replace(self, **changes)
        query = urlencode(state.params())
        return path + (f"?{query}" if query else "")

    @property
    def filtered(self) -> bool:
        return any((self.date_from, self.date_to, self.country, self.source, self.kind,
                    self.language, self.topic, self.place))


@dataclass
class Results:
    """One page of results with the counts around it."""

    total: int = 0
    capped: bool = False
    cap: int = COUNT_CAP
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    hits: list[dict[str, Any]] = field(default_factory=list)
    interrupted: bool = False

    @property
    def pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // PAGE_SIZE)))


def _valid_day(value: str | None) -> str:
    value = (value or "").strip()
    if not _DAY.match(value):
        return ""
    try:
        date.fromisoformat(value)
    except ValueError:
        return ""
    return value


def filters(state: SearchState, table: str = "a") -> tuple[list[str], list[Any]]:
    """WHERE fragments and their parameters, over `table`: `announcements a`, or
    `_announcement_facets f` (migration 9), which has the same four columns."""
    where: list[str] = []
    params: list[Any] = []
    if state.date_from:
        where.append(f"{table}.published_at >= ?")
        params.append(state.date_from)
    if state.date_to:
        where.append(f"{table}.published_at < ?")
        params.append((date.fromisoformat(state.date_to) + timedelta(days=1)).isoformat())
    for column, value in (("country", state.country), ("source_id", state.source),
                          ("language", state.language)):
        if value:
            where.append(f"{table}.{column} = ?")
            params.append(value)
    if state.kind:
        where.append(f"{table}.source_id IN (SELECT id FROM sources WHERE kind = ?)")
        params.append(state.kind)
    # announcement_topics and _places are keyed by id; both tables know the rowid
    rowid = "announcement_rowid" if table == "f" else "rowid"
    for concepts, column, value in (("announcement_topics", "topic_id", state.topic),
                                    ("announcement_places", "place_id", state.place)):
        if value:
            where.append(f"{table}.{rowid} IN (SELECT t.rowid FROM announcements t WHERE t.id IN "
                         f"(SELECT announcement_id FROM {concepts} WHERE {column} = ?))")
            params.append(value)
    return where, params


_PAGE_ORDER = {
    "relevance": "score, r DESC",
    "newest": "published_at IS NULL, published_at DESC, r DESC",
    "oldest": "published_at IS NULL, published_at, r",
}


def rowid_bounds(conn: sqlite3.Connection, state: SearchState) -> tuple[int, int] | None:
    """For a search with a date range: the lowest and highest rowid of the announcements in
    it (of the chosen country or publisher), read from a date index alone. FTS5 then walks
    only that stretch of each doclist instead of every newer match (a common word in a range
    years back: 85 -> 51 ms at 1M). None without a date range."""
    if not (state.q and (state.date_from or state.date_to)):
        return None
    where, params = filters(SearchState(date_from=state.date_from, date_to=state.date_to,
                                        country=state.country, source=state.source))
    low, high = conn.execute(
        f"SELECT min(rowid), max(rowid) FROM announcements a WHERE {' AND '.join(where)}",
        params).fetchone()
    return (low, high) if low is not None else (1, 0)


def _candidates(state: SearchState, match: str,
                bounds: tuple[int, int] | None = None) -> tuple[str, list[Any]]:
    """The CTE body: at most COUNT_CAP + 1 matches, or BROWSE_CAP + 1 without a query."""
    if state.q:
        # CROSS JOIN keeps the index walk outside: newest-archived first, stopping at the cap;
        # each match's facets come from the narrow table, not from its row with the text.
        where, params = filters(state, "f")
        if bounds:
            where, params = ["st.rowid BETWEEN ? AND ?", *where], [*bounds, *params]
        conditions = " AND ".join(["announcements_stems MATCH ?", *where])
        return (f"SELECT f.announcement_rowid AS r, f.country, f.source_id, f.language, "
                f"f.published_at, st.rank AS score FROM announcements_stems st "
                f"CROSS JOIN _announcement_facets f ON f.announcement_rowid = st.rowid "
                f"WHERE {conditions} ORDER BY st.rowid DESC LIMIT ?",
                [match, *params, COUNT_CAP + 1])
    where, params = filters(state)
    direction = "ASC" if state.order == "oldest" else "DESC"
    conditions = " AND ".join(["a.published_at IS NOT NULL", *where])
    return (f"SELECT a.rowid AS r, a.country, a.source_id, a.language, a.published_at, "
            f"NULL AS score FROM announcements a WHERE {conditions} "
            f"ORDER BY a.published_at {direction} LIMIT ?", [*params, BROWSE_CAP + 1])


def _summary_sql(state: SearchState, match: str,
                 bounds: tuple[int, int] | None = None) -> tuple[str, list[Any]]:
    """One statement: the total, each facet's counts and the page's rowids, from the
    candidates computed once. Topics and regions (a place below country level: its id is
    longer than a country code) are read through each candidate's id, at most COUNT_CAP."""
    body, params = _candidates(state, match, bounds)
    offset = (state.page - 1) * PAGE_SIZE
    sql = f"""
        WITH matched AS MATERIALIZED ({body})
        SELECT 'total', NULL, count(*) FROM matched
        UNION ALL SELECT 'country', country, count(*) FROM matched GROUP BY country
        UNION ALL SELECT 'source', source_id, count(*) FROM matched GROUP BY source_id
        UNION ALL SELECT 'language', language, count(*) FROM matched GROUP BY language
        UNION ALL SELECT 'kind', s.kind, count(*) FROM matched JOIN sources s ON s.id = matched.source_id
            GROUP BY s.kind
        UNION ALL SELECT 'topic', t.topic_id, count(DISTINCT matched.r) FROM matched
            JOIN announcements a ON a.rowid = matched.r
            JOIN announcement_topics t ON t.announcement_id = a.id GROUP BY t.topic_id
        UNION ALL SELECT 'place', p.place_id, count(DISTINCT matched.r) FROM matched
            JOIN announcements a ON a.rowid = matched.r
            JOIN announcement_places p ON p.announcement_id = a.id
            WHERE length(p.place_id) > 2 GROUP BY p.place_id
        UNION ALL SELECT 'year', substr(published_at, 1, 4), count(*) FROM matched
            WHERE published_at IS NOT NULL GROUP BY 2
        UNION ALL SELECT 'page', json_group_array(r), NULL FROM (
            SELECT r FROM matched ORDER BY {_PAGE_ORDER[state.order]} LIMIT {PAGE_SIZE} OFFSET {offset})
    """
    return sql, params


_HITS_SQL = """
    SELECT a.id, stem_highlight(a.title, :q, a.language) AS title, a.published_at, a.source_id,
           a.country, a.language, a.status, a.version_count,
           stem_highlight(a.body_text, :q, a.language, 40) AS snippet
    FROM json_each(:rowids) j JOIN announcements a ON a.rowid = j.value
    ORDER BY j.key
"""


async def run_search(db: DatasetteDatabase, state: SearchState,
                     time_limit_ms: int) -> tuple[Results, dict[str, dict[str, Any]]]:
    """The results and every publisher (for their names), in one trip to a database thread
    under the time limit; a search the limit interrupts gives empty results, flagged."""
    return await db.execute_fn(lambda conn: _search(conn, state, time_limit_ms))


def _search(conn: sqlite3.Connection, state: SearchState,
            time_limit_ms: int) -> tuple[Results, dict[str, dict[str, Any]]]:
    # A query that names a health topic (корь, measles) also finds its terms in every language.
    match = (topic_match(state.q) or stem_query(state.q)) if state.q else ""
    results = Results(cap=COUNT_CAP if state.q else BROWSE_CAP)
    with sqlite_timelimit(conn, time_limit_ms):
        sources = _sources(conn.execute(SOURCES_SQL).fetchall())
        try:
            rows = conn.execute(*_summary_sql(state, match, rowid_bounds(conn, state))).fetchall()
            rowids = "[]"
            for part, name, count in rows:
                if part == "total":
                    results.total = min(count, results.cap)
                    results.capped = count > results.cap
                elif part == "page":
                    rowids = name
                elif name is not None:
                    results.facets.setdefault(part, []).append((name, count))
            hits = conn.execute(_HITS_SQL, {"q": state.q, "rowids": rowids}).fetchall()
        except sqlite3.OperationalError as exc:
            if exc.args != ("interrupted",):
                raise
            return Results(interrupted=True), sources
    results.hits = [dict(r) for r in hits]
    for counts in results.facets.values():
        counts.sort(key=lambda item: (-item[1], item[0]))
    return results, sources


SOURCES_SQL = "SELECT id, name, name_en, country, kind, languages FROM sources"


def _sources(rows: list[Any]) -> dict[str, dict[str, Any]]:
    """Every publisher's names, country, kind and languages, by id."""
    sources = {}
    for row in rows:
        source = dict(row)
        try:
            source["languages"] = json.loads(source["languages"] or "[]")
        except ValueError:
            source["languages"] = []
        sources[source["id"]] = source
    return sources


async def sources_by_id(db: DatasetteDatabase) -> dict[str, dict[str, Any]]:
    """Every publisher (a small table), for a page that does not search."""
    return _sources((await db.execute(SOURCES_SQL)).rows)
