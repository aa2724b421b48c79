"""Publishers added with a registry entry alone: nine replica sites the crawler has never
seen (tests/unseen_sites/), crawled through the real engine from entries holding nothing
but discovery URLs, one pattern per test.

Four `health-archive crawl` runs are shared by every test (about 25 s each on a loaded
2-core machine): a first hourly run; the sites change (edits, new pages, pages leaving the
sitemap, moved behind a 301, removed); an hourly run an hour later; runs a week and a week
and a day later (`--set CRAWL_CLOCK`), so a page the weekly recheck finds gone is fetched a
second time a day later.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.unseen_sites.model import AFTER, BEFORE, EDIT_UNMARKED, GONE, MOVED, State
from tests.unseen_sites.scenario import Outcome, Run, play
from tests.unseen_sites.score import ShingleMetric, SiteScore, match_rows, score_site, trap_pages
from tests.unseen_sites.server import UnseenServer
from tests.unseen_sites.sites import all_sites

RUNS = (
    Run("first hourly run", timedelta(0), BEFORE),
    Run("next hourly run", timedelta(hours=1), AFTER),
    Run("a week later", timedelta(days=8), AFTER),
    Run("a week and a day later", timedelta(days=9), AFTER),
)
METRIC = ShingleMetric()
SITES = {site.id: site for site in all_sites()}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    result = play(tmp_path_factory.mktemp("unseen"), list(SITES.values()), RUNS)
    for run in result.results:
        if run.process.returncode:
            raise RuntimeError(f"{run.run.name}: crawl exited {run.process.returncode}\n{run.process.stderr[-3000:]}")
    yield result


def score(outcome: Outcome, source_id: str) -> SiteScore:
    return score_site(SITES[source_id], outcome, METRIC)


def rows_of(outcome: Outcome, source_id: str, run: int = -1) -> list[dict]:
    return [r for r in outcome.results[run].rows if r["source_id"] == source_id]


def body_f1(result: SiteScore) -> float:
    return METRIC.aggregate(result.body_counts)["f1"]


def test_every_crawl_finishes_and_archives_something(outcome: Outcome) -> None:
    """The scenario itself: every site gives the archive records in the first run (a replica
    the crawler cannot reach would make the other tests meaningless)."""
    assert {row["source_id"] for row in outcome.results[0].rows} == set(SITES)


def test_a_sitemap_full_of_non_articles_gives_only_announcements(outcome: Outcome) -> None:
    """Drupal's sitemap lists the home page, a Views listing, taxonomy terms, basic pages,
    the search page, a print view and a PDF beside the news: only the news are announcements."""
    result = score(outcome, "ua_prydniprovska_dozz")
    assert result.not_announcements == []
    assert result.found == result.announcements


def test_joomla_start_paging_reaches_every_page(outcome: Outcome) -> None:
    """`?start=6`, `?start=12`: every announcement of both Joomla category blogs is found,
    and no more than two empty blog pages past the end are read in a run."""
    result = score(outcome, "kg_osh_densooluk")
    assert result.missed == []
    assert result.trap_pages <= 2


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
    """A windows-1251 page laid out in `<table>`s with `<br><br>` paragraphs and its headline
    in a bold cell: the body is the article's cell, without the menu cell, the notices
    sidebar or the footer, and the title is the headline."""
    result = score(outcome, "ua_stepanivka_crl")
    assert result.found == result.announcements
    assert result.leaked == []
    assert result.wrong == []
    assert body_f1(result) >= 0.95


def test_un_post_article_blocks_stay_out_of_the_body(outcome: Outcome) -> None:
    """A UN office's story is followed by a press contact, a "Sustainable Development Goals
    in this story" badge block and the UN entities involved: none enters the body."""
    result = score(outcome, "kg_un_health")
    assert result.found > 0
    assert result.leaked == []
    assert body_f1(result) >= 0.95


def test_aspnet_form_page_body(outcome: Outcome) -> None:
    """Everything on a WebForms page is inside one `<form>`: announcements are still found,
    and their bodies hold neither the view state, the left column nor the footer."""
    result = score(outcome, "kz_kmfk")
    assert result.found == result.announcements
    assert result.leaked == []
    assert body_f1(result) >= 0.95


def test_brochure_pages_are_marked_as_pages(outcome: Outcome) -> None:
    """The page-builder site's "news" are static, undated pages at the same URL shape as its
    few dated posts: the pages are kept as pages without a date, the posts as announcements."""
    site = SITES["ge_healthy_community"]
    rows = rows_of(outcome, site.id)
    pages, _ = match_rows(site, rows, "page")
    assert all(m.row is not None and m.row["published_at"] is None for m in pages)
    result = score(outcome, site.id)
    assert result.not_announcements == [] and result.missed == []


def test_pages_that_leave_the_index_or_move_are_not_removed(outcome: Outcome) -> None:
    """Pages that left the sitemap or feed but are live, and pages moved behind a 301 (a
    Drupal path alias changed, a WordPress slug changed), are never marked removed; a moved
    page's record follows it to its new URL, and no second record appears."""
    assert [s.site for s in map(lambda sid: score(outcome, sid), SITES) if s.false_removals] == []
    moves = [(site, item) for site in SITES.values() for item in site.items if item.fate == MOVED]
    assert len(moves) >= 2
    for site, item in moves:
        urls = (site.url(item.path), site.url(item.moved_to))
        records = [r for r in rows_of(outcome, site.id) if r["url"] in urls or r["canonical_url"] in urls]
        assert [(r["url"], r["status"]) for r in records] == [(site.url(item.moved_to), "live")]


def test_removed_pages_are_removed_after_two_fetches(outcome: Outcome) -> None:
    """404, 410 and a 301 to the home page, seen on two fetches a day apart, make an archived
    page `removed`, its last text kept."""
    removed = []
    for site in SITES.values():
        for item in site.gone():
            row = next((r for r in rows_of(outcome, site.id) if r["url"] == site.url(item.path)), None)
            if row is not None:
                removed.append((site.id, item.path, row["status"], bool(row["body_text"])))
    assert len(removed) >= 3
    assert all(status == "removed" and kept for _, _, status, kept in removed), removed


def test_sitemap_marked_edits_are_found_by_the_next_hourly_run(outcome: Outcome) -> None:
    """An edit the sitemap's `<lastmod>` marks is in the archive after the very next hourly
    run: Drupal's sitemap, and the page builder's sitemap index and post sitemap."""
    for source_id in ("ua_prydniprovska_dozz", "ge_healthy_community"):
        result = score(outcome, source_id)
        assert result.marked_edits >= 1
        assert result.marked_found_next_run == result.marked_edits, source_id


def test_feed_marked_edits_are_found_by_the_next_hourly_run(outcome: Outcome) -> None:
    """An edit the Atom feed's `<updated>` marks is in the archive after the next hourly run."""
    result = score(outcome, "kz_zdorovie_priirtyshya")
    assert result.marked_edits == 1
    assert result.marked_found_next_run == 1


def test_every_edit_of_an_archived_page_is_found_within_a_week(outcome: Outcome) -> None:
    """Edits nothing marks are found by the rolling conditional rechecks within a week, on
    every page the first run archived, and the record stays an announcement."""
    scores = [score(outcome, sid) for sid in SITES]
    assert sum(s.edits for s in scores) >= 5
    assert [s.site for s in scores if s.edits_found_in_week < s.edits] == []


def test_unchanged_pages_cost_a_304_not_a_200(outcome: Outcome) -> None:
    """Across the follow-up runs, at most 5% of the unchanged pages the crawler already
    downloaded are downloaded again: a recheck is a conditional request answered 304."""
    scores = [score(outcome, sid) for sid in SITES]
    unchanged = sum(s.unchanged for s in scores)
    assert unchanged > 50
    assert sum(s.redownloads for s in scores) <= 0.05 * unchanged


def test_titles_dates_and_languages_are_exact(outcome: Outcome) -> None:
    """What is archived carries its page's exact title, date (and time where shown) and
    language. (The table-layout site's titles are checked by its own test.)"""
    wrong = [line for sid in SITES if sid != "ua_stepanivka_crl" for line in score(outcome, sid).wrong]
    assert wrong == []
    assert sum(score(outcome, sid).found for sid in SITES) >= 60


def test_the_sites_answer_as_their_servers_do() -> None:
    """The instrument itself: validators and 304s, and each fate's answer after the change."""
    sites = all_sites()
    drupal = next(s for s in sites if s.id == "ua_prydniprovska_dozz")
    edited = next(i for i in drupal.items if i.fate == EDIT_UNMARKED)
    moved = next(i for i in drupal.items if i.fate == MOVED)
    gone = next(i for i in drupal.items if i.fate == GONE)
    with UnseenServer(sites) as server:
        def get(path: str, **headers: str) -> tuple[int, dict[str, str]]:
            request = urllib.request.Request(server.origin + path, headers={"Host": drupal.host, **headers})
            opener = urllib.request.build_opener(_NoRedirect)
            try:
                with opener.open(request, timeout=10) as response:
                    return response.status, dict(response.headers)
            except urllib.error.HTTPError as error:
                return error.code, dict(error.headers)

        status, headers = get(edited.path)
        assert status == 200 and headers["ETag"] and headers["Last-Modified"]
        assert get(edited.path, **{"If-None-Match": headers["ETag"]})[0] == 304
        assert get(edited.path, **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        server.state = State(AFTER, server.state.edited_at)
        assert get(edited.path, **{"If-None-Match": headers["ETag"]})[0] == 200
        assert get(edited.path)[0] == 200  # the same bytes again: a re-download
        status, headers = get(moved.path)
        assert status == 301 and headers["Location"] == drupal.url(moved.moved_to)
        assert get(gone.path)[0] == 404
    assert [h.redownload for h in server.log if h.target == edited.path] == [False, False, False, False, True]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Show a 301 as it is answered."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
