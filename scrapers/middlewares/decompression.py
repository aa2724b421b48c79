"""HTTP Content-Encoding decoded within DOWNLOAD_MAXSIZE, and a bomb counted as a failed download.

Scrapy's HttpCompressionMiddleware already inflates gzip, deflate, brotli and zstd in 64 KiB
steps and stops once the body passes DOWNLOAD_MAXSIZE; but it then drops the response as an
IgnoreRequest, which Scrapy does not count or log as an error, so a feed or sitemap that is a
decompression bomb would vanish from its source's run without a word. Raised as an ordinary
download failure instead, it is logged with its URL and counted among the source's errors.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response


class DecompressionBomb(Exception):
    """A response whose body passes DOWNLOAD_MAXSIZE once decoded."""


class BoundedDecompressionMiddleware(HttpCompressionMiddleware):
    """HttpCompressionMiddleware, failing (not ignoring) a response too large once decoded."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:  # raised only for a body over DOWNLOAD_MAXSIZE
            raise DecompressionBomb(str(exc)) from None
