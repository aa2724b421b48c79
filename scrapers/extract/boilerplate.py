"""Cheap removal of page chrome before the main-content search: selectors as data.

Menus, accessibility panels, breadcrumbs, share bars, tag lists, related-news blocks and
footers are recognised by tag, ARIA role, class/id tokens and link density, the way
trafilatura's xpaths.py does it, but tuned for the region's CMSs (moz.gov.ua's a11y panel and
mega-menu, gov.kz portal chrome, AEM agency blocks). Removing them early means neither the
body, the date nor the attachments can come from them. Elements on the path to the article
heading are protected: a site that wraps its <h1> in <header> keeps the heading.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

# Never visible, or not article text wherever they appear.
JUNK_TAGS = frozenset(
    "script style noscript template iframe svg form button select textarea input nav aside "
    "footer menu dialog object embed canvas video audio map label".split()
)
JUNK_ROLES = frozenset(
    "navigation banner contentinfo complementary search menu menubar dialog toolbar alert".split()
)
# Class/id sub-tokens (split on space, '-', '_'), lower-cased, matched exactly.
JUNK_TOKENS = frozenset(
    """
    nav navbar navigation menu menus megamenu submenu mainmenu topmenu breadcrumb breadcrumbs
    crumbs sidebar share sharing sharer social socials soc likes related similar recommended
    popular readalso tags tagcloud taglist comments comment disqus cookie cookies consent
    banner advert adv ads advertisement promo subscribe subscription newsletter pagination pager
    toolbar topbar skip skiplink modal popup overlay logo search searchform lang langs language
    languages switcher accessibility a11y contrast impaired bvi specialversion print rss
    footer copyright hotline widgetarea
    """.split()
)
# Sub-tokens that mark the article container: they veto a junk token on the same element
# ("article-body pagination-first", "content-with-sidebar-wrp").
CONTENT_TOKENS = frozenset("article articlebody body content entry post story text main news single".split())
# Whole class values that hide text visually.
HIDDEN_CLASSES = frozenset(
    "sr-only visually-hidden screen-reader-text hidden d-none hide invisible element-invisible".split()
)
_SPLIT = re.compile(r"[\s_\-]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Never removed by token: the containers that hold the article itself.
SAFE_TAGS = frozenset(("html", "body", "main", "article", "h1"))


def _tokens(el: HtmlElement) -> tuple[set[str], set[str]]:
    classes = set((el.get("class") or "").lower().split())
    raw = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return classes, set(_SPLIT.split(raw)) - {""}


def is_hidden(el: HtmlElement) -> bool:
    """Hidden from every reader: `hidden`, aria-hidden, display:none, sr-only classes."""
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    classes, _ = _tokens(el)
    return bool(classes & HIDDEN_CLASSES)


def is_chrome(el: HtmlElement) -> bool:
    """Navigation, panels and blocks around the article, by tag, role or class/id token."""
    tag = el.tag
    if tag in JUNK_TAGS:
        return True
    if tag in SAFE_TAGS or el.get("itemprop") == "articleBody":
        return False
    if el.get("role") in JUNK_ROLES:
        return True
    if tag == "header" and el.getparent() is not None and el.getparent().tag == "body":
        return True
    _, tokens = _tokens(el)
    if not tokens & JUNK_TOKENS or tokens & CONTENT_TOKENS:
        return False
    return not _holds_article_text(el)


def _holds_article_text(el: HtmlElement) -> bool:
    """Three or more long paragraphs: an article, whatever its class says."""
    long_paragraphs = 0
    for p in el.iter("p"):
        if len(p.text_content()) > 150:
            long_paragraphs += 1
            if long_paragraphs >= 3:
                return True
    return False


def _drop(el: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def remove_elements(elements: Iterable[HtmlElement], protected: frozenset[HtmlElement] = frozenset()) -> int:
    """Drop the given elements (outermost first), sparing protected ones; returns the count."""
    count = 0
    for el in list(elements):
        if el in protected:
            continue
        _drop(el)
        count += 1
    return count


def strip_chrome(root: HtmlElement, protected: frozenset[HtmlElement] = frozenset()) -> int:
    """Remove hidden elements and page chrome in one walk; returns how many were removed.

    `protected` holds the article heading and its ancestors: they stay, their chrome
    children still go.
    """
    doomed: list[HtmlElement] = []
    body = root.find("body")
    if body is None:
        return 0
    walker = iter(body.iterdescendants())
    skip_under: HtmlElement | None = None
    for el in walker:
        if not isinstance(el.tag, str):
            continue
        if skip_under is not None:
            if _is_descendant(el, skip_under):
                continue
            skip_under = None
        if el in protected:
            continue
        if is_hidden(el) or is_chrome(el) or _is_logo_caption(el):
            doomed.append(el)
            skip_under = el
    return remove_elements(doomed, protected)


def _is_descendant(el: HtmlElement, ancestor: HtmlElement) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _is_logo_caption(el: HtmlElement) -> bool:
    """A short block made of a logo image and its own name ('WHO' + 'WHO' -> 'WHOWHO')."""
    if el.tag not in ("div", "p", "span", "a", "figure"):
        return False
    img = el.find(".//img")
    if img is None:
        return False
    alt = (img.get("alt") or "").strip()
    text = " ".join(el.text_content().split())
    return bool(alt) and len(text) <= 60 and text.replace(alt, "").strip() in ("", "|", "-")
