"""Bytes or text to one lxml tree, shared by every field of a record.

Parsing is the single most expensive step that every field needs, so it happens once here;
the charset fallback is cp1251 because legacy sites of the region (Lotus Domino health.gov.ua,
old Joomla ministries) serve Windows-1251 without declaring it.

Valid UTF-8 bytes (most pages) go to libxml2 as they are: it reads UTF-8 natively, while a
str is handed over in Python's internal form (UTF-16 for Cyrillic text) and converted; a 42 KB
Ukrainian page parses in 0.40 ms instead of 0.60 ms, and the crawl need not decode the body at
all (page_source() in scrapers/source_extractor.py). A str, or bytes in another charset,
is therefore encoded to UTF-8 once and takes the same path.
"""
from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement


def _parser(encoding: str | None = None) -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(
        remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True, encoding=encoding
    )
    # lxml.html picks each element's class (FormElement, InputElement...) in a Python method
    # that runs whenever lxml wraps a node (~230 times a page, 5% of extraction time under
    # cProfile); the extractor needs none of those form classes, so every element is a plain
    # HtmlElement, chosen in C.
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity,
    ))
    return parser


_PARSER = _parser()
# An explicit encoding wins over <meta charset> and the XML declaration: the bytes are known to
# be valid UTF-8 when this parser reads them.
_UTF8_PARSER = _parser("utf-8")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL_BYTES = re.compile(rb"^\s*<\?xml[^>]*\?>")
_BOM = b"\xef\xbb\xbf"
# Characters XML 1.0 forbids: lxml refuses to set them as text later (trafilatura's paragraph
# handling raised "All strings must be XML compatible" on a page holding one BEL, \x07), so
# they go before any library sees the text. These bytes never occur inside a UTF-8 sequence,
# and bytes.translate deletes them at memory speed (0.8 ms for 340 KB; a regex over the
# decoded str took 11 ms).
_NOT_XML_BYTES = bytes(c for c in range(32) if c not in (9, 10, 13))
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]+")


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


def sanitize(text: str) -> str:
    """`text` without the characters XML 1.0 forbids."""
    return _NOT_XML.sub("", text)


def _utf8(data: str | bytes) -> bytes:
    """The page as UTF-8 bytes: libxml2 reads them natively, and the cleaning below is a
    byte deletion. A str (or bytes in another charset, decoded first) is encoded once."""
    if isinstance(data, bytes):
        try:
            data.decode("utf-8")
            return data.removeprefix(_BOM)
        except UnicodeDecodeError:
            data = decode_html(data)
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates have no UTF-8 form
        return sanitize(data).encode("utf-8")


def parse_html(data: str | bytes) -> HtmlElement:
    """Parse a document or a fragment; always returns an <html> root with a <body>."""
    source = _XML_DECL_BYTES.sub(b"", _utf8(data), count=1).translate(None, _NOT_XML_BYTES)
    try:
        root = lxml.html.document_fromstring(source, parser=_UTF8_PARSER) if source.strip() else None
    except (ValueError, etree.ParserError):
        root = None
    if root is None:
        root = lxml.html.document_fromstring("<html><body></body></html>", parser=_PARSER)
    if next(root.iterchildren("body"), None) is None:
        root.append(lxml.html.Element("body"))
    return root
