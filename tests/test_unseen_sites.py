"""Publishers added with a registry entry alone: nine replica sites the crawler has never
seen (tests/unseen_sites/), crawled through the real engine from entries holding nothing
but discovery URLs, one pattern per test.

Three `health-archive crawl` runs are shared by every test (about 15 s each): a first hourly
run; the sites change (edits, new pages, pages leaving the sitemap, moved behind a 301,
removed); an hourly run an hour later; a run a week later (`--set CRAWL_CLOCK`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.unseen_sites.model import AFTER, BEFORE, EDIT_MARKED, LEFT_INDEX, MOVED
from tests.unseen_sites.scenario import Outcome, Run, play
from tests.unseen_sites.score import (
    ShingleMetric, SiteScore, final_text, is_page_row, match_rows, normalise, score_site, trap_pages,
)
from tests.unseen_sites.sites import all_sites

RUNS = (
    Run("first hourly run", timedelta(0), BEFORE),
    Run("next hourly run", timedelta(hours=1), AFTER),
    Run("a week later", timedelta(days=8), AFTER),
)
METRIC = ShingleMetric()
SITES = {site.id: site for site in all_sites()}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    result = play(tmp_path_factory.mktemp("unseen"), list(SITES.values()), RUNS)
    for run in result.results:
        assert run.process.returncode == 0, run.process.stderr[-3000:]
    yield result


def score(outcome: Outcome, source_id: str) -> SiteScore:
    return score_site(SITES[source_id], outcome, METRIC)


def rows_of(outcome: Outcome, source_id: str, run: int = -1) -> list[dict]:
    return [r for r in outcome.results[run].rows if r["source_id"] == source_id]


def body_f1(result: SiteScore) -> float:
    return METRIC.aggregate(result.body_counts)["f1"]


def test_every_crawl_finishes_and_archives_something(outcome: Outcome) -> None:
    """The scenario itself: each site gives the archive at least one record in the first run
    (a replica the crawler cannot reach would make every other test meaningless)."""
    first = {row["source_id"] for row in outcome.results[0].rows}
    assert {"ua_prydniprovska_dozz", "kz_altyndy_akimat", "ua_stepanivka_crl", "kg_un_health"} <= first


@pytest.mark.xfail(strict=True, reason="page classifier (issue 16 item 1): sitemap home/listing/taxonomy/about/"
                                       "contact/search/print pages are archived as announcements")
def test_a_sitemap_full_of_non_articles_gives_only_announcements(outcome: Outcome) -> None:
    """Drupal's sitemap lists the home page, a Views listing, taxonomy terms, basic pages,
    the search page, a print view and a PDF beside the news: only the news are announcements."""
    result = score(outcome, "ua_prydniprovska_dozz")
    assert result.not_announcements == []
    assert result.found == result.announcements


@pytest.mark.xfail(strict=True, reason="pagination (issue 16 item 2): Joomla ?start=N listings stop after page 1")
def test_joomla_start_paging_reaches_every_page(outcome: Outcome) -> None:
    """`?start=6`, `?start=12`: every announcement of both Joomla category blogs is found."""
    result = score(outcome, "kg_osh_densooluk")
    assert result.missed == []


@pytest.mark.xfail(strict=True, reason="pagination (issue 16 item 2): Bitrix news.list items and PAGEN_1 pages")
def test_bitrix_pagen_paging_reaches_every_page(outcome: Outcome) -> None:
    """`?PAGEN_1=2`, `?PAGEN_1=3` with Bitrix's "След." navigation: every item is found, and
    the PAGEN_1 past the end (Bitrix answers it with the last page) is not read."""
    result = score(outcome, "kz_uz_priozernaya")
    assert result.missed == []
    assert result.trap_pages <= 2


def test_pagination_trap_costs_at_most_two_pages(outcome: Outcome) -> None:
    """The akimat portal shows "next" on its last page and serves page 1 for every page past
    the end; each run reads at most two pages past the last real one, and still finds all."""
    for run in outcome.results:
        assert trap_pages(run, "kz_altyndy_akimat") <= 2, run.run.name
    assert score(outcome, "kz_altyndy_akimat").missed == []


def test_table_layout_body_is_the_article_cell(outcome: Outcome) -> None:
    """A windows-1251 page laid out in `<table>`s with `<br><br>` paragraphs: the body is the
    article's cell, without the menu cell, the notices sidebar or the footer."""
    result = score(outcome, "ua_stepanivka_crl")
    assert result.found == result.announcements
    assert result.leaked == []
    assert body_f1(result) >= 0.95


def test_un_post_article_blocks_stay_out_of_the_body(outcome: Outcome) -> None:
    """A UN office's story is followed by a press contact, a "Sustainable Development Goals
    in this story" badge block and the UN entities involved: none enters the body."""
    result = score(outcome, "kg_un_health")
    assert result.found > 0
    assert result.leaked == []
    assert body_f1(result) >= 0.95


@pytest.mark.xfail(strict=True, reason="listing links inside an ASP.NET WebForms <form id=aspnetForm> are taken "
                                       "for chrome, so no announcement is discovered (issue 16 items 1-2)")
def test_aspnet_form_page_body(outcome: Outcome) -> None:
    """Everything on a WebForms page is inside one `<form>`: announcements are still found,
    and their bodies hold neither the view state, the left column nor the footer."""
    result = score(outcome, "kz_kmfk")
    assert result.found == result.announcements
    assert result.leaked == []
    assert body_f1(result) >= 0.95


@pytest.mark.xfail(strict=True, reason="page classifier (issue 16 item 1): brochure pages are not marked kind='page'")
def test_brochure_pages_are_marked_as_pages(outcome: Outcome) -> None:
    """The page-builder site's "news" are static, undated pages at the same URL shape as its
    few dated posts: the pages are kept as pages without a date, the posts as announcements."""
    site = SITES["ge_healthy_community"]
    rows = rows_of(outcome, site.id)
    pages, _ = match_rows(site, rows, "page")
    assert all(m.row is not None and m.row["published_at"] is None for m in pages)
    result = score(outcome, site.id)
    assert result.not_announcements == [] and result.missed == []


@pytest.mark.xfail(strict=True, reason="removals (issue 16 item 3): a page that leaves the sitemap is declared "
                                       "removed without being fetched")
def test_pages_that_leave_the_index_or_move_are_not_removed(outcome: Outcome) -> None:
    """Pages that left the sitemap or feed but are live, and pages moved behind a 301, are
    never marked removed; a moved page's record follows it to its new URL."""
    assert [s.site for s in map(lambda sid: score(outcome, sid), SITES) if s.false_removals] == []
    site = SITES["ua_prydniprovska_dozz"]
    moved = next(i for i in site.items if i.fate == MOVED)
    records = [r for r in rows_of(outcome, site.id) if r["canonical_url"] in (site.url(moved.path), site.url(moved.moved_to))
               or r["url"] in (site.url(moved.path), site.url(moved.moved_to))]
    assert [(r["url"], r["status"]) for r in records] == [(site.url(moved.moved_to), "live")]


def test_left_index_pages_are_still_live_a_week_later(outcome: Outcome) -> None:
    """Every page that only left the sitemap, feed or listing is still `live` in the archive."""
    for site in SITES.values():
        for item in site.items:
            if item.fate == LEFT_INDEX:
                statuses = {r["status"] for r in rows_of(outcome, site.id) if r["url"] == site.url(item.path)}
                assert statuses <= {"live"}, (site.id, item.path, statuses)


@pytest.mark.xfail(strict=True, reason="removals (issue 16 item 3): pages found by listings or feeds are never "
                                       "rechecked, so their 404/410 or redirect to home is not seen")
def test_removed_pages_are_removed_after_two_fetches(outcome: Outcome) -> None:
    """404, 410 and a 301 to the home page, seen an hour and a week after the change, make
    the page `removed`, its last text kept."""
    for site in SITES.values():
        for item in site.gone():
            row = next((r for r in rows_of(outcome, site.id) if r["url"] == site.url(item.path)), None)
            if row is not None:
                assert row["status"] == "removed", (site.id, item.path)
                assert normalise(item.body(final_text(item))) == normalise(row["body_text"]) or row["body_text"]


def test_marked_edits_are_found_by_the_next_hourly_run(outcome: Outcome) -> None:
    """An edit the sitemap `<lastmod>` or the feed's `<updated>` marks is in the archive after
    the very next hourly run."""
    marked = [(sid, i.key) for sid, site in SITES.items() for i in site.items if i.fate == EDIT_MARKED]
    assert len(marked) >= 3
    missing = [sid for sid in SITES if (s := score(outcome, sid)).marked_found_next_run < s.marked_edits]
    assert missing == []


@pytest.mark.xfail(strict=True, reason="conditional rechecks (issue 16 item 4): unmarked edits on listing-only "
                                       "sites are not rechecked within a week without --recheck")
def test_every_edit_is_found_within_a_week(outcome: Outcome) -> None:
    """Edits nothing marks are found by the rolling conditional rechecks within a week."""
    missing = [sid for sid in SITES if (s := score(outcome, sid)).edits_found_in_week < s.edits]
    assert missing == []


def test_unchanged_pages_cost_a_304_not_a_200(outcome: Outcome) -> None:
    """Across the follow-up runs, at most 5% of the unchanged archived pages are downloaded
    again: every recheck is a conditional request the sites answer 304."""
    scores = [score(outcome, sid) for sid in SITES]
    unchanged = sum(s.unchanged for s in scores)
    assert unchanged > 50
    assert sum(s.redownloads for s in scores) <= 0.05 * unchanged


def test_titles_dates_and_languages_are_exact(outcome: Outcome) -> None:
    """Whatever is archived carries its page's exact title, date (and time where shown) and
    language, on every site."""
    wrong = [line for sid in SITES for line in score(outcome, sid).wrong]
    assert wrong == []


def test_pages_never_enter_announcements_with_a_date(outcome: Outcome) -> None:
    """A row the archive marks as a page never carries an invented publication date."""
    dated = [r["url"] for r in outcome.final.rows if is_page_row(r) and r["published_at"]]
    assert dated == []
