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
expressions libxml2 calls back into Python element by element (a third of the extractor's time),
and to a link-density pruning that leaves out a repeated round that cannot delete anything.
They are rebound, not patched: trafilatura's `extract()` (the fallback, and the benchmarks'
baseline) keeps its own. tests/extract/test_trafilatura_compat.py checks that the rebound
extractor returns what trafilatura's own returns.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from types import FunctionType

from lxml.etree import _Element, strip_tags
from lxml.html import HtmlElement
from trafilatura import htmlprocessing, main_extractor
from trafilatura.htmlprocessing import (_handle_forms, convert_tags, delete_element, is_paragraph_listing, prune_html,
                                        recover_math)
from trafilatura.settings import MANUALLY_CLEANED, MANUALLY_STRIPPED, Extractor
from trafilatura.utils import LINK_FARM_RATIO, trim

from . import trafilatura_rules as rules

OPTIONS = Extractor(output_format="txt", fast=True, comments=False, tables=True)
# BODY_XPATH in trafilatura's own order of trust: the article-body classes (0), <article> (1),
# story/post classes (2), "content"/"main-content" ids and classes (3), main (4).
ARTICLE_BODY, ARTICLE, STORY, CONTENT, MAIN = rules.BODY


class _Pruning(threading.local):
    """What one prune_unwanted_sections call has deleted so far, and after how many deletions
    each link-density pass last found nothing to delete."""

    def __init__(self) -> None:
        self.deleted = 0
        self.clean: dict[tuple, int] = {}
        self.link_texts: dict[_Element, str] = {}  # within one pass, which deletes only at its end
        self.container = False  # whether the container search of this extraction found one
        # during main_content, its tree and what container_search found in it: the extractor's
        # own search of that unchanged tree reads them
        self.searched: tuple[_Element, list[list[_Element]]] | None = None


def _link_text(link: _Element) -> str:
    """trim(link.text_content()), once per link and pass: every enclosing block measures the
    same links again."""
    text = _pruning.link_texts.get(link)
    if text is None:
        text = _pruning.link_texts[link] = trim(link.text_content())
    return text


def _collect_link_info(links_xpath: list[_Element]) -> tuple[int, int, int, list[str]]:
    """trafilatura's htmlprocessing.collect_link_info over remembered link texts."""
    mylist = [e for e in map(_link_text, links_xpath) if e]
    lengths = list(map(len, mylist))
    shortelems = sum(1 for length in lengths if length < 10)
    return sum(lengths), len(mylist), shortelems, mylist


_pruning = _Pruning()


def _counted_delete(element: _Element, keep_tail: bool = True) -> None:
    _pruning.deleted += 1
    htmlprocessing.delete_element(element, keep_tail=keep_tail)


class _TextLength:
    """The length of trafilatura's trim(text) (words joined by single spaces), computed only as
    far as a comparison needs: trimming never lengthens a text, and trimming a prefix never gives
    more than trimming the whole, so a long block's text (a whole article, tested again at every
    level of nesting) is mostly judged from its first few hundred characters."""

    PREFIX = 1200

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.upper = len(raw)
        self.lower = self.exact = len(trim(raw)) if len(raw) <= self.PREFIX else None
        if self.exact is None:
            self.lower = len(trim(raw[: self.PREFIX]))

    def value(self) -> int:
        if self.exact is None:
            self.exact = self.lower = self.upper = len(trim(self.raw))
        return self.exact

    def below(self, limit: float) -> bool:
        """len(trim(text)) < limit"""
        if self.lower >= limit:
            return False
        return self.upper < limit or self.value() < limit

    def exceeded_by(self, length: float, share: float) -> bool:
        """length > len(trim(text)) * share"""
        if length <= self.lower * share:
            return False
        return length > self.upper * share or length > self.value() * share


def _link_density_test(element: HtmlElement, favor_precision: bool = False) -> tuple[bool, bool]:
    """trafilatura's htmlprocessing.link_density_test, decision for decision, with the element's
    text measured by _TextLength instead of trimmed whole and its links' texts trimmed once a
    pass (these trims of large blocks and of their links, again at every level of nesting, were
    three quarters of the passes' time). The compat tests compare the two on generated layouts."""
    # iterdescendants, as findall(".//ref") and find(".//graphic") select, without parsing and
    # evaluating a path in Python on each of the ~120 blocks a page tests
    links_xpath = list(element.iterdescendants("ref"))
    if not links_xpath:
        return False, False
    if next(element.iterdescendants("graphic"), None) is not None:
        return False, False
    text = _TextLength(element.text_content())
    if len(links_xpath) == 1:
        len_threshold = 10 if favor_precision else 100
        link_text = _link_text(links_xpath[0])
        if len(link_text) > len_threshold and text.exceeded_by(len(link_text), 0.9):
            return True, False
    if element.tag == "p":
        limitlen = 60 if element.getnext() is None else 30
    elif element.getnext() is None:
        limitlen = 300
    else:
        limitlen = 100
    if text.below(limitlen):
        elemlen = text.value()
        linklen, elemnum, shortelems, _ = _collect_link_info(links_xpath)
        if elemnum == 0:
            return True, False
        return linklen > elemlen * 0.8 or (elemnum > 1 and shortelems / elemnum > 0.8), True
    if len(links_xpath) > 4:
        linklen, elemnum, _, _ = _collect_link_info(links_xpath)
        if (text.exceeded_by(linklen, LINK_FARM_RATIO) and linklen < 100 * elemnum
                and not is_paragraph_listing(links_xpath)):
            return True, False
    return False, False


_delete_by_link_density = FunctionType(
    htmlprocessing.delete_by_link_density.__code__,
    {**vars(htmlprocessing), "delete_element": _counted_delete, "link_density_test": _link_density_test},
    "delete_by_link_density", htmlprocessing.delete_by_link_density.__defaults__,
)


def _link_density_pass(subtree: _Element, tagname: str, backtracking: bool = False,
                       favor_precision: bool = False) -> _Element:
    """trafilatura's delete_by_link_density, which prune_unwanted_sections runs in two identical
    rounds (div, list, p; div, list, p): a pass whose last run found nothing to delete, with no
    deletion since, would find nothing again on the unchanged tree, and is not run. Most
    second rounds are such (1.5 of 14 ms a page on WCXB's pages went to these passes)."""
    key = (subtree, tagname, backtracking, favor_precision)
    if _pruning.clean.get(key) == _pruning.deleted:
        return subtree
    before, _pruning.link_texts = _pruning.deleted, {}
    _delete_by_link_density(subtree, tagname, backtracking=backtracking, favor_precision=favor_precision)
    if _pruning.deleted == before:
        _pruning.clean[key] = before
    return subtree


# The expressions and functions the main extractor reads as module globals, and the functions
# that read them (or call one that does): each function is rebuilt from its own code over one
# namespace that holds ours instead.
def _noting(index: int, expression: Callable[[_Element], list[_Element]]) -> Callable[[_Element], list[_Element]]:
    """A container expression that notes when it finds one, and reads what container_search
    found on the same tree. The search tries the expressions in order and changes the tree only once
    one has found a container, so "one was found" is whether any container is in the tree it was
    given (no second search needed to tell), and what container_search's expressions found up
    to that one is what they find again."""
    def search(tree: _Element) -> list[_Element]:
        searched = _pruning.searched
        if searched is not None and searched[0] is tree and index < len(searched[1]):
            found = searched[1][index]
        else:
            found = expression(tree)
        if found:
            _pruning.container = True
            _pruning.searched = None  # the container is pruned next: the tree changes
        return found
    return search


RULES = {
    "BODY_XPATH": [_noting(index, expression) for index, expression in enumerate(rules.BODY)],
    "OVERALL_DISCARD_XPATH": list(rules.OVERALL_DISCARD),
    "TEASER_DISCARD_XPATH": list(rules.TEASER_DISCARD),
    "DISCARD_IMAGE_ELEMENTS": list(rules.DISCARD_IMAGE_ELEMENTS),
    "delete_by_link_density": _link_density_pass,
}
REBOUND = ("prune_unwanted_sections", "recover_wild_text", "_extract", "extract_content")


def _rebind() -> dict[str, FunctionType]:
    namespace = {**vars(main_extractor), **RULES}
    for name in REBOUND:
        original = getattr(main_extractor, name)
        function = FunctionType(original.__code__, namespace, name, original.__defaults__, original.__closure__)
        function.__kwdefaults__ = original.__kwdefaults__
        namespace[name] = function
    pruning = namespace["prune_unwanted_sections"]

    def prune_unwanted_sections(*args, **kwargs):  # type: ignore[no-untyped-def]
        """One pruning: no pass is known to be clean on a tree other code may have changed."""
        _pruning.deleted, _pruning.clean = 0, {}
        return pruning(*args, **kwargs)

    namespace["prune_unwanted_sections"] = prune_unwanted_sections
    return {name: namespace[name] for name in REBOUND}


extract_content = _rebind()["extract_content"]


# The tags trafilatura's cleaning deletes with their content; forms are judged after the rest.
_CLEANED = tuple(tag for tag in MANUALLY_CLEANED if tag != "form")


def tree_cleaning(tree: HtmlElement) -> HtmlElement:
    """trafilatura's htmlprocessing.tree_cleaning for OPTIONS (tables kept, no images, balanced),
    step for step, but walking the tree once per deleted tag only for the tags it holds: its
    loop walks the whole tree for each of 51 tags, two thirds of the cleaning's time on a small
    page, while a page holds a handful of them, and one walk finds which. A tag absent before
    the deletions is absent after them, so the walks left out would have found nothing.
    tests/extract/test_trafilatura_compat.py compares the result with trafilatura's own."""
    recover_math(tree)
    for elem in tree.iter("figure", "table"):  # a figure around a table, an ARIA layout table
        if elem.find(".//table") is not None if elem.tag == "figure" else elem.get("role") in ("presentation", "none"):
            elem.tag = "div"
    strip_tags(tree, MANUALLY_STRIPPED)
    present = {element.tag for element in tree.iter(_CLEANED)}
    for tag in _CLEANED:
        if tag in present:
            for element in tree.iter(tag):
                delete_element(element)
    _handle_forms(tree)
    return prune_html(tree, OPTIONS.focus)


def prepared(body: HtmlElement, url: str | None) -> HtmlElement:
    """`body` after trafilatura's own cleaning and tag conversion (<p>, <head>, <list>...),
    which its container search expects; mutates `body`."""
    return convert_tags(tree_cleaning(body), OPTIONS, url)


def container_search(tree: HtmlElement) -> list[list[_Element]]:
    """What trafilatura's content-container expressions find in a prepared tree, in their order,
    up to the first that finds one (the last list is empty when none does). Given to main_content
    with the same tree, its own search reads them instead of searching again."""
    found: list[list[_Element]] = []
    for expression in rules.BODY:
        found.append(expression(tree))
        if found[-1]:
            break
    return found


def main_content(tree: HtmlElement, searched: list[list[_Element]] | None = None) -> tuple[HtmlElement, bool]:
    """The main content trafilatura's rules find in a prepared tree, as an element of
    paragraphs, and whether one of its content containers was there: without one, its search
    gathers loose paragraphs from the whole page. `searched` is container_search's result for
    this tree, if it was searched already. Mutates `tree`."""
    _pruning.container = False
    _pruning.searched = (tree, searched) if searched is not None else None
    try:
        result, _ = extract_content(tree, OPTIONS)
    finally:
        _pruning.searched = None
    return result, _pruning.container
