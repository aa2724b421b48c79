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
    content, contained = compat.main_content(tree)
    text = " ".join(content.itertext())
    assert contained and "measles begins on Monday" in text and "Home" not in text


def test_loose_paragraphs_have_no_container() -> None:
    content, contained = compat.main_content(_prepared("<div>" + PARAGRAPHS + "</div>"))
    assert not contained and "measles begins on Monday" in " ".join(content.itertext())


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


# Attribute values that hit each token and literal of trafilatura's container and discard
# expressions, their case variants and near misses; a generated page combines them in every
# tag those expressions look at, in both attribute orders.
_VALUES = (
    "post", "entry", "Post", "articleBody", "articleContent", "entry-content", "art-content", "article__content",
    "article-body", "article__body", "articlebody", "body-text", "post-text", "post_text", "post-body", "postentry",
    "post-entry", "post_content", "postContent", "post_inner_wrapper", "article-text", "articleText", "page-content",
    "text-content", "ArticleContent", "article__container", "primary", "xprimary", "story-body", "article x",
    "article", "post-bodycopy", "storycontent", "story-content", "theme-content", "single-post", "main-column",
    "wpb_text_column", "field-body", "fulltext", "FullText", "postarea", "art-postcontent", "text", "cell", "story",
    "content", "Content", "content-main", "content_main", "content-body", "content__body", "contentBody",
    "Main-Content", "main-content", "Page-Content", "mainbar", "main", "share", "sharing", "x share", "social",
    "viral", "newsletter", "syndication", "cookie", "cookies-x", "tags", "sidebar", "banner", "breadcrumb",
    "bread-crumb", "button", "author", "jp-x", "dpsp-content", "bmdh", "footer", "Footer", "Share", "nav", "Nav",
    "menu", "related", "message-container", "premium", "ad-top", "x ad y", "x-ad-y", "dfpAd", "outbrain", "taboola",
    "criteo", "paid-content", "widget", "byline", "Byline", "share-x", "sociable", "embedded", "tag-list", "consent",
    "modal-content", "permission", "elated", "next-x", "x-stories", "most-popular", "more-on", "meta", "rating",
    "attachment", "timestamp", "user-info", "user-profile", "x-icon", "article-infos", "slide", "viewport",
    "overlay", "options", "expand", "obfuscated", "blurred", "mol-factbox", "yin", "zlylin", "nfoline", "post-nav",
    "ZendeskForm", "subnav", "navigation", "navbar", "navbox", "bar", "comments-title", "reply-x", "x-reply-y",
    "hidden", "x hidden", "Hidden", "hide-x", "x hide", "nocomments", "message", "akismet", "suggest-links",
    "x-hide-y", "hide-print", "noprint", "notloaded", "reader-comments", "teaser", "Teaser", "caption", "Caption",
    "display:none", "display: none", "display:block", "color: red", "", "x", "plain words",
)
_ATTRIBUTES = ("class", "id", "style", "role", "aria-hidden", "itemprop", "data-component", "data-lp-replacement-content")
_ROLES = ("article", "navigation", "Navigation", "main", "mainx", "banner", "")
_TAGS = ("div", "section", "article", "main", "p", "span", "item", "list", "head", "a", "ul")


def _value(rnd, name: str) -> str:
    if name == "role":
        return rnd.choice(_ROLES)
    if name == "aria-hidden":
        return rnd.choice(("true", "false"))
    if name == "itemprop" and rnd.random() < 0.5:
        return "articleBody"
    if name == "data-component" and rnd.random() < 0.5:
        return "MostPopularStories x"
    return " ".join(rnd.sample(_VALUES, rnd.randint(1, 2)))


def _one_element_pages() -> list[str]:
    """Each value in each attribute of a container, a discard candidate and another tag, alone;
    then random pairs and triples of attributes in random order."""
    import random

    rnd = random.Random(0)
    values = {name: _ROLES if name == "role" else ("true", "false") if name == "aria-hidden" else _VALUES
              for name in _ATTRIBUTES}
    pages = [f'<html><body><{tag} {name}="{value}">w</{tag}></body></html>'
             for tag in ("div", "span", "a") for name in _ATTRIBUTES for value in values[name]]
    for _ in range(1500):
        attrs = " ".join(f'{name}="{_value(rnd, name)}"' for name in rnd.sample(_ATTRIBUTES, rnd.randint(2, 3)))
        tag = rnd.choice(("div", "section", "p"))
        pages.append(f"<html><body><{tag} {attrs}>w</{tag}></body></html>")
    return pages


def _nested_page(seed: int, elements: int = 12) -> str:
    import random

    rnd = random.Random(seed)
    parts, depth = [], 0
    for _ in range(elements):
        tag = rnd.choice(_TAGS)
        attrs = " ".join(f'{name}="{_value(rnd, name)}"' for name in rnd.sample(_ATTRIBUTES, rnd.randint(0, 3)))
        parts.append(f"<{tag} {attrs}>w{len(parts)} ")
        if depth and rnd.random() < 0.45:
            parts.append(f"</{tag}>")
        else:
            depth += 1
    return "<html><body>" + "".join(parts) + "</body></html>"


def _real_pages() -> list[str]:
    from tests.extract import region_pages

    return [html for _, html in region_pages.pages()]


@pytest.mark.parametrize("source", ["single", "nested", "region"])
def test_rules_select_what_trafilaturas_expressions_select(source: str) -> None:
    """Every Python rule finds the elements (the first one, for a `(...)[1]` container
    expression) that the trafilatura expression it stands for finds, on the raw and the prepared
    tree; and the expressions kept as XPath are trafilatura's own objects."""
    from trafilatura import xpaths

    from scrapers.extract import trafilatura_rules as rules

    pairs = [(rules.BODY[i], xpaths.BODY_XPATH[i], True) for i in (0, 2, 3)]
    pairs += [(rule, expr, False) for rule, expr in zip(rules.OVERALL_DISCARD, xpaths.OVERALL_DISCARD_XPATH, strict=True)]
    pairs += [(rules.TEASER_DISCARD[0], xpaths.TEASER_DISCARD_XPATH[0], False),
              (rules.DISCARD_IMAGE_ELEMENTS[0], xpaths.DISCARD_IMAGE_ELEMENTS[0], False)]
    assert rules.BODY[1] is xpaths.BODY_XPATH[1] and rules.BODY[4] is xpaths.BODY_XPATH[4]
    assert len(xpaths.OVERALL_DISCARD_XPATH) == 2 and len(xpaths.TEASER_DISCARD_XPATH) == 1
    assert len(xpaths.DISCARD_IMAGE_ELEMENTS) == 1
    # small pages, so that the first container differs from page to page
    pages = (_one_element_pages() if source == "single" else [_nested_page(seed) for seed in range(300)]
             if source == "nested" else _real_pages())
    selected = 0
    for page in pages:
        raw = parse_html(page).find("body")
        prepared = () if source == "single" else (compat.prepared(parse_html(page).find("body"), "https://example.org/a"),)
        for tree in (raw, *prepared):
            for rule, expr, first in pairs:
                expected = expr(tree)[:1] if first else expr(tree)
                assert rule(tree) == expected, (expr.path, [e.attrib for e in expected][:5])
                selected += len(expected)
    assert selected > (5 if source == "region" else 500)


def test_the_literal_patterns_are_trafilaturas() -> None:
    """The patterns copied from an expression (it has no token vocabulary for them) are still
    in its text."""
    from trafilatura import xpaths

    from scrapers.extract import trafilatura_rules as rules

    text = xpaths.OVERALL_DISCARD_XPATH[1].path
    for pattern in (rules.HIDDEN_ID_STYLE, rules.HIDDEN_ID, rules.HIDDEN_CLASS):
        assert f"'{pattern}'" in text
    assert f"'{rules.NAV_DATA_COMPONENT}'" in xpaths.OVERALL_DISCARD_XPATH[0].path
    for literal in (*rules.STORY_IDS, *rules.STORY_CLASSES):
        assert f"'{literal}'" in xpaths.BODY_XPATH[2].path


def test_the_extractor_runs_on_the_rules_and_trafilatura_keeps_its_expressions() -> None:
    """Rebinding changes only our copies: trafilatura's own extract() (the fallback and the
    benchmarks' baseline) still runs its XPath expressions and its own link-density passes."""
    from trafilatura import main_extractor

    assert compat.extract_content is not main_extractor.extract_content
    assert compat.extract_content.__code__ is main_extractor.extract_content.__code__
    namespace = compat.extract_content.__globals__
    assert len(namespace["BODY_XPATH"]) == len(compat.rules.BODY) and namespace["OVERALL_DISCARD_XPATH"] == list(compat.rules.OVERALL_DISCARD)
    assert namespace["_extract"].__globals__ is namespace and namespace["recover_wild_text"].__globals__ is namespace
    assert namespace["delete_by_link_density"] is compat._link_density_pass
    assert main_extractor.BODY_XPATH is not namespace["BODY_XPATH"]
    assert all(isinstance(x, XPath) for x in main_extractor.BODY_XPATH + main_extractor.OVERALL_DISCARD_XPATH)
    assert main_extractor.delete_by_link_density.__module__ == "trafilatura.htmlprocessing"


def _link_layout_page(seed: int) -> str:
    """Nested blocks of paragraphs, link lists, link farms and short linked lines, the shapes
    trafilatura's link-density passes delete or keep, around an article container."""
    import random

    rnd = random.Random(seed)
    sentence = "Health workers in the region report that vaccination coverage rose again this spring. "

    def block(depth: int) -> str:
        kind = rnd.choice(("p", "links", "farm", "short", "nest", "list", "p"))
        if kind == "p":
            return f"<p>{sentence * rnd.randint(1, 4)}<a href='/x'>more</a></p>"
        if kind == "links":
            return "<div>" + " ".join(f"<a href='/{i}'>Item {i}</a>" for i in range(rnd.randint(1, 8))) + "</div>"
        if kind == "farm":
            return "<div>" + "".join(f"<p><a href='/{i}'>{sentence}</a></p>" for i in range(rnd.randint(2, 6))) + "</div>"
        if kind == "short":
            return f"<div><span>Tags:</span> <a href='/t'>{rnd.choice(('news', 'a long linked headline of a story'))}</a></div>"
        if kind == "list":
            return "<ul>" + "".join(f"<li><a href='/{i}'>Link {i}</a></li>" for i in range(rnd.randint(2, 9))) + "</ul>"
        if depth > 3:
            return f"<p>{sentence}</p>"
        return "<div>" + "".join(block(depth + 1) for _ in range(rnd.randint(1, 4))) + "</div>"

    container = rnd.choice(("<article>{}</article>", '<div class="entry-content">{}</div>', "<div>{}</div>"))
    inner = "".join(block(0) for _ in range(rnd.randint(2, 8)))
    return f"<html><body>{block(0)}{container.format(inner)}{block(0)}</body></html>"


@pytest.mark.parametrize("source", ["layouts", "region", "nested"])
def test_the_rebound_extractor_returns_what_trafilaturas_returns(source: str) -> None:
    """Same paragraphs, in the same tree, from our rebinding (Python rules, repeated link-density
    rounds left out) as from trafilatura's own extract_content, on the same prepared tree; and
    after container_search's search of that tree too."""
    from copy import deepcopy

    from lxml.etree import tostring
    from trafilatura import xpaths
    from trafilatura.main_extractor import extract_content

    pages = ([_link_layout_page(seed) for seed in range(150)] if source == "layouts" else _real_pages()
             if source == "region" else [_nested_page(seed, 40) for seed in range(150)])
    texts = 0
    for page in pages:
        tree = compat.prepared(parse_html(page).find("body"), "https://example.org/a")
        any_container = any(expr(tree) for expr in xpaths.BODY_XPATH)
        (ours, contained), theirs = compat.main_content(deepcopy(tree)), extract_content(deepcopy(tree), compat.OPTIONS)[0]
        assert contained == any_container
        assert tostring(ours, encoding="unicode") == tostring(theirs, encoding="unicode")
        texts += bool("".join(ours.itertext()).strip())
        # after container_search, whose findings main_content then reads, the same
        searched = deepcopy(tree)
        found = compat.container_search(searched)
        assert bool(found[-1]) == any_container
        assert tostring(compat.main_content(searched, found)[0], encoding="unicode") == tostring(ours, encoding="unicode")
    assert texts > len(pages) / 2


def test_link_density_verdicts_are_trafilaturas() -> None:
    """The link-density test that measures a block's text only as far as it must gives
    trafilatura's verdict on every block of generated layouts, long ones (over the measured
    prefix, with long runs of spaces) included."""
    from trafilatura.htmlprocessing import link_density_test

    pages = [_link_layout_page(seed) for seed in range(60)]
    pages += [_link_layout_page(seed).replace("spring. ", "spring." + " " * 400 + "\n") for seed in range(60, 90)]
    checked = long = 0
    for page in pages:
        tree = compat.prepared(parse_html(page).find("body"), "https://example.org/a")
        for el in tree.iter("div", "list", "p"):
            for precision in (False, True):
                assert compat._link_density_test(el, precision) == link_density_test(el, precision)
            checked += 1
            long += len(el.text_content()) > compat._TextLength.PREFIX
    assert checked > 1000 and long > 100


def _cleaning_page(seed: int) -> str:
    """Blocks of the tags trafilatura's cleaning deletes, strips or judges (nested in each other,
    forms wrapping much or little text, figures around tables, layout tables, MathML) among
    paragraphs."""
    import random

    rnd = random.Random(seed)
    tags = ("aside", "nav", "footer", "form", "iframe", "script", "style", "figure", "button", "label", "time",
            "menu", "noscript", "svg", "font", "small", "img", "abbr", "tbody", "div", "section", "p", "span")
    sentence = "The clinic opens a vaccination point in the district hospital on Monday. "

    def block(depth: int) -> str:
        roll = rnd.random()
        if roll < 0.1:
            return '<math alttext="x^2"><semantics><annotation encoding="application/x-tex">x^2</annotation></semantics></math> tail'
        if roll < 0.2:
            role = rnd.choice(("presentation", "none", "grid"))
            return f'<table role="{role}"><tr><td>{sentence}</td></tr></table>'
        if roll < 0.3 or depth > 3:
            return f"<p>{sentence * rnd.randint(1, 3)}</p>"
        tag = rnd.choice(tags)
        inner = "".join(block(depth + 1) for _ in range(rnd.randint(1, 3)))
        return f"<{tag}>{inner}</{tag}>{rnd.choice(('', ' tail text '))}"

    return "<html><body>" + "".join(block(0) for _ in range(rnd.randint(2, 6))) + "</body></html>"


@pytest.mark.parametrize("source", ["cleaning", "region"])
def test_the_cleaning_is_trafilaturas(source: str) -> None:
    """compat.tree_cleaning, which walks the tree only for the tags it holds, leaves the tree
    trafilatura's tree_cleaning leaves, with our options; and those options are what it assumes."""
    from copy import deepcopy

    from lxml.etree import tostring
    from trafilatura.htmlprocessing import tree_cleaning

    assert (compat.OPTIONS.tables, compat.OPTIONS.images, compat.OPTIONS.focus) == (True, False, "balanced")
    pages = [_cleaning_page(seed) for seed in range(200)] if source == "cleaning" else _real_pages()
    changed = 0
    for page in pages:
        body = parse_html(page).find("body")
        theirs = tostring(tree_cleaning(deepcopy(body), compat.OPTIONS), encoding="unicode")
        assert tostring(compat.tree_cleaning(deepcopy(body)), encoding="unicode") == theirs, page
        changed += theirs != tostring(body, encoding="unicode")
    assert changed > len(pages) / 2
