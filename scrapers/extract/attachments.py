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


def find_attachments(container: HtmlElement, base_url: str) -> tuple[Attachment, ...]:
    """Document links under `container`, absolute, de-duplicated by URL, in page order."""
    found: dict[str, Attachment] = {}
    for link in container.iter("a"):
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("mailto:", "javascript:", "#")):
            continue
        absolute = urljoin(base_url, href)
        match = _DOCUMENT.search(unquote(urlsplit(absolute).path))
        if not match:
            continue
        text = clean_line(link.text_content()) or clean_line(link.get("title") or "")
        if absolute not in found or (not found[absolute].text and text):
            found[absolute] = Attachment(url=absolute, text=text, type=match.group(1).lower())
    return tuple(found.values())
