"""Extraction library: one fetched page (or API body fragment) -> one archive record.

No Scrapy here: spiders, pipelines, benchmarks and tests call these pure functions.
"""
from .dates import parse_date
from .language import detect_language
from .model import Attachment, Hints, Record
from .record import extract_body, extract_record

__all__ = ["Attachment", "Hints", "Record", "detect_language", "extract_body", "extract_record", "parse_date"]
