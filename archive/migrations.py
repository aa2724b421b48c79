"""The archive's schema, as an ordered list of migrations.

Every schema change is a new function appended here, never an edit of an old one, so any
earlier archive (or a researcher's copy of a dump) upgrades in place. The number of applied
migrations is the `schema_version` (also stored as `PRAGMA user_version`).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("health_archive")


@migrations()
def m001_initial(db: Database) -> None:
    """Sources, announcements with their versions and attachments, crawl runs, and search."""
    db.execute("""
        CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            name_en TEXT NOT NULL,
            country TEXT NOT NULL,
            kind TEXT NOT NULL,
            languages TEXT NOT NULL,
            homepage TEXT NOT NULL,
            platform TEXT NOT NULL DEFAULT 'html',
            credited_to TEXT,
            enabled INTEGER NOT NULL DEFAULT 1,
            verified INTEGER NOT NULL DEFAULT 1,
            notes TEXT
        )""")
    db.execute("""
        CREATE TABLE announcements (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            title TEXT,
            published_at TEXT,
            modified_at TEXT,
            language TEXT,
            country TEXT NOT NULL,
            body_text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            attachment_count INTEGER NOT NULL DEFAULT 0,
            discovered_via TEXT,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            last_changed_at TEXT NOT NULL,
            version_count INTEGER NOT NULL DEFAULT 1,
            status TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'removed')),
            removed_at TEXT,
            etag TEXT,
            last_modified TEXT,
            capture TEXT
        )""")
    db.execute("CREATE INDEX idx_announcements_source ON announcements(source_id, published_at)")
    db.execute("CREATE INDEX idx_announcements_published ON announcements(published_at)")
    db.execute("CREATE INDEX idx_announcements_changed ON announcements(last_changed_at)")
    db.execute("""
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            announcement_id TEXT NOT NULL REFERENCES announcements(id),
            version INTEGER NOT NULL,
            fetched_at TEXT NOT NULL,
            title TEXT,
            published_at TEXT,
            body_text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            capture TEXT,
            UNIQUE (announcement_id, version)
        )""")
    db.execute("""
        CREATE TABLE attachments (
            id TEXT PRIMARY KEY,
            announcement_id TEXT NOT NULL REFERENCES announcements(id),
            url TEXT NOT NULL,
            link_text TEXT,
            type TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_attachments_announcement ON attachments(announcement_id)")
    db.execute("""
        CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            run_id TEXT NOT NULL,
            source_id TEXT NOT NULL REFERENCES sources(id),
            mode TEXT NOT NULL DEFAULT 'hourly',
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            pages INTEGER NOT NULL DEFAULT 0,
            discovered INTEGER NOT NULL DEFAULT 0,
            fetched INTEGER NOT NULL DEFAULT 0,
            not_modified INTEGER NOT NULL DEFAULT 0,
            new INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            removed INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            discovery_complete INTEGER NOT NULL DEFAULT 0,
            message TEXT
        )""")
    db.execute("CREATE INDEX idx_crawl_runs_source ON crawl_runs(source_id, started_at)")
    # External-content FTS5 index. The triggers fire only when the indexed columns change, so
    # bookkeeping updates (last_seen_at, status) never re-index a row.
    db.execute("""
        CREATE VIRTUAL TABLE announcements_fts USING fts5(
            title, body_text, content='announcements', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        )""")
    db.execute("""
        CREATE TRIGGER announcements_ai AFTER INSERT ON announcements BEGIN
            INSERT INTO announcements_fts(rowid, title, body_text)
            VALUES (new.rowid, new.title, new.body_text);
        END""")
    db.execute("""
        CREATE TRIGGER announcements_ad AFTER DELETE ON announcements BEGIN
            INSERT INTO announcements_fts(announcements_fts, rowid, title, body_text)
            VALUES ('delete', old.rowid, old.title, old.body_text);
        END""")
    db.execute("""
        CREATE TRIGGER announcements_au AFTER UPDATE OF title, body_text ON announcements BEGIN
            INSERT INTO announcements_fts(announcements_fts, rowid, title, body_text)
            VALUES ('delete', old.rowid, old.title, old.body_text);
            INSERT INTO announcements_fts(rowid, title, body_text)
            VALUES (new.rowid, new.title, new.body_text);
        END""")


def _source_health_view(archived: tuple[str, ...], counts: tuple[str, ...], broken_when: str,
                        unfinished: bool = False) -> str:
    """The `CREATE VIEW source_health` of m002, m006 and m014, which differ only in what a
    source has archived: the select list of the `archived` CTE over announcements, the
    report's columns read from it, and which of them makes a source that stops yielding
    `broken`; from m014 on (`unfinished`), a source whose latest run has not finished is
    `running` (the `unfinished` CTE, which `counts` reads). Each must keep executing its
    exact SQL (an archive stores the view's text): add parameters, never edit what they
    produce."""
    indent = "\n" + " " * 19
    unfinished_runs = """unfinished AS (
            SELECT c.source_id FROM crawl_runs c
            JOIN (SELECT source_id, max(id) AS id FROM crawl_runs GROUP BY source_id) newest
              ON newest.id = c.id
            WHERE c.status = 'running'
        ),
        """ if unfinished else ""
    running = "WHEN unfinished THEN 'running'\n                   " if unfinished else ""
    return f"""
        CREATE VIEW source_health AS
        WITH finished AS (
            SELECT id, source_id, started_at, status, discovered
            FROM crawl_runs WHERE status != 'running'
        ),
        latest AS (SELECT source_id, max(id) AS id FROM finished GROUP BY source_id),
        latest_ok AS (
            SELECT source_id, max(id) AS id FROM finished WHERE status = 'ok' GROUP BY source_id
        ),
        {unfinished_runs}archived AS (
            SELECT source_id, {indent.join(archived)}
            FROM announcements GROUP BY source_id
        ),
        report AS (
            SELECT s.id AS source, s.name, s.country, s.kind,
                   lr.started_at AS last_run_at, lr.status AS last_status,
                   lr.discovered AS last_discovered, okr.started_at AS last_success_at,
                   ar.last_new_at,
                   (SELECT count(*) FROM finished f
                    WHERE f.source_id = s.id AND f.id > coalesce(lo.id, 0)) AS consecutive_failures,
                   {indent.join(counts)}
            FROM sources s
            LEFT JOIN latest l ON l.source_id = s.id
            LEFT JOIN finished lr ON lr.id = l.id
            LEFT JOIN latest_ok lo ON lo.source_id = s.id
            LEFT JOIN finished okr ON okr.id = lo.id
            LEFT JOIN archived ar ON ar.source_id = s.id
        )
        SELECT source, name, country, kind,
               CASE
                   {running}WHEN last_run_at IS NULL THEN 'never-run'
                   WHEN last_status = 'blocked' THEN 'blocked'
                   WHEN {broken_when} AND last_discovered = 0 THEN 'broken'
                   WHEN consecutive_failures > 0 THEN 'failing'
                   ELSE 'ok'
               END AS health,
               last_run_at, last_status, last_success_at, last_new_at, consecutive_failures,
               announcements
        FROM report"""


# What the view reads of a source's archive from m006 on: its announcements apart from its
# pages (kind), all of them for `broken`.
_BY_KIND = ("count(*) AS archived,", "total(kind = 'announcement') AS announcements,",
            "max(CASE WHEN kind = 'announcement' THEN first_seen_at END) AS last_new_at")
_BY_KIND_COUNTS = ("coalesce(ar.archived, 0) AS archived,",
                   "CAST(coalesce(ar.announcements, 0) AS INTEGER) AS announcements")


@migrations()
def m002_search_stems(db: Database) -> None:
    """A second full-text index over stemmed text, for search that finds inflected forms, and
    the `source_health` view.

    The index is a contentful FTS5 table with a stock tokenizer (readable in plain sqlite3),
    rowid-aligned with `announcements`; `content_hash` tells `archive.search.reindex` which rows
    are stale. Rows archived before this migration are indexed now. The view states
    archive/runs.py's `source_health` rules in SQL, for Datasette and researchers.
    """
    from archive.search import reindex

    db.execute("""
        CREATE VIRTUAL TABLE announcements_stems USING fts5(
            title_stems, body_stems, content_hash UNINDEXED,
            tokenize='unicode61 remove_diacritics 2'
        )""")
    db.execute(_source_health_view(
        archived=("count(*) AS announcements, max(first_seen_at) AS last_new_at",),
        counts=("coalesce(ar.announcements, 0) AS announcements",),
        broken_when="announcements > 0"))
    reindex(db)


@migrations()
def m003_country_index(db: Database) -> None:
    """An index on announcements.country, for search filtered by country.

    Search walks a word's matches newest first and keeps those in the chosen country; reading
    each match's country from this small index instead of the announcement's row (a few KB of
    text) makes that walk 2-3x faster for common words (p95 395 -> 163 ms at 1M announcements,
    benchmarks/search.py). One second per million announcements to build.
    """
    db.execute("CREATE INDEX idx_announcements_country ON announcements(country)")


@migrations()
def m004_published_date_and_utc(db: Database) -> None:
    """`published_date` (the publisher's calendar date) and `published_at_utc` (the instant,
    when a time and offset are known) beside `published_at`, in announcements and versions.

    `published_at` carries the publisher's offset, so tools that read it as an instant count
    an announcement of 00:30 on 1 January in Almaty in the previous year; the two columns
    cannot be misread (archive/published.py). Existing rows are filled here, new ones on save.
    """
    from archive.published import published_columns

    for table in ("announcements", "versions"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN published_date TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN published_at_utc TEXT")
        last = 0
        while rows := db.execute(  # in batches: an update must not run under its own SELECT
                f"SELECT rowid, published_at FROM {table} WHERE rowid > ? "
                "AND published_at IS NOT NULL ORDER BY rowid LIMIT 10000", [last]).fetchall():
            db.conn.executemany(
                f"UPDATE {table} SET published_date = :published_date, "
                "published_at_utc = :published_at_utc WHERE rowid = :rowid",
                [{"rowid": rowid, **published_columns(value)} for rowid, value in rows])
            last = rows[-1][0]
    db.execute("CREATE INDEX idx_announcements_published_date ON announcements(published_date)")


@migrations()
def m005_page_checks_and_aliases(db: Database) -> None:
    """What lets the crawler recheck archived pages cheaply and remove one only when fetches
    say so: when each page was last fetched (`last_checked_at`, oldest first for the weekly
    cycle), the first of a streak of "gone" answers (`gone_since`: a second one a day later
    removes the page), when the page left the sitemap or API that listed it (`unlisted_at`:
    fetched again before anything is decided), and the old addresses of pages that moved
    (`aliases`). Per run, `rechecked` counts archived pages fetched again conditionally and
    `refetched` those that came back whole (200). The index on `url` serves every lookup of
    an archived page by the address the crawler holds; the one on `content_hash` finds an
    archived page that reappears at a new address (archive/store.py `twin_url`).
    """
    for column in ("last_checked_at", "gone_since", "unlisted_at"):
        db.execute(f"ALTER TABLE announcements ADD COLUMN {column} TEXT")
    db.execute("UPDATE announcements SET last_checked_at = last_seen_at")
    db.execute("CREATE INDEX idx_announcements_url ON announcements(url)")
    db.execute("CREATE INDEX idx_announcements_content ON announcements(source_id, content_hash)")
    db.execute("""
        CREATE TABLE aliases (
            url TEXT PRIMARY KEY,
            announcement_id TEXT NOT NULL REFERENCES announcements(id),
            recorded_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_aliases_announcement ON aliases(announcement_id)")
    for column in ("rechecked", "refetched"):
        db.execute(f"ALTER TABLE crawl_runs ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")


@migrations()
def m006_page_kind(db: Database) -> None:
    """`announcements.kind`: `announcement`, or `page` for a brochure site's content page
    (kept and searchable, undated, not news); and per run, `not_announcements`, the pages
    fetched and not archived because they were home, listing, category, contact… pages
    (scrapers/extract/classify.py). Rows archived before are announcements.

    The `source_health` view now counts announcements only (its `broken` verdict still sees
    pages: a brochure site that stops yielding is broken too), as archive/runs.py does.
    """
    db.execute("ALTER TABLE announcements ADD COLUMN kind TEXT NOT NULL DEFAULT 'announcement'")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN not_announcements INTEGER NOT NULL DEFAULT 0")
    db.execute("DROP VIEW source_health")
    db.execute(_source_health_view(archived=_BY_KIND, counts=_BY_KIND_COUNTS, broken_when="archived > 0"))


@migrations()
def m007_country_date_index(db: Database) -> None:
    """An index on (country, published_at), for the search page's newest announcements of a
    country (archive/web/search_page.py): without it the page sorted every announcement of
    the country to show twenty. A few seconds per million announcements to build.
    """
    db.execute("CREATE INDEX idx_announcements_country_published ON announcements(country, published_at)")


@migrations()
def m008_skipped_pages(db: Database) -> None:
    """`skipped_pages`: pages the crawler fetched and did not archive because they are not
    announcements (home, listing, category, contact, search, print pages a sitemap or feed
    lists), so hourly runs do not download them again; a `--recheck` judges them afresh."""
    db.execute("""
        CREATE TABLE skipped_pages (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            kind TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_skipped_pages_source ON skipped_pages(source_id)")


@migrations()
def m009_search_facets(db: Database) -> None:
    """`_announcement_facets`: each announcement's country, publisher, language and date in a
    narrow row with the announcement's rowid (as `announcements_stems`), kept by triggers.

    The search page counts its matches by country, publisher, language and year: reading
    those from the announcements' rows cost one 4 KB page per match (the text is in the same
    row), from this table a hundred matches share a page (archive/web/search_page.py). Not a
    table researchers need: the leading underscore keeps it out of the CSV and JSON dumps.
    """
    db.execute("""
        CREATE TABLE _announcement_facets (
            announcement_rowid INTEGER PRIMARY KEY,
            country TEXT,
            source_id TEXT,
            language TEXT,
            published_at TEXT
        )""")
    db.execute("""
        INSERT INTO _announcement_facets
        SELECT rowid, country, source_id, language, published_at FROM announcements""")
    db.execute("""
        CREATE TRIGGER announcement_facets_ai AFTER INSERT ON announcements BEGIN
            INSERT INTO _announcement_facets
            VALUES (new.rowid, new.country, new.source_id, new.language, new.published_at);
        END""")
    db.execute("""
        CREATE TRIGGER announcement_facets_au
        AFTER UPDATE OF country, source_id, language, published_at ON announcements BEGIN
            UPDATE _announcement_facets SET country = new.country, source_id = new.source_id,
                language = new.language, published_at = new.published_at
            WHERE announcement_rowid = new.rowid;
        END""")
    db.execute("""
        CREATE TRIGGER announcement_facets_ad AFTER DELETE ON announcements BEGIN
            DELETE FROM _announcement_facets WHERE announcement_rowid = old.rowid;
        END""")


@migrations()
def m010_topics_and_places(db: Database) -> None:
    """`announcement_topics` and `announcement_places`: the health topics and places of each
    announcement's current text, found through the vocabularies (archive/vocabulary/), with
    the field and the term that matched; `vocabulary_versions` says which version of each
    vocabulary they were computed with, so `reindex` knows when to recompute them."""
    for table, column in (("announcement_topics", "topic_id"), ("announcement_places", "place_id")):
        db.execute(f"""
            CREATE TABLE {table} (
                announcement_id TEXT NOT NULL REFERENCES announcements(id),
                {column} TEXT NOT NULL,
                field TEXT NOT NULL,
                term TEXT NOT NULL,
                PRIMARY KEY (announcement_id, {column}, field)
            )""")
        db.execute(f"CREATE INDEX idx_{table}_{column} ON {table}({column}, announcement_id)")
    db.execute("CREATE TABLE vocabulary_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)")


@migrations()
def m011_links(db: Database) -> None:
    """`links`: versions of one announcement at other addresses, its translations and its
    republications by other publishers (archive/links.py), each way, with the evidence."""
    db.execute("""
        CREATE TABLE links (
            announcement_id TEXT NOT NULL REFERENCES announcements(id),
            linked_id TEXT NOT NULL REFERENCES announcements(id),
            kind TEXT NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL,
            PRIMARY KEY (announcement_id, linked_id)
        )""")
    db.execute("CREATE INDEX idx_links_linked ON links(linked_id)")


@migrations()
def m012_attachment_files(db: Database) -> None:
    """`attachment_files`: per attachment URL, the archived copy of the document (fetched once,
    size-capped): its SHA-256, size, content type, WARC capture and fetch time."""
    db.execute("""
        CREATE TABLE attachment_files (
            url TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id),
            status TEXT NOT NULL,
            sha256 TEXT,
            size INTEGER,
            content_type TEXT,
            capture TEXT,
            fetched_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_attachment_files_sha256 ON attachment_files(sha256)")


@migrations()
def m013_announcement_topic_and_place_columns(db: Database) -> None:
    """`announcements.topics`, `places`, `countries`, `regions`: each announcement's topics and
    places (and the countries and first-level regions they are in) as JSON arrays of ids in
    its own row, the columns a flat download (CSV, a spreadsheet) is filtered by; the tag
    tables keep where each matched. Written by tagging (archive/topics.py); `health-archive
    reindex` tags the announcements already archived, whose `topics` is NULL."""
    for column in ("topics", "places", "countries", "regions"):
        db.execute(f"ALTER TABLE announcements ADD COLUMN {column} TEXT")


@migrations()
def m014_health_of_unfinished_runs(db: Database) -> None:
    """The `source_health` view becomes the one definition of a source's health (`health-archive
    status` and the site read it): a source whose latest run has not finished is `running`
    (status tells a crawl in progress from a killed one by the crawl lock). And an index for
    the writer, which counts records into their run's row as it writes them."""
    db.execute("CREATE INDEX idx_crawl_runs_run ON crawl_runs(run_id, source_id)")
    db.execute("DROP VIEW source_health")
    db.execute(_source_health_view(
        archived=_BY_KIND,
        counts=(*_BY_KIND_COUNTS[:-1], _BY_KIND_COUNTS[-1] + ",",
                "s.id IN (SELECT source_id FROM unfinished) AS unfinished"),
        broken_when="archived > 0", unfinished=True))
