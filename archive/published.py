"""The two unambiguous forms of a publication date, derived from `published_at`.

`published_at` keeps what the publisher stated: a date alone, or a wall-clock time with the
publisher's UTC offset (2026-01-01T00:30:00+06:00 in Almaty). Tools that read it as an
instant (DuckDB's CSV reader, `pd.to_datetime(utc=True)`, PostgreSQL's `::timestamptz`)
move such an announcement into the previous day, even the previous year. So the archive also
stores `published_date`, the publisher's own calendar date (the text's date part, never
converted), and `published_at_utc`, the instant in UTC, only when a time and an offset are
known. Counting per day, month or year uses `published_date`.
"""

from __future__ import annotations

from datetime import date, datetime, timezone


def published_columns(published_at: str | None) -> dict[str, str | None]:
    """`published_date` and `published_at_utc` for a stored `published_at` (None if unknown)."""
    columns: dict[str, str | None] = {"published_date": None, "published_at_utc": None}
    if not published_at:
        return columns
    try:
        columns["published_date"] = date.fromisoformat(published_at[:10]).isoformat()
        moment = datetime.fromisoformat(published_at) if len(published_at) > 10 else None
    except ValueError:
        return columns
    if moment is not None and moment.utcoffset() is not None:
        columns["published_at_utc"] = moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return columns
