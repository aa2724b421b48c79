#!/usr/bin/env python3
"""Search page benchmark: latency of the HTML search page (`/search`, archive.web.routes) with
its facet counts, total and highlighted snippets, at 1,000,000 announcements.

The archive and the 200 queries are those of benchmarks/search.py (generated once, cached
under /tmp; 25 of the queries are common words matching 10% of the archive or more). Each
line runs every query twice and reports the second pass (warm page cache):

* baseline: raw sqlite3 in this process, `MATCH ? ORDER BY rank LIMIT 100` on the plain FTS5
  index (no facets, no count, no HTML): BM25 over every match;
* the search page by relevance: candidates, total, five facets, 20 highlighted results, HTML;
* the same, sorted by newest (a capped common word walks the date index instead);
* the same with a country and a date range;
* page 3 of the same search;
* no query, one country (browsing the newest).

The archive is prepared and Datasette runs as `health-archive serve` would
(archive.serving.prepare_archive, datasette_command).
Target (issue 18): p95 < 200 ms for the search page with its facets and counts at 1M.

Run:  .venv/bin/python benchmarks/search_page.py [--size 1000000] [--cache DIR]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.serving import prepare_archive  # noqa: E402
from benchmarks.search import cached_archive, percentiles, queries, served, time_direct  # noqa: E402


def time_page(client: httpx.Client, qs: list[str], extra: dict[str, str]) -> tuple[list[float], int]:
    """Seconds per request for the search page; errors are non-200 answers or pages without
    their facets."""
    times, errors = [], 0
    for q in qs:
        params = {"q": q, **extra} if q else extra
        t0 = time.perf_counter()
        response = client.get("/search", params=params)
        times.append(time.perf_counter() - t0)
        errors += response.status_code != 200 or 'class="search-total"' not in response.text
    return times, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "health-archive-bench")
    args = parser.parse_args()
    qs = queries()
    db_path = cached_archive(args.cache, args.size)
    started = time.perf_counter()
    prepare_archive(db_path)  # as `health-archive serve` does: the page's migrations (7, 9)
    print(f"  archive prepared (migrated, indexed) in {time.perf_counter() - started:.0f} s", flush=True)
    with served(db_path, headers={"Accept-Language": "uk"}) as client:
        lines = {
            "baseline: raw sqlite3, MATCH + rank": lambda: (time_direct(db_path, qs), 0),
            "search page: relevance, facets, total": lambda: time_page(client, qs, {}),
            "search page: newest first": lambda: time_page(client, qs, {"sort": "newest"}),
            "search page: country + date range": lambda: time_page(
                client, qs, {"country": "UA", "from": "2015-01-01", "to": "2020-12-31"}),
            "search page: page 3": lambda: time_page(client, qs, {"page": "3"}),
            "browse: no query, one country": lambda: time_page(
                client, [""] * 50, {"country": "KG"}),
        }
        print(f"\nsearch page: {args.size:,} announcements "
              f"({db_path.stat().st_size / 2**30:.1f} GiB), {len(qs)} queries, warm (second pass)")
        base = None
        verdict = True
        for name, run in lines.items():
            run()
            times, errors = run()
            p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
            base = base or p95
            met = p95 < 0.2 and not errors
            target = ""
            if name != next(iter(lines)):
                verdict &= met
                target = f"  (p95 < 200 ms: {'met' if met else 'MISSED'})"
            print(f"  {name:40} {percentiles(times)}   p95 {p95 / base:5.2f}x baseline"
                  + (f", {errors} errors" if errors else "") + target, flush=True)
            if len(times) == len(qs):
                print(f"  {'':40} 25 common words: {percentiles(times[:25])}")
                print(f"  {'':40} other 175:       {percentiles(times[25:])}")
        print(f"  target (issue 18), search page p95 < 200 ms at {args.size:,}: "
              f"{'met' if verdict else 'MISSED'}")


if __name__ == "__main__":
    main()
