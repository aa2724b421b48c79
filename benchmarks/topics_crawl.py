#!/usr/bin/env python3
"""Does tagging topics and places slow the crawl? `health-archive crawl` with it and without
it, interleaved, on crawl.py's local site.

Both sides are copies of the committed tree (git archive HEAD); in the "without" copy the
extraction workers' call to record_tags (scrapers/extract_pool.py) gives no tags and the
writer's call to write_tags (archive/store.py) is removed, nothing else. Each round
runs both crawls into fresh archives, in alternating order; the page rates are Scrapy's own
(crawl.py's measure), and the ratio with/without per round is what the feature costs the
crawl (the target: within 10%).

Run:  .venv/bin/python benchmarks/topics_crawl.py [--pages 3000] [--rounds 3]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import crawl as bench  # noqa: E402

# What the "without" copy drops: (file, the tagging call, what replaces it).
UNTAGGED = (
    ("archive/store.py", "    write_tags(db, key, tags, new=new)\n", ""),
    ("scrapers/extract_pool.py", "record_tags(record.title, record.body_text, record.language, stems)",
     '{"topics": [], "places": [], "countries": [], "regions": [], "numbers": []}'),
)


def tree(target: Path, *, tagging: bool) -> Path:
    """A copy of the committed tree, with or without tagging (UNTAGGED)."""
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "HEAD"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    if not tagging:
        for name, call, replacement in UNTAGGED:
            path = target / name
            text = path.read_text("utf-8")
            assert call in text, f"the tagging call of {name} moved: update UNTAGGED"
            path.write_text(text.replace(call, replacement), "utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "health-archive-bench")
    args = parser.parse_args()
    site = args.cache / f"topics-crawl-site-{args.pages}"
    bench.build_site(site, args.pages)
    trees = {name: tree(args.cache / f"topics-crawl-{name}", tagging=name == "with")
             for name in ("with", "without")}
    server = bench.start_server(site, args.cache / "topics-crawl-server")
    expected = args.pages + (args.pages + bench.PER_PAGE - 1) // bench.PER_PAGE
    rates: dict[str, list[float]] = {"with": [], "without": []}
    try:
        for round_no in range(args.rounds):
            for name in (("with", "without") if round_no % 2 == 0 else ("without", "with")):
                os.environ["PYTHONPATH"] = str(trees[name])
                work = args.cache / f"topics-crawl-work-{name}"
                work.mkdir(parents=True, exist_ok=True)
                _, stats, records = bench.run_ours(server, work, expected, args.concurrency)
                rates[name].append(bench.page_rate(stats))
                print(f"round {round_no + 1} {name:8} tagging: {rates[name][-1]:6.1f} pages/s, "
                      f"{records} records", flush=True)
    finally:
        server.stop()
    ratios = [w / wo for w, wo in zip(rates["with"], rates["without"])]
    print(f"\n{args.pages} pages, {server.name}: with/without tagging per round: "
          f"{', '.join(f'{r:.2f}' for r in ratios)}; best rates {max(rates['with']):.1f} / "
          f"{max(rates['without']):.1f} pages/s = {max(rates['with']) / max(rates['without']):.2f}")


if __name__ == "__main__":
    main()
