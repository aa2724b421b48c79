"""One loopback HTTP server for every unseen site, switched between states, logging requests.

The crawler reaches it through the project's replay layer (scrapers/replay.py): requests for
a site's real host go to this origin with `Host` preserved, so the archive records the real
URLs. Every response carries the validators its site serves (ETag, Last-Modified) and a
conditional request for an unchanged page is answered 304, as a well-configured CMS does.

`python -m tests.unseen_sites.server [--port 8200] [--state after]` serves them in the
foreground and prints the crawl command that reaches them, for looking at a site by hand.

The log says, for each response, which site and page kind it was, and whether a 200 resent
exactly the bytes this server had already sent for that URL (a re-download of an unchanged
page): the benchmark's budget counts those.
"""

from __future__ import annotations

import argparse
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler

from replicas.loopback import LoopbackServer, reply
from tests.unseen_sites.model import BEFORE, Page, Site, State, digest
from tests.unseen_sites.sites import SOURCES, all_sites


@dataclass(frozen=True)
class Hit:
    """One request the server answered."""

    site: str
    target: str
    status: int
    tag: str
    key: str | None
    redownload: bool  # a 200 resending bytes already sent for this URL


class UnseenServer(LoopbackServer):
    """Serves `sites` on 127.0.0.1 (port 0: a free one); a context manager."""

    def __init__(self, sites: list[Site], port: int = 0) -> None:
        self.sites = {site.host: site for site in sites}
        self.state = State(BEFORE, datetime.now(UTC))
        self.log: list[Hit] = []
        self.sent: dict[tuple[str, str], str] = {}  # (host, target) -> digest of the last 200
        self._lock = threading.Lock()
        super().__init__(_handler_for(self), port)

    @property
    def hosts(self) -> list[str]:
        return sorted(self.sites)

    def respond(self, host: str, target: str, headers: dict[str, str]) -> Page:
        """The page for one request, with validators; 304 when the client's copy is current."""
        site = self.sites.get(host.split(":")[0].lower())
        if site is None:
            return Page(421, b"unknown host", "text/plain", tag="missing")
        page = site.handle(target, self.state)
        if page.status == 200 and page.tag != "robots":
            etag = f'"{digest(page.body)}"' if site.etag else None
            if etag:
                page.headers["ETag"] = etag
            if site.last_modified and page.modified:
                page.headers["Last-Modified"] = site.http_date(page.modified)
            if _not_modified(headers, etag, page.modified if site.last_modified else None):
                return Page(304, b"", page.content_type, page.tag, page.key, page.modified,
                            {k: v for k, v in page.headers.items() if k in ("ETag", "Last-Modified")})
        return page

    def record(self, host: str, target: str, page: Page) -> None:
        site = self.sites.get(host.split(":")[0].lower())
        key = (site.host if site else host, target)
        redownload = False
        with self._lock:
            if page.status == 200:
                fingerprint = digest(page.body)
                redownload = self.sent.get(key) == fingerprint
                self.sent[key] = fingerprint
            self.log.append(Hit(site.id if site else host, target, page.status, page.tag, page.key, redownload))


def _not_modified(headers: dict[str, str], etag: str | None, modified: datetime | None) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    if "if-none-match" in headers:
        tags = {t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")}
        return etag is not None and (etag in tags or "*" in tags)
    since = headers.get("if-modified-since")
    if since and modified is not None:
        try:
            return modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def _handler_for(server: UnseenServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            host = self.headers.get("Host", "")
            headers = {k.lower(): v for k, v in self.headers.items()}
            page = server.respond(host, self.path, headers)
            server.record(host, self.path, page)
            reply(self, page.status, {"Content-Type": page.content_type, **page.headers}, page.body)

        do_HEAD = do_GET

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's name
            """Quiet: the log is `server.log`."""

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the unseen sites on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--state", choices=("before", "after"), default="before")
    args = parser.parse_args()
    server = UnseenServer(all_sites(), args.port)
    server.state = State(args.state, datetime.now(UTC))
    print(f"health-archive crawl --sources {SOURCES} --db /tmp/unseen.db --allow-local "
          f"--replica-origin {server.origin} --set REPLICA_HOSTS={','.join(server.hosts)}", flush=True)
    server.serve_in_foreground()


if __name__ == "__main__":
    main()
