#!/usr/bin/env python3
"""Ingest benchmark: the archive's write path beside a plain executemany, into the same schema.

Records are generated announcements with ~3 KB bodies in six languages (benchmarks/corpus.py).
Each line starts from an empty archive (archive.db.open_db: WAL, every migration, FTS5 kept
by triggers):

* baseline: one `executemany` INSERT of every row into `announcements` in one transaction
  (the FTS5 triggers fire: same schema, none of our logic);
* ours: `archive.store.save_announcement` per record in transactions of ARCHIVE_BATCH_SIZE
  (50), as ArchivePipeline and `health-archive ingest` write: lookup, insert, version row,
  attachments;
* ours + stems: the same, plus `archive.search.index_announcement` (the stemmed FTS index);
* ours, unchanged: the same records again, as an hourly recheck finds them: a hash
  comparison and no write.

Run:  .venv/bin/python benchmarks/ingest.py [--records 10000] [--batch 50]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.db import open_db  # noqa: E402
from archive.search import index_announcement  # noqa: E402
from archive.store import announcement_id, content_hash, save_announcement, sync_sources  # noqa: E402
from benchmarks.corpus import COUNTRIES, LANGUAGES, paragraphs, sentence, vocabulary  # noqa: E402

NOW = "2026-11-26T00:00:00+00:00"
SOURCES = {language: f"{COUNTRIES[language].lower()}_bench_{language}" for language in LANGUAGES}


def records(count: int, seed: int = 5) -> list[dict[str, Any]]:
    """Items as spiders yield them (AnnouncementItem fields)."""
    rng = random.Random(seed)
    vocabs = {language: vocabulary(language) for language in LANGUAGES}
    out = []
    for n in range(count):
        language = LANGUAGES[n % len(LANGUAGES)]
        vocab = vocabs[language]
        url = f"https://{language}.example.org/news/{n}-{'-'.join(vocab.sample(rng, 3))}"
        out.append({
            "source_id": SOURCES[language], "country": COUNTRIES[language], "url": url,
            "canonical_url": url, "title": sentence(vocab, rng).strip(" .;!"),
            "published_at": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}", "modified_at": None,
            "language": language, "body_text": "\n\n".join(paragraphs(vocab, rng, 1500)),
            "attachments": ([{"url": f"{url}/file.pdf", "text": "Наказ", "type": "pdf"}]
                            if n % 3 == 0 else []),
            "discovered_via": "listing", "etag": f'"{n}"', "last_modified": None,
            "capture": f"20261126T000000Z/{SOURCES[language]}.warc.gz#<urn:uuid:{n}>",
        })
    return out


def fresh_archive(path: Path):
    shutil.rmtree(path.parent, ignore_errors=True)
    db = open_db(path)
    sync_sources(db, ({"id": source, "name": source, "name_en": source,
                       "country": COUNTRIES[language], "kind": "agency", "languages": [language],
                       "homepage": f"https://{language}.example.org/"}
                      for language, source in SOURCES.items()))
    return db


def plain_insert(db, rows: list[dict[str, Any]], batch: int) -> None:
    columns = ["id", "source_id", "url", "canonical_url", "title", "published_at", "modified_at",
               "language", "country", "body_text", "content_hash", "attachment_count",
               "discovered_via", "first_seen_at", "last_seen_at", "last_changed_at", "etag",
               "last_modified", "capture"]
    values = [(announcement_id(r["canonical_url"]), r["source_id"], r["url"], r["canonical_url"],
               r["title"], r["published_at"], r["modified_at"], r["language"], r["country"],
               r["body_text"], content_hash(r["title"], r["published_at"], r["body_text"]),
               len(r["attachments"]), r["discovered_via"], NOW, NOW, NOW, r["etag"],
               r["last_modified"], r["capture"]) for r in rows]
    with db.conn:
        db.conn.executemany(
            f"INSERT INTO announcements ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})", values)


def ours(stems: bool) -> Callable[[Any, list[dict[str, Any]], int], None]:
    def write(db, rows: list[dict[str, Any]], batch: int) -> None:
        for start in range(0, len(rows), batch):
            with db.conn:
                for record in rows[start:start + batch]:
                    save_announcement(db, record, NOW)
                    if stems:
                        index_announcement(db, announcement_id(record["canonical_url"]))
    return write


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=50, help="records per transaction (ours)")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = records(args.records)
    size = sum(len(r["body_text"].encode()) for r in rows) / len(rows)
    print(f"ingest benchmark: {args.records} generated records, bodies {size / 1024:.1f} KB on "
          f"average (generated in {time.perf_counter() - started:.0f} s)", flush=True)
    work = Path(tempfile.mkdtemp(prefix="health-archive-ingest-"))
    lines = [("baseline: executemany, one transaction", plain_insert),
             (f"ours: save_announcement, batches of {args.batch}", ours(stems=False)),
             (f"ours + stem index, batches of {args.batch}", ours(stems=True))]
    rates: dict[str, float] = {}
    try:
        for name, write in lines:
            db = fresh_archive(work / name.split(":")[0].replace(" ", "_") / "archive.db")
            t0 = time.perf_counter()
            write(db, rows, args.batch)
            seconds = time.perf_counter() - t0
            rates[name] = args.records / seconds
            if write is lines[-1][1]:
                t0 = time.perf_counter()
                ours(stems=False)(db, rows, args.batch)  # nothing changed: nothing to re-index
                rates["ours, the same records again (unchanged: no write)"] = (
                    args.records / (time.perf_counter() - t0))
            db.close()
            print(f"  … {name}: {seconds:.1f} s", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = rates[lines[0][0]]
    print(f"\ningest: {args.records} records with FTS5 (triggers) and versions, WAL")
    for name, rate in rates.items():
        print(f"  {name:55} {rate:8.0f} records/s  ({rate / base:.2f}x baseline)")


if __name__ == "__main__":
    main()
