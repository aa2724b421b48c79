"""Scoring an archive built from the unseen sites against their ground truth.

Rows are matched to items by URL (the row's `url` or `canonical_url`, against the item's
current URL or one it had before a move); each item validates at most one row. An item is
an announcement or a brochure page (`kind = 'page'` in the archive when the archive marks
pages; without a `kind` column every row counts as an announcement).

Body text is scored with the article-extraction benchmark's metric: token 4-gram shingles,
macro precision and recall over pages, F1 their harmonic mean. `ShingleMetric` is that
metric; the benchmark passes the benchmark folder's own `evaluate.py` when it is there.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from tests.unseen_sites.model import AFTER, BEFORE, EDIT_MARKED, EDIT_UNMARKED, GONE, Item, Site, State
from tests.unseen_sites.scenario import Outcome, RunResult

_WORD = re.compile(r"\w+")


class Metric(Protocol):
    def page_counts(self, true: str | None, pred: str | None) -> tuple[int, int, int]: ...

    def aggregate(self, counts: Sequence[tuple[int, int, int]]) -> dict[str, float]: ...


class ShingleMetric:
    """The article-extraction benchmark's body metric (its README, section "Metric")."""

    n = 4

    def shingles(self, text: str | None) -> Counter:
        tokens = _WORD.findall(text or "")
        if len(tokens) < self.n:
            return Counter([tuple(tokens)]) if tokens else Counter()
        return Counter(tuple(tokens[i:i + self.n]) for i in range(len(tokens) - self.n + 1))

    def page_counts(self, true: str | None, pred: str | None) -> tuple[int, int, int]:
        t, p = self.shingles(true), self.shingles(pred)
        return sum((t & p).values()), sum((p - t).values()), sum((t - p).values())

    def aggregate(self, counts: Sequence[tuple[int, int, int]]) -> dict[str, float]:
        ps = [tp / (tp + fp) for tp, fp, _ in counts if tp + fp]
        rs = [tp / (tp + fn) for tp, _, fn in counts if tp + fn]
        p, r = (statistics.fmean(ps) if ps else 0.0), (statistics.fmean(rs) if rs else 0.0)
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


@dataclass
class Match:
    """One item and the archive row found for it (None: not archived)."""

    item: Item
    row: dict | None


@dataclass
class SiteScore:
    """Every figure the benchmark prints for one site (see benchmarks/unseen_sites.py)."""

    site: str
    announcements: int = 0  # items that are announcements (ever published)
    found: int = 0
    rows: int = 0  # rows the archive counts as announcements
    body_counts: list[tuple[int, int, int]] = field(default_factory=list)
    trafilatura_counts: list[tuple[int, int, int]] = field(default_factory=list)
    leaks: int = 0
    title_exact: int = 0
    date_exact: int = 0
    lang_exact: int = 0
    pages: int = 0  # brochure pages (kind page)
    pages_marked: int = 0
    false_removals: int = 0
    removals_expected: int = 0  # archived pages the site removed (404, 410, 301 to home)
    removals_found: int = 0
    marked_edits: int = 0  # edits of pages the first run archived, marked by sitemap or feed
    marked_found_next_run: int = 0
    edits: int = 0  # all edits of pages the first run archived
    edits_found_in_week: int = 0
    unchanged: int = 0  # pages already downloaded and unchanged, summed over the follow-up runs
    redownloads: int = 0
    trap_pages: int = 0  # most listing pages past the last real one fetched in one run
    not_announcements: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def normalise(text: str | None) -> str:
    return " ".join((text or "").split())


def is_page_row(row: dict) -> bool:
    """A row the archive marks as a (brochure) page rather than an announcement."""
    return row.get("kind") not in (None, "announcement")


def match_rows(site: Site, rows: Iterable[dict], kind: str) -> tuple[list[Match], list[dict]]:
    """Items of `kind` matched to rows of that kind; and the rows of that kind no item claims."""
    by_url: dict[str, Item] = {}
    for item in site.items:
        if item.kind == kind:
            by_url[site.url(item.path)] = item
            if item.moved_to:
                by_url[site.url(item.moved_to)] = item
    matches = {item.key: Match(item, None) for item in site.items if item.kind == kind}
    extra = []
    for row in sorted(rows, key=lambda r: (r["status"] != "live", r["url"])):
        if row["source_id"] != site.id or is_page_row(row) != (kind == "page"):
            continue
        item = by_url.get(row["url"]) or by_url.get(row["canonical_url"])
        if item is not None and matches[item.key].row is None:
            matches[item.key].row = row
        else:
            extra.append(row)
    return list(matches.values()), extra


# The two states, for the items' texts and URLs (the edit time matters only to the server).
BEFORE_STATE = State(BEFORE, datetime(2000, 1, 1, tzinfo=UTC))
AFTER_STATE = State(AFTER, datetime(2000, 1, 1, tzinfo=UTC))


def final_text(item: Item) -> State:
    """The state whose text the archive should hold last: `after`, unless the item is gone."""
    return BEFORE_STATE if item.fate == GONE else AFTER_STATE


def edit_note(item: Item) -> str:
    """The text an edit added, which only the edited version holds."""
    return normalise(item.paragraphs(AFTER_STATE)[-1])


def score_site(site: Site, outcome: Outcome, metric: Metric,
               trafilatura_extract: Callable[[str], str | None] | None = None) -> SiteScore:
    """Score the archive `outcome` left for `site`; with `trafilatura_extract`, also score it
    on the same pages, from the HTML the site serves."""
    score = SiteScore(site.id)
    final = outcome.final
    matches, extra = match_rows(site, final.rows, "announcement")
    score.announcements = len(matches)
    score.rows = sum(1 for m in matches if m.row) + len(extra)
    score.found = sum(1 for m in matches if m.row)
    score.not_announcements = sorted(r["url"] for r in extra)
    for match in matches:
        item, row = match.item, match.row
        if row is None:
            score.missed.append(site.url(item.url_path(final_text(item))))
            continue
        state = final_text(item)
        truth = item.body(state)
        score.body_counts.append(metric.page_counts(truth, row["body_text"]))
        if trafilatura_extract is not None:
            html = site.render_item(item, state)
            score.trafilatura_counts.append(metric.page_counts(truth, trafilatura_extract(html) or ""))
        if any(line in (row["body_text"] or "") for line in site.chrome):
            score.leaks += 1
            score.leaked.append(row["url"])
        title_ok = normalise(row["title"]) == normalise(item.title)
        date_ok = _date_exact(row["published_at"], item.published)
        lang_ok = row["language"] == item.lang
        score.title_exact += title_ok
        score.date_exact += date_ok
        score.lang_exact += lang_ok
        if not (title_ok and date_ok and lang_ok):
            score.wrong.append(f"{row['url']}: title {row['title']!r}, date {row['published_at']!r}, "
                               f"language {row['language']!r}")
    pages, _ = match_rows(site, final.rows, "page")
    score.pages = len(pages)
    score.pages_marked = sum(1 for m in pages if m.row)
    live_urls = {site.url(u) for i in site.items if i.live(AFTER_STATE) for u in (i.path, i.url_path(AFTER_STATE))}
    score.false_removals = sum(1 for row in final.rows if row["source_id"] == site.id and row["status"] == "removed"
                               and (row["url"] in live_urls or row["canonical_url"] in live_urls))
    archived_gone = [m.row for m in matches if m.item.fate == GONE and m.row]
    score.removals_expected = len(archived_gone)
    score.removals_found = sum(1 for row in archived_gone if row["status"] == "removed")
    next_run = outcome.results[1] if len(outcome.results) > 1 else final
    first = {row["url"] for row in outcome.results[0].rows}
    for item in site.items:
        if item.fate not in (EDIT_MARKED, EDIT_UNMARKED) or site.url(item.path) not in first:
            continue  # an edit counts on pages the first run archived (missed ones are in recall)
        score.edits += 1
        note = edit_note(item)
        if _holds(site, final.rows, item, note):
            score.edits_found_in_week += 1
        if item.fate == EDIT_MARKED:
            score.marked_edits += 1
            score.marked_found_next_run += _holds(site, next_run.rows, item, note)
    for result in outcome.results[1:]:
        mine = {target for site_id, target in result.unchanged if site_id == site.id}
        score.unchanged += len(mine)
        score.redownloads += len({h.target for h in result.hits if h.site == site.id and h.redownload and h.target in mine})
    score.trap_pages = max((trap_pages(result, site.id) for result in outcome.results), default=0)
    return score


def trap_pages(result: RunResult, site_id: str) -> int:
    """Listing pages past the last real one that one run fetched."""
    return sum(1 for h in result.hits if h.site == site_id and h.tag == "trap")


def _date_exact(archived: str | None, shown: str | None) -> bool:
    """The archived date says what the page shows: the day, and the time when one is shown."""
    if not archived or not shown:
        return archived == shown
    if "T" in shown:
        return archived[:16] == shown
    return archived[:10] == shown and ("T" not in archived)


def _holds(site: Site, rows: list[dict], item: Item, note: str) -> bool:
    """Whether a record of the item's kind holds the edit (an announcement re-archived as a
    page has lost its date and its place in the counts: the edit is not found)."""
    urls = {site.url(item.path), site.url(item.url_path(AFTER_STATE))}
    return any(row["source_id"] == site.id and (row["url"] in urls or row["canonical_url"] in urls)
               and is_page_row(row) == (item.kind == "page") and note in normalise(row["body_text"])
               for row in rows)


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def figures(score: SiteScore, metric: Metric) -> dict[str, object]:
    """One site's (or the total's) figures, as printed and as the tests read them."""
    body = metric.aggregate(score.body_counts) if score.body_counts else {"f1": None}
    traf = metric.aggregate(score.trafilatura_counts) if score.trafilatura_counts else {"f1": None}
    found = score.found
    return {
        "recall": ratio(score.found, score.announcements),
        "precision": ratio(score.found, score.rows),
        "body_f1": body["f1"],
        "trafilatura_f1": traf["f1"],
        "boilerplate": ratio(score.leaks, found),
        "false_removals": score.false_removals,
        "removals": f"{score.removals_found}/{score.removals_expected}",
        "marked_edits_next_run": f"{score.marked_found_next_run}/{score.marked_edits}",
        "edits_in_week": f"{score.edits_found_in_week}/{score.edits}",
        "redownloads": f"{score.redownloads}/{score.unchanged}" + (
            f" ({score.redownloads / score.unchanged:.2f})" if score.unchanged else ""),
        "trap_pages": score.trap_pages,
        "pages_marked": f"{score.pages_marked}/{score.pages}",
        "title": ratio(score.title_exact, found),
        "date": ratio(score.date_exact, found),
        "language": ratio(score.lang_exact, found),
    }


def combined(scores: list[SiteScore]) -> SiteScore:
    """All sites' scores as one (counts summed, trap pages too)."""
    total = SiteScore("total")
    for score in scores:
        for name, value in vars(score).items():
            if name != "site":
                setattr(total, name, getattr(total, name) + value)
    return total
