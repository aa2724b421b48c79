"""Bytes or text to one lxml tree, shared by every field of a record.

Parsing is the single most expensive step that every field needs, so it happens once here;
the charset fallback is cp1251 because legacy sites of the region (Lotus Domino health.gov.ua,
old Joomla ministries) serve Windows-1251 without declaring it.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True)
# lxml.html picks each element's class (FormElement, InputElement...) in a Python method that
# runs whenever lxml wraps a node (~230 times a page, 5% of extraction time under cProfile); the
# extractor needs none of those form classes, so every element is a plain HtmlElement, chosen
# in C.
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
))
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_html(data: str | bytes) -> str:
    """Decode bytes: BOM/UTF-8 first, then the declared charset, then cp1251."""
    if isinstance(data, str):
        return data
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    return data.decode("cp1251", "replace")


def parse_html(data: str | bytes) -> HtmlElement:
    """Parse a document or a fragment; always returns an <html> root with a <body>."""
    text = _XML_DECL.sub("", decode_html(data), count=1).replace("\x00", "")
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER) if text.strip() else None
    except (ValueError, etree.ParserError):
        root = None
    if root is None:
        root = lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    if root.find("body") is None:
        root.append(lxml.html.Element("body"))
    return root
