"""The libraries' private parts the crawler relies on, each behind one name here.

Scrapy and warcio offer no public way to do a few things the crawler needs (read the bundled
public-suffix list, wake an idle engine, answer robots.txt requests ourselves, choose the stream
a WARC record is written to). Each such use lives in this package, and tests/test_compat.py
checks that every private name still exists with the shape used here: an upgrade that renames
or reshapes one fails that test, not a crawl in production.
"""
