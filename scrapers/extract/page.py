"""Page-level facts read from <head> and structured data before any pruning.

Scripts (JSON-LD) and <meta> are removed with the chrome, so they are read first, once.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml.html import HtmlElement

from .blocks import clean_line


@dataclass
class PageFacts:
    """What the head and structured data declare about the page."""

    html_lang: str | None = None
    canonical_url: str | None = None
    base_url: str = ""
    title_tag: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[dict] = field(default_factory=list)


def _json_objects(value: object) -> Iterator[dict]:
    """Every dict inside a JSON-LD document, @graph and nesting included."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            if isinstance(inner, (dict, list)):
                yield from _json_objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_objects(inner)


def read_page(root: HtmlElement, url: str) -> PageFacts:
    """Collect html lang, canonical URL, <base>, <title>, meta values and JSON-LD objects."""
    facts = PageFacts(base_url=url)
    lang = root.get("lang") or root.get("xml:lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    facts.html_lang = lang.strip() or None if lang else None
    # The <head>'s children, read once: two ElementPath finds ('head/base[@href]',
    # 'head/title') cost 3.9 us of a small page's 9, parsing their paths each time.
    in_head = [el for head in root.iterchildren("head") for el in head.iterchildren("base", "title")]
    base = next((el for el in in_head if el.tag == "base" and el.get("href") is not None), None)
    if base is not None:
        facts.base_url = urljoin(url, base.get("href", "").strip())
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href", "").strip() and facts.canonical_url is None:
            facts.canonical_url = urljoin(facts.base_url, link.get("href").strip())
    title = next((el for el in in_head if el.tag == "title"), None)
    if title is not None:
        facts.title_tag = clean_line(title.text_content() if len(title) else title.text or "") or None
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = meta.get("content")
        if key and value and value.strip() and key not in facts.meta:
            facts.meta[key] = value.strip()
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            facts.json_ld.extend(_json_objects(json.loads(script.text)))
        except (ValueError, RecursionError):
            continue
    return facts
