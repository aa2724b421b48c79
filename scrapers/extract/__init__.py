"""Extraction library: one fetched page (or API body fragment) -> one archive record.

Pure functions, no Scrapy: spiders, re-extraction, benchmarks and tests call the same code.
One lxml parse is shared by every field (record.py orders the steps):

    parse.py        bytes/str -> tree (UTF-8, declared charset, cp1251 fallback)
    page.py         <head> facts: html lang, canonical, <title>, meta, JSON-LD
    title.py        the article's own heading, site suffixes cut
    boilerplate.py  chrome removal by tag, role, class/id tokens, 'related news' and comment
                    headings, post-article blocks, table-layout side cells
    published.py    where the dates are (structured data, next to the heading, URL, listing)
    dates.py        one located date string -> ISO 8601 in the site's zone (months.py tables)
    attachments.py  document links in the article
    body.py         main text (trafilatura's rule-based extractor + densest-block fallback)
    trafilatura_compat.py  the private trafilatura parts body.py runs, in one place
    trafilatura_rules.py   its container and discard XPath expressions as Python rules (faster)
    blocks.py       the archive's text layout (paragraphs, lines, list markers, NFC)
    language.py     ISO 639-1 from letters, fastText lite model and hints
    fallback.py     trafilatura's own record when ours raises or finds no text; logged empties
    classify.py     the page's kind: announcement, a brochure site's page, or home, listing,
                    category, static, search, print, feed, attachment (not archived)
"""
from .dates import parse_date
from .language import detect_language
from .model import Attachment, Hints, Record
from .record import extract_body, extract_record

__all__ = ["Attachment", "Hints", "Record", "detect_language", "extract_body", "extract_record", "parse_date"]
