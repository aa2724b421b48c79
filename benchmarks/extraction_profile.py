#!/usr/bin/env python3
"""Where extraction's time goes, step by step, on the held-out collections and the 181 pages.

Each step of `extract_record` (record.py's calls, body.py's and published.py's stages,
trafilatura's main extractor) is wrapped with perf_counter for the run, and its total printed
per page and as a share of the whole (a collection of fewer than 500 pages over repeated
passes, as extraction_heldout.py times it); steps nest (main_text holds main_content), so shares do
not add up to 100%. Also counted: how often the recall check from the unpruned page and
trafilatura's full-pipeline fallback run. `--cprofile N` prints cProfile's top N functions by
own time as well (cProfile slows Python code more than C, so its shares lean towards Python).

Run:  .venv/bin/python benchmarks/extraction_profile.py [--only wcxb|trafilatura|region|region_full|181] [--split dev|held|all] [--cprofile 30]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction import DEFAULT_DATA, load_evaluate  # noqa: E402
from extraction_heldout import TIMED_PAGES, WARM_UP_PAGES, load_collection, load_region, load_region_full  # noqa: E402
from heldout_corpus import corpus_dir  # noqa: E402

import scrapers.extract.body as body  # noqa: E402
import scrapers.extract.published as published  # noqa: E402
import scrapers.extract.record as record  # noqa: E402
from scrapers.extract import extract_record  # noqa: E402

STEPS = {
    record: ("parse_html", "read_page", "read_shape", "find_heading", "strip_chrome", "find_dates",
             "find_attachments", "main_text", "unpruned_text", "detect_language", "classify", "visible_length",
             "rescue"),
    body: ("post_article_blocks", "layout_side_cells", "deepcopy", "prepared", "main_content", "densest_block",
           "article_block"),
    published: ("whole_page_date", "_near_heading"),
}


def timed(steps: Counter[str], calls: Counter[str], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            steps[name] += time.perf_counter() - start
            calls[name] += 1
    return wrapper


def collections(only: Sequence[str] | None, split: str) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for name in ("wcxb", "trafilatura"):
        folder = corpus_dir() / name
        if (only and name not in only) or not (folder / "index.jsonl").exists():
            continue
        found[name] = [(r["html"], r.get("url") or "") for r in load_collection(folder) if split in ("all", r["split"])]
    if (not only or "region" in only) and split != "dev":
        found["region"] = [(r["html"], r["url"]) for r in load_region()]
    if (not only or "region_full" in only) and split != "dev":
        found["region_full"] = [(r["html"], r["url"]) for r in load_region_full()]
    if not only or "181" in only:
        _, html = load_evaluate(DEFAULT_DATA).load_benchmark()
        found["181"] = [(html[k], "") for k in sorted(html)]
    return found


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", action="append", help="collection name (wcxb, trafilatura, region, region_full, 181)")
    ap.add_argument("--split", choices=("dev", "held", "all"), default="all")
    ap.add_argument("--cprofile", type=int, default=0, help="also print cProfile's top N by own time")
    args = ap.parse_args(argv)
    steps: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for module, names in STEPS.items():
        for name in names:
            setattr(module, name, timed(steps, calls, name, getattr(module, name)))
    for name, pages in collections(args.only, args.split).items():
        pages = pages * (1 + TIMED_PAGES // len(pages))  # a small collection over repeated passes
        for html, url in pages[:WARM_UP_PAGES]:  # imports and the language model (a Latin page) load outside the timing
            extract_record(html, url)
        steps.clear()
        calls.clear()
        profile = cProfile.Profile() if args.cprofile else None
        start = time.perf_counter()
        if profile:
            profile.enable()
        for html, url in pages:
            extract_record(html, url)
        if profile:
            profile.disable()
        total = time.perf_counter() - start
        print(f"{name}: {len(pages)} pages, {1000 * total / len(pages):.2f} ms a page"
              f" (recall check from the unpruned page on {calls['unpruned_text']},"
              f" trafilatura's full pipeline on {calls['rescue']})")
        for step, seconds in steps.most_common():
            print(f"  {step:<22}{1000 * seconds / len(pages):7.2f} ms {100 * seconds / total:5.1f}%")
        if profile:
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
