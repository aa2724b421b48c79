"""trafilatura's rule-based main extractor on a tree we parsed ourselves: the one module that
reaches into trafilatura's private parts.

trafilatura's public functions (`extract`, `bare_extraction`) take a whole page, parse it again
and run the readability/jusText comparison; body.py needs only the container search, link-density
pruning and paragraph handlers, on the tree the other fields already share. Those live in
private modules (`htmlprocessing`, `main_extractor`, `settings.Extractor`, `xpaths.BODY_XPATH`)
that any release may rename or reshape, so they are imported here and nowhere else, and
tests/extract/test_trafilatura_compat.py fails when a name, a signature or BODY_XPATH's order
changes, instead of the body text silently changing.
"""
from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor
from trafilatura.xpaths import BODY_XPATH

OPTIONS = Extractor(output_format="txt", fast=True, comments=False, tables=True)
# BODY_XPATH in trafilatura's own order of trust: the article-body classes (0), <article> (1),
# story/post classes (2), "content"/"main-content" ids and classes (3), main (4).
ARTICLE_BODY, ARTICLE, STORY, CONTENT, MAIN = BODY_XPATH
# Asked only "does any match", cheapest expression first.
_CONTAINERS = (ARTICLE, MAIN, CONTENT, STORY, ARTICLE_BODY)


def prepared(body: HtmlElement, url: str | None) -> HtmlElement:
    """`body` after trafilatura's own cleaning and tag conversion (<p>, <head>, <list>...),
    which its container search expects; mutates `body`."""
    return convert_tags(tree_cleaning(body, OPTIONS), OPTIONS, url)


def has_container(tree: HtmlElement) -> bool:
    """Whether any of trafilatura's content containers is in a prepared tree: without one, its
    search gathers loose paragraphs from the whole page."""
    return any(next(iter(expr(tree)), None) is not None for expr in _CONTAINERS)


def main_content(tree: HtmlElement) -> HtmlElement:
    """The main content trafilatura's rules find in a prepared tree, as an element of
    paragraphs; mutates `tree`."""
    result, _ = extract_content(tree, OPTIONS)
    return result
