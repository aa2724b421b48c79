#!/usr/bin/env python3
"""Ingest benchmark: the archive's write path beside a plain executemany, into the same schema.

Records are generated announcements with ~3 KB bodies in six languages (benchmarks/corpus.py).
Each line starts from an empty archive (archive.db.open_db: WAL, every migration, FTS5 kept
by triggers):

* baseline: one `executemany` INSERT of every row into `announcements` in one transaction
  (the FTS5 triggers fire: same schema, none of our logic);
* ours: `archive.store.save_announcement` per record in transactions of ARCHIVE_BATCH_SIZE
  (50), as ArchivePipeline and `health-archive ingest` write: lookup, insert, version row,
  attachments, and the stemmed FTS index (store calls archive.search.index_announcement);
* ours, items stemmed by the workers: the same with each item's stems computed beforehand, as
  the crawl's extraction workers hand them over (the writer only stores them);
* ours without stems: the same with index_announcement patched out, to show its share;
* ours, unchanged: the same records again, as an hourly recheck finds them: a hash
  comparison and no write.

The stemmers' dictionaries are loaded before timing (a crawl loads them once per process).

Run:  .venv/bin/python benchmarks/ingest.py [--records 10000] [--batch 50]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.db import open_db  # noqa: E402
import archive.store  # noqa: E402
from archive.stemming import stem_record, stem_word  # noqa: E402
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


def plain_insert(rows: list[dict[str, Any]], db, batch: int) -> None:
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


def ours(rows: list[dict[str, Any]], db, batch: int) -> None:
    for start in range(0, len(rows), batch):
        with db.atomic():
            for record in rows[start:start + batch]:
                save_announcement(db, record, NOW)


def with_worker_stems(rows: list[dict[str, Any]], db, batch: int) -> None:
    ours(rows, db, batch)


def without_stems(rows: list[dict[str, Any]], db, batch: int) -> None:
    indexer = archive.store.index_announcement
    archive.store.index_announcement = lambda db, key, stems=None: None
    try:
        ours(rows, db, batch)
    finally:
        archive.store.index_announcement = indexer


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
    for language in LANGUAGES:  # load the stemmers' dictionaries outside the timings
        stem_word(vocabulary(language).words[20], language)
    work = Path(tempfile.mkdtemp(prefix="health-archive-ingest-"))
    lines = [("baseline: executemany, one transaction", plain_insert),
             (f"ours: save_announcement, batches of {args.batch}", ours),
             ("ours, items stemmed by the extraction workers", with_worker_stems),
             ("ours without the stems index", without_stems),
             ("ours, the same records again (unchanged: no write)", ours)]
    rates: dict[str, float] = {}
    db = None
    try:
        for name, write in lines:
            if "again" not in name:
                if db is not None:
                    db.close()
                db = fresh_archive(work / write.__name__ / "archive.db")
            todo = rows
            if write is with_worker_stems:  # stemmed by the crawl's workers, outside the timing
                todo = [{**r, "stems": stem_record(r["title"], r["body_text"], r["language"])} for r in rows]
            t0 = time.perf_counter()
            write(todo, db, args.batch)
            seconds = time.perf_counter() - t0
            rates[name] = args.records / seconds
            print(f"  … {name}: {seconds:.1f} s", flush=True)
    finally:
        if db is not None:
            db.close()
        shutil.rmtree(work, ignore_errors=True)
    base = rates[lines[0][0]]
    print(f"\ningest: {args.records} records, FTS5 (triggers), versions, stems index, WAL")
    for name, rate in rates.items():
        print(f"  {name:55} {rate:8.0f} records/s  ({rate / base:.2f}x baseline)")


if __name__ == "__main__":
    main()
