"""Host mapping for replica sites: requests for a replicated host go to the local replica server.

This lives in the download handler, the last step before the network, so the scheduler,
robots.txt, redirects, offsite filtering, the spiders and the archive all see only the real
URLs (https://moz.gov.ua/uk/...). Without REPLICA_ORIGIN it is Scrapy's plain HTTP handler.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response


class ReplicaDownloadHandler(HTTP11DownloadHandler):
    """Download `https://<replicated host>/<path>` from `REPLICA_ORIGIN/<path>`, Host preserved."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.origin = crawler.settings.get("REPLICA_ORIGIN", "").rstrip("/")
        self.hosts = set(crawler.settings.getlist("REPLICA_HOSTS"))
        if self.origin and not self.hosts:
            from replicas.server import HOSTS  # every bundled replica site

            self.hosts = set(HOSTS)

    async def download_request(self, request: Request) -> Response:
        parts = urlsplit(request.url)
        if not self.origin or parts.hostname not in self.hosts:
            return await super().download_request(request)
        target = self.origin + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        mapped = request.replace(url=target)
        mapped.headers["Host"] = parts.hostname
        response = await super().download_request(mapped)
        return response.replace(url=request.url)
