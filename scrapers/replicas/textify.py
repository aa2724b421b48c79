"""HTML body → the plain text a correct extraction must yield (the catalog's body_text).

The convention follows the seed texts, which are the project's ground truth: blocks
separated by one blank line, list items one per line (``  • item`` for ``<ul>``,
``  1. item`` for ``<ol>``), scripts, styles and images invisible.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "tr", "figure", "figcaption", "section"}
_INVISIBLE = {"script", "style", "noscript", "template", "img"}
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # ASCII only: a no-break space is content


def html_to_text(body_html: str) -> str:
    """Visible text of an HTML fragment, in the seed texts' layout."""
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    blocks: list[str] = []
    _walk(root, blocks)
    return "\n\n".join(b for b in blocks if b.strip())


def _walk(element, blocks: list[str]) -> None:
    """Collect block texts; inline runs between blocks form blocks of their own."""
    inline: list[str] = []

    def flush() -> None:
        text = "\n".join(_clean(line) for line in "".join(inline).split("\n"))
        if text.strip():
            blocks.append(text.strip("\n"))
        inline.clear()

    if element.text:
        inline.append(element.text)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INVISIBLE or not tag:
            pass
        elif tag in ("ul", "ol"):
            flush()
            items = [_inline_text(li) for li in child if li.tag == "li"]
            marker = (lambda n: f"  {n}. ") if tag == "ol" else (lambda n: "  • ")
            blocks.append("\n".join(marker(n) + t for n, t in enumerate(items, 1)))
        elif tag in _BLOCKS:
            flush()
            _walk(child, blocks)
        else:
            inline.append(_inline_text(child, keep_breaks=True))
        if child.tail:
            inline.append(child.tail)
    flush()


def _inline_text(element, keep_breaks: bool = False) -> str:
    parts: list[str] = [element.text or ""] if element.tag not in _INVISIBLE else []
    if element.tag == "br":
        parts = ["\n"]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _INVISIBLE:
            parts.append(_inline_text(child, keep_breaks))
        parts.append(child.tail or "")
    text = "".join(parts)
    return text if keep_breaks else _clean(text)


def _clean(line: str) -> str:
    return _SPACES.sub(" ", line).strip(" ")
