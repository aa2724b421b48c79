"""Scrapy's cookie middleware, without a download of the public-suffix list at run time.

Scrapy's CookiesMiddleware asks tldextract whether a cookie's domain is a public suffix, and
tldextract downloads the current list on first use. Crawls run unattended (and tests run
offline), so the splitter is replaced by one that reads the snapshot tldextract ships.
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from tldextract import TLDExtract

from scrapers.compat.scrapy import set_public_suffix_splitter

set_public_suffix_splitter(TLDExtract(suffix_list_urls=(), include_psl_private_domains=True))


class OfflineCookiesMiddleware(CookiesMiddleware):
    """CookiesMiddleware using tldextract's bundled public-suffix snapshot."""
