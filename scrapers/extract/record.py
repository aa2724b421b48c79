"""One page in, one record out: every field from a single parse.

Order matters and is the design: head facts (meta, JSON-LD) are read before chrome removal
deletes <script> and <head>; the heading is chosen before pruning so it can be protected;
dates and attachments are read after pruning so sidebars and footers cannot supply them;
the body is extracted last, without the heading, the date line and the rubric above the
heading.
"""
from __future__ import annotations

from collections.abc import Mapping

from lxml.cssselect import CSSSelector
from lxml.etree import XPathError
from lxml.html import HtmlElement
from cssselect import SelectorError

from .attachments import find_attachments, unlink_documents
from .blocks import render_text
from .body import PRUNED_AWAY_SHARE, main_text, unpruned_text, visible_length
from .boilerplate import remove_elements, strip_chrome
from .classify import classify, read_shape
from .fallback import rescue
from .language import detect_language
from .model import Hints, Record
from .page import PageFacts, read_page
from .parse import parse_html
from .published import MAX_LINE, find_dates
from .title import find_heading


def select(root: HtmlElement, selectors: Mapping[str, str], key: str) -> list[HtmlElement]:
    """Elements matching the registry's CSS override `key`; [] when absent or invalid."""
    css = selectors.get(key)
    if not css:
        return []
    try:
        return CSSSelector(css)(root)
    except (SelectorError, XPathError, ValueError):
        return []


def _drop_header_lines(heading: HtmlElement, date_lines: tuple[HtmlElement, ...]) -> frozenset[str]:
    """Remove the heading, the rubric lines just above it and the date lines from the tree;
    their texts are returned, so that a body read again from the unpruned page leaves them out
    too."""
    doomed = [heading]
    previous = heading.getprevious()
    while previous is not None and len(previous.text_content()) <= MAX_LINE:
        doomed.append(previous)
        previous = previous.getprevious()
    for line in date_lines:
        if len(line.text_content()) <= MAX_LINE and line.tag not in ("body", "html"):
            if heading not in line.iterancestors():
                doomed.append(line)
    doomed = [d for d in doomed if d.getparent() is not None]
    lines = frozenset(" ".join(d.text_content().split()) for d in doomed)
    remove_elements(doomed)
    return lines


def _with_ancestors(elements: list[HtmlElement]) -> set[HtmlElement]:
    return {node for el in elements for node in (el, *el.iterancestors())}


def is_fragment(facts: PageFacts, heading: HtmlElement | None) -> bool:
    """An API body wrapped in <html><body>: no <title>, no <meta>, no heading; all of it is text."""
    return heading is None and facts.title_tag is None and not facts.meta


def extract_record(html: str | bytes, url: str, hints: Hints = Hints()) -> Record:
    """Title, dates, language, main text, canonical URL and attachments of one page.

    Never raises, and never returns an empty body without a logged reason: a page our steps
    fail on, or find no text in, gets trafilatura's own result (fallback.py).
    """
    if not isinstance(html, (str, bytes)):
        raise TypeError(f"a page is str or bytes, not {type(html).__name__}")  # a caller's bug, not a page's
    try:
        record = _extract(html, url, hints)
    except Exception as exc:  # whatever one page trips on, the page must not be lost
        return rescue(html, url, None, exc)
    return record if record.body_text else rescue(html, url, record, None)


def _extract(html: str | bytes, url: str, hints: Hints) -> Record:
    root = parse_html(html)
    facts = read_page(root, url)
    shape = read_shape(root)  # before pruning: the teasers, pagination and <article>s it counts
    selectors = hints.selectors or {}
    heading, title = find_heading(root, facts, url, select(root, selectors, "title"))
    remove_elements(select(root, selectors, "remove"))
    date_override, body_override = select(root, selectors, "date"), select(root, selectors, "body")
    kept = [heading] if heading is not None else []
    body_length = len(root.find("body").text_content())  # before pruning, read once for the two steps below
    page_text = visible_length(root.find("body"), body_length)  # the last recall check's yardstick
    strip_chrome(root, frozenset(_with_ancestors(kept + date_override + body_override)), body_length)
    dates = find_dates(
        root, facts, url, heading, date_override, hints.timezone, hints.languages, hints.listing_date
    )
    body_root = root.find("body")
    if body_override:
        attachments = tuple({a.url: a for el in body_override for a in find_attachments(el, facts.base_url)}.values())
        body_text = "\n\n".join(t for t in (render_text(el) for el in body_override) if t)
    else:
        attachments = find_attachments(body_root, facts.base_url)
        unlink_documents(body_root, facts.base_url)
        header_lines: frozenset[str] = frozenset()
        if heading is not None and heading.getparent() is not None:
            header_lines = _drop_header_lines(heading, dates.elements)
        if is_fragment(facts, heading):
            body_text = render_text(body_root)
        else:
            body_text = main_text(body_root, url, page_text) or render_text(body_root)
            if len(body_text) < PRUNED_AWAY_SHARE * page_text:
                body_text = unpruned_text(html, url, body_text, header_lines)
    title_text = hints.title if hints.title is not None else title or ""
    language = detect_language(body_text, title_text, facts.html_lang, hints.languages, hints.url_language)
    kind = classify(shape, facts, url, title, dates.published, body_text, hints)
    return Record(
        title=title,
        published_at=dates.published,
        modified_at=dates.modified,
        language=language,
        body_text=body_text,
        canonical_url=facts.canonical_url,
        attachments=attachments,
        html_lang=facts.html_lang,
        kind=kind,
    )


def extract_body(html: str) -> str:
    """Body text only: the benchmark's --extractor hook (evaluate.py)."""
    return extract_record(html, "").body_text
