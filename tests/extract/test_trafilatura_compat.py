"""The trafilatura private parts body.py relies on (through scrapers/extract/trafilatura_compat.py)
still exist and keep the shape we use: a release that renames, reorders or reshapes them fails
here instead of changing archived bodies silently."""
from __future__ import annotations

import inspect

import lxml.html
import pytest
from lxml.etree import XPath

from scrapers.extract import trafilatura_compat as compat
from scrapers.extract.parse import parse_html

# One document per BODY_XPATH expression, in trafilatura's order, holding the container that
# expression (and no other) finds.
CONTAINER_PAGES = (
    ("ARTICLE_BODY", '<div class="post-content">{}</div>'),
    ("ARTICLE", "<article>{}</article>"),
    ("STORY", '<div class="story-content">{}</div>'),
    ("CONTENT", '<div id="content">{}</div>'),
    ("MAIN", "<main>{}</main>"),
)
PARAGRAPHS = "<p>" + "Vaccination of children against measles begins on Monday in every region. " * 3 + "</p>"


def _prepared(inner: str) -> lxml.html.HtmlElement:
    page = f"<html><body><div class='menu'><a href='/'>Home</a></div>{inner}</body></html>"
    return compat.prepared(parse_html(page).find("body"), "https://example.org/a")


def test_body_xpath_is_five_xpaths_in_trafilaturas_order() -> None:
    from trafilatura.xpaths import BODY_XPATH

    assert len(BODY_XPATH) == 5 and all(isinstance(x, XPath) for x in BODY_XPATH)
    for i, (_, layout) in enumerate(CONTAINER_PAGES):
        tree = _prepared(layout.format(PARAGRAPHS))
        matching = [j for j, expr in enumerate(BODY_XPATH) if expr(tree)]
        assert matching == [i], f"container {layout!r} found by expressions {matching}, expected [{i}]"


@pytest.mark.parametrize("name,layout", CONTAINER_PAGES)
def test_each_container_is_recognised_and_its_text_extracted(name: str, layout: str) -> None:
    tree = _prepared(layout.format(PARAGRAPHS))
    assert getattr(compat, name)(tree), name
    assert compat.has_container(tree)
    text = " ".join(compat.main_content(tree).itertext())
    assert "measles begins on Monday" in text and "Home" not in text


def test_loose_paragraphs_have_no_container() -> None:
    assert not compat.has_container(_prepared("<div>" + PARAGRAPHS + "</div>"))


def test_private_signatures_we_call() -> None:
    from trafilatura.htmlprocessing import convert_tags, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor

    assert list(inspect.signature(tree_cleaning).parameters)[:2] == ["tree", "options"]
    assert list(inspect.signature(convert_tags).parameters)[:3] == ["tree", "options", "url"]
    assert list(inspect.signature(extract_content).parameters)[:2] == ["cleaned_tree", "options"]
    options = Extractor(output_format="txt", fast=True, comments=False, tables=True)
    assert (options.format, options.fast, options.comments, options.tables) == ("txt", True, False, True)
    result = extract_content(_prepared("<article>" + PARAGRAPHS + "</article>"), options)
    assert isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], str)
