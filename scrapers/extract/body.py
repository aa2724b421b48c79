"""The article's main text.

The main-content search is trafilatura's rule-based extractor (its BODY_XPATH container
search, link-density pruning and paragraph handlers), run on our already-parsed and
already-pruned tree, without its slow fallbacks (readability, jusText comparison). What is
ours: the chrome removal before it (boilerplate.py), the fragment rule and selector override
(record.py), a cheap densest-block fallback for pages where the rules find almost nothing
(old table layouts, text loose in a <div>), and the text layout (blocks.py).
"""
from __future__ import annotations

from collections import Counter
from copy import deepcopy

from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.main_extractor import extract_content
from trafilatura.settings import Extractor

from .blocks import render_text

_OPTIONS = Extractor(output_format="txt", fast=True, comments=False, tables=True)
SHORT_TEXT = 250  # characters: below this the rule-based result is suspect
MIN_RUN = 25  # characters: shorter text nodes (labels, buttons) do not vote for a container
_INLINE = frozenset("a b i em strong span font u small sup sub img abbr q mark time label".split())


def densest_block(body: HtmlElement) -> HtmlElement | None:
    """The block holding the most non-link running text; its parent gets half the credit."""
    score: Counter[HtmlElement] = Counter()
    for node in body.xpath(".//text()[string-length(normalize-space()) >= 25]"):
        owner = node.getparent()
        if node.is_tail:
            owner = owner.getparent()
        while owner is not None and owner.tag in _INLINE:
            if owner.tag == "a":
                break
            owner = owner.getparent()
        if owner is None or owner.tag == "a":
            continue
        weight = len(node.strip())
        score[owner] += weight
        parent = owner.getparent()
        if parent is not None:
            score[parent] += weight / 2
    return max(score, key=score.__getitem__) if score else None


def main_text(body: HtmlElement, url: str | None = None) -> str:
    """Main text of a pruned <body>; the fallback sees the tree as it was before extraction."""
    backup = deepcopy(body)
    cleaned = convert_tags(tree_cleaning(body, _OPTIONS), _OPTIONS, url)
    result, _ = extract_content(cleaned, _OPTIONS)
    text = render_text(result)
    if len(text) < SHORT_TEXT:
        block = densest_block(backup)
        if block is not None:
            fallback = render_text(block)
            if len(fallback) > 2 * len(text):
                return fallback
    return text
