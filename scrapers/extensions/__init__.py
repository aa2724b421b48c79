"""Scrapy extensions: a source's run record (source_health), dry runs (dry_run)."""

from __future__ import annotations

from typing import TypeVar

from scrapy import signals
from scrapy.crawler import Crawler

E = TypeVar("E")


def connected(crawler: Crawler, extension: E, *names: str) -> E:
    """The extension, its methods named after Scrapy signals connected to them."""
    for name in names:
        crawler.signals.connect(getattr(extension, name), signal=getattr(signals, name))
    return extension
