"""What a page gets when our extraction fails on it: trafilatura's own record, or an empty one
with a logged reason; never a lost page.

Our pipeline runs trafilatura's paragraph handlers on a tree we have already parsed, pruned
and rewritten; a page we did not foresee (a control character, a nesting libxml2 caps, a
layout that trips an assumption) can make any step raise. trafilatura's full `extract()`
parses the page itself, with its own fallbacks (readability, jusText), and survives pages ours
does not; it is also the recall rescue for a page where ours found no text at all.
"""
from __future__ import annotations

import logging
from dataclasses import replace

import trafilatura

from .model import Record
from .parse import decode_html, sanitize

log = logging.getLogger(__name__)


def trafilatura_record(html: str | bytes, url: str, metadata: bool = True) -> Record | None:
    """trafilatura's body, and with `metadata` its title and date, for the page; None when it
    finds no text either. Its metadata search (htmldate, authors, categories) is two thirds of
    its time on a page: a page ours already read needs only the text."""
    try:
        doc = trafilatura.bare_extraction(
            sanitize(decode_html(html)), url=url or None, with_metadata=metadata, include_comments=False
        )
    except Exception as exc:  # its failure is logged by the caller's reason, not raised
        log.info("trafilatura also failed on %s: %r", url, exc)
        return None
    if doc is None or not doc.text:
        return None
    return Record(title=doc.title if metadata else None, published_at=doc.date if metadata else None,
                  modified_at=None, language=None, body_text=doc.text, canonical_url=None, attachments=(),
                  html_lang=None)


def empty_record(url: str, reason: str) -> Record:
    """A record with no text, and the reason in the log: the page is kept, not lost."""
    log.warning("empty record for %s: %s", url, reason)
    return Record(title=None, published_at=None, modified_at=None, language=None, body_text="",
                  canonical_url=None, attachments=(), html_lang=None)


def rescue(html: str | bytes, url: str, record: Record | None, error: Exception | None) -> Record:
    """The record to keep when ours raised (`error`) or found no body text (`record`)."""
    if error is not None:
        log.warning("extraction failed on %s, trafilatura's record kept instead: %r", url, error)
    fallback = trafilatura_record(html, url, metadata=record is None)
    if record is None:
        return fallback or empty_record(url, f"extraction raised {error!r} and trafilatura found no text")
    if fallback is None:
        log.info("empty body for %s: neither our extractor nor trafilatura found main text", url)
        return record
    # ours knew the page (title, dates, language, canonical URL); only the text was missing
    return replace(record, body_text=fallback.body_text)
