#!/usr/bin/env python3
"""Page classifier benchmark: how often `scrapers/extract/classify.py` names a page's kind
right, and what it adds to extraction's cost, in one run.

    .venv/bin/python benchmarks/page_kinds.py [--data DIR] [--repeat N]

Printed, each as a confusion (true kind -> classified kind, counts):
(a) the seed replicas (replicas): every announcement and page of the catalog, and
    every other page they serve (listings, categories, contact pages, aliases), classified
    with the hints their crawl would give (the entry's article_url_pattern);
(b) the unseen sites of tests/unseen_sites: every item and static page, without hints;
(c) the 181 pages of the article-extraction benchmark (all articles), with their real URLs
    and no hints: the recall of `announcement` on news sites from outside the region;
and classification's share of extraction time on (a)'s and (c)'s pages, timed page by page
in one run (absolute speeds mean little on a shared machine; see `speed`).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.extract import Hints, extract_record  # noqa: E402
from scrapers.extract.classify import ARCHIVED_KINDS, classify, read_shape  # noqa: E402
from scrapers.extract.page import read_page  # noqa: E402
from scrapers.extract.parse import parse_html  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
Case = tuple[str, str | bytes, str, Hints]  # url, html, true kind, hints


def seed_cases() -> Iterator[Case]:
    """The replicas' pages; announcements and pages are archived, the rest must not be."""
    from scrapers.registry import load_registry
    from replicas.app import handle
    from replicas.catalog import articles, non_articles, page_html
    from replicas.sites import SITES
    from replicas.state import ReplicaState

    sources = {s.id: s for s in load_registry()}
    kinds = {item.url: item.kind for site in SITES.values() for item in site.ITEMS}

    def hints(source_id: str, url: str) -> Hints:
        pattern = sources[source_id].article_url_pattern
        return Hints(languages=sources[source_id].languages, pattern_match=bool(pattern and re.search(pattern, url)))

    for article in articles():
        truth = "page" if kinds.get(article.url) == "page" else "announcement"
        yield article.url, page_html(article.url), truth, hints(article.source_id, article.url)
    for source_id in SITES:
        for url in non_articles(source_id):
            parts = urlsplit(url)
            status, _, body = handle("GET", parts.netloc, parts.path + (f"?{parts.query}" if parts.query else ""), {},
                                     state=ReplicaState())
            if status == 200:
                yield url, body, "not archived", hints(source_id, url)


def unseen_cases() -> Iterator[Case]:
    """The unseen sites' items (announcements, brochure pages) and static pages."""
    from tests.unseen_sites.model import BEFORE, State
    from tests.unseen_sites.sites import all_sites

    state = State(BEFORE, datetime(2024, 6, 1, tzinfo=UTC))
    for site in all_sites():
        for item in site.items:
            if item.live(state):
                yield site.url(item.path), site.render_item(item, state), item.kind, Hints()
        for path in getattr(sys.modules[type(site).__module__], "STATIC", {}):
            page = site.handle(path, state)
            if page.status == 200:
                yield site.url(path), page.body, "not archived", Hints()


def benchmark_pages(data: Path) -> list[tuple[str, bytes]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return [(entry["url"], gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()))
            for key, entry in truth.items()]


def confusion(cases: Iterator[Case]) -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for url, html, truth, hints in cases:
        kind = extract_record(html, url, hints).kind
        found[(truth, kind if kind in ARCHIVED_KINDS or truth != "not archived" else "not archived")] += 1
    return found


def show(title: str, found: Counter[tuple[str, str]]) -> None:
    print(f"\n{title}")
    for (truth, kind), count in sorted(found.items()):
        print(f"  {truth:>13} -> {kind:<13} {count}")
    announcements = sum(c for (t, _), c in found.items() if t == "announcement")
    kept = sum(c for (_, k), c in found.items() if k == "announcement")
    right = found[("announcement", "announcement")]
    print(f"  announcement recall {right / announcements:.3f}" if announcements else "",
          f"precision {right / kept:.3f}" if kept else "")


def speed(label: str, pages: list[tuple[str, str | bytes]], repeat: int) -> None:
    """Classification's share of extraction time, timed page by page (each page's extraction,
    then its classification on a fresh parse), so a burst of another process on the shared
    machine weighs on both alike; the fastest of `repeat` passes."""
    extraction, classification = [], []
    for _ in range(repeat):
        spent = [0.0, 0.0]
        for url, html in pages:
            start = time.perf_counter()
            record = extract_record(html, url)
            spent[0] += time.perf_counter() - start
            root = parse_html(html)
            facts = read_page(root, url)
            start = time.perf_counter()
            classify(read_shape(root), facts, url, record.title, record.published_at, record.body_text)
            spent[1] += time.perf_counter() - start
        extraction.append(spent[0])
        classification.append(spent[1])
    whole, part = min(extraction), min(classification)
    print(f"\n{label}, {len(pages)} pages: extraction {len(pages) / whole:.1f} pages/s, classification included; "
          f"classification {1000 * part / len(pages):.2f} ms a page, {part / whole:.1%} of extraction time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    show("(a) seed replicas", confusion(seed_cases()))
    from replicas.catalog import articles, page_html

    speed("seed replicas' announcements and pages", [(a.url, page_html(a.url)) for a in articles()], args.repeat)
    show("(b) unseen sites, no hints", confusion(unseen_cases()))
    if not (args.data / "ground-truth.json").exists():
        print(f"\n(c) skipped: no article-extraction benchmark at {args.data}")
        return
    pages = benchmark_pages(args.data)
    show("(c) article-extraction benchmark, real URLs, no hints",
         confusion((url, html, "announcement", Hints()) for url, html in pages))
    speed("article-extraction benchmark (large pages)", pages, args.repeat)


if __name__ == "__main__":
    main()
