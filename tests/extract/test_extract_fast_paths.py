"""The cheap pre-checks in front of extraction steps never change a verdict: each is compared with
the step it guards, on generated input that hits the edge cases (long whitespace runs, soft
hyphens, nested text, chrome tokens split by '-' and '_', hiding classes)."""
from __future__ import annotations

import random
import re

from lxml.html import HtmlElement

from scrapers.extract import boilerplate
from scrapers.extract.blocks import _CONTROL, clean_line, short_line
from scrapers.extract.parse import parse_html
from scrapers.extract.published import _text_lines

_PIECES = ("word", "Дата", "12.03.2024", " ", "   ", "\n\n\t", "\u00a0", "\u200b", "\xad", "\u2003", "x" * 30, "é")


def test_short_line_is_clean_line_within_the_limit() -> None:
    rnd = random.Random(7)
    for _ in range(3000):
        text = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 60)))
        limit = rnd.choice((5, 20, 100))
        line = clean_line(text)
        assert short_line(text, limit) == (line if len(line) <= limit else None), (text, limit)


def _reference_lines(container: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """What the date search read before: every text node through XPath."""
    lines = []
    for node in container.xpath(".//text()"):
        text = clean_line(str(node))
        if text:
            owner = node.getparent()
            lines.append((text, owner.getparent() if node.is_tail and owner.getparent() is not None else owner))
    return lines


def test_text_lines_walk_reads_the_text_nodes_xpath_reads() -> None:
    page = ("<html><body><div id='z'>lead <h1>Title <b>bold</b> tail</h1> after h1"
            "<p>Опубліковано: <span>06</span> <i>вересня</i> 2023<br>line two</p>"
            "<ul><li>one<li>two <a href='#'>link</a> end</ul>  <!-- gone --> last</div> outside</body></html>")
    container = parse_html(page).get_element_by_id("z")
    assert list(_text_lines(container)) == _reference_lines(container)
    assert len(_reference_lines(container)) > 8


_CLASS_WORDS = ("menu", "main-menu", "nav_bar", "share", "article", "content", "post-share", "hidden", "sr-only",
                "d-none", "news", "text", "comments", "lang", "x", "Sidebar", "footer-links", "related_news")


def test_suspect_is_never_false_where_the_element_is_hidden_or_chrome() -> None:
    rnd = random.Random(3)
    parts = []
    for i in range(600):
        attrs = []
        if rnd.random() < 0.8:
            attrs.append(f'class="{" ".join(rnd.sample(_CLASS_WORDS, rnd.randint(1, 3)))}"')
        if rnd.random() < 0.3:
            attrs.append(f'id="{rnd.choice(_CLASS_WORDS)}-{i}"')
        if rnd.random() < 0.1:
            attrs.append(rnd.choice(('role="navigation"', 'style="display:none"', "hidden", 'aria-hidden="true"')))
        tag = rnd.choice(("div", "section", "header", "p", "span"))
        parts.append(f"<{tag} {' '.join(attrs)}>text {i}</{tag}>")
    body = parse_html("<html><body>" + "".join(parts) + "</body></html>").find("body")
    judged = [el for el in body.iter() if el is not body]
    verdicts = [boilerplate._hidden_chrome(el) or boilerplate.is_chrome(el) for el in judged]
    assert sum(verdicts) > 100 and not all(verdicts)
    assert all(boilerplate._suspect(el) for el, chrome in zip(judged, verdicts) if chrome)


_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")


def test_clean_line_collapses_every_space_a_substitution_would() -> None:
    """Splitting on spaces (plus the zero-width ones) gives what one substitution per run of
    spaces of every kind, then strip(), gives."""
    pieces = (" ", "\u200b", "\ufeff", "\u00a0", "\x07", "\xad", "\u2003", "\n", "a", "б", "\x85", "\u3000",
              "\x1c", "\u202f", "\u205f", "\u2028", "\t", "\r", "\x0b", "\x9f", "ა")
    rnd = random.Random(5)
    for _ in range(20000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12)))
        assert clean_line(text) == _SPACES.sub(" ", _CONTROL.sub("", text)).strip(), repr(text)
