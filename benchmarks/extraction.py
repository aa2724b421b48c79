#!/usr/bin/env python3
"""Extraction benchmark: our whole-record extractor beside trafilatura, in one run.

Part (a): the public article-extraction benchmark (181 pages, mostly English news) in
../shared/benchmarks/article-extraction relative to the repository, scored with that
folder's own evaluate.py functions (token 4-gram P/R/F1 exactly as its README defines).
Part (b): every article page of our replica sites (replicas.catalog), scored
against the catalog's expected records; skipped with a message while that module is absent.

Run:  .venv/bin/python benchmarks/extraction.py [--data DIR] [--repeat N] [--json out.json]

Speeds are pages per second of the median timed pass, HTML already decoded to str; only
ratios measured inside one run mean anything (see the benchmark README).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.extract import Hints, Record, extract_record  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
# Seed 004's accessibility panel and mega-menu: none of these lines may reach a record.
SEED_004 = REPO.parent / "shared" / "seeds" / "004_85d8a675294b8fdc.txt"
SEED_004_TITLE = "МОЗ підтримає українські медзаклади в налагодженні міжнародних партнерств"
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(\d\d?)/(\d\d?)/")


def load_evaluate(data: Path) -> ModuleType:
    """The benchmark's own evaluate.py, imported by path so the metric is the same code."""
    path = data / "evaluate.py"
    spec = importlib.util.spec_from_file_location("aeb_evaluate", path) if path.exists() else None
    if spec is None or spec.loader is None:
        raise SystemExit(f"no evaluate.py in {data}: pass the article-extraction benchmark folder with --data")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed_all(
    fns: dict[str, Callable[[Any], Any]], inputs: Sequence[Any], repeat: int
) -> dict[str, tuple[list[Any], float]]:
    """Per extractor: outputs of its first pass and pages/s of its median pass.

    Passes are interleaved (A B C, A B C, ...) so that load from other processes on the
    machine hits every extractor alike; each call is timed with perf_counter.
    """
    outputs: dict[str, list[Any]] = {name: [] for name in fns}
    passes: dict[str, list[float]] = {name: [] for name in fns}
    for i in range(max(1, repeat)):
        for name, fn in fns.items():
            total = 0.0
            for item in inputs:
                t0 = time.perf_counter()
                try:
                    out = fn(item)
                except Exception as exc:  # a crash counts as an empty output, and is reported
                    out = exc
                total += time.perf_counter() - t0
                if i == 0:
                    outputs[name].append(out)
            passes[name].append(total)
    return {name: (outputs[name], len(inputs) / statistics.median(passes[name])) for name in fns}


def ours(html: str, url: str = "", hints: Hints = Hints()) -> Record:
    return extract_record(html, url, hints)


def traf_text(html: str) -> str | None:
    import trafilatura

    return trafilatura.extract(html, include_comments=False)


def traf_meta(html: str) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)


def as_fields(out: Any) -> dict[str, Any]:
    """Uniform view of our Record, trafilatura's Document or text, or an exception."""
    if isinstance(out, Exception) or out is None:
        return {"text": "", "title": None, "date": None, "language": None, "error": isinstance(out, Exception)}
    if isinstance(out, Record):
        return {"text": out.body_text, "title": out.title, "date": out.published_at,
                "language": out.language, "attachments": out.attachments, "error": False}
    if isinstance(out, str):
        return {"text": out, "title": None, "date": None, "language": None, "error": False}
    return {"text": out.text or "", "title": out.title, "date": out.date,
            "language": getattr(out, "language", None), "error": False}


def body_scores(ev: ModuleType, truths: Sequence[str], texts: Sequence[str]) -> dict[str, float]:
    counts = [ev.page_counts(t, p) for t, p in zip(truths, texts)]
    m = ev.aggregate(counts)
    m["exact"] = sum(ev.exact_match(t, p) for t, p in zip(truths, texts)) / len(truths)
    m["empty"] = sum(1 for p in texts if not ev.tokenize(p))
    return m


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


def fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(title: str, rows: dict[str, dict[str, Any]], notes: Sequence[str]) -> None:
    print(f"\n== {title}")
    cols = ("P", "R", "F1", "exact", "empty", "err", "title", "date", "lang", "pages/s")
    print(f"{'extractor':<34}" + "".join(f"{c:>9}" for c in cols))
    for name, r in rows.items():
        cells = [fmt(r["precision"]), fmt(r["recall"]), fmt(r["f1"]), fmt(r["exact"]), str(r["empty"]),
                 str(r["errors"]), fmt(r.get("title_acc")), fmt(r.get("date_acc")), fmt(r.get("lang_acc")),
                 fmt(r["pages_per_second"], 1)]
        print(f"{name:<34}" + "".join(f"{c:>9}" for c in cells))
    for note in notes:
        print(f"  {note}")


def ratios(rows: dict[str, dict[str, Any]]) -> dict[str, str]:
    o, t, m = rows["ours (whole record)"], rows["trafilatura extract()"], rows["trafilatura bare_extraction+meta"]
    return {
        "F1 ours/trafilatura": ratio(o["f1"], t["f1"]),
        "pages/s ours/trafilatura text-only": ratio(o["pages_per_second"], t["pages_per_second"]),
        "pages/s ours/trafilatura with metadata": ratio(o["pages_per_second"], m["pages_per_second"]),
    }


def scored_runs(ev: ModuleType, runs: dict[str, Callable[[Any], Any]], items: Sequence[Any], truths: Sequence[str],
                repeat: int) -> Iterator[tuple[str, list[dict[str, Any]], dict[str, Any]]]:
    """Each extractor's name, outputs as fields and row of body scores, errors and pages/s:
    what both parts score alike before their own columns."""
    for name, (outs, pps) in timed_all(runs, items, repeat).items():
        fields = [as_fields(o) for o in outs]
        row = body_scores(ev, truths, [f["text"] for f in fields])
        row["errors"] = sum(f["error"] for f in fields)
        row["pages_per_second"] = pps
        yield name, fields, row


def part_public(ev: ModuleType, repeat: int) -> dict[str, Any]:
    """Part (a): body P/R/F1 on the public pages; URL-date check; language vs languages.json."""
    gt, html = ev.load_benchmark()
    keys = sorted(gt)
    pages = [html[k] for k in keys]
    truths = [gt[k]["articleBody"] for k in keys]
    langs = ev.load_languages()
    url_days = {}
    for k in keys:
        m = _URL_DAY.search(gt[k].get("url", ""))
        if m:
            url_days[k] = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}"
    runs = {
        # No URL is passed to either side: the date check below compares with the URL's date.
        "ours (whole record)": lambda h: ours(h),
        "trafilatura extract()": traf_text,
        "trafilatura bare_extraction+meta": traf_meta,
    }
    rows: dict[str, dict[str, Any]] = {}
    for name, fields, row in scored_runs(ev, runs, pages, truths, repeat):
        if name != "trafilatura extract()":
            dated = [(i, k) for i, k in enumerate(keys) if k in url_days]
            row["date_acc"] = sum(str(fields[i]["date"] or "")[:10] == url_days[k] for i, k in dated) / len(dated)
            row["title_returned"] = sum(bool(f["title"]) for f in fields)
        if name.startswith("ours") and langs:
            row["lang_acc"] = sum(fields[i]["language"] == langs.get(k) for i, k in enumerate(keys)) / len(keys)
        rows[name] = row
    notes = [
        f"{len(keys)} pages. The ground truth has no title or date: 'title' is not scored here "
        f"(titles returned: ours {rows['ours (whole record)']['title_returned']}, trafilatura "
        f"{rows['trafilatura bare_extraction+meta']['title_returned']} of {len(keys)}).",
        f"'date' = weak check on the {len(url_days)} pages whose URL holds /YYYY/MM/DD/: the day found "
        "equals the URL's (the URL is not given to either extractor).",
        "'lang' = ours against languages.json (trafilatura returns no language without py3langid).",
        *(f"{k}: {v}" for k, v in ratios(rows).items()),
    ]
    print_table("(a) public article-extraction benchmark", rows, notes)
    return {"rows": rows, "ratios": ratios(rows), "pages": len(keys)}


def _seed_004_menu_lines() -> list[str]:
    if not SEED_004.exists():
        return []
    text = SEED_004.read_text(encoding="utf-8")
    head = text.split(SEED_004_TITLE, 1)[0]
    return [line.strip() for line in head.splitlines() if line.strip()]


def _leaked_lines(expected: str, got: str) -> list[str]:
    """Lines of our body whose text is nowhere in the expected body (menu, footer, sidebar)."""
    want = _norm(expected)
    return [line for line in got.splitlines() if line.strip() and _norm(line) not in want]


def _load_catalog() -> tuple[Callable[[], Any], Callable[[Any], str]] | None:
    try:
        from replicas.catalog import articles, page_html  # type: ignore[import-not-found]
    except Exception as exc:  # the replica engineer may still be building it
        print(f"\n== (b) replica sites: skipped, replicas.catalog not importable ({exc})")
        return None
    return articles, page_html


def _hints_by_source() -> dict[str, Hints]:
    try:
        from scrapers.registry import load_registry

        return {s.id: Hints(languages=s.languages, timezone=s.timezone, selectors=dict(s.selectors))
                for s in load_registry()}
    except Exception as exc:
        print(f"  (registry not loaded, generic hints used: {exc})")
        return {}


def part_replicas(ev: ModuleType, repeat: int) -> dict[str, Any] | None:
    """Part (b): every replica article page, scored against the catalog's expected record."""
    loaded = _load_catalog()
    if loaded is None:
        return None
    articles, page_html = loaded
    records = list(articles())
    if not records:
        print("\n== (b) replica sites: the catalog lists no article yet")
        return None
    hints = _hints_by_source()
    items = [(r, page_html(r.url)) for r in records]
    truths = [r.body_text or "" for r, _ in items]
    runs: dict[str, Callable[[Any], Any]] = {
        "ours (whole record)": lambda it: ours(it[1], it[0].url, hints.get(it[0].source_id, Hints())),
        "trafilatura extract()": lambda it: traf_text(it[1]),
        "trafilatura bare_extraction+meta": lambda it: traf_meta(it[1]),
    }
    menu_lines = _seed_004_menu_lines()
    rows: dict[str, dict[str, Any]] = {}
    details: dict[str, list[dict[str, Any]]] = {}
    for name, fields, row in scored_runs(ev, runs, items, truths, repeat):
        if name != "trafilatura extract()":
            row["title_acc"] = sum(_norm(f["title"]) == _norm(r.title) for f, (r, _) in zip(fields, items)) / len(items)
            exact = [(f["date"] or None) == (r.published_at or None) for f, (r, _) in zip(fields, items)]
            day = [str(f["date"] or "")[:10] == str(r.published_at or "")[:10] for f, (r, _) in zip(fields, items)]
            row["date_acc"] = sum(exact) / len(items)
            row["date_day_acc"] = sum(day) / len(items)
        if name.startswith("ours"):
            row["lang_acc"] = sum(f["language"] == r.language for f, (r, _) in zip(fields, items)) / len(items)
            row["attachments_acc"] = sum(
                {a.url for a in f.get("attachments", ())} == {a[0] if isinstance(a, tuple) else a.url for a in (r.attachments or ())}
                for f, (r, _) in zip(fields, items)
            ) / len(items)
        leaks = [_leaked_lines(t, f["text"]) for t, f in zip(truths, fields)]
        row["pages_with_leaked_line"] = sum(bool(lines) for lines in leaks)
        row["seed_004_menu_lines_leaked"] = sum(
            1 for f in fields for line in menu_lines if line in f["text"].splitlines()
        )
        rows[name] = row
        details[name] = [
            {"url": r.url, "leaked": lines[:5], "title": f["title"], "date": f["date"],
             "expected_date": r.published_at}
            for (r, _), f, lines in zip(items, fields, leaks) if lines
        ]
    o = rows["ours (whole record)"]
    notes = [
        f"{len(items)} article pages ({sum(bool(getattr(r, 'is_seed', False)) for r, _ in items)} seed pages).",
        "'title' = exact after whitespace/case folding; 'date' = published_at string equal to the catalog's "
        f"(ours {fmt(o['date_acc'])}); day-only equality: ours {fmt(o['date_day_acc'])}, trafilatura "
        f"{fmt(rows['trafilatura bare_extraction+meta']['date_day_acc'])}.",
        f"attachments (URL sets equal): ours {fmt(o['attachments_acc'])}.",
        "leaked = pages with a body line found nowhere in the expected body (menu/footer/sidebar/date lines): "
        + ", ".join(f"{n} {r['pages_with_leaked_line']}" for n, r in rows.items()),
        "seed-004 menu/accessibility lines found as body lines: "
        + ", ".join(f"{n} {r['seed_004_menu_lines_leaked']}" for n, r in rows.items()),
        *(f"{k}: {v}" for k, v in ratios(rows).items()),
    ]
    print_table("(b) replica sites, article pages", rows, notes)
    for d in details["ours (whole record)"][:10]:
        print(f"  ours leaked on {d['url']}: {d['leaked']}")
    return {"rows": rows, "ratios": ratios(rows), "pages": len(items), "ours_leaks": details["ours (whole record)"]}


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="article-extraction benchmark folder")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the median is reported")
    ap.add_argument("--json", type=Path, help="write every figure here")
    ap.add_argument("--skip-public", action="store_true", help="run part (b) only")
    args = ap.parse_args(argv)
    ev = load_evaluate(args.data.resolve())
    print(f"python {sys.version.split()[0]}, repeat {args.repeat}")
    results = {}
    if not args.skip_public:
        results["public"] = part_public(ev, args.repeat)
    results["replicas"] = part_replicas(ev, args.repeat)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
