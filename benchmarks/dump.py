#!/usr/bin/env python3
"""Dump benchmark: `health-archive dump` beside `sqlite3 FILE .dump | gzip`, on one archive.

Builds (once, cached under /tmp) an archive of N announcements with ~3 KB multilingual
bodies, each with a version and half with an attachment, its FTS indexes filled by a rebuild
rather than row by row. Then, each in child processes (wall time, CPU time, peak RSS): our
SQL dump, and the sqlite3 shell's `.dump` piped into gzip -6 (skipped when the shell is
missing); with --full also the whole `dump` command (snapshot, both SQL dumps, CSV, JSON
Lines, checksums).

Run:  .venv/bin/python benchmarks/dump.py [--rows 200000] [--cache DIR] [--keep] [--full]

Only ratios measured inside one run mean anything; sizes are of the gzipped outputs.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import sqlite_utils  # noqa: E402

from archive.db import open_db  # noqa: E402
from archive.dumps import gzip_text, read_tables, write_sqlite_sql  # noqa: E402
from archive.migrations import migrations  # noqa: E402
from archive.store import announcement_id, content_hash, sync_sources  # noqa: E402

BODY_BYTES = 3000
CHUNK = 5000
SENTENCES = {
    "uk": ["Міністерство охорони здоров'я нагадує про планову вакцинацію дітей проти кору.",
           "У закладах охорони здоров'я області триває кампанія щеплень від грипу.",
           "Лікарі радять звертатися до сімейного лікаря при перших симптомах хвороби.",
           "Центр громадського здоров'я оприлюднив нові рекомендації щодо профілактики.",
           "Епідеміологічна ситуація з COVID-19 залишається стабільною."],
    "ru": ["Министерство здравоохранения сообщает о вспышке кори в нескольких районах.",
           "Вакцинация проводится бесплатно во всех поликлиниках по месту жительства.",
           "Специалисты рекомендуют соблюдать правила личной гигиены.",
           "Число обращений с острыми респираторными инфекциями снизилось на 12 %."],
    "kk": ["Денсаулық сақтау министрлігі қызылшаға қарсы екпе жұмыстарын жалғастыруда.",
           "Емханаларда тұмауға қарсы вакцинация тегін жүргізіледі.",
           "Дәрігерлер балаларды уақытылы егуге шақырады."],
    "ky": ["Саламаттык сактоо министрлиги кызамыкка каршы эмдөө иштерин улантууда.",
           "Үй-бүлөлүк медицина борборлорунда сасык тумоого каршы эмдөө жүрүп жатат.",
           "Дарыгерлер ооруунун алгачкы белгилеринде кайрылууну сунушташат."],
    "ka": ["დაავადებათა კონტროლის ეროვნული ცენტრი აფრთხილებს მოსახლეობას გრიპის შესახებ.",
           "ვაქცინაცია ტარდება ყველა პოლიკლინიკაში უფასოდ.",
           "ექიმები გირჩევენ ხელების ხშირად დაბანას."],
    "en": ["The ministry reminds parents about routine measles immunisation.",
           "Seasonal influenza vaccination is free at all primary care clinics.",
           "Health authorities published updated guidance on outbreak prevention."],
}
WORDS = {language: sorted({w.strip(".,%'-").lower() for s in sentences for w in s.split()} - {""})
         for language, sentences in SENTENCES.items()}
ENDINGS = [". ", ". ", ". ", "; ", ", ", ".\n", "! "]
COUNTRIES = {"uk": "UA", "ru": "KZ", "kk": "KZ", "ky": "KG", "ka": "GE", "en": "GE"}


def body(rng: random.Random, language: str) -> str:
    """~3 KB of the language's words (a few English ones mixed in) in random order.

    Shuffled words rather than repeated sentences, so gzip meets text about as compressible
    as real prose (repeated sentences would compress tenfold and flatter every timing).
    """
    words = WORDS[language]
    parts: list[str] = []
    size = 0
    while size < BODY_BYTES:
        sentence = " ".join(rng.choice(WORDS["en"] if rng.random() < 0.1 else words)
                            for _ in range(rng.randint(6, 16)))
        sentence = f"{sentence[0].upper()}{sentence[1:]}{rng.choice(ENDINGS)}"
        if rng.random() < 0.2:
            sentence += f" ({rng.randint(1, 2026)})"
        parts.append(sentence)
        size += len(sentence.encode())
    return "".join(parts).strip()


def announcements(rows: int, seed: int = 4) -> Iterator[tuple[dict, dict, dict | None]]:
    """(announcement, version, attachment or None) rows, deterministic for a given seed."""
    rng = random.Random(seed)
    languages = list(SENTENCES)
    for i in range(rows):
        language = rng.choice(languages)
        source = f"{COUNTRIES[language].lower()}_source_{i % 30:02d}"
        url = f"https://{source}.example/news/{i}"
        key = announcement_id(url)
        title = rng.choice(SENTENCES[language])[:80]
        text = body(rng, language)
        day = f"20{rng.randint(18, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        digest = content_hash(title, day, text)
        seen = f"{day}T{rng.randint(0, 23):02d}:00:00Z"
        yield (
            {"id": key, "source_id": source, "url": url, "canonical_url": url, "title": title,
             "published_at": day, "language": language, "country": COUNTRIES[language],
             "body_text": text, "content_hash": digest, "attachment_count": i % 2,
             "discovered_via": "listing", "first_seen_at": seen, "last_seen_at": seen,
             "last_changed_at": seen, "version_count": 1, "status": "live"},
            {"announcement_id": key, "version": 1, "fetched_at": seen, "title": title,
             "published_at": day, "body_text": text, "content_hash": digest},
            {"id": announcement_id(f"{key} {url}.pdf"), "announcement_id": key,
             "url": f"{url}.pdf", "link_text": "Наказ (PDF)", "type": "pdf"} if i % 2 else None,
        )


def build(path: Path, rows: int) -> None:
    """Bulk-insert with the FTS triggers dropped, rebuild the indexes once, restore triggers.

    No journal while loading (a failed build is simply rebuilt); WAL again at the end, as in
    production.
    """
    db = open_db(path)
    db.conn.execute("PRAGMA journal_mode = OFF")
    db.conn.execute("PRAGMA synchronous = OFF")
    db.conn.execute("PRAGMA cache_size = -262144")  # 256 MiB: FTS merges stay in memory
    sync_sources(db, [
        {"id": f"{c.lower()}_source_{n:02d}", "name": f"Source {n}", "name_en": f"Source {n}",
         "country": c, "kind": "ministry", "languages": ["ru"], "homepage": "https://example/"}
        for c in set(COUNTRIES.values()) for n in range(30)])
    conn = db.conn
    triggers = [sql for (sql,) in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'announcements'")]
    conn.execute("PRAGMA foreign_keys = OFF")
    with conn:
        for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'announcements'"
        ).fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        batch: list[tuple[dict, dict, dict | None]] = []
        for item in announcements(rows):
            batch.append(item)
            if len(batch) == CHUNK:
                _insert(conn, batch)
                batch = []
        _insert(conn, batch)
        for table in read_tables(conn):
            if table.strategy == "rebuild":
                conn.execute(f'INSERT INTO "{table.name}"("{table.name}") VALUES(\'rebuild\')')
        _fill_stems(conn)
        for sql in triggers:
            conn.execute(sql)
    conn.execute("PRAGMA journal_mode = WAL")
    db.close()


def _insert(conn: sqlite3.Connection, batch: list[tuple[dict, dict, dict | None]]) -> None:
    for table, position in (("announcements", 0), ("versions", 1), ("attachments", 2)):
        rows = [item[position] for item in batch if item[position] is not None]
        if rows:
            names = list(rows[0])
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [tuple(r[n] for n in names) for r in rows])


def _fill_stems(conn: sqlite3.Connection) -> None:
    """archive.search's stemmed copy, approximated by lower(): the same size for the dump,
    without the hour that stemming 600 MB in Python would add to building the archive."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'announcements_stems'").fetchone():
        return
    columns = [r[1] for r in conn.execute("PRAGMA table_info(announcements_stems)")]
    sources = ["lower(title)", "lower(body_text)", "content_hash"][: len(columns)]
    conn.execute(f"INSERT INTO announcements_stems(rowid, {', '.join(columns[:len(sources)])}) "
                 f"SELECT rowid, {', '.join(sources)} FROM announcements")


@dataclass
class Run:
    """One measured command: wall and CPU seconds, peak RSS, size of what it wrote."""

    name: str
    seconds: float
    cpu_seconds: float
    peak_mb: float
    output_mb: float


def measure(name: str, commands: list[list[str]], output: Path, stdout: Path | None = None) -> Run:
    """Run `commands` as a pipeline: wall time, CPU time and the sum of the processes' peak RSS.

    Peak RSS is each process's VmHWM, polled from /proc every 20 ms until it exits: wait4's
    ru_maxrss would report this (large) parent's RSS, which Linux carries across fork and
    exec. CPU seconds matter on a shared machine, where wall time grows with others' load.
    """
    started = time.perf_counter()
    processes: list[subprocess.Popen] = []
    sink = open(stdout, "wb") if stdout else subprocess.DEVNULL
    previous = None
    for index, command in enumerate(commands):
        last = index == len(commands) - 1
        process = subprocess.Popen(command, stdin=previous, stderr=subprocess.DEVNULL,
                                   stdout=sink if last else subprocess.PIPE)
        if previous is not None:
            previous.close()
        previous = process.stdout
        processes.append(process)
    peaks = dict.fromkeys((p.pid for p in processes), 0)
    cpu = 0.0
    running = list(processes)
    while running:
        for process in list(running):
            peaks[process.pid] = max(peaks[process.pid], _vm_hwm_kb(process.pid))
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                running.remove(process)
                cpu += usage.ru_utime + usage.ru_stime
                if os.waitstatus_to_exitcode(status):
                    raise SystemExit(f"{name}: {process.args} failed")
        time.sleep(0.02)
    if stdout:
        sink.close()
    seconds = time.perf_counter() - started
    size = (sum(p.stat().st_size for p in output.rglob("*") if p.is_file() and not p.is_symlink())
            if output.is_dir() else output.stat().st_size)
    return Run(name, seconds, cpu, sum(peaks.values()) / 1024, size / 1e6)


def _vm_hwm_kb(pid: int) -> int:
    """The process's peak resident set so far (kB), or 0 once it has exited."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def child_sql(db: str, out: str) -> None:
    """Our SQLite-flavoured SQL dump alone, straight from the archive file."""
    with sqlite3.connect(db) as conn, gzip_text(Path(out)) as text:
        write_sqlite_sql(conn, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "health-archive-bench")
    parser.add_argument("--keep", action="store_true", help="Keep the dump outputs.")
    parser.add_argument("--full", action="store_true",
                        help="Also time the whole `dump` command (all formats, ~2.5 min more).")
    args = parser.parse_args()
    begun = time.perf_counter()

    args.cache.mkdir(parents=True, exist_ok=True)
    # Keyed on the schema version too: a new migration makes a new archive.
    version = len(migrations.pending(sqlite_utils.Database(memory=True)))
    db = args.cache / f"archive-{args.rows}-v{version}.db"
    if not db.exists():
        started = time.perf_counter()
        partial = db.with_suffix(".partial")
        for leftover in args.cache.glob(f"{partial.name}*"):
            leftover.unlink()
        build(partial, args.rows)
        partial.rename(db)
        print(f"built {db} ({db.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s")
    else:
        print(f"using cached {db} ({db.stat().st_size / 1e6:.0f} MB)")
    work = Path(tempfile.mkdtemp(prefix="dump-bench-", dir=args.cache))
    python = sys.executable
    runs = [measure("ours: SQL dump (.sql.gz)",
                    [[python, __file__, "--child-sql", str(db), str(work / "ours.sql.gz")]],
                    work / "ours.sql.gz")]
    sqlite3_bin = shutil.which("sqlite3")
    if sqlite3_bin:
        runs.append(measure("sqlite3 .dump | gzip", [[sqlite3_bin, str(db), ".dump"], ["gzip", "-6"]],
                            work / "shell.sql.gz", stdout=work / "shell.sql.gz"))
    else:
        print("sqlite3 shell not on PATH: baseline skipped")
    if args.full:
        runs.append(measure("ours: whole `dump` command",
                            [[python, __file__, "--child-full", str(db), str(work / "full")]],
                            work / "full"))
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} after the runs")
    print(f"{'':30} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'output MB':>10}")
    for run in runs:
        print(f"{run.name:30} {run.seconds:8.1f} {run.cpu_seconds:8.1f} {run.peak_mb:8.1f} "
              f"{run.output_mb:10.1f}")
    if sqlite3_bin:
        ours, shell = runs[0], runs[1]
        print(f"ratio ours/shell (SQL dump): time {ours.seconds / shell.seconds:.2f}, "
              f"CPU {ours.cpu_seconds / shell.cpu_seconds:.2f}, "
              f"peak memory {ours.peak_mb / shell.peak_mb:.2f}, size {ours.output_mb / shell.output_mb:.2f}")
    print(f"whole benchmark run: {time.perf_counter() - begun:.0f} s")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-sql":
        child_sql(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "--child-full":
        from archive.commands.dump import dump

        dump.main([sys.argv[3], "--db", sys.argv[2]], standalone_mode=True)
    else:
        main()
