#!/usr/bin/env python3
"""Topics and places benchmark: precision and recall per language on the evaluation set,
and what tagging costs per record beside extraction.

Part (a): benchmarks/topics_eval/announcements.yaml (health announcements in all eleven
languages, labelled with their topics and places) through archive.topics and archive.places,
as the archive tags a record: the stems are computed once (the crawl's extraction workers do
it) and both vocabularies are matched on them. Micro-averaged per language.
Part (b): the cost per record. On the public article-extraction pages (long, real bodies;
../shared/benchmarks/article-extraction), one pass extracts each page (extract_record,
the crawl's work per page), one stems the record (stem_record, done by the same workers for
the search index before this feature), one tags it from those stems (record_tags, which the
same workers now do too). Then the writer itself: each record saved into a fresh
archive carrying its stems and tags as a crawl's item does (save_announcement: row, version,
search index, tag tables, links), carrying its stems only (the writer tags it: an older
message, a re-extraction), and its tags written again unchanged (write_tags, as `reindex`
does: compared, not rewritten; the links recomputed). Only the ratios mean anything: they
are measured in the same run.

Run:  .venv/bin/python benchmarks/topics.py [--repeat N] [--pages N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.db import open_db  # noqa: E402
from archive.links import Signature, best_links, numbers  # noqa: E402
from archive.places import gazetteer  # noqa: E402
from archive.stemming import stem_record  # noqa: E402
from archive.store import save_announcement, sync_sources  # noqa: E402
from archive.topics import record_tags, vocabulary, write_tags  # noqa: E402

EVAL = REPO / "benchmarks" / "topics_eval" / "announcements.yaml"
ARTICLES = REPO.parent / "shared" / "benchmarks" / "article-extraction"


def evaluate() -> tuple[dict[str, dict[str, list[int]]], list[str]]:
    """Per language and kind (topics, places): [true positives, false positives, false
    negatives]; and each wrong answer, for reading."""
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"topics": [0, 0, 0],
                                                                   "places": [0, 0, 0]})
    errors: list[str] = []
    for scenario in yaml.safe_load(EVAL.read_text("utf-8"))["scenarios"]:
        for language, text in scenario["texts"].items():
            stems = stem_record(None, text, language)
            for kind, found in (("topics", vocabulary().match(None, text, language, stems)),
                                ("places", gazetteer().match(None, text, language, stems))):
                got = {m.concept for m in found}
                want = set(scenario[kind])
                c = counts[language][kind]
                c[0] += len(got & want)
                c[1] += len(got - want)
                c[2] += len(want - got)
                if got != want:
                    errors.append(f"{scenario['id']} {language} {kind}: missed {sorted(want - got)} "
                                  f"extra {sorted(got - want)}")
    return counts, errors


def evaluate_links() -> tuple[float, float, int]:
    """Translation links among every text of the set, as if all were published the same day
    (the hardest case: the archive compares only a day's announcements): each text's best
    candidate per other language, against the truth that texts of one scenario are
    translations of each other. Precision, recall, and the number of true pairs."""
    texts = []
    for scenario in yaml.safe_load(EVAL.read_text("utf-8"))["scenarios"]:
        for language, text in scenario["texts"].items():
            concepts = {m.concept for m in vocabulary().match(None, text, language)} | {
                m.concept for m in gazetteer().match(None, text, language)}
            texts.append((scenario["id"], language, Signature(frozenset(concepts), numbers(text))))
    predicted = set()
    for i, (_, language, signature) in enumerate(texts):
        candidates = [(str(j), lang, s) for j, (_, lang, s) in enumerate(texts) if lang != language]
        predicted |= {frozenset((i, int(key))) for key, _, _ in best_links(signature, candidates)}
    truth = {frozenset((i, j)) for i, a in enumerate(texts) for j, b in enumerate(texts)
             if i < j and a[0] == b[0] and a[1] != b[1]}
    hits = len(predicted & truth)
    return ratio(hits, len(predicted)), ratio(hits, len(truth)), len(truth)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def print_quality(counts: dict[str, dict[str, list[int]]]) -> None:
    print("(a) evaluation set: precision / recall per language (micro-averaged)")
    print(f"{'lang':5} {'topics P':>9} {'topics R':>9} {'places P':>9} {'places R':>9}")
    totals = {"topics": [0, 0, 0], "places": [0, 0, 0]}
    for language in sorted(counts):
        row = []
        for kind in ("topics", "places"):
            tp, fp, fn = counts[language][kind]
            totals[kind] = [a + b for a, b in zip(totals[kind], (tp, fp, fn))]
            row += [ratio(tp, tp + fp), ratio(tp, tp + fn)]
        print(f"{language:5} " + " ".join(f"{v:9.3f}" for v in row))
    row = []
    for kind in ("topics", "places"):
        tp, fp, fn = totals[kind]
        row += [ratio(tp, tp + fp), ratio(tp, tp + fn)]
    print(f"{'all':5} " + " ".join(f"{v:9.3f}" for v in row))


def median_seconds(run: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_cost(repeat: int, limit: int) -> None:
    sys.path.insert(0, str(ARTICLES))
    try:
        import evaluate as ev  # the public benchmark's own loader
    except ImportError:
        print(f"(b) skipped: {ARTICLES} is absent")
        return
    from scrapers.extract import extract_record

    _, html = ev.load_benchmark()
    pages: Sequence[str] = [html[k] for k in sorted(html)][:limit]
    records = [extract_record(page, "") for page in pages]
    stems = [stem_record(r.title, r.body_text, r.language) for r in records]

    def tag() -> None:
        for r, s in zip(records, stems):
            record_tags(r.title, r.body_text, r.language, s)

    extraction = median_seconds(lambda: [extract_record(p, "") for p in pages], repeat)
    stemming = median_seconds(lambda: [stem_record(r.title, r.body_text, r.language)
                                       for r in records], repeat)
    tagging = median_seconds(tag, repeat)
    n = len(pages)
    print(f"\n(b) cost per record, {n} public article pages, median of {repeat} passes")
    print(f"extraction (extract_record)     {extraction / n * 1000:8.3f} ms")
    print(f"stemming (stem_record, existing){stemming / n * 1000:8.3f} ms")
    print(f"tags (record_tags) from the stems {tagging / n * 1000:8.3f} ms"
          f"   = {tagging / extraction:.1%} of extraction")
    tags = [record_tags(r.title, r.body_text, r.language, s) for r, s in zip(records, stems)]
    carried, untagged, again = median_writer(records, stems, tags, repeat)
    print(f"\n(d) the archive's writer per record, median of {repeat} fresh archives")
    print(f"save_announcement, stems and tags carried {carried / n * 1000:8.3f} ms")
    print(f"save_announcement, stems carried only     {untagged / n * 1000:8.3f} ms"
          f"   = {untagged / carried:.2f}x")
    print(f"write_tags again, tags unchanged          {again / n * 1000:8.3f} ms"
          f"   = {again / carried:.1%} of a save")


SOURCE = {"id": "bench", "name": "Bench", "name_en": "Bench", "country": "UA", "kind": "agency",
          "languages": ["uk"], "homepage": "https://bench.example/"}


def median_writer(records: Sequence[Any], stems: Sequence[Sequence[str]], tags: Sequence[Any],
                  repeat: int) -> tuple[float, float, float]:
    """Seconds to save every record into a fresh archive, one transaction each as the crawl's
    writer does, with its stems and tags and with its stems only; and to write the same tags
    again (the first archive's)."""
    carried, untagged, again = [], [], []
    for _ in range(repeat):
        for with_tags in (True, False):
            with tempfile.TemporaryDirectory() as folder:
                db = open_db(Path(folder) / "archive.db")
                sync_sources(db, [SOURCE])
                start = time.perf_counter()
                for n, (r, s, t) in enumerate(zip(records, stems, tags)):
                    url = f"https://bench.example/{n}"
                    with db.atomic():
                        save_announcement(db, {
                            "source_id": "bench", "country": "UA", "url": url, "canonical_url": url,
                            "title": r.title, "published_at": r.published_at, "language": r.language,
                            "body_text": r.body_text, "stems": s, "tags": t if with_tags else None},
                            "2026-12-04T00:00:00Z")
                (carried if with_tags else untagged).append(time.perf_counter() - start)
                if with_tags:
                    keys = [key for (key,) in db.execute("SELECT id FROM announcements ORDER BY rowid")]
                    start = time.perf_counter()
                    for key, t in zip(keys, tags):
                        with db.atomic():
                            write_tags(db, key, t)
                    again.append(time.perf_counter() - start)
                db.close()
    return statistics.median(carried), statistics.median(untagged), statistics.median(again)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=181)
    parser.add_argument("--errors", action="store_true", help="list every wrong answer")
    args = parser.parse_args()
    print(f"vocabularies: topics v{vocabulary().version} ({len(vocabulary().concepts)} topics), "
          f"places v{gazetteer().version} ({len(gazetteer().concepts)} places)\n")
    counts, errors = evaluate()
    print_quality(counts)
    if args.errors:
        print("\n".join(errors))
    precision, recall, pairs = evaluate_links()
    print(f"\n(c) translation links, all texts as if published one day: precision {precision:.3f}, "
          f"recall {recall:.3f} ({pairs} true pairs)")
    print_cost(args.repeat, args.pages)


if __name__ == "__main__":
    main()
