"""Render an element subtree as the archive's plain text layout.

Layout rules (issue requirement 1): paragraphs separated by one blank line, list items and
<br> lines on their own lines, <br><br> a paragraph break, whitespace collapsed inside a line, empty or nbsp-only lines
dropped, NFC. The same renderer serves raw HTML (fragments, selector overrides) and the XML
that trafilatura's main extractor emits (p, head, list/item, lb, quote, table/row/cell), so
every path through extraction yields the same layout.
"""
from __future__ import annotations

import re
import unicodedata

from lxml import etree

# Elements that start and end a paragraph.
BLOCK_TAGS = frozenset(
    "p div section article main header footer aside nav h1 h2 h3 h4 h5 h6 ul ol dl table "
    "blockquote pre figure figcaption address fieldset details summary center form hr "
    "head list quote code".split()
)
# Elements that start a new line inside the current paragraph.
LINE_TAGS = frozenset("li dt dd tr item row caption".split())
# Elements that end the current line.
BREAK_TAGS = frozenset(("br", "lb"))
# Elements whose text is never visible.
SKIP_TAGS = frozenset(
    "script style noscript template title meta link iframe object embed svg math "
    "button select option textarea input canvas video audio map area done".split()
)
CELL_TAGS = frozenset(("td", "th", "cell"))
LIST_TAGS = frozenset(("ul", "ol", "list", "menu"))
ITEM_INDENT = "  "  # the seed texts' list layout: two spaces, then the marker

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\xad]")


def clean_line(text: str) -> str:
    """Collapse every kind of space (nbsp, thin, zero-width) to one ASCII space; drop
    control characters, which only broken encodings put into text, and soft hyphens, which
    mark where a word may break ('Kiess&shy;ling' is 'Kiessling' to a reader and to a search).
    str.split() knows every space but the zero-width ones, and splits and joins a line in a
    third of the time a substitution per run of spaces takes (the text layout cleans every line)."""
    text = _CONTROL.sub("", text)
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())


def short_line(text: str, limit: int) -> str | None:
    """clean_line(text) when it is at most `limit` characters long, else None. A long text (a
    whole article, where a date line was looked for) is judged by its start: cleaning a prefix
    never gives a longer line than cleaning the whole, so a start already too long settles it
    without cleaning the rest."""
    if len(text) > 4 * limit and len(clean_line(text[: 4 * limit])) > limit:
        return None
    line = clean_line(text)
    return line if len(line) <= limit else None


class _Writer:
    """Accumulates text into lines and lines into paragraphs."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = []
        self.lines: list[str] = []
        self.parts: list[str] = []
        self.marker: str | None = None  # list-item marker of the current line ('•', '3.')

    def text(self, value: str | None) -> None:
        if value:
            self.parts.append(value)

    def end_line(self) -> None:
        if not self.parts:  # every block boundary ends a line, most of them an empty one
            return
        line = clean_line("".join(self.parts))
        self.parts = []
        if line and self.marker:
            line = f"{ITEM_INDENT}{self.marker} {line}"
            self.marker = None  # an item's first line carries its marker; an empty one waits
        if line:
            self.lines.append(line)

    def end_break(self) -> None:
        """A <br> ends the line; one on an empty line (<br><br>) ends the paragraph."""
        if self.lines and not clean_line("".join(self.parts)):
            self.end_paragraph()
        else:
            self.end_line()

    def end_paragraph(self) -> None:
        self.end_line()
        if self.lines:
            self.paragraphs.append(self.lines)
            self.lines = []

    def result(self) -> str:
        self.end_paragraph()
        text = "\n\n".join("\n".join(lines) for lines in self.paragraphs)
        return unicodedata.normalize("NFC", text)


def _ordered(el: etree._Element) -> bool:
    """<ol>, or trafilatura's <list rend="ol">: its items are shown numbered."""
    return el.tag == "ol" or (el.tag == "list" and el.get("rend") == "ol")


def _first_number(el: etree._Element) -> int:
    start = el.get("start", "1")
    return int(start) if start.isdigit() else 1


def render_text(element: etree._Element, skip: frozenset[etree._Element] = frozenset()) -> str:
    """Plain text of `element` in the archive layout; elements in `skip` are left out.

    List items carry their visible marker as the seed texts do: '  • item' in a <ul>,
    '  1. item' in an <ol> (numbered as a browser shows them).
    """
    writer = _Writer()
    walker = etree.iterwalk(element, events=("start", "end"))
    skipped: set[etree._Element] = set()
    numbers: dict[etree._Element, int] = {}
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else "done"
        if event == "start":
            if tag in SKIP_TAGS or el in skip:
                skipped.add(el)
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                writer.end_paragraph()
                if _ordered(el):
                    numbers[el] = _first_number(el)
            elif tag in LINE_TAGS:
                writer.end_line()
                parent = el.getparent()
                if tag in ("li", "item") and parent is not None and parent.tag in LIST_TAGS:
                    if parent in numbers:
                        writer.marker = f"{numbers[parent]}."
                        numbers[parent] += 1
                    else:
                        writer.marker = "•"
            elif tag in CELL_TAGS:
                writer.text(" ")
            writer.text(el.text)
        else:
            if el not in skipped:
                if tag in BLOCK_TAGS:
                    writer.end_paragraph()
                elif tag in BREAK_TAGS:
                    writer.end_break()
                elif tag in LINE_TAGS:
                    writer.end_line()
                    writer.marker = None
                elif tag in CELL_TAGS:
                    writer.text(" ")
            if el is not element:
                writer.text(el.tail)
    return writer.result()
