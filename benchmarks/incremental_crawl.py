"""Incremental crawling: how many article bodies does a run download again?

Crawls the bundled replica sites three times into a fresh archive (first run, an ordinary
hourly run, `--recheck`) and, from each run's WARC captures, counts the archived articles whose
body came with a 200 (a 304 is not a download); the first run is the baseline. Bodies that
arrive inside API answers (WordPress REST, gov.kz news lists) are not page downloads, so the
first run counts fewer than it archives. Targets: 0 for the hourly run; for the
recheck, 0 wherever the publisher answers conditional requests.

    .venv/bin/python benchmarks/incremental_crawl.py
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from replicas.server import HOSTS, ReplicaServer

BIN = Path(sys.executable).parent
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False",
        "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl(origin: str, db: Path, *extra: str) -> None:
    sources = [arg for s in sorted(set(HOSTS.values())) for arg in ("--source", s)]
    subprocess.run([str(BIN / "health-archive"), "crawl", "--db", str(db), "--replica-origin",
                    origin, *FAST, *sources, *extra], check=True, capture_output=True)


def downloaded_again(db: Path) -> tuple[Counter[str], Counter[str]]:
    """(article bodies the latest run downloaded, archived) per source."""
    with sqlite3.connect(db) as conn:
        archived = dict(conn.execute("SELECT url, source_id FROM announcements"))
    run = sorted((db.parent / "warc").iterdir())[-1]
    again: Counter[str] = Counter()
    for path in run.glob("*.warc.gz"):
        source = path.name.removesuffix(".warc.gz")
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers.get_statuscode() != "200":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                # gov.kz items come back as API answers (content-manager/news/<id>).
                if url in archived or "/content-manager/news/" in url:
                    again[source] += 1
    return again, Counter(archived.values())


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, ReplicaServer() as server:
        db = Path(folder) / "archive.db"
        print(f"{'run':10} {'source':24} {'bodies':>12} {'archived':>9}")
        # The first run, which downloads every body, is the baseline the others compare with.
        for label, extra in (("first", ()), ("hourly", ()), ("recheck", ("--recheck",))):
            crawl(server.origin, db, *extra)
            again, archived = downloaded_again(db)
            for source in sorted(archived):
                print(f"{label:10} {source:24} {again[source]:>12} {archived[source]:>9}")
            total, count = sum(again.values()), sum(archived.values())
            print(f"{label:10} {'all':24} {total:>12} {count:>9}  ({total / count:.0%})")


if __name__ == "__main__":
    main()
