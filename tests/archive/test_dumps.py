"""Researchers' downloads: round trips, a consistent snapshot, checksums, the data dictionary."""

from __future__ import annotations

import csv
import glob
import fcntl
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner

from archive.commands.dump import dump
from archive.db import open_db, schema_version
from archive.dumps import Table, create_dump, read_tables, read_views
from archive.dumps.postgres import postgres_type
from archive.lock import crawl_lock
from archive.migrations import migrations
from archive.serving import METADATA
from archive.store import mark_removed, save_announcement, sync_sources

SOURCES = [
    {"id": "ua_moz", "name": "Міністерство охорони здоров'я України",
     "name_en": "Ministry of Health", "country": "UA", "kind": "ministry", "languages": ["uk"],
     "homepage": "https://moz.gov.ua/"},
    {"id": "ge_ncdc", "name": "დაავადებათა კონტროლის ცენტრი", "name_en": "NCDC Georgia",
     "country": "GE", "kind": "agency", "languages": ["ka", "en"],
     "homepage": "https://ncdc.ge/"},
]

# (source, slug, title, language, body): Ukrainian, Georgian, Kazakh, Kyrgyz, Russian, and text
# with quotes, backslashes, newlines, a tab, an emoji and a NUL character. Ukrainian, Georgian
# and Russian go untagged: tagged, the store's stemmer would load simplemma's dictionaries
# (seconds and hundreds of MB), and nothing here depends on the tag.
RECORDS = [
    ("ua_moz", "kir", "Кір: щеплення дітей", None,
     "МОЗ нагадує про щеплення проти кору.\nДругий рядок з 'лапками' та \\ бекслешем."),
    ("ge_ncdc", "grip", "გრიპის სეზონი", None, "ვაქცინაცია გრიპის წინააღმდეგ დაიწყო.\tშემდეგი 🦠"),
    ("ua_moz", "kz", "Қызылша туралы", "kk", "Қызылшаға қарсы екпе; \"тырнақша\" and ''doubled''."),
    ("ua_moz", "kg", "Кызамыктан эмдөө", "ky", "Кызамыкка каршы эмдөө башталды.\r\nWindows line."),
    ("ge_ncdc", "nul", None, None, "Текст с нулевым символом \x00 внутри."),
]

NOW = "2026-11-26T08:00:00Z"


def record(source: str, slug: str, title: str | None, language: str | None, body: str) -> dict:
    """A record as the spiders hand it to the store."""
    url = f"https://{source}.example/{slug}"
    return {
        "source_id": source, "country": source[:2].upper(), "url": url, "canonical_url": url,
        "title": title, "published_at": "2026-11-20", "language": language, "body_text": body,
        "attachments": [{"url": f"{url}.pdf", "text": "PDF", "type": "pdf"}],
        "discovered_via": "listing",
    }


def build_archive(path: Path) -> Path:
    """Sources, five announcements (one edited, one removed), attachments, a crawl run.

    A first announcement is written and deleted, so rowids start at 2: a dump that renumbers
    rowids (which both FTS indexes point at) cannot pass for a faithful one.
    """
    db = open_db(path)
    sync_sources(db, SOURCES)
    with db.conn:
        save_announcement(db, record("ua_moz", "gone", "x", None, "x"), NOW)
        for row in RECORDS:
            save_announcement(db, record(*row), NOW)
        for child in ("versions", "attachments"):
            db.execute(f"DELETE FROM {child} WHERE announcement_id = (SELECT id FROM announcements "
                       "WHERE rowid = 1)")
        db.execute("DELETE FROM announcements WHERE rowid = 1")
        edited = record(*RECORDS[0])
        save_announcement(db, {**edited, "body_text": edited["body_text"] + " Оновлено."},
                          "2026-11-26T09:00:00Z")
        mark_removed(db, record(*RECORDS[1])["url"], "2026-11-26T10:00:00Z")
        db["crawl_runs"].insert({"run_id": "r1", "source_id": "ua_moz", "started_at": NOW,
                                 "finished_at": NOW, "status": "ok", "pages": 3, "new": 5})
    db.close()
    return path


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    """A fresh small archive in the test's directory."""
    return build_archive(tmp_path / "archive.db")


WHEN = datetime(2026, 11, 26, 8, 30, tzinfo=timezone.utc)
SET = "2026-11-26"  # the folder of a dump made at WHEN
SQLITE3 = shutil.which("sqlite3")


def make_dump(db: Path, out: Path, metadata: Path | None = None):
    return create_dump(db, out, metadata_path=metadata or out / "absent.yml", now=WHEN)


def load_with_shell(dump: Path, target: Path) -> None:
    subprocess.run([SQLITE3, "-bail", str(target)], input=gzip.decompress(dump.read_bytes()),
                   check=True, capture_output=True)


def load_with_python(dump: Path, target: Path) -> None:
    with gzip.open(dump, "rt", encoding="utf-8", newline="") as sql, sqlite3.connect(target) as conn:
        conn.executescript(sql.read())


def contents(path: Path) -> dict:
    """Every table's rows (with rowids where they are not a column) and the schema.

    Virtual tables are read through their module (an FTS index that stores no text reads as
    NULLs) after FTS5's own integrity check, so an index that no longer matches fails here.
    """
    with sqlite3.connect(path) as conn:
        tables = {}
        for table in read_tables(conn):
            if table.virtual and "fts5" in table.sql.lower():
                conn.execute(f'INSERT INTO "{table.name}"("{table.name}") VALUES(\'integrity-check\')')
            rowid = "rowid, " if table.has_rowid else ""
            tables[table.name] = conn.execute(
                f'SELECT {rowid}* FROM "{table.name}" ORDER BY {table.order_by()}').fetchall()
        schema = sorted(conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    return {"tables": tables, "schema": schema, "user_version": user_version}


def search(path: Path, query: str) -> list[str]:
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO announcements_fts(announcements_fts) VALUES('integrity-check')")
        return [r[0] for r in conn.execute(
            "SELECT a.id FROM announcements_fts f JOIN announcements a ON a.rowid = f.rowid "
            "WHERE announcements_fts MATCH ? ORDER BY a.id", [query])]


LOADERS = [
    pytest.param(load_with_python, id="python-executescript"),
    pytest.param(load_with_shell, id="sqlite3-shell",
                 marks=pytest.mark.skipif(SQLITE3 is None, reason="no sqlite3 binary on PATH")),
]


@pytest.mark.parametrize("load", LOADERS)
def test_sql_dump_round_trips_every_table_and_search(archive_path: Path, tmp_path: Path,
                                                     load) -> None:
    make_dump(archive_path, tmp_path / "out")
    loaded = tmp_path / "loaded.db"
    load(tmp_path / "out" / SET / "health-archive.sql.gz", loaded)

    original = contents(archive_path)
    assert contents(loaded) == original
    assert set(original["tables"]) >= {"sources", "announcements", "versions", "attachments",
                                       "crawl_runs", "_sqlite_migrations"}
    assert any("\x00" in str(value) for row in original["tables"]["announcements"] for value in row)
    assert schema_version(sqlite_utils.Database(loaded)) == len(migrations.pending(
        sqlite_utils.Database(memory=True))) == original["user_version"]
    assert search(loaded, "щеплення") == search(archive_path, "щеплення") != []
    assert search(loaded, "ვაქცინაცია") == search(archive_path, "ვაქცინაცია") != []
    # The reloaded archive keeps working: its triggers index a new record.
    db = open_db(loaded)
    with db.conn:
        save_announcement(db, record("ua_moz", "new", "Поліомієліт", None, "Нова кампанія"), "now")
    assert len(search(loaded, "поліомієліт")) == 1


def test_other_fts_tables_round_trip(archive_path: Path, tmp_path: Path) -> None:
    """Indexes that store their own text re-index on load; one that stores none (content='')
    can only be restored from its shadow tables, copied verbatim."""
    with closing(sqlite3.connect(archive_path)) as conn, conn:
        for name, option in (("stored", ""), ("contentless", ", content=''")):
            conn.execute(f"CREATE VIRTUAL TABLE {name} USING fts5(body{option})")
            conn.executemany(f"INSERT INTO {name}(rowid, body) VALUES (?, ?)",
                             [(1, "vaccin child"), (2, "influenza vaccin"), (7, "measl")])
    make_dump(archive_path, tmp_path / "out")
    loaded = tmp_path / "loaded.db"
    load_with_python(tmp_path / "out" / SET / "health-archive.sql.gz", loaded)
    assert contents(loaded) == contents(archive_path)
    with closing(sqlite3.connect(loaded)) as conn:
        for name in ("stored", "contentless"):
            hits = [r[0] for r in conn.execute(
                f"SELECT rowid FROM {name} WHERE {name} MATCH 'vaccin' ORDER BY rowid")]
            assert hits == [1, 2], name


def test_dump_is_reproducible(archive_path: Path, tmp_path: Path) -> None:
    first = make_dump(archive_path, tmp_path / "a")
    second = make_dump(archive_path, tmp_path / "b")
    digests = lambda m: {f.name: f.sha256 for f in m.files if f.kind != "sqlite"}  # noqa: E731
    assert digests(first) == digests(second)


def test_snapshot_has_committed_rows_only_and_needs_no_crawl_lock(
        archive_path: Path, tmp_path: Path) -> None:
    """A crawl mid-transaction: its committed rows (still only in the WAL) are in, the rest out."""
    writer = open_db(archive_path)
    with writer.conn:
        save_announcement(writer, record("ua_moz", "done", "Записане", None, "вже записано"), "now")
    assert Path(f"{archive_path}-wal").stat().st_size > 0
    writer.conn.execute("BEGIN IMMEDIATE")
    save_announcement(writer, record("ua_moz", "pending", "Незавершене", None, "ще ні"), "now")
    try:
        # The writer commits only after the dump: a dump that waited for it would fail here.
        with crawl_lock(archive_path):
            manifest = make_dump(archive_path, tmp_path / "out")
    finally:
        writer.conn.execute("COMMIT")
    assert manifest.row_counts["announcements"] == len(RECORDS) + 1
    loaded = tmp_path / "loaded.db"
    load_with_python(tmp_path / "out" / SET / "health-archive.sql.gz", loaded)
    for copy in (loaded, tmp_path / "out" / SET / "health-archive.sqlite"):
        with closing(sqlite3.connect(copy)) as conn:
            titles = {r[0] for r in conn.execute("SELECT title FROM announcements")}
            assert "Записане" in titles and "Незавершене" not in titles
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    with closing(sqlite3.connect(archive_path)) as conn:
        assert conn.execute("SELECT count(*) FROM announcements").fetchone()[0] == len(RECORDS) + 2


def test_checksums_manifest_and_file_names(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    manifest = make_dump(archive_path, out)
    latest = json.loads((out / "latest.json").read_text())
    assert latest == json.loads((out / SET / "manifest.json").read_text()) == manifest.to_json()
    assert os.readlink(out / "latest.json") == f"{SET}/manifest.json"
    assert latest["created_at"] == "2026-11-26T08:30:00Z"
    assert latest["folder"] == latest["version"] == SET and os.readlink(out / "latest") == SET
    assert latest["schema_version"] == contents(archive_path)["user_version"] >= 1
    assert latest["row_counts"]["announcements"] == len(RECORDS)
    assert latest["row_counts"]["versions"] == len(RECORDS) + 1
    names = [f["name"] for f in latest["files"]]
    with sqlite3.connect(archive_path) as conn:
        published = [t.name for t in read_tables(conn) if t.published] + ["source_health"]
    assert names == ["health-archive.sqlite", "health-archive.sqlite.gz", "health-archive.sql.gz",
                     "health-archive.postgres.sql.gz",
                     *[f"{t}.{ext}.gz" for t in published for ext in ("csv", "jsonl")],
                     "CITATION.cff", "README.md", "datapackage.json", "SHA256SUMS"]
    assert sorted(p.name for p in (out / SET).iterdir()) == sorted([*names, "manifest.json"])
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == \
        sorted([SET, "latest", "latest.json"])
    for entry in latest["files"]:
        data = (out / SET / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert gzip.decompress((out / SET / "health-archive.sqlite.gz").read_bytes()) == \
        (out / SET / "health-archive.sqlite").read_bytes()
    sums = (out / SET / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == len(names) - 1
    for line in sums:
        digest, name = line.split("  ")
        assert hashlib.sha256((out / SET / name).read_bytes()).hexdigest() == digest
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=out / "latest",
                       check=True, capture_output=True)


def test_csv_and_jsonl_hold_the_announcements(archive_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    make_dump(archive_path, out)
    with sqlite3.connect(archive_path) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("SELECT * FROM announcements ORDER BY rowid")]
    arrays = {"topics", "places", "countries", "regions"}  # JSON text in SQLite and in CSV
    with gzip.open(out / SET / "announcements.jsonl.gz", "rt", encoding="utf-8") as f:
        assert [json.loads(line) for line in f] == [
            {k: json.loads(v) if k in arrays and v is not None else v for k, v in row.items()}
            for row in rows]
    with gzip.open(out / SET / "announcements.csv.gz", "rt", encoding="utf-8", newline="") as f:
        read = list(csv.DictReader(f))
    assert read == [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]


def test_topics_and_places_are_columns_of_the_announcements(archive_path: Path,
                                                          tmp_path: Path) -> None:
    """A flat download is filtered by topic, place, country and region without a join: each
    is a JSON array in the announcement's row (an array in JSON Lines, its JSON text in CSV)."""
    db = open_db(archive_path)
    with db.conn:
        save_announcement(db, record("ua_moz", "baizak", "Қызылша", "kk",
                                     "Байзақ ауданында және Шымкентте қызылшаға қарсы екпе."), NOW)
    key = db.execute("SELECT id FROM announcements WHERE url LIKE '%/baizak'").fetchone()[0]
    db.close()
    out = tmp_path / "out"
    make_dump(archive_path, out, METADATA)
    expected = {"topics": ["measles", "vaccination"], "places": ["KZ-baizak-district", "KZ-shymkent"],
                "countries": ["KZ"], "regions": ["KZ-zhambyl-region"]}
    with gzip.open(out / SET / "announcements.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = {row["id"]: row for row in map(json.loads, f)}
    assert {k: rows[key][k] for k in expected} == expected
    kyrgyz = next(r for r in rows.values() if r["language"] == "ky")  # a topic, no place
    assert (kyrgyz["topics"], kyrgyz["places"], kyrgyz["regions"]) == (["measles", "vaccination"], [], [])
    with gzip.open(out / SET / "announcements.csv.gz", "rt", encoding="utf-8", newline="") as f:
        cells = next(r for r in csv.DictReader(f) if r["id"] == key)
    assert {k: json.loads(cells[k]) for k in expected} == expected
    package = json.loads((out / SET / "datapackage.json").read_text())
    fields = {f["name"]: f for f in next(r for r in package["resources"]
                                         if r["name"] == "announcements")["schema"]["fields"]}
    for column in expected:
        assert fields[column]["type"] == "array" and "JSON" in fields[column]["description"]
    codebook = (out / SET / "README.md").read_text()
    assert "KZ-zhambyl-region" in codebook and "| `regions` |" in codebook


def test_datapackage_follows_metadata_and_the_schema(archive_path: Path, tmp_path: Path) -> None:
    metadata = tmp_path / "metadata.yml"
    tables = {"announcements": {"description": "One archived page.",
                                "columns": {"id": "Stable key.", "title": None}},
              "sources": None}
    metadata.write_text(yaml.safe_dump({"title": "Archive", "databases": {"archive": {
        "description": "All of it.", "tables": tables}}}))
    out = tmp_path / "out"
    make_dump(archive_path, out, metadata)
    package = json.loads((out / SET / "datapackage.json").read_text())
    assert package["title"] == "Archive" and package["description"] == "All of it."
    assert package["version"] == SET and package["created"] == "2026-11-26T08:30:00Z"
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert SET in package["citation"] and package["contributors"]
    assert package["schema_version"] == contents(archive_path)["user_version"]
    resources = {r["name"]: r for r in package["resources"]}
    with sqlite3.connect(archive_path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(announcements)")]
    for name, path in (("announcements", "announcements.csv.gz"),
                       ("announcements-jsonl", "announcements.jsonl.gz")):
        resource = resources[name]
        assert resource["path"] == path
        assert resource["type"] == "table" and resource["compression"] == "gz"
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        assert list(fields) == columns
        assert fields["id"]["description"] == "Stable key."
        assert fields["title"]["description"] == fields["url"]["description"] == ""
        assert fields["attachment_count"]["type"] == "integer"
        assert fields["published_date"]["type"] == "date"
        assert fields["first_seen_at"]["type"] == "datetime"
        assert fields["status"]["constraints"] == {"required": True, "enum": ["live", "removed"]}
        assert fields["body_text"]["constraints"] == {"required": True}
        assert resource["schema"]["primaryKey"] == ["id"]
        suffix = "-jsonl" if name.endswith("-jsonl") else ""
        assert resource["schema"]["foreignKeys"] == [{"fields": ["source_id"], "reference": {
            "resource": f"sources{suffix}", "fields": ["id"]}}]
        assert resource["description"].startswith("One archived page.")
    assert resources["sources"]["schema"]["fields"][5] == {
        "name": "languages", "type": "array", "constraints": {"required": True},
        "description": 'In CSV: a JSON array as text, e.g. ["uk", "ru"].'}
    latest = json.loads((out / "latest.json").read_text())
    listed = {r["path"]: r for r in package["resources"]}
    for entry in latest["files"]:
        if entry["name"] in listed:
            assert listed[entry["name"]]["hash"] == f"sha256:{entry['sha256']}"
    with gzip.open(out / SET / "health-archive.postgres.sql.gz", "rt", encoding="utf-8",
                   newline="") as f:
        assert """COMMENT ON COLUMN "announcements"."id" IS 'Stable key.';""" in f.read()


def as_postgres(table: Table, name: str, value: object) -> object:
    """A value as the PostgreSQL column holds it (booleans, jsonb, instants), NUL dropped."""
    kind = postgres_type(table.name, next(c for c in table.columns if c.name == name))
    if value is None:
        return None
    if kind == "BOOLEAN":
        return bool(value)
    if kind == "JSONB":
        return json.loads(value) if isinstance(value, str) else value
    if kind == "TIMESTAMPTZ":
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return value.replace("\x00", "") if isinstance(value, str) else value


@pytest.fixture
def psql() -> Iterator[Callable[..., str]]:
    """A throwaway PostgreSQL server on a Unix socket; yields a function running psql on it."""
    # Debian's `postgresql` package keeps the server's tools off PATH, in its versioned folder.
    path = os.pathsep.join([os.environ.get("PATH", ""),
                            *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)])
    binaries = {name: shutil.which(name, path=path) for name in ("initdb", "pg_ctl", "psql")}
    if not all(binaries.values()):
        pytest.skip("PostgreSQL (initdb, pg_ctl, psql) not installed")
    as_server: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        if not shutil.which("runuser") or subprocess.run(["id", "postgres"],
                                                         capture_output=True).returncode:
            pytest.skip("running as root without a postgres user to run the server")
        as_server = ["runuser", "-u", "postgres", "--"]
    home = Path(tempfile.mkdtemp(prefix="health-archive-pg-"))
    if as_server:
        shutil.chown(home, "postgres")
    data = home / "data"
    subprocess.run([*as_server, binaries["initdb"], "-D", str(data), "-U", "postgres",
                    "--auth=trust", "--locale=C", "--encoding=UTF8"], check=True, capture_output=True)
    subprocess.run([*as_server, binaries["pg_ctl"], "-D", str(data), "-w", "-l", str(home / "log"),
                    "-o", f"-c listen_addresses='' -k {home}", "start"], check=True, capture_output=True)

    def run(*args: str, input: bytes | None = None) -> str:
        return subprocess.run([binaries["psql"], "-h", str(home), "-U", "postgres", "-X", "-q",
                               "-v", "ON_ERROR_STOP=1", "-At", *args], input=input, check=True,
                              capture_output=True).stdout.decode()
    try:
        yield run
    finally:
        subprocess.run([*as_server, binaries["pg_ctl"], "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def test_postgres_dump_loads_into_postgresql(archive_path: Path, tmp_path: Path, psql) -> None:
    """The PostgreSQL dump loads with psql, every row equal, and the README's search works."""
    metadata = tmp_path / "metadata.yml"
    metadata.write_text(yaml.safe_dump({"databases": {"archive": {"tables": {
        "announcements": {"columns": {"body_text": "Main text, it's plain."}}}}}}))
    make_dump(archive_path, tmp_path / "out", metadata)
    text = gzip.decompress((tmp_path / "out" / SET / "health-archive.postgres.sql.gz").read_bytes())
    for sqlite_only in (b"PRAGMA", b"VIRTUAL TABLE", b"TRIGGER", b"_fts", b'"rowid"', b"\x00", b"\r"):
        assert sqlite_only not in text
    psql(input=text)
    compared: set[str] = set()  # tables with rows, compared cell by cell
    with closing(sqlite3.connect(archive_path)) as conn:
        conn.row_factory = sqlite3.Row
        for table in [t for t in read_tables(conn) if not t.virtual] + read_views(conn):
            order = ", ".join(f'"{c.name}"' for c in table.columns)
            expected = [{k: as_postgres(table, k, v) for k, v in dict(row).items()}
                        for row in conn.execute(f'SELECT * FROM "{table.name}" ORDER BY {order}')]
            loaded = json.loads(psql("-c", f'SELECT coalesce(json_agg(t ORDER BY {order}), \'[]\') '
                                           f'FROM "{table.name}" t') or "[]")
            loaded = [{k: as_postgres(table, k, v) for k, v in row.items()} for row in loaded]
            assert loaded == expected, table.name
            compared |= {table.name} if expected else set()
    assert compared >= {"sources", "announcements", "versions", "attachments", "crawl_runs",
                        "source_health"}
    assert psql("-c", "SELECT col_description('announcements'::regclass, 10)").strip() == \
        "Main text, it's plain."
    hits = psql("-c", """
        ALTER TABLE announcements ADD COLUMN search tsvector GENERATED ALWAYS AS
          (to_tsvector('simple', coalesce(title, '') || ' ' || body_text)) STORED;
        CREATE INDEX announcements_search ON announcements USING gin (search);
        SELECT count(*) FROM announcements
          WHERE search @@ websearch_to_tsquery('simple', 'щеплення');""")
    assert hits.split() == ["1"]


def test_dump_command(archive_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(dump, [str(tmp_path / "out"), "--db", str(archive_path)])
    assert result.exit_code == 0, result.output
    assert "announcements 5" in result.output
    assert (tmp_path / "out" / "latest.json").exists()
    missing = CliRunner().invoke(dump, [str(tmp_path / "out"), "--db", str(tmp_path / "nope.db")])
    assert missing.exit_code == 2 and not (tmp_path / "nope.db").exists()
    with closing(sqlite3.connect(tmp_path / "other.db")) as conn:
        conn.execute("CREATE TABLE t (x)")
    other = CliRunner().invoke(dump, [str(tmp_path / "out2"), "--db", str(tmp_path / "other.db")])
    assert other.exit_code == 2 and "not an archive" in other.output
    # no half-made dump left behind, only the lock file that serialises dumps
    assert [p.name for p in (tmp_path / "out2").iterdir()] == [".lock"]
    with open(tmp_path / "out" / ".lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        busy = CliRunner().invoke(dump, [str(tmp_path / "out"), "--db", str(archive_path)])
    assert busy.exit_code == 75 and "another dump" in busy.output


def test_real_metadata_describes_every_column(tmp_path: Path) -> None:
    """Once metadata.yml exists, every column researchers get must carry a description."""
    if not METADATA.exists():
        pytest.skip("metadata.yml not written yet: nothing to check the data dictionary against")
    from archive.datapackage import load_descriptions

    docs = load_descriptions(METADATA)
    db = open_db(tmp_path / "fresh.db")
    missing = []
    for table in read_tables(db.conn):
        if table.virtual or table.name.startswith("_"):
            continue
        description, columns = docs.get(table.name, ("", {}))
        missing += [table.name] if not description else []
        missing += [f"{table.name}.{c.name}" for c in table.columns if not columns.get(c.name)]
    assert not missing, f"metadata.yml lacks descriptions for: {', '.join(missing)}"
