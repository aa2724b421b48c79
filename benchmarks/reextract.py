#!/usr/bin/env python3
"""Re-extraction benchmark: `health-archive reextract` beside reading the same WARC with warcio.

Captures are the crawl benchmark's generated pages (~40 KB Ukrainian pages with menus and
sidebars; benchmarks/crawl.py), written once under /tmp as one gzipped WARC of response
records, as WarcCaptureMiddleware writes them. The archive holds a record for every page, so
re-extraction has work to do:

* baseline: warcio alone, iterating the file and reading every response body;
* ours, changed: scrapers.reextract.reextract when every archived text differs from what the
  extractor now finds (each page read, extracted, and written as a new version: the case after
  an extractor fix);
* ours, unchanged: the same again, when nothing changed (read and extract, no writes).

Each runs in a child process, so its peak RSS (wait4) is its own.

Run:  .venv/bin/python benchmarks/reextract.py [--pages 5000] [--cache DIR]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.crawl import build_site  # noqa: E402

HOST = "https://phc.example.org"
SOURCE = "ua_bench_health"
RUN = "20261126T000000Z"


def write_captures(site: Path, warc: Path) -> list[str]:
    """One WARC of 200 responses for the site's articles; returns their URLs."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    urls = []
    warc.parent.mkdir(parents=True, exist_ok=True)
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for page in sorted((site / "news" / "2024").iterdir()):
            url = f"{HOST}/news/2024/{page.name}"
            body = page.read_bytes()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                  ("Content-Length", str(len(body)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                          http_headers=headers))
            urls.append(url)
    return urls


def prepare(cache: Path, pages: int) -> Path:
    """Site, WARC and registry once; a fresh archive with a placeholder record per page."""
    work = cache / f"reextract-{pages}"
    warc = work / "warc" / RUN / f"{SOURCE}.warc.gz"
    urls_file = work / "urls.txt"
    if not urls_file.exists():
        build_site(cache / "reextract-site", pages)
        urls_file.write_text("\n".join(write_captures(cache / "reextract-site", warc)))
        (work / "sources.yaml").write_text(f"""
- id: {SOURCE}
  name: Центр громадського здоров'я
  name_en: Public Health Centre (benchmark)
  country: UA
  kind: agency
  languages: [uk]
  homepage: {HOST}/
  listing_urls: [{HOST}/news/]
""", encoding="utf-8")
    from archive.db import open_db
    from archive.store import save_announcement, sync_sources
    from scrapers.registry import load_registry

    db_path = work / "archive.db"
    for stale in work.glob("archive.db*"):
        stale.unlink()
    db = open_db(db_path)
    sync_sources(db, (s.to_row() for s in load_registry(work / "sources.yaml")))
    with db.conn:
        for url in urls_file.read_text().split():
            save_announcement(db, {"source_id": SOURCE, "country": "UA", "url": url,
                                   "canonical_url": url, "title": "-", "body_text": "placeholder"},
                              "2026-11-26T00:00:00+00:00")
    db.close()
    return work


def child(mode: str, work: Path) -> None:
    """The measured work, in a child process; prints pages handled and seconds."""
    t0 = time.perf_counter()
    if mode == "warcio":
        from warcio.archiveiterator import ArchiveIterator

        pages = 0
        for path in sorted((work / "warc").glob("*/*.warc.gz")):
            with path.open("rb") as stream:
                for record in ArchiveIterator(stream):
                    if record.rec_type == "response":
                        record.content_stream().read()
                        pages += 1
    else:
        from scrapers.reextract import reextract

        counts = reextract(work / "archive.db", work / "warc", work / "sources.yaml")
        pages = sum(counts.values())
        print(f"outcomes {dict(counts)}", flush=True)
    print(f"{pages} {time.perf_counter() - t0:.3f}")


def measure(mode: str, work: Path) -> tuple[int, float, int, str]:
    process = subprocess.Popen([sys.executable, __file__, "--child", mode, "--work", str(work)],
                               stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = process.stdout.read().split("\n") if process.stdout else []
    lines = [line for line in lines if line]
    if process.returncode or not lines:
        raise SystemExit(f"{mode} failed (exit {process.returncode})")
    pages, seconds = lines[-1].split()
    return int(pages), float(seconds), usage.ru_maxrss, " ".join(lines[:-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "health-archive-bench")
    parser.add_argument("--child", choices=["warcio", "reextract"], help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.work)
        return
    print(f"reextract benchmark: {args.pages} captured pages (generated once under {args.cache}) …",
          flush=True)
    work = prepare(args.cache, args.pages)
    warc_size = sum(p.stat().st_size for p in (work / "warc").glob("*/*.warc.gz"))
    results = [("baseline: warcio, read every response", measure("warcio", work))]
    print("  … baseline done; re-extracting (every record changed) …", flush=True)
    results.append(("ours, changed: reextract (new versions)", measure("reextract", work)))
    print("  … re-extracting again (nothing changed) …", flush=True)
    results.append(("ours, unchanged: reextract (no writes)", measure("reextract", work)))
    print(f"\nreextract: {args.pages} pages, WARC {warc_size / 2**20:.0f} MB gzipped")
    base = results[0][1][0] / results[0][1][1]
    for name, (pages, seconds, peak_kb, note) in results:
        rate = pages / seconds
        print(f"  {name:42} {pages:6} pages in {seconds:6.1f} s: {rate:7.0f} pages/s "
              f"({rate / base:.3f}x baseline), peak RSS {peak_kb / 1024:.0f} MB"
              + (f"  [{note}]" if note else ""))


if __name__ == "__main__":
    main()
