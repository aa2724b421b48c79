"""The download set as researchers' own tools read it: frictionless, DuckDB, pandas, PostgreSQL.

One archive with the cases that broke readers before: an announcement published at 00:30 on
1 January in Almaty (+06:00, and +05:00 after Kazakhstan's change), date-only and undated
ones, a 200,000-character body, CRLF, U+2028, an edited and a removed page. Every tool must
count it per year (the publisher's calendar), per country and per kind of publisher exactly as
SQLite does. Then the publishing: two days' sets each verify with their own checksums,
`--keep` prunes, and a dump SIGKILLed at several moments always leaves complete sets.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import pytest
import sqlite_utils

from archive.db import open_db
from archive.dumps import create_dump, published_sets, read_tables
from archive.dumps.fields import field
from archive.dumps.schema import foreign_keys
from archive.migrations import migrations
from archive.serving import METADATA
from archive.store import mark_removed, save_announcement, sync_sources
from tests.archive.test_dumps import psql  # noqa: F401  (the PostgreSQL server fixture)

BIN = Path(sys.executable).parent
DAY = datetime(2026, 11, 26, 3, 0, tzinfo=timezone.utc)
NOW = "2026-11-26T02:00:00+00:00"
SOURCES = [
    {"id": "kz_dsm", "name": "Денсаулық сақтау министрлігі", "name_en": "Ministry of Health",
     "country": "KZ", "kind": "ministry", "languages": ["kk", "ru"], "homepage": "https://kz.example/"},
    {"id": "ua_phc", "name": "Центр громадського здоров'я", "name_en": "Public Health Center",
     "country": "UA", "kind": "agency", "languages": ["uk"], "homepage": "https://ua.example/"},
    {"id": "ge_ngo", "name": "ჯანმრთელობის ფონდი", "name_en": "Health Fund", "country": "GE",
     "kind": "ngo", "languages": ["ka", "en"], "homepage": "https://ge.example/"},
]
# (source, slug, published_at, body)
RECORDS = [
    ("kz_dsm", "new-year-2026", "2026-01-01T00:30:00+06:00", "Жаңа жыл: екпе кестесі.\u2028Екінші жол."),
    ("kz_dsm", "new-year-2025", "2025-01-01T00:30:00+05:00", "Қызылша туралы.\r\nWindows line."),
    ("kz_dsm", "eve", "2025-12-31T23:59:00+05:00", "Соңғы күн."),
    ("ua_phc", "kyiv", "2026-01-01T01:30:00+02:00", "Щеплення, \"лапки\" і \\ бекслеш."),
    ("ua_phc", "date-only", "2025-12-31", "Лише дата."),
    ("ua_phc", "long", "2024-06-01", "Довгий текст. " * 15_000),
    ("ge_ngo", "undated", None, "ვაქცინაცია 🦠"),
    ("ge_ngo", "utc", "2026-03-01T10:00:00Z", "Georgian text in English."),
]


def record(source: str, slug: str, published_at: str | None, body: str) -> dict:
    url = f"https://{source}.example/{slug}"
    return {"source_id": source, "country": source[:2].upper(), "url": url, "canonical_url": url,
            "title": slug, "published_at": published_at, "language": None, "body_text": body,
            "attachments": [{"url": f"{url}.pdf", "text": "PDF", "type": "pdf"}],
            "discovered_via": "listing"}


def build(path: Path) -> Path:
    db = open_db(path)
    sync_sources(db, SOURCES)
    with db.conn:
        for row in RECORDS:
            save_announcement(db, record(*row), NOW)
        edited = record(*RECORDS[3])
        save_announcement(db, {**edited, "body_text": edited["body_text"] + " Оновлено."},
                          "2026-11-26T02:30:00+00:00")
        mark_removed(db, record(*RECORDS[4])["url"], "2026-11-26T02:40:00+00:00")
        for status in ("ok", "failed"):
            db["crawl_runs"].insert({"run_id": "20261126T010000Z", "source_id": "kz_dsm",
                                     "started_at": NOW, "finished_at": NOW, "status": status})
        fill_empty_tables(db.conn)
    db.close()
    return path


def fill_empty_tables(conn: sqlite3.Connection) -> None:
    """One row in every published table still empty (aliases, skipped pages, tables added
    later), typed as `fields` says and pointing at existing rows: every file has data, and
    frictionless cannot read an empty JSON Lines file."""
    for table in read_tables(conn):
        if not table.published or conn.execute(f'SELECT 1 FROM "{table.name}"').fetchone():
            continue
        parents = {k.column: k for k in foreign_keys(conn, table.name)}
        row = {}
        for column in table.columns:
            meaning = field(table.name, column.name)
            if column.name in parents:
                key = parents[column.name]
                row[column.name] = conn.execute(
                    f'SELECT "{key.to}" FROM "{key.table}" ORDER BY rowid LIMIT 1').fetchone()[0]
            elif meaning is not None and meaning.enum:
                row[column.name] = meaning.enum[0]
            elif meaning is not None and meaning.kind in ("date", "datetime", "boolean", "array"):
                row[column.name] = {"date": "2026-11-26", "datetime": NOW, "boolean": 1,
                                    "array": "[]"}[meaning.kind]
            elif "INT" in column.type.upper():
                row[column.name] = 1
            elif any(real in column.type.upper() for real in ("REAL", "FLOA", "DOUB")):
                row[column.name] = 0.5
            else:
                row[column.name] = f"https://{table.name}.example/{column.name}"
        names = ", ".join(f'"{n}"' for n in row)
        conn.execute(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(row))})',
                     list(row.values()))


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(archive, its published set), made once for the readers' tests."""
    root = tmp_path_factory.mktemp("tools")
    archive = build(root / "archive.db")
    manifest = create_dump(archive, root / "out", metadata_path=METADATA, now=DAY)
    return archive, root / "out" / manifest.folder


def sqlite_counts(archive: Path) -> dict[str, Counter]:
    """Per year of publication (the publisher's calendar), per country, per kind of publisher,
    per health topic (announcements.topics, a JSON array)."""
    with closing(sqlite3.connect(archive)) as conn:
        query = lambda sql: Counter(dict(conn.execute(sql).fetchall()))  # noqa: E731
        return {
            "year": query("SELECT CAST(substr(published_date, 1, 4) AS INTEGER), count(*) "
                          "FROM announcements WHERE published_date IS NOT NULL GROUP BY 1"),
            "country": query("SELECT country, count(*) FROM announcements GROUP BY 1"),
            "kind": query("SELECT s.kind, count(*) FROM announcements a "
                          "JOIN sources s ON s.id = a.source_id GROUP BY 1"),
            "topic": query("SELECT t.value, count(*) FROM announcements a, json_each(a.topics) t "
                           "GROUP BY 1"),
        }


def test_sqlite_counts_the_publishers_calendar(dumped: tuple[Path, Path]) -> None:
    """The reference itself: Almaty's 00:30 on 1 January is in the new year, not in UTC's old."""
    archive, _ = dumped
    counts = sqlite_counts(archive)
    assert counts["year"] == Counter({2026: 3, 2025: 3, 2024: 1})
    assert counts["topic"]["measles"] == 1 and counts["topic"]["vaccination"] >= 2
    with closing(sqlite3.connect(archive)) as conn:
        assert conn.execute("SELECT published_date, published_at_utc FROM announcements "
                            "WHERE url LIKE '%new-year-2026'").fetchone() == \
            ("2026-01-01", "2025-12-31T18:30:00Z")
        assert conn.execute("SELECT published_date, published_at_utc FROM versions "
                            "WHERE published_at = '2025-12-31'").fetchone() == ("2025-12-31", None)


def test_frictionless_validates_every_resource(dumped: tuple[Path, Path]) -> None:
    """`frictionless validate`, installed as the codebook says, passes every resource: types,
    keys, foreign keys, enums, sizes and checksums."""
    _, folder = dumped
    frictionless = shutil.which("frictionless", path=str(BIN)) or shutil.which("frictionless")
    if frictionless is None:
        pytest.fail('frictionless not installed: pip install "frictionless[json]" (test extra)')
    result = subprocess.run([frictionless, "validate", "--json", "datapackage.json"], cwd=folder,
                            capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    tasks = {t["name"]: t for t in report["tasks"]}
    package = json.loads((folder / "datapackage.json").read_text())
    assert set(tasks) == {r["name"] for r in package["resources"]}
    invalid = {name: [e["message"] for e in t["errors"]][:3] for name, t in tasks.items()
               if not t["valid"]}
    assert report["valid"] and not invalid and result.returncode == 0, invalid
    fields = {f["name"]: f["type"] for f in next(
        r for r in package["resources"] if r["name"] == "announcements")["schema"]["fields"]}
    assert fields["published_date"] == "date" and fields["first_seen_at"] == "datetime"


def test_duckdb_and_pandas_count_as_sqlite(dumped: tuple[Path, Path]) -> None:
    """CSV and JSON Lines read with default options give SQLite's counts, and the same cells."""
    duckdb = pytest.importorskip("duckdb")
    pandas = pytest.importorskip("pandas")
    archive, folder = dumped
    expected = sqlite_counts(archive)
    announcements = {ext: str(folder / f"announcements.{ext}.gz") for ext in ("csv", "jsonl")}
    sources = {ext: str(folder / f"sources.{ext}.gz") for ext in ("csv", "jsonl")}
    with closing(duckdb.connect()) as con:
        for ext, reader, topics in (("csv", "read_csv", "from_json(topics, '[\"VARCHAR\"]')"),
                                    ("jsonl", "read_json", "topics")):
            a, s = f"{reader}('{announcements[ext]}')", f"{reader}('{sources[ext]}')"
            query = lambda sql: Counter(dict(con.execute(sql).fetchall()))  # noqa: E731
            assert {
                "year": query(f"SELECT year(published_date), count(*) FROM {a} "
                              "WHERE published_date IS NOT NULL GROUP BY 1"),
                "country": query(f"SELECT country, count(*) FROM {a} GROUP BY 1"),
                "kind": query(f"SELECT s.kind, count(*) FROM {a} a JOIN {s} s "
                              "ON s.id = a.source_id GROUP BY 1"),
                "topic": query(f"SELECT t, count(*) FROM (SELECT unnest({topics}) AS t FROM {a}) "
                               "GROUP BY 1"),
            } == expected, f"duckdb {ext}"
            if ext == "jsonl":  # the codebook's filter by topic
                assert con.execute(f"SELECT count(*) FROM {a} WHERE list_contains(topics, 'measles')"
                                   ).fetchone()[0] == expected["topic"]["measles"]
            longest = con.execute(f"SELECT max(length(body_text)) FROM {a}").fetchone()[0]
            assert longest == 15_000 * len("Довгий текст. ")
    for ext in ("csv", "jsonl"):
        if ext == "csv":
            a, s = pandas.read_csv(announcements[ext]), pandas.read_csv(sources[ext])
        else:
            a = pandas.read_json(announcements[ext], lines=True)
            s = pandas.read_json(sources[ext], lines=True)
        years = pandas.to_datetime(a["published_date"]).dt.year.dropna().astype(int)
        topics = a["topics"].map(json.loads) if ext == "csv" else a["topics"]
        if ext == "csv":  # the codebook's filter by topic
            assert len(a[a.topics.str.contains('"measles"', regex=False)]) == expected["topic"]["measles"]
        joined = a.merge(s, left_on="source_id", right_on="id", suffixes=("", "_source"))
        assert {
            "year": Counter(years.value_counts().to_dict()),
            "country": Counter(a["country"].value_counts().to_dict()),
            "kind": Counter(joined["kind_source" if "kind_source" in joined else "kind"]
                            .value_counts().to_dict()),
            "topic": Counter(topics.explode().dropna().value_counts().to_dict()),
        } == expected, f"pandas {ext}"
        if ext == "jsonl":  # U+2028 is escaped: even str.splitlines() finds one row a line
            text = gzip.decompress(Path(announcements[ext]).read_bytes()).decode()
            assert "\u2028" not in text and len(text.splitlines()) == len(RECORDS)
            assert a.loc[a["url"].str.endswith("new-year-2026"), "body_text"].item() == RECORDS[0][3]
        body = a.loc[a["url"].str.endswith("new-year-2025"), "body_text"].item()
        assert body == "Қызылша туралы.\r\nWindows line."
        assert s["enabled"].tolist() == [True] * len(SOURCES)


def test_postgresql_loads_the_copy_dump_and_counts_as_sqlite(dumped: tuple[Path, Path],
                                                              psql) -> None:  # noqa: F811
    archive, folder = dumped
    psql(input=gzip.decompress((folder / "health-archive.postgres.sql.gz").read_bytes()))
    expected = sqlite_counts(archive)
    query = lambda sql: Counter(dict(  # noqa: E731
        (int(k) if k.isdigit() else k, int(v)) for k, v in
        (line.split("|") for line in psql("-c", sql).splitlines())))
    assert {
        "year": query("SELECT extract(year FROM published_date)::int, count(*) FROM announcements "
                      "WHERE published_date IS NOT NULL GROUP BY 1"),
        "country": query("SELECT country, count(*) FROM announcements GROUP BY 1"),
        "kind": query("SELECT s.kind, count(*) FROM announcements a JOIN sources s "
                      "ON s.id = a.source_id GROUP BY 1"),
        "topic": query("SELECT t, count(*) FROM announcements, jsonb_array_elements_text(topics) t "
                       "GROUP BY 1"),
    } == expected
    assert psql("-c", "SELECT count(*) FROM announcements WHERE topics ? 'measles'") == "1\n"
    with closing(sqlite3.connect(archive)) as conn:
        for table, count in conn.execute(
                "SELECT 'versions', count(*) FROM versions UNION ALL "
                "SELECT 'source_health', count(*) FROM source_health"):
            assert psql("-c", f"SELECT count(*) FROM {table}").strip() == str(count)
        body = conn.execute("SELECT body_text FROM announcements WHERE url LIKE '%long'").fetchone()[0]
    cells = psql("-c", "SELECT published_date, published_at_utc AT TIME ZONE 'UTC', "
                       "md5(body_text), length(body_text) FROM announcements "
                       "WHERE url LIKE '%new-year-2026' OR url LIKE '%long' ORDER BY url")
    assert cells.splitlines() == [  # kz_dsm's, then ua_phc's
        f"2026-01-01|2025-12-31 18:30:00|{hashlib.md5(RECORDS[0][3].encode()).hexdigest()}|"
        f"{len(RECORDS[0][3])}",
        f"2024-06-01||{hashlib.md5(body.encode()).hexdigest()}|{len(body)}",
    ]
    assert psql("-c", "SELECT languages->>0, enabled FROM sources WHERE id = 'kz_dsm'") == "kk|t\n"


def verify(out: Path) -> list[str]:
    """Every visible set verifies against its own SHA256SUMS and lists exactly its files;
    `latest` and `latest.json` name one of them. Returns the sets."""
    sets = published_sets(out)
    for name in sets:
        folder = out / name
        listed = {}
        for line in (folder / "SHA256SUMS").read_text().splitlines():
            digest, file = line.split("  ")
            listed[file] = digest
            assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, (name, file)
        assert {p.name for p in folder.iterdir()} == {*listed, "SHA256SUMS", "manifest.json"}
        manifest = json.loads((folder / "manifest.json").read_text())
        assert {f["name"]: f["sha256"] for f in manifest["files"] if f["name"] != "SHA256SUMS"} \
            == listed
    if sets:
        assert os.readlink(out / "latest") in sets
        assert json.loads((out / "latest.json").read_text())["folder"] == os.readlink(out / "latest")
    return sets


def test_each_days_set_verifies_and_keep_prunes(tmp_path: Path) -> None:
    archive = build(tmp_path / "archive.db")
    out = tmp_path / "out"
    days = [datetime(2026, 11, day, 3, 0, tzinfo=timezone.utc) for day in (24, 25, 26)]
    create_dump(archive, out, metadata_path=METADATA, now=days[0])
    db = open_db(archive)
    with db.conn:
        save_announcement(db, record("ua_phc", "next-day", "2026-11-25", "Наступний день."), NOW)
    db.close()
    create_dump(archive, out, metadata_path=METADATA, now=days[1])
    assert verify(out) == ["2026-11-24", "2026-11-25"]
    subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=out / "2026-11-24",
                   check=True, capture_output=True)
    first, second = (json.loads((out / d / "manifest.json").read_text()) for d in verify(out))
    assert second["row_counts"]["announcements"] == first["row_counts"]["announcements"] + 1
    assert json.loads((out / "2026-11-24" / "datapackage.json").read_text())["version"] == "2026-11-24"
    # A same-day run replaces that day's set whole.
    replaced = create_dump(archive, out, metadata_path=METADATA, now=days[1].replace(hour=9))
    assert verify(out) == ["2026-11-24", "2026-11-25"]
    assert json.loads((out / "latest.json").read_text())["created_at"] == replaced.created_at
    create_dump(archive, out, metadata_path=METADATA, now=days[2], keep=2)
    assert verify(out) == ["2026-11-25", "2026-11-26"]
    # After a clock change: the set just published (and named by `latest`) is kept.
    create_dump(archive, out, metadata_path=METADATA, now=days[0].replace(day=20), keep=1)
    assert verify(out) == ["2026-11-20", "2026-11-26"] and os.readlink(out / "latest") == "2026-11-20"
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".trash-"))]


CHILD = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from archive.dumps import create_dump
from archive.serving import METADATA
create_dump(Path(sys.argv[1]), Path(sys.argv[2]), metadata_path=METADATA,
            now=datetime.fromisoformat(sys.argv[3]), keep=2,
            log=lambda message: print(message, flush=True))
"""


def test_a_dump_killed_at_any_moment_leaves_complete_sets(tmp_path: Path) -> None:
    """SIGKILL a dump once it logs each moment (writing, publishing a same-day set and a new
    day's, pruning): whatever was on disk, old or new, every visible set verifies, and the
    next dump cleans up and publishes."""
    archive = build(tmp_path / "archive.db")
    out = tmp_path / "out"
    day = lambda n: DAY.replace(day=n)  # noqa: E731
    for n in (24, 26):
        create_dump(archive, out, metadata_path=METADATA, now=day(n))
    moments = [("write health-archive.sql.gz", 26), ("publish", 26), ("publish", 27),
               ("prune", 28), ("write source_health", 29)]
    killed_mid_way = 0
    errors = tmp_path / "stderr.txt"
    for moment, n in moments:
        with errors.open("w") as stderr:
            child = subprocess.Popen([sys.executable, "-c", CHILD, str(archive), str(out),
                                      day(n).isoformat()], stdout=subprocess.PIPE, stderr=stderr,
                                     text=True, cwd=Path(__file__).resolve().parents[2])
        assert child.stdout is not None
        logged = next((line for line in child.stdout if line.startswith(moment)), None)
        child.kill()
        child.wait()
        assert logged, f"the dump never logged {moment!r}: {errors.read_text()[-3000:]}"
        sets = verify(out)
        assert f"2026-11-{n}" in sets or moment != "prune", sets
        killed_mid_way += any(p.name.startswith(".tmp-") for p in out.iterdir())
    assert killed_mid_way  # the kills did land inside dumps, leaving hidden half-made sets
    create_dump(archive, out, metadata_path=METADATA, now=day(30), keep=2)
    assert verify(out) == ["2026-11-28", "2026-11-30"]
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".trash-"))]


def test_upgrade_fills_the_date_columns_of_older_archives(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m004_published_date_and_utc")
    old["sources"].insert({**SOURCES[0], "languages": "[]"})
    for i, published in enumerate(["2026-01-01T00:30:00+06:00", "2025-12-31", None, "garbage"]):
        old.execute(
            "INSERT INTO announcements (id, source_id, url, canonical_url, published_at, country, "
            "body_text, content_hash, first_seen_at, last_seen_at, last_changed_at) "
            "VALUES (?, 'kz_dsm', ?, ?, ?, 'KZ', 'x', 'h', ?, ?, ?)",
            [str(i), f"u{i}", f"u{i}", published, NOW, NOW, NOW])
        old.execute("INSERT INTO versions (announcement_id, version, fetched_at, published_at, "
                    "body_text, content_hash) VALUES (?, 1, ?, ?, 'x', 'h')", [str(i), NOW, published])
    old.conn.commit()
    old.close()
    db = open_db(path)
    expected = [("2026-01-01", "2025-12-31T18:30:00Z"), ("2025-12-31", None), (None, None),
                (None, None)]
    for table in ("announcements", "versions"):
        assert db.execute(f"SELECT published_date, published_at_utc FROM {table} "
                          "ORDER BY rowid").fetchall() == expected
    db.close()


def write_capture(warc_dir: Path, run: str, source: str, url: str, body: bytes) -> str:
    """A response record as the crawler writes it; returns its `capture` reference."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder = warc_dir / run
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{source}.warc.gz", "ab") as handle:
        writer = WARCWriter(handle, gzip=True)
        record = writer.create_warc_record(
            url, "response", payload=BytesIO(body),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1"))
        writer.write_record(record)
    return f"{run}/{source}.warc.gz#{record.rec_headers.get_header('WARC-Record-ID')}"


def test_finished_months_of_captures_are_published_and_resolve(tmp_path: Path) -> None:
    """`dump --warc`: each finished month's WARC files as one tar, once; extracted, every
    `capture` of that month resolves to its response. The running month waits."""
    import tarfile

    from archive.web.capture import read_capture

    warc_dir, out = tmp_path / "warc", tmp_path / "out"
    october = [write_capture(warc_dir, run, "ua_phc", f"https://ua.example/{i}", f"<p>{i}</p>".encode())
               for i, run in enumerate(["20261003T010000Z", "20261003T010000Z", "20261031T230000Z",
                                        "20261012T010000.250000Z",  # a run named to the microsecond
                                        "20261014T010000.500000Z-crawler-2-4711"])]  # a worker's
    write_capture(warc_dir, "20261125T010000Z", "ua_phc", "https://ua.example/nov", b"<p>nov</p>")
    write_capture(warc_dir, "adhoc", "ua_phc", "https://ua.example/adhoc", b"<p>adhoc</p>")
    archive = build(tmp_path / "archive.db")
    create_dump(archive, out, metadata_path=METADATA, now=DAY, warc_dir=warc_dir)
    assert sorted(p.name for p in (out / "warc").iterdir()) == ["2026-10.tar", "SHA256SUMS"]
    subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=out / "warc",
                   check=True, capture_output=True)
    extracted = tmp_path / "extracted"
    with tarfile.open(out / "warc" / "2026-10.tar") as tar:
        tar.extractall(extracted, filter="data")
    for i, capture in enumerate(october):
        target, _, body = read_capture(extracted, capture)
        assert (target, body) == (f"https://ua.example/{i}", f"<p>{i}</p>".encode())
    published = (out / "warc" / "2026-10.tar").stat().st_mtime_ns
    create_dump(archive, out, metadata_path=METADATA, now=DAY.replace(month=12, day=2),
                warc_dir=warc_dir)
    assert sorted(p.name for p in (out / "warc").iterdir()) == ["2026-10.tar", "2026-11.tar",
                                                                 "SHA256SUMS"]
    assert (out / "warc" / "2026-10.tar").stat().st_mtime_ns == published  # never rewritten
    assert verify(out) == ["2026-11-26", "2026-12-02"]
