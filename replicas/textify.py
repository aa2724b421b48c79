"""HTML body → the plain text a correct extraction must yield (the catalog's body_text).

The convention follows the seed texts, which are the project's ground truth: blocks
separated by one blank line, ``<br>`` a line break, list items one per line (``  • item``
for ``<ul>``, ``  1. item`` for ``<ol>``); scripts, styles and images are invisible, and
paragraphs holding only no-break spaces (Word spacers) are dropped.
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
    return "\n\n".join(blocks)


def _walk(element, blocks: list[str]) -> None:
    """Collect block texts; inline runs between blocks form blocks of their own."""
    inline: list[str] = [_collapse(element.text)]

    def flush() -> None:
        lines = [line.strip(" ") for line in "".join(inline).split("\n")]
        text = "\n".join(lines).strip("\n")
        if text.strip():
            blocks.append(text)
        inline.clear()

    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("ul", "ol"):
            flush()
            items = [_inline(li).replace("\n", " ").strip(" ") for li in child if li.tag == "li"]
            marker = (lambda n: f"  {n}. ") if tag == "ol" else (lambda n: "  • ")
            blocks.append("\n".join(marker(n) + text for n, text in enumerate(items, 1)))
        elif tag in _BLOCKS:
            flush()
            _walk(child, blocks)
        elif tag and tag not in _INVISIBLE:
            inline.append(_inline(child))
        inline.append(_collapse(child.tail))
    flush()


def _inline(element) -> str:
    """Text of an inline element: whitespace collapsed, ``<br>`` as a newline."""
    if element.tag == "br":
        return "\n"
    parts = [_collapse(element.text)]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _INVISIBLE:
            parts.append(_inline(child))
        parts.append(_collapse(child.tail))
    return "".join(parts)


def _collapse(text: str | None) -> str:
    return _SPACES.sub(" ", text) if text else ""
