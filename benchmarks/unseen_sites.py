"""Registry-wide benchmark: nine sites the crawler has never seen, crawled from registry
entries that hold nothing but discovery URLs, scored against their ground truth.

    .venv/bin/python benchmarks/unseen_sites.py [--data DIR] [--keep DIR] [--json out.json]

The sites are the replicas in tests/unseen_sites/ (Drupal, WordPress, ASP.NET WebForms,
1C-Bitrix, Joomla, an akimat portal, a table-layout PHP site, a page-builder brochure site,
a UN country office), served on loopback under their real-looking hosts. Five crawls run as
cron would run them (tests/unseen_sites/scenario.py): an hourly run; the sites change (edits,
new pages, pages leaving the sitemap, moved behind a 301, removed); an hourly run an hour
later, then a day, two days and a week later, each with `--set CRAWL_CLOCK=<its time>`.

Printed per site and in total, from the archive after the last run unless said otherwise:
recall and precision of announcements, body token F1 (the article-extraction benchmark's
metric, its own evaluate.py when found) beside trafilatura's `extract()` on the same pages,
bodies holding a line of the site's chrome, false removals (live pages marked removed),
removals found, edits the sitemap/feed marks found by the next hourly run and all edits
found within the week, unchanged pages downloaded again (200 instead of 304) as a share of
the unchanged archived pages over the follow-up runs, listing pages fetched past the last
real one (most in one run), brochure pages kept as pages, and exact titles, dates and
languages. The goals (issue 16) are printed beside the totals.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.unseen_sites.scenario import Outcome, RunResult, play  # noqa: E402
from tests.unseen_sites.score import Metric, ShingleMetric, combined, figures, score_site  # noqa: E402
from tests.unseen_sites.sites import all_sites  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
COLUMNS = (
    ("recall", "recall", ">= 0.98"), ("precision", "precision", ">= 0.98"), ("body_f1", "body F1", ">= 0.95"),
    ("trafilatura_f1", "trafilatura F1", ""), ("boilerplate", "chrome in body", "<= 0.02"),
    ("false_removals", "false removals", "0"), ("removals", "removals found", ""),
    ("marked_edits_next_run", "marked edits, next run", "all"), ("edits_in_week", "all edits, in a week", "all"),
    ("redownloads", "unchanged re-downloaded", "<= 0.05"), ("trap_pages", "trap pages", "<= 2 a site"),
    ("pages_marked", "brochure pages as pages", "all"),
    ("title", "title exact", "1.0"), ("date", "date exact", "1.0"), ("language", "language exact", "1.0"),
)


def load_metric(data: Path) -> tuple[Metric | ModuleType, str]:
    """The article-extraction benchmark's own evaluate.py, else the same metric from tests/."""
    path = data / "evaluate.py"
    spec = importlib.util.spec_from_file_location("aeb_evaluate", path) if path.exists() else None
    if spec is None or spec.loader is None:
        return ShingleMetric(), "tests/unseen_sites/score.py ShingleMetric (no evaluate.py found)"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, str(path)


def show(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def report_run(result: RunResult) -> None:
    by_tag: dict[str, int] = {}
    for hit in result.hits:
        by_tag[f"{hit.status}"] = by_tag.get(f"{hit.status}", 0) + 1
    print(f"## {result.run.name} (sites {result.run.state}): exit {result.process.returncode}, "
          f"{len(result.hits)} requests ({', '.join(f'{k}: {v}' for k, v in sorted(by_tag.items()))}), "
          f"{len(result.rows)} rows", flush=True)
    for line in result.process.stdout.splitlines():
        print(f"   {line}")
    if result.process.returncode:
        print("   " + "\n   ".join(result.process.stderr.strip().splitlines()[-5:]))


def table(outcome: Outcome, metric: Metric | ModuleType) -> list[dict[str, object]]:
    import trafilatura

    def extract(html: str) -> str | None:
        return trafilatura.extract(html, include_comments=False)

    scores = [score_site(site, outcome, metric, extract) for site in all_sites()]
    rows = [{"site": s.site, **figures(s, metric)} for s in scores]
    total = combined(scores)
    rows.append({"site": "total", **figures(total, metric)})
    header = ["site", *(label for _, label, _ in COLUMNS)]
    print("\n| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join([str(row["site"]), *(show(row[key]) for key, _, _ in COLUMNS)]) + " |")
    print("| goal | " + " | ".join(goal for _, _, goal in COLUMNS) + " |")
    for score in scores:
        notes = [("not announcements, archived as such", score.not_announcements), ("missed", score.missed),
                 ("chrome in body", score.leaked), ("title/date/language wrong", score.wrong)]
        for label, urls in notes:
            if urls:
                print(f"\n{score.site}, {label} ({len(urls)}):\n  " + "\n  ".join(urls[:12]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="article-extraction benchmark folder")
    parser.add_argument("--keep", type=Path, help="write the archive here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    metric, origin = load_metric(args.data)
    print(f"body metric: {origin}")
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        outcome = play(workdir, all_sites(), progress=report_run)
        rows = table(outcome, metric)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
