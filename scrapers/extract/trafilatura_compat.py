"""trafilatura's rule-based main extractor on a tree we parsed ourselves: the one module that
reaches into trafilatura's private parts.

trafilatura's public functions (`extract`, `bare_extraction`) take a whole page, parse it again
and run the readability/jusText comparison; body.py needs only the container search, link-density
pruning and paragraph handlers, on the tree the other fields already share. Those live in
private modules (`htmlprocessing`, `main_extractor`, `settings.Extractor`, `xpaths.BODY_XPATH`)
that any release may rename or reshape, so they are imported here and nowhere else, and
tests/extract/test_trafilatura_compat.py fails when a name, a signature or BODY_XPATH's order
changes, instead of the body text silently changing.

The extractor's own functions run unchanged, but bound to the Python rules of
trafilatura_rules.py in place of its container and discard XPath expressions, whose regular
expressions libxml2 calls back into Python element by element (a third of the extractor's time).
They are rebound, not patched: trafilatura's `extract()` (the fallback, and the benchmarks'
baseline) keeps its own expressions.
"""
from __future__ import annotations

from types import FunctionType

from lxml.html import HtmlElement
from trafilatura import main_extractor
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor

from . import trafilatura_rules as rules

OPTIONS = Extractor(output_format="txt", fast=True, comments=False, tables=True)
# BODY_XPATH in trafilatura's own order of trust: the article-body classes (0), <article> (1),
# story/post classes (2), "content"/"main-content" ids and classes (3), main (4).
ARTICLE_BODY, ARTICLE, STORY, CONTENT, MAIN = rules.BODY
# Asked only "does any match", cheapest expression first.
_CONTAINERS = (ARTICLE, MAIN, CONTENT, STORY, ARTICLE_BODY)

# The expressions the main extractor reads as module globals, and the functions that read them
# (or call one that does): each function is rebuilt from its own code over one namespace that
# holds the rules instead.
RULES = {
    "BODY_XPATH": list(rules.BODY),
    "OVERALL_DISCARD_XPATH": list(rules.OVERALL_DISCARD),
    "TEASER_DISCARD_XPATH": list(rules.TEASER_DISCARD),
    "DISCARD_IMAGE_ELEMENTS": list(rules.DISCARD_IMAGE_ELEMENTS),
}
REBOUND = ("prune_unwanted_sections", "recover_wild_text", "_extract", "extract_content")


def _rebind() -> dict[str, FunctionType]:
    namespace = {**vars(main_extractor), **RULES}
    for name in REBOUND:
        original = getattr(main_extractor, name)
        function = FunctionType(original.__code__, namespace, name, original.__defaults__, original.__closure__)
        function.__kwdefaults__ = original.__kwdefaults__
        namespace[name] = function
    return {name: namespace[name] for name in REBOUND}


extract_content = _rebind()["extract_content"]


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
