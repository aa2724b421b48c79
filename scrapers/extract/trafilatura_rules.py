"""trafilatura's container and discard expressions as Python tests over each element's attributes.

trafilatura's main extractor finds the content container (`BODY_XPATH`) and prunes it
(`OVERALL_DISCARD_XPATH`, `TEASER_DISCARD_XPATH`, `DISCARD_IMAGE_ELEMENTS`) with XPath
expressions whose EXSLT regular expressions (`re:test`) libxml2 calls back into Python for every
candidate element and attribute: lxml wraps the attribute as a Python string, looks the pattern
up and searches, ~15 µs an element, a third of the extractor's time on our already-pruned pages.
The same tests read with `el.get()` and Python's `re` select the same elements in a tenth of
that time.

Each rule here is one of those expressions, predicate by predicate, built from trafilatura's
own token vocabularies where it has them; the expressions without regular expressions stay
trafilatura's. tests/extract/test_trafilatura_compat.py checks, on real pages, that every rule
selects exactly what its expression selects, so a release that changes an expression fails
there instead of changing archived text.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from lxml import etree
from lxml.etree import _Element
from trafilatura import xpaths

Test = Callable[[_Element], bool]
# Class and id values recur within a page and across a site's pages ('menu-item', 'col-md-6'): each
# pattern remembers its verdict on this many values, a dict lookup instead of a search.
MEMO = 4096


class Rule:
    """The descendants of a tree, in document order, whose tag is one of `tags` (any element
    when empty) and which pass `test`; with `first`, only the first, as `(...)[1]` does.
    Called like an lxml XPath object: rule(tree) -> list of elements."""

    def __init__(self, tags: Sequence[str], test: Test, first: bool = False) -> None:
        self.tags = tuple(tags)
        self.test = test
        self.first = first

    def __call__(self, tree: _Element) -> list[_Element]:
        found = []
        # etree.Element as the filter: elements only, comments and processing instructions
        # left out by lxml rather than by a test in Python
        for el in tree.iterdescendants(*(self.tags or (etree.Element,))):
            if self.test(el):
                found.append(el)
                if self.first:
                    break
        return found


def first_of(keys: list[str], one: str, a: str | None, other: str, b: str | None) -> str:
    """XPath's string(@one|@other), given the element's attribute names (`keys`, in source order)
    and the two values (None when absent): the value of whichever it declares first, '' for
    neither."""
    if a is None or b is None:
        return a if b is None and a is not None else b or ""
    return a if keys.index(one) < keys.index(other) else b


def _search(pattern: str, flags: int = 0) -> Callable[[str | None], bool]:
    """re:test(@attr, pattern): an absent attribute is the empty string, which none of these
    patterns matches (the compat test checks it); verdicts remembered per value."""
    search = re.compile(pattern, flags).search

    @lru_cache(maxsize=MEMO)
    def matches(value: str) -> bool:
        return search(value) is not None

    return lambda value: value is not None and matches(value)


_CONTAINER_TAGS = ("article", "div", "main", "section")
_DISCARD_TAGS = ("div", "item", "list", "p", "section", "span")

# BODY_XPATH[0]: article-body containers
_article_id = _search(xpaths._alt(xpaths._ARTICLE_CONTENT_ID_TOKENS))
_article_class = _search(xpaths._alt(xpaths._ARTICLE_CONTENT_CLASS_TOKENS))


def _article_body(el: _Element) -> bool:
    cls, id_ = el.get("class"), el.get("id")
    return (cls in ("post", "entry") or el.get("itemprop") == "articleBody" or id_ == "articleContent"
            or _article_id(id_) or _article_class(cls))


# BODY_XPATH[2]: story and post containers
_story_id = _search(xpaths._alt(xpaths._STORY_ID_TOKENS))
_story_class = _search(xpaths._alt(xpaths._STORY_CLASS_TOKENS))
_fulltext = _search("fulltext", re.I)
STORY_IDS = ("article", "story")
STORY_CLASSES = ("postarea", "art-postcontent", "text", "cell", "story")


def _story(el: _Element) -> bool:
    cls, id_ = el.get("class"), el.get("id")
    return (el.get("role") == "article" or id_ in STORY_IDS or cls in STORY_CLASSES
            or _story_id(id_) or _fulltext(cls) or _story_class(cls))


# BODY_XPATH[3]: "content" containers
_content_id = _search(xpaths._alt(xpaths._MAIN_CONTENT_ID_TOKENS))
_content_class = _search(xpaths._alt(xpaths._MAIN_CONTENT_CLASS_TOKENS))
_CM = str.maketrans("CM", "cm")
_CP = str.maketrans("CP", "cp")


def _content(el: _Element) -> bool:
    cls, id_ = el.get("class"), el.get("id")
    return (id_ == "content" or cls == "content" or _content_id(id_) or _content_class(cls)
            or (id_ is not None and "main-content" in id_.translate(_CM))
            or (cls is not None and ("main-content" in cls.translate(_CM) or "page-content" in cls.translate(_CP))))


BODY = (
    Rule(_CONTAINER_TAGS, _article_body, first=True),
    xpaths.BODY_XPATH[1],  # (.//article)[1]
    Rule(_CONTAINER_TAGS, _story, first=True),
    Rule(_CONTAINER_TAGS, _content, first=True),
    xpaths.BODY_XPATH[4],  # main classes, ids and roles, or <main>
)

# OVERALL_DISCARD_XPATH[0]: navigation, sharing, newsletter, ads, footers, bylines, related
_consent = _search(xpaths._alt(xpaths._CONSENT_ID_CLASS_TOKENS))
_discard_id = _search(xpaths._alt(xpaths._OVERALL_DISCARD_BOTH_TOKENS + xpaths._OVERALL_DISCARD_ID_TOKENS))
_discard_class = _search(xpaths._alt(xpaths._OVERALL_DISCARD_BOTH_TOKENS + xpaths._OVERALL_DISCARD_CLASS_TOKENS))
NAV_DATA_COMPONENT = "MostPopularStories"


def _boilerplate(el: _Element) -> bool:
    keys = el.keys()
    if not keys:
        return False
    id_, cls, role, component = el.get("id"), el.get("class"), el.get("role"), el.get("data-component")
    return ((role is not None and "nav" in role.replace("N", "n"))
            or (component is not None and NAV_DATA_COMPONENT in component)
            or _discard_class(cls) or _discard_id(id_) or _consent(first_of(keys, "id", id_, "class", cls))
            or "data-lp-replacement-content" in keys)


# OVERALL_DISCARD_XPATH[1]: hidden blocks and comment furniture (patterns as in trafilatura's expression)
HIDDEN_ID_STYLE = "hidden"
HIDDEN_ID = "reader-comments|akismet"
HIDDEN_CLASS = ("^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print| hidden| hide"
                "|noprint|notloaded")
_hidden_id_style = _search(HIDDEN_ID_STYLE)
_hidden_id = _search(HIDDEN_ID)
_hidden_class = _search(HIDDEN_CLASS)


def _hidden(el: _Element) -> bool:
    keys = el.keys()
    if not keys:
        return False
    id_, cls, style = el.get("id"), el.get("class"), el.get("style")
    return (cls == "comments-title" or _hidden_class(cls) or _hidden_id(id_)
            or (style is not None and ("display:none" in style or "display: none" in style))
            or el.get("aria-hidden") == "true"
            or first_of(keys, "id", id_, "class", cls).startswith("reply-")
            or _hidden_id_style(first_of(keys, "id", id_, "style", style)))


def _teaser(el: _Element) -> bool:
    id_, cls = el.get("id"), el.get("class")
    return (id_ is not None and "teaser" in id_.replace("T", "t")) or (cls is not None and "teaser" in cls.replace("T", "t"))


def _caption(el: _Element) -> bool:
    id_, cls = el.get("id"), el.get("class")
    return (id_ is not None and "caption" in id_) or (cls is not None and "caption" in cls)


OVERALL_DISCARD = (Rule(_DISCARD_TAGS, _boilerplate), Rule((), _hidden))
TEASER_DISCARD = (Rule(_DISCARD_TAGS, _teaser),)
DISCARD_IMAGE_ELEMENTS = (Rule(_DISCARD_TAGS, _caption),)
