"""The article's main text.

The main-content search is trafilatura's rule-based extractor (its BODY_XPATH container
search, link-density pruning and paragraph handlers, reached through trafilatura_compat.py),
run on our already-parsed and already-pruned tree, without its slow fallbacks (readability,
jusText comparison). What is ours: the chrome removal before it (boilerplate.py), the fragment rule and selector override
(record.py), the post-article blocks dropped before it (press contacts, goal badges, related
documents, comment threads: boilerplate.post_article_blocks), the 'read also' links between
its paragraphs (boilerplate.inline_related_links) and a table layout's menu and
sidebar cells (boilerplate.layout_side_cells), a cheap densest-block fallback for pages where
the rules recognise no content container or find almost nothing (old table layouts, text
loose in a <div>), a recall check that widens the result to the block holding most of the
page's running text when the rules kept only a small share of it (a lead, a tagline, a label:
readability, trafilatura's own rescue, fails on the same pages), a last recall check against
the page before any pruning (unpruned_text), the standfirst beside the heading, which the
rules' container leaves out, put back in front of the text (lead_paragraphs), and the text
layout (blocks.py).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from copy import deepcopy

from lxml import etree
from lxml.html import HtmlElement

from .blocks import render_text
from .boilerplate import (
    INVISIBLE_TAGS,
    inline_related_links,
    is_comment_thread,
    layout_side_cells,
    post_article_blocks,
    remove_elements,
)
from .parse import parse_html
from .trafilatura_compat import container_search, main_content, prepared

SHORT_TEXT = 250  # characters: below this the rule-based result is suspect
# With no container, trafilatura gathers text from the whole page (a table layout's menu and
# notice cells too): the densest block wins when it holds at least this share of that text.
NO_CONTAINER_SHARE = 0.5
RECALL_SHARE = 0.25  # a result holding less of the page's running text than this is suspect
MAX_SIBLING_LINKS = 0.25  # link density above which a sibling block is navigation
PRUNED_AWAY_SHARE = 0.1  # of the unpruned page's visible text: a body below this may have been pruned away
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


def main_text(body: HtmlElement, url: str | None, page_text: int) -> str:
    """Main text of a pruned <body>; mutates `body`.

    When no content container is recognised (trafilatura then gathers loose paragraphs from
    the whole page) or the rules find almost nothing, the densest block, read from a copy
    taken before extraction, wins if it holds at least half as much text (more than twice as
    much when a container was found but yielded little). When the result is still a small share of the
    page's running text, the first matching container was a lead, a teaser or a tagline, not
    the article: the deepest block holding most of that text replaces it. Most pages need
    neither, and the page's whole text, an upper bound of its running text, tells so without
    the walk that scores the blocks.

    The standfirst just before the article's text (lead_paragraphs) goes in front of it, unless
    it would lift a text below PRUNED_AWAY_SHARE of `page_text` (the page's visible text before
    pruning) above it: such a body is for the caller's recall rescue to replace, and a lead
    must not hide it from the rescue.
    """
    remove_elements(post_article_blocks(body))
    remove_elements(layout_side_cells(body))
    remove_elements(inline_related_links(body))
    backup = deepcopy(body)
    text = _article_text(body, backup, url)
    lead = lead_paragraphs(backup, text) if text else []
    if not lead:
        return text
    led = "\n\n".join((*lead, text))
    rescued = PRUNED_AWAY_SHARE * page_text
    return led if (len(text) >= rescued) == (len(led) >= rescued) else text


def _article_text(body: HtmlElement, backup: HtmlElement, url: str | None) -> str:
    """main_text's choice between the rules' result and the block fallbacks; mutates `body`.

    With no content container, a densest block holding more than NO_CONTAINER_SHARE of the
    page's whole text wins outright. The loose paragraphs trafilatura would gather come from
    that same text, so the comparison below would choose the block too (it did on every one of
    the 2,162 benchmark pages), and the gathering is not run: a copy of the tree, the discard
    rules and the paragraph handlers over the whole page, 0.2 of 0.7 ms on a table layout's page."""
    tree = prepared(body, url)
    whole = len(backup.text_content())
    densest = None
    searched = container_search(tree)
    if not searched[-1]:
        densest = densest_block(backup)
        block, page_text = densest
        if block is not None:
            fallback = block_with_siblings(block)
            if len(fallback) > NO_CONTAINER_SHARE * whole:
                return _widened(backup, fallback, page_text)
    content, contained = main_content(tree, searched)
    text = render_text(content)
    if contained and len(text) >= SHORT_TEXT and len(text) >= RECALL_SHARE * whole:
        return text
    block, page_text = densest or densest_block(backup)
    if block is not None and (not contained or len(text) < SHORT_TEXT):
        fallback = block_with_siblings(block)
        if len(fallback) > (NO_CONTAINER_SHARE * len(text) if not contained else 2 * len(text)):
            text = fallback
    return _widened(backup, text, page_text)


def _widened(backup: HtmlElement, text: str, page_text: int) -> str:
    """`text`, or the deepest block around it holding most of the page's running text
    (`page_text` characters) when `text` is a small share of that."""
    if len(text) < RECALL_SHARE * page_text:
        wide = article_block(backup, page_text, text)
        if wide is not None:
            linky = frozenset(c for c in wide if link_density(c) >= MAX_SIBLING_LINKS)
            text = max(text, render_text(wide, skip=linky), key=len)
    return text


LEAD_MIN = 100  # characters: a standfirst is a sentence or two; a byline, a date or a label is shorter
LEAD_GAP = 200  # characters of other lines (byline, date, reading time) allowed between a lead and the text
LEAD_LOOKBACK = 40  # text nodes read back from the article's start
# Blocks a text node belongs to.
_TEXT_BLOCKS = frozenset(
    "p div section article header main aside td th li dd dt blockquote figure figcaption table ul ol "
    "h1 h2 h3 h4 h5 h6".split()
)
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# What templates call the standfirst, in class/id values ('article-teaser', 'c-article__intro', 'chapo',
# 'p-dek', 'documentDescription', 'einleitung'), and what they call a caption, a credit, an author
# box or an ad or newsletter slot ('leaderboard'), which sit in the same header block and read
# as prose too.
_LEAD_NAMES = re.compile(r"lead|lede|intro|teaser|standfirst|chapo|abstract|excerpt|summary|dek|description|"
                         r"einleitung|perex|anons|sapo")
_NOT_LEAD_NAMES = re.compile(r"caption|credit|author|bio|byline|tooltip|disclaimer|"
                             r"leaderboard|advert|promo|newsletter|subscri")
# A photo credit or a consent notice, sentences as long as a lead that never are one.
_NOT_LEAD = re.compile(r"©|cookie|datenschutz|privacy", re.I)
_SENTENCE = re.compile(r"[.!?…]")


def _text_block(element: HtmlElement, tail: bool) -> tuple[HtmlElement | None, bool]:
    """The block holding `element`'s text (its tail's, with `tail`), and whether that text is a link's."""
    owner = element.getparent() if tail else element
    linked = False
    while owner is not None and owner.tag not in _TEXT_BLOCKS:
        linked = linked or owner.tag == "a"
        owner = owner.getparent()
    return owner, linked


def _start_of(backup: HtmlElement, anchor: str) -> tuple[HtmlElement, bool] | None:
    """Where the article's text starts: the element whose text (with True: whose tail) holds
    `anchor`, or else the block whose text does, when the anchor runs over inline elements
    ('<b>Berlin.</b> The ministry...'). The article starts near the top of most pages, and a
    walk that stops there reads a third of the elements XPath's text search reads; the anchor's
    longest whole word rules out most texts before their spaces are collapsed."""
    word = max(anchor.split(" ")[:-1] or [anchor], key=len)
    for el in backup.iter():  # a plain loop: most elements hold neither text with the word
        value = el.text
        if value and word in value and isinstance(el.tag, str):
            start = _holding(el, False, value, anchor)
            if start is not None:
                return start
        value = el.tail
        if value and word in value:
            start = _holding(el, True, value, anchor)
            if start is not None:
                return start
    return None


def _holding(el: HtmlElement, tail: bool, value: str, anchor: str) -> tuple[HtmlElement, bool] | None:
    """(el, tail) when `value`, el's text or tail, holds `anchor`; (its block, False) when the block does."""
    if anchor in " ".join(value.split()):
        return el, tail
    block = _text_block(el, tail)[0]
    if block is not None and anchor in " ".join(block.text_content().split()):
        return block, False
    return None


_LAST_TEXTS = etree.XPath(f"(.//text())[position() > last() - {LEAD_LOOKBACK}]")


def _subtree_texts(el: HtmlElement) -> list[tuple[HtmlElement, bool, str]]:
    """(element, is its tail, text) of the last LEAD_LOOKBACK text nodes of `el`'s subtree, in page
    order, without `el`'s own tail. A sidebar before the article can hold thousands: XPath counts
    them in C and hands over the last few."""
    return [(text.getparent(), text.is_tail, str(text)) for text in _LAST_TEXTS(el)]


def _texts_backwards(el: HtmlElement, tail: bool) -> Iterator[tuple[HtmlElement, bool, str]]:
    """The text nodes before `el`'s text (its tail's, with `tail`), nearest first."""
    if tail:
        yield from reversed(_subtree_texts(el))
    node = el
    while node.getparent() is not None:
        for sibling in node.itersiblings(preceding=True):
            if sibling.tail:
                yield sibling, True, sibling.tail
            yield from reversed(_subtree_texts(sibling))
        node = node.getparent()
        if node.text:
            yield node, False, node.text


def _blocks_backwards(el: HtmlElement, tail: bool, around: set[HtmlElement]) -> Iterator[tuple[HtmlElement, str, int]]:
    """The blocks before the article's start, nearest first, as (block, its text, characters of
    it in links), from at most LEAD_LOOKBACK text nodes."""
    block, parts, link_chars = None, [], 0
    for _, (element, is_tail, value) in zip(range(LEAD_LOOKBACK), _texts_backwards(el, tail)):
        if value.isspace():
            continue
        owner, linked = _text_block(element, is_tail)
        if owner is None or owner in around:
            continue
        if owner is not block:
            if block is not None:
                yield block, " ".join(" ".join(reversed(parts)).split()), link_chars
            block, parts, link_chars = owner, [], 0
        parts.append(value)
        link_chars += len(value.strip()) if linked else 0
    if block is not None:
        yield block, " ".join(" ".join(reversed(parts)).split()), link_chars


def _named_lead(block: HtmlElement, around: set[HtmlElement]) -> bool:
    """Whether the block, or a container of it below the one it shares with the article's text,
    is named as a standfirst, and none of them as a caption, a credit or an author box (nor is
    a <figure>)."""
    named = False
    for el in (block, *block.iterancestors()):
        if el in around:
            return named
        if el.tag in ("figure", "figcaption"):
            return False
        names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if _NOT_LEAD_NAMES.search(names):
            return False
        named = named or bool(_LEAD_NAMES.search(names))
    return named


def lead_paragraphs(backup: HtmlElement, text: str) -> list[str]:
    """The standfirst between the article's heading and its text, in page order.

    News and magazine templates put the lead ('article-teaser', 'intro', 'chapo') in the
    header block beside the heading, outside the body container that trafilatura's rules
    choose; the rules then start at the second paragraph. The heading and date lines are gone
    from `backup` already (record.py), so the blocks just before the text's first line are the
    header's: sentence-long prose of at least LEAD_MIN characters, mostly outside links, named
    as a lead (a caption, a credit, an author's bio or a disclaimer are prose too), with at most
    LEAD_GAP characters of other lines (byline, date, a credit link) between it and the text. A
    heading or a longer stretch of other lines ends the search: above it is another part of the page.
    """
    anchor = " ".join(text[:200].split())[:25]
    if len(anchor) < 25:
        return []
    start = _start_of(backup, anchor)
    if start is None:
        return []
    el, tail = start
    owner = el.getparent() if tail else el
    around = {owner, *owner.iterancestors()}
    flat = ""  # the text with its spaces collapsed, made only when a candidate needs it
    leads: list[str] = []
    gap = 0
    for block, line, link_chars in _blocks_backwards(el, tail, around):
        if block.tag in _HEADINGS:
            break
        if (len(line) >= LEAD_MIN and link_chars <= MAX_SIBLING_LINKS * len(line) and _SENTENCE.search(line)
                and not _NOT_LEAD.search(line) and line not in leads and _named_lead(block, around)):
            flat = flat or " ".join(text.split())
            if line not in flat:
                leads.append(line)
                continue
        gap += len(line)
        if gap > LEAD_GAP:
            break
    return leads[::-1]


_CODE_TAGS = ("script", "style", "noscript", "template")


def visible_length(body: HtmlElement, body_length: int) -> int:
    """Characters of `body`'s text a reader could see: inline scripts and styles (JSON state,
    CSS) can outweigh a page's article many times over. `body_length` is len(body.text_content())."""
    return body_length - sum(len(el.text_content()) for el in body.iter(_CODE_TAGS))


# characters: a body this long is an article of its own, not what the pruning left of one. On the
# 2,150 benchmark pages the rescue replaced 7 bodies, none longer than 940 characters, and ran in
# vain on 60 longer ones at ~7 ms each (a fresh parse and the rules on the whole page).
ARTICLE_SIZED = 2000


def unpruned_text(html: str | bytes, url: str | None, text: str, header_lines: frozenset[str] = frozenset()) -> str:
    """trafilatura's rules on the page without our chrome removal, when that finds more than
    twice `text`: the recall rescue for a body that is a small share of the page because the
    pruning took the article (sections of an article classed as ads, a live ticker classed as
    comments, a recipe classed for print). Only what is never the article goes first: invisible
    elements and reader-comment threads. The page is parsed again, which costs less than copying
    every page's tree before pruning, as the rescue is rarely needed. The headline and date
    lines already read (`header_lines`) are not body text: a short article must not win them back.
    A body of ARTICLE_SIZED characters or more is kept as it is, without the rescue's cost."""
    if len(text) >= ARTICLE_SIZED:
        return text
    body = parse_html(html).find("body")
    remove_elements([el for el in body.iter() if el.tag in INVISIBLE_TAGS
                     or ((el.get("class") or el.get("id")) and is_comment_thread(el))])
    wider = render_text(main_content(prepared(body, url))[0])
    wider = "\n\n".join(p for p in wider.split("\n\n") if " ".join(p.split()) not in header_lines)
    return wider if len(wider) > 2 * len(text) else text
