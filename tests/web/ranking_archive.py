"""An archive with more matches of one word than the search ranks (archive.search.RANKED_MATCHES),
archived out of publication order, as a publisher's back catalogue is.

In archive (rowid) order:

* BACKFILL: the newest publications of all, archived first (a first crawl reads a listing
  newest first); they mention `vaccine` once.
* OLD_KZ: the oldest publications, from the only Kazakh source, and the most relevant texts
  for `vaccine` and `measles` (short, the word repeated).
* RECENT: RANKED_MATCHES announcements, archived last, published between the two; all
  mention `vaccine` (once or twice), one in 40 `measles` (once), with varied lengths.

So `vaccine` has more matches than are ranked and its best matches lie outside the ranked
ones, while `measles` has fewer and its best are the oldest.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from archive.db import open_db
from archive.search import RANKED_MATCHES, reindex
from archive.store import announcement_id, content_hash, sync_sources

SOURCES = [
    {"id": "ua_bench", "name": "UA publisher", "name_en": "UA publisher", "country": "UA",
     "kind": "ministry", "languages": ["en"], "homepage": "https://ua.example.org/"},
    {"id": "kz_bench", "name": "KZ publisher", "name_en": "KZ publisher", "country": "KZ",
     "kind": "agency", "languages": ["en"], "homepage": "https://kz.example.org/"},
]
BACKFILL, OLD_KZ, RECENT = 50, 30, RANKED_MATCHES
FILLER = "clinic staff report weekly figures region patients hospital doctors".split()


def _row(n: int, source: str, country: str, published: datetime, body: str) -> dict[str, object]:
    url = f"https://{country.lower()}.example.org/news/{n}"
    title = f"Notice {n}"
    date = published.isoformat(timespec="minutes")
    return {"id": announcement_id(url), "source_id": source, "url": url, "canonical_url": url,
            "title": title, "published_at": date, "language": "en", "country": country,
            "body_text": body, "content_hash": content_hash(title, date, body),
            "first_seen_at": "2026-12-31T13:00:00+00:00", "last_seen_at": "2026-12-31T13:00:00+00:00",
            "last_changed_at": "2026-12-31T13:00:00+00:00"}


def rows() -> list[dict[str, object]]:
    newest = datetime(2026, 12, 31, 12)
    backfill = [_row(n, "ua_bench", "UA", newest - timedelta(hours=n),
                     f"The vaccine {' '.join(FILLER)}.") for n in range(BACKFILL)]
    old = [_row(BACKFILL + n, "kz_bench", "KZ", datetime(2019, 1, 1) + timedelta(days=n),
                "Vaccine vaccine vaccine vaccine measles measles measles measles.") for n in range(OLD_KZ)]
    recent = []
    for n in range(RECENT):
        words = ["vaccine"] * (1 + n % 2) + FILLER[: 4 + n % 6] + ["measles"] * (n % 40 == 0)
        recent.append(_row(BACKFILL + OLD_KZ + n, "ua_bench", "UA",
                           datetime(2020, 1, 1) + timedelta(hours=n), " ".join(words) + "."))
    return backfill + old + recent


def build(path: Path) -> Path:
    """Create the archive at `path`, in the order above."""
    db = open_db(path)
    sync_sources(db, SOURCES)
    with db.conn:
        db["announcements"].insert_all(rows(), batch_size=2000)
    reindex(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path
