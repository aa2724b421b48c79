"""Which scraped URLs may become links: http(s) only, since a `javascript:` or `data:` href
taken from a hostile page would run in the archive's origin when a reader clicks it."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})


def safe_href(url: str | None, base: str | None = None) -> str | None:
    """`url` (resolved against `base`) if it is an absolute http(s) URL, else None."""
    if not url:
        return None
    candidate = urljoin(base, url.strip()) if base else url.strip()
    # urlsplit drops tabs and newlines the way browsers do, so "java\tscript:" is caught too.
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.netloc:
        return None
    return candidate
