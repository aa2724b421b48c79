"""The article's main text.

The main-content search is trafilatura's rule-based extractor (its BODY_XPATH container
search, link-density pruning and paragraph handlers), run on our already-parsed and
already-pruned tree, without its slow fallbacks (readability, jusText comparison). What is
ours: the chrome removal before it (boilerplate.py), the fragment rule, the selector
override, and the text layout (blocks.py).
"""
from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor

from .blocks import render_text

_OPTIONS = Extractor(output_format="txt", fast=True, comments=False, tables=True)


def link_density(el: HtmlElement) -> float:
    """Share of the element's text that sits inside links."""
    total = len("".join(el.itertext()).strip())
    if not total:
        return 0.0
    linked = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
    return linked / total


def main_text(body: HtmlElement, url: str | None = None) -> str:
    """Main text of a pruned <body> via trafilatura's main extractor; mutates `body`."""
    cleaned = convert_tags(tree_cleaning(body, _OPTIONS), _OPTIONS, url)
    result, _ = extract_content(cleaned, _OPTIONS)
    return render_text(result)
