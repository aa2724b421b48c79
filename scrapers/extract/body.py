"""The article's main text.

The main-content search is trafilatura's rule-based extractor (its BODY_XPATH container
search, link-density pruning and paragraph handlers, reached through trafilatura_compat.py),
run on our already-parsed and already-pruned tree, without its slow fallbacks (readability,
jusText comparison). What is ours: the chrome removal before it (boilerplate.py), the fragment rule and selector override
(record.py), the post-article blocks dropped before it (press contacts, goal badges, related
documents, comment threads: boilerplate.post_article_blocks) and a table layout's menu and
sidebar cells (boilerplate.layout_side_cells), a cheap densest-block fallback for pages where
the rules recognise no content container or find almost nothing (old table layouts, text
loose in a <div>), a recall check that widens the result to the block holding most of the
page's running text when the rules kept only a small share of it (a lead, a tagline, a label:
readability, trafilatura's own rescue, fails on the same pages), a last recall check against
the page before any pruning (unpruned_text), and the text layout (blocks.py).
"""
from __future__ import annotations

from collections import Counter
from copy import deepcopy

from lxml.html import HtmlElement

from .blocks import render_text
from .boilerplate import INVISIBLE_TAGS, is_comment_thread, layout_side_cells, post_article_blocks, remove_elements
from .parse import parse_html
from .trafilatura_compat import main_content, prepared

SHORT_TEXT = 250  # characters: below this the rule-based result is suspect
# With no container, trafilatura gathers text from the whole page (a table layout's menu and
# notice cells too): the densest block wins when it holds at least this share of that text.
NO_CONTAINER_SHARE = 0.5
RECALL_SHARE = 0.25  # a result holding less of the page's running text than this is suspect
MAX_SIBLING_LINKS = 0.25  # link density above which a sibling block is navigation
_RUNNING_TEXT = "string-length(normalize-space()) >= 25"  # labels and buttons do not vote
_INLINE = frozenset("a b i em strong span font u small sup sub img abbr q mark time label".split())


def link_density(el: HtmlElement) -> float:
    """Share of the element's text that sits inside links."""
    total = len("".join(el.itertext()).strip())
    if not total:
        return 0.0
    linked = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
    return linked / total


def densest_block(body: HtmlElement) -> tuple[HtmlElement | None, int]:
    """The element holding the most non-link running text (its parent gets half the
    credit), and the page's running text in characters."""
    score: Counter[HtmlElement] = Counter()
    total = 0
    for node in body.xpath(f".//text()[{_RUNNING_TEXT}]"):
        owner = node.getparent()
        if node.is_tail:
            owner = owner.getparent()
        while owner is not None and owner.tag in _INLINE and owner.tag != "a":
            owner = owner.getparent()
        if owner is None or owner.tag == "a":
            continue
        weight = len(node.strip())
        total += weight
        score[owner] += weight
        parent = owner.getparent()
        if parent is not None:
            score[parent] += weight / 2
    return (max(score, key=score.__getitem__) if score else None), total


WIDE_SHARE = 0.6  # of the page's running text: what the block around a whole article holds


def article_block(body: HtmlElement, page_text: int, found: str) -> HtmlElement | None:
    """The deepest element holding most of the page's running text (after chrome removal)
    around the text the rules found: the article's container when the rules stopped at a
    part of it (a lead, one section). Around that text, so that a long comment thread or a
    list of other stories next to a short article is never taken for it."""
    anchor = " ".join(found.split())[:25]  # the found text's start, to locate it in the page
    held: Counter[HtmlElement] = Counter()
    depth: dict[HtmlElement, int] = {}
    around: set[HtmlElement] = set()
    for node in body.xpath(f".//text()[{_RUNNING_TEXT}][not(ancestor::a)]"):
        owner = node.getparent()
        if node.is_tail:
            owner = owner.getparent()
        weight = len(node.strip())
        chain = [owner, *owner.iterancestors()]
        if anchor and not around and anchor in " ".join(node.split()):
            around.update(chain)
        for level, el in enumerate(reversed(chain)):
            held[el] += weight
            depth[el] = level
    wide = [el for el, n in held.items() if n >= WIDE_SHARE * page_text and el.tag not in ("html", "body")
            and (not around or el in around)]  # text split over inline elements may not be found
    return max(wide, key=depth.__getitem__, default=None)


def block_with_siblings(block: HtmlElement) -> str:
    """The densest block plus its sibling blocks that are not link lists, in page order.

    A table-layout page splits its text between paragraphs and a list in one cell; the
    densest single element is then only a part of the article (readability's sibling rule).
    """
    parent = block.getparent()
    if parent is None or parent.tag in ("html", "body"):
        return render_text(block)
    linky = frozenset(s for s in parent if s is not block and link_density(s) >= MAX_SIBLING_LINKS)
    return render_text(parent, skip=linky)


def main_text(body: HtmlElement, url: str | None = None) -> str:
    """Main text of a pruned <body>; mutates `body`.

    When no content container is recognised (trafilatura then gathers loose paragraphs from
    the whole page) or the rules find almost nothing, the densest block, read from a copy
    taken before extraction, wins if it holds at least half as much text (more than twice as
    much when a container was found but yielded little). When the result is still a small share of the
    page's running text, the first matching container was a lead, a teaser or a tagline, not
    the article: the deepest block holding most of that text replaces it. Most pages need
    neither, and the page's whole text, an upper bound of its running text, tells so without
    the walk that scores the blocks.
    """
    remove_elements(post_article_blocks(body))
    remove_elements(layout_side_cells(body))
    backup = deepcopy(body)
    content, contained = main_content(prepared(body, url))
    text = render_text(content)
    if contained and len(text) >= SHORT_TEXT and len(text) >= RECALL_SHARE * len(backup.text_content()):
        return text
    block, page_text = densest_block(backup)
    if block is not None and (not contained or len(text) < SHORT_TEXT):
        fallback = block_with_siblings(block)
        if len(fallback) > (NO_CONTAINER_SHARE * len(text) if not contained else 2 * len(text)):
            text = fallback
    if len(text) < RECALL_SHARE * page_text:
        wide = article_block(backup, page_text, text)
        if wide is not None:
            linky = frozenset(c for c in wide if link_density(c) >= MAX_SIBLING_LINKS)
            text = max(text, render_text(wide, skip=linky), key=len)
    return text


PRUNED_AWAY_SHARE = 0.1  # of the unpruned page's visible text: a body below this may have been pruned away
_CODE_TAGS = ("script", "style", "noscript", "template")


def visible_length(body: HtmlElement, body_length: int) -> int:
    """Characters of `body`'s text a reader could see: inline scripts and styles (JSON state,
    CSS) can outweigh a page's article many times over. `body_length` is len(body.text_content())."""
    return body_length - sum(len(el.text_content()) for el in body.iter(_CODE_TAGS))


def unpruned_text(html: str | bytes, url: str | None, text: str, header_lines: frozenset[str] = frozenset()) -> str:
    """trafilatura's rules on the page without our chrome removal, when that finds more than
    twice `text`: the recall rescue for a body that is a small share of the page because the
    pruning took the article (sections of an article classed as ads, a live ticker classed as
    comments, a recipe classed for print). Only what is never the article goes first: invisible
    elements and reader-comment threads. The page is parsed again, which costs less than copying
    every page's tree before pruning, as the rescue is rarely needed. The headline and date
    lines already read (`header_lines`) are not body text: a short article must not win them back."""
    body = parse_html(html).find("body")
    remove_elements([el for el in body.iter() if el.tag in INVISIBLE_TAGS
                     or ((el.get("class") or el.get("id")) and is_comment_thread(el))])
    wider = render_text(main_content(prepared(body, url))[0])
    wider = "\n\n".join(p for p in wider.split("\n\n") if " ".join(p.split()) not in header_lines)
    return wider if len(wider) > 2 * len(text) else text
