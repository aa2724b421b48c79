#!/usr/bin/env python3
"""Extraction on pages nobody tuned it on: ours beside trafilatura and htmldate, per split.

Collections (built by benchmarks/heldout_corpus.py outside the repository, see the README):
`wcxb` (whole-body ground truth, scored with the 181-page benchmark's own 4-gram shingle
metric) and `trafilatura` (with/without snippets, scored as trafilatura's evaluation does:
snippets summed over pages), each cut into `dev` and `held` by a hash of the page id; plus
`region`, the hand-written pages of the region's languages in tests/extract/region_pages.py, and
`region_full`, full-size announcement pages of the region's publishers in benchmarks/region_pages/
(written for this benchmark and never tuned on: all held back).

Per collection and split: body P/R/F1 ours vs `trafilatura.extract(include_comments=False)`;
empty outputs and exceptions; publication dates found on dated pages and their precision
(same day as the ground truth) for ours vs `htmldate.find_date`; pages/s of ours and of
trafilatura over the same pages in the same run, as a ratio: against `extract()`, the body only,
and against `bare_extraction(with_metadata=True)`, which reads a title and a date as our record
does. Timed as benchmarks/extraction.py times the 181 pages: each extractor runs a whole pass
over the collection in turn, and its median pass counts (after a warm-up; a collection of fewer
than 500 pages gets repeated passes). Taking turns page by page instead ran the two trafilatura
baselines and htmldate between two of our pages, all warming trafilatura's and lxml's code for
the next `extract()` and evicting ours: the same code measured 1.88x that way on the region pages
and 2.02-2.08x either with pages alternating between ours and `extract()` alone or in passes.

Run:  .venv/bin/python benchmarks/extraction_heldout.py [--split dev|held|all] [--limit N] [--json F]
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction import DEFAULT_DATA, load_evaluate, timed_all  # noqa: E402
from heldout_corpus import corpus_dir  # noqa: E402

from scrapers.extract import extract_record  # noqa: E402

REGION_PAGES = REPO / "tests" / "extract" / "region_pages.py"
REGION_FULL = REPO / "benchmarks" / "region_pages"
_SPACE = re.compile(r"\s+")


def load_collection(folder: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (folder / "index.jsonl").read_text(encoding="utf-8").split("\n") if line]
    for row in rows:
        row["html"] = gzip.decompress((folder / row["file"]).read_bytes()).decode("utf-8", "replace")
    return rows


def load_region() -> list[dict[str, Any]]:
    """The hand-written pages of tests/extract/region_pages.py, all in the held-back split."""
    spec = importlib.util.spec_from_file_location("region_pages", REGION_PAGES)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["region_pages"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return [{"id": page.name, "split": "held", "html": html, "body": page.body, "date": page.date, "url": ""}
            for page, html in module.pages()]


def load_region_full() -> list[dict[str, Any]]:
    """The full-size pages of benchmarks/region_pages, all in the held-back split: the extractor
    was never run on them while they were written, so they stay a fair test of the region's CMSs."""
    rows = json.loads((REGION_FULL / "index.json").read_text(encoding="utf-8"))
    for row in rows:
        row["split"] = "held"
        row["html"] = (REGION_FULL / row["file"]).read_text(encoding="utf-8")
    return rows


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def snippet_counts(row: dict[str, Any], text: str) -> tuple[int, int, int]:
    """(tp, fp, fn) of trafilatura's evaluation: `with` snippets found, `without` found, `with` missed."""
    text = _collapse(text)
    found = [_collapse(s) in text for s in row["with"]]
    leaked = [_collapse(s) in text for s in row["without"]]
    return sum(found), sum(leaked), len(found) - sum(found)


def snippet_scores(counts: Sequence[tuple[int, int, int]]) -> dict[str, float]:
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def ours(row: dict[str, Any]) -> Any:
    return extract_record(row["html"], row.get("url") or "")


def trafilatura_text(row: dict[str, Any]) -> str | None:
    import trafilatura

    return trafilatura.extract(row["html"], url=row.get("url") or None, include_comments=False)


def trafilatura_record(row: dict[str, Any]) -> Any:
    """The like-for-like baseline for speed: our record carries a title and dates too."""
    import trafilatura

    return trafilatura.bare_extraction(row["html"], url=row.get("url") or None, with_metadata=True,
                                       include_comments=False)


def htmldate_date(row: dict[str, Any]) -> str | None:
    from htmldate import find_date

    return find_date(row["html"], url=row.get("url") or None, original_date=True)


def _text(out: Any) -> str:
    if isinstance(out, Exception) or out is None:
        return ""
    return out if isinstance(out, str) else out.body_text


def _day(out: Any) -> str | None:
    if isinstance(out, Exception) or out is None:
        return None
    value = out if isinstance(out, str) else out.published_at
    return value[:10] if value and len(value) >= 10 else None


def date_scores(rows: Sequence[dict[str, Any]], days: Sequence[str | None]) -> dict[str, float]:
    dated = [(r["date"][:10], d) for r, d in zip(rows, days) if r.get("date")]
    found = [(t, d) for t, d in dated if d]
    return {
        "dated": len(dated),
        "found": len(found) / len(dated) if dated else 0.0,
        "precision": sum(t == d for t, d in found) / len(found) if found else 0.0,
    }


WARM_UP_PAGES = 20  # enough for a Latin-script page, whose language model loads on first use
TIMED_PAGES = 500  # a small collection is timed over repeated passes: one pass of 11 pages is noise


def evaluate(name: str, rows: list[dict[str, Any]], ev: Any) -> dict[str, Any]:
    fns = {"ours": ours, "trafilatura": trafilatura_text, "htmldate": htmldate_date,
           "trafilatura with metadata": trafilatura_record}
    timed_all(fns, rows[:WARM_UP_PAGES], 1)  # imports and models load outside the timing
    runs = timed_all(fns, rows, 1 + TIMED_PAGES // len(rows))
    (outs, pps_ours), (traf, pps_traf), (hd, _), (_, pps_meta) = runs.values()
    result: dict[str, Any] = {"pages": len(rows)}
    for who, out in (("ours", outs), ("trafilatura", traf)):
        texts = [_text(o) for o in out]
        if "body" in rows[0]:
            scores = ev.aggregate([ev.page_counts(r["body"], t) for r, t in zip(rows, texts)])
        else:
            scores = snippet_scores([snippet_counts(r, t) for r, t in zip(rows, texts)])
        scores["empty"] = sum(1 for t in texts if not ev.tokenize(t))
        comments = [(r["comments"], _collapse(t)) for r, t in zip(rows, texts) if r.get("comments")]
        if comments:  # reader-comment snippets that leaked into the body
            scores["comment_leak"] = (sum(_collapse(c) in t for cs, t in comments for c in cs)
                                      / sum(len(cs) for cs, _ in comments))
        scores["errors"] = sum(isinstance(o, Exception) for o in out)
        result[who] = scores
    result["dates_ours"] = date_scores(rows, [_day(o) for o in outs])
    result["dates_htmldate"] = date_scores(rows, [_day(o) for o in hd])
    result["speed_ratio"] = pps_ours / pps_traf
    result["speed_ratio_metadata"] = pps_ours / pps_meta
    result["pages_per_s"] = {"ours": pps_ours, "trafilatura": pps_traf, "trafilatura with metadata": pps_meta}
    by_language: dict[str, list[int]] = {}
    for i, o in enumerate(outs):
        by_language.setdefault(getattr(o, "language", None) or "?", []).append(i)
    result["languages"] = {}
    for lang, idx in sorted(by_language.items(), key=lambda kv: -len(kv[1])):
        sub = [rows[i] for i in idx]
        pair = []
        for out in (outs, traf):
            texts = [_text(out[i]) for i in idx]
            if "body" in sub[0]:
                pair.append(ev.aggregate([ev.page_counts(r["body"], t) for r, t in zip(sub, texts)])["f1"])
            else:
                pair.append(snippet_scores([snippet_counts(r, t) for r, t in zip(sub, texts)])["f1"])
        result["languages"][lang] = {"pages": len(idx), "f1_ours": pair[0], "f1_trafilatura": pair[1]}
    result["worst"] = sorted(
        ((ev.aggregate([ev.page_counts(r["body"], _text(o))])["f1"] if "body" in r else None, r["id"])
         for r, o in zip(rows, outs) if "body" in r), key=lambda x: x[0])[:15]
    return result


def print_row(name: str, r: dict[str, Any]) -> None:
    o, t, do, dh = r["ours"], r["trafilatura"], r["dates_ours"], r["dates_htmldate"]
    print(f"{name:<22}{r['pages']:>6}  F1 {o['f1']:.3f} vs {t['f1']:.3f}  (P {o['precision']:.3f}/{t['precision']:.3f}"
          f" R {o['recall']:.3f}/{t['recall']:.3f})  empty {o['empty']}/{t['empty']}  err {o['errors']}/{t['errors']}"
          f"  dates on {do['dated']}: found {do['found']:.3f}/{dh['found']:.3f} precision {do['precision']:.3f}/"
          f"{dh['precision']:.3f}  speed x{r['speed_ratio']:.2f} (with metadata x{r['speed_ratio_metadata']:.2f})"
          + (f"  comment leak {o['comment_leak']:.3f}/{t['comment_leak']:.3f}" if "comment_leak" in o else ""))


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "held", "all"), default="all")
    ap.add_argument("--only", action="append", help="collection name (wcxb, trafilatura, region, region_full, 181)")
    ap.add_argument("--limit", type=int, help="first N pages of each collection and split")
    ap.add_argument("--worst", action="store_true", help="list the lowest-F1 page ids (dev split only)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    ev = load_evaluate(DEFAULT_DATA)
    collections: dict[str, list[dict[str, Any]]] = {}
    root = corpus_dir()
    for name in ("wcxb", "trafilatura"):
        if args.only and name not in args.only:
            continue
        if (root / name / "index.jsonl").exists():
            collections[name] = load_collection(root / name)
        else:
            print(f"{name}: no held-out data in {root / name}; build it with benchmarks/heldout_corpus.py "
                  "(see benchmarks/README.md). Skipped.")
    if not args.only or "region" in args.only:
        collections["region"] = load_region()
    if not args.only or "region_full" in args.only:
        collections["region_full"] = load_region_full()
    if not args.only or "181" in args.only:
        gt, html = ev.load_benchmark()
        collections["181"] = [{"id": k, "split": "dev", "html": html[k], "body": gt[k]["articleBody"],
                               "url": ""} for k in sorted(gt)]
    print("columns: ours vs trafilatura (body), ours vs htmldate (dates), speed = ours pages/s / trafilatura's")
    results = {}
    for name, rows in collections.items():
        for split in ("dev", "held"):
            if args.split not in ("all", split):
                continue
            chosen = [r for r in rows if r["split"] == split][: args.limit]
            if not chosen:
                continue
            r = evaluate(name, chosen, ev)
            results[f"{name}/{split}"] = r
            print_row(f"{name}/{split}", r)
            print("   by language of our record: " + ", ".join(
                f"{lang} {v['pages']}: {v['f1_ours']:.3f}/{v['f1_trafilatura']:.3f}"
                for lang, v in r["languages"].items() if v["pages"] >= 5))
            if args.worst and split == "dev":
                print("   worst:", r["worst"])
    for split in ("dev", "held"):
        split_results = [r for key, r in results.items() if key.endswith(f"/{split}") and not key.startswith("181/")]
        if len(split_results) > 1:  # the split as one set of pages: each collection's time for one pass
            seconds = {who: sum(r["pages"] / r["pages_per_s"][who] for r in split_results)
                       for who in ("ours", "trafilatura", "trafilatura with metadata")}
            print(f"{split} split, {sum(r['pages'] for r in split_results)} pages of {len(split_results)} collections:"
                  f" speed x{seconds['trafilatura'] / seconds['ours']:.2f}"
                  f" (with metadata x{seconds['trafilatura with metadata'] / seconds['ours']:.2f})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
