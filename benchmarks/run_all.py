#!/usr/bin/env python3
"""Run every benchmark (`make bench`), each in its own process, printing its output as it comes.

Each benchmark runs as a subprocess so that its peak memory and its Twisted reactor are its
own, and a failing one does not stop the rest; the summary at the end lists each one's exit
status and duration. Only ratios measured within one benchmark's run mean anything.

Run:  .venv/bin/python benchmarks/run_all.py [--only crawl --only search ...]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Order: quick ones first, so a broken setup shows within a minute; search builds the largest
# archives and runs last.
BENCHMARKS = ["extraction", "lemmas", "search_recall", "incremental_crawl", "ingest", "reextract", "crawl", "dump", "dump_load",
              "unseen_sites", "search", "search_page"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=BENCHMARKS,
                        help="Run only this benchmark (repeatable).")
    args = parser.parse_args()
    results: list[tuple[str, int, float]] = []
    for name in args.only or BENCHMARKS:
        print(f"\n=== {name} ({HERE / name}.py) ===", flush=True)
        started = time.perf_counter()
        status = subprocess.run([sys.executable, "-u", str(HERE / f"{name}.py")],
                                cwd=HERE.parent).returncode
        results.append((name, status, time.perf_counter() - started))
    print("\n=== summary ===")
    for name, status, seconds in results:
        print(f"  {name:14} {'ok' if status == 0 else f'FAILED (exit {status})':18} {seconds:7.0f} s")
    sys.exit(max(status != 0 for _, status, _ in results))


if __name__ == "__main__":
    main()
