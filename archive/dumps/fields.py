"""What the archive's text and integer columns mean, beyond SQLite's storage types.

SQLite stores dates as ISO 8601 text, flags as 0/1 and lists as JSON text; a researcher's
tools should see dates, booleans and arrays. This is the one place that says which column is
which: the CSV and JSON Lines writers, the PostgreSQL types and datapackage.json all read it.
Columns not named here keep their storage type (`schema.affinity`).

Enums are given only for closed sets the code enforces (a CHECK constraint, the registry's
schema, the view's CASE); `crawl_runs.status` grows with new failure kinds and has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapers.registry import KINDS, PLATFORMS

Kind = str  # "date", "datetime", "boolean", "array", "integer", "string"


@dataclass(frozen=True)
class Field:
    kind: Kind
    enum: tuple[str, ...] = ()


DATE = Field("date")
DATETIME = Field("datetime")  # ISO 8601 with an offset (the archive's clock is UTC)
BOOLEAN = Field("boolean")  # stored 0/1; true/false in CSV and JSON Lines
ARRAY = Field("array")  # stored as JSON text; a JSON array in JSON Lines and in the CSV cell
INTEGER = Field("integer")

FIELDS: dict[str, dict[str, Field]] = {
    "sources": {
        "kind": Field("string", KINDS), "platform": Field("string", PLATFORMS),
        "languages": ARRAY, "enabled": BOOLEAN, "verified": BOOLEAN,
    },
    "announcements": {
        "published_date": DATE, "published_at_utc": DATETIME,
        "first_seen_at": DATETIME, "last_seen_at": DATETIME, "last_changed_at": DATETIME,
        "removed_at": DATETIME, "status": Field("string", ("live", "removed")),
        "last_checked_at": DATETIME, "gone_since": DATETIME, "unlisted_at": DATETIME,
        "kind": Field("string", ("announcement", "page")),
        "topics": ARRAY, "places": ARRAY, "countries": ARRAY, "regions": ARRAY,
    },
    "aliases": {"recorded_at": DATETIME},
    "skipped_pages": {"first_seen_at": DATETIME, "last_seen_at": DATETIME},
    "versions": {
        "fetched_at": DATETIME, "published_date": DATE, "published_at_utc": DATETIME,
    },
    "crawl_runs": {
        "started_at": DATETIME, "finished_at": DATETIME, "discovery_complete": BOOLEAN,
        "mode": Field("string", ("hourly", "recheck")),
    },
    "source_health": {
        "kind": Field("string", KINDS),
        "health": Field("string", ("never-run", "blocked", "broken", "failing", "ok")),
        "last_run_at": DATETIME, "last_success_at": DATETIME, "last_new_at": DATETIME,
        "consecutive_failures": INTEGER, "announcements": INTEGER,
    },
}

# A view has no declared keys: the key a researcher joins on.
VIEW_KEYS: dict[str, tuple[str, str, str]] = {"source_health": ("source", "sources", "id")}


def field(table: str, column: str) -> Field | None:
    """The meaning of `table.column`, or None when its storage type says it all."""
    return FIELDS.get(table, {}).get(column)
