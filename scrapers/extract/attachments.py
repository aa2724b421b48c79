"""Linked documents (PDF, Word, Excel, ODT) inside the article.

Announcements often are the document: an order, a protocol, a statistics table. Links are
read after chrome removal, so a "Documents" menu entry in the footer is not an attachment.
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from lxml.html import HtmlElement

from .blocks import clean_line
from .model import Attachment

_DOCUMENT = re.compile(r"\.(pdf|docx?|xlsx?|odt)$", re.I)
_EXTENSION = re.compile(r"\.(?:pdf|docx?|xlsx?|odt)", re.I)  # cheap test before URL parsing


def _document_type(href: str | None, base_url: str) -> tuple[str, str] | None:
    """(absolute URL, type) when `href` points at a document file, else None."""
    href = (href or "").strip()
    if not href or href.startswith(("mailto:", "javascript:", "tel:", "#")) or not _EXTENSION.search(href):
        return None
    absolute = urljoin(base_url, href)
    match = _DOCUMENT.search(unquote(urlsplit(absolute).path))
    return (absolute, match.group(1).lower()) if match else None


def unlink_documents(container: HtmlElement, base_url: str) -> None:
    """Turn document links into plain text spans, in place.

    A paragraph that is only 'Наказ № 1368 (PDF)' is all link, so link-density rules would
    drop it as navigation; an attachment's name is part of the announcement.
    """
    for link in list(container.iter("a")):
        if _document_type(link.get("href"), base_url):
            link.tag = "span"


def find_attachments(container: HtmlElement, base_url: str) -> tuple[Attachment, ...]:
    """Document links under `container`, absolute, de-duplicated by URL, in page order."""
    found: dict[str, Attachment] = {}
    for link in container.iter("a"):
        document = _document_type(link.get("href"), base_url)
        if document is None:
            continue
        absolute, kind = document
        text = clean_line(link.text_content()) or clean_line(link.get("title") or "")
        if absolute not in found or (not found[absolute].text and text):
            found[absolute] = Attachment(url=absolute, text=text, type=kind)
    return tuple(found.values())
