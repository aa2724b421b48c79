"""A local publisher that misbehaves on demand, for the fault tests.

With `faults` off it is a well-behaved news site; with `faults` on its pages fail the way real
government sites fail: 503 bursts, timeouts, connection resets, truncated bodies, redirect
loops, a 20 MB page, pagination that loops back. Some faults are always there: a legacy
windows-1251 page declared only in <meta charset>, a robots-disallowed path, an invalid
sitemap and a feed with unreadable dates.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GOOD = [f"novyna-pro-zdorovia-nomer-{n}" for n in range(1, 5)]
FLAKY = "flaky-vidpovid-servera-pislia-zboiv"
SLOW = "povilna-vidpovid-servera-timeout"
SLOW_SECONDS = 7.5  # the slow page's wait before it answers
RESET = "rozryv-zednannia-servera-reset"
TRUNCATED = "obirvana-storinka-servera-truncated"
CP1251 = "staryi-kodyvannia-windows-1251"
LOOP = "tsykl-perenapravlen-redirect-loop"
HUGE = "velyka-storinka-dvadtsiat-mehabait"
PRIVATE = "/private/sekretna-storinka-zaborona-robots.html"
OFFSITE = "perekhid-na-inshyi-sait-redirect-offsite"
OFFSITE_TARGET = "/elsewhere/storinka-inshoho-saitu.html"
FAULTY = [FLAKY, SLOW, RESET, TRUNCATED, LOOP, HUGE]
ALL = GOOD + FAULTY + [CP1251]
TITLES = {slug: f"Оголошення: {slug.replace('-', ' ')}" for slug in ALL}
TITLES[CP1251] = "Графік щеплень у районних амбулаторіях"


def article_path(slug: str) -> str:
    return f"/news/{slug}.html"


def page(title: str, body: str, charset: str = "utf-8") -> str:
    return (
        f"<html lang='uk'><head><meta charset='{charset}'><title>{title}</title></head><body>"
        "<nav class='menu'><a href='/'>Головна</a><a href='/kontakty/'>Контакти центру</a></nav>"
        f"<main><article><h1>{title}</h1><p class='date'>12.03.2024</p>{body}</article></main>"
        "<footer>© Центр громадського здоров'я</footer></body></html>"
    )


def article_html(slug: str, extra: str = "") -> str:
    body = (f"<p>Центр громадського здоров'я повідомляє: {TITLES[slug]}. Вакцинація триває.</p>"
            f"<p>Звертайтеся до сімейного лікаря за місцем проживання. {extra}</p>")
    return page(TITLES[slug], body)


@dataclass
class FaultState:
    faults: bool = False
    hits: Counter[str] = field(default_factory=Counter)
    extra: dict[str, str] = field(default_factory=dict)  # slug -> appended text (an edit)
    added: list[str] = field(default_factory=list)  # slugs published after the first crawl


class FaultySite:
    """ThreadingHTTPServer on 127.0.0.1 serving the site; `.origin`, `.state`, `.stop()`."""

    def __init__(self) -> None:
        self.state = FaultState()
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                state.hits[self.path] += 1
                route(self, state)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.origin = f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes | str,
         content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def route(handler: BaseHTTPRequestHandler, state: FaultState) -> None:
    path = handler.path
    slugs = list(ALL) + state.added
    if path == "/robots.txt":
        return send(handler, 200, "User-agent: *\nDisallow: /private/\n", "text/plain")
    if path == "/sitemap.xml":
        return send(handler, 200, "<?xml version='1.0'?><urlset><url><loc>broken", "application/xml")
    if path == "/feed.xml":
        items = "".join(
            f"<item><title>{TITLES[s]}</title><link>{article_path(s)}</link>"
            f"<pubDate>вчора о 32:61</pubDate></item>" for s in GOOD[:2]
        )
        rss = f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
        return send(handler, 200, rss, "application/rss+xml")
    if path in ("/news/", "/news/page/2/"):
        half = len(slugs) // 2
        chosen = slugs[:half] if path == "/news/" else slugs[half:]
        links = "".join(f"<li><a href='{article_path(s)}'>{TITLES[s]}</a></li>" for s in chosen)
        if path == "/news/":
            links += f"<li><a href='{PRIVATE}'>Закрита сторінка для службового користування</a></li>"
            links += f"<li><a href='{article_path(OFFSITE)}'>Перехід на сторінку іншого сайту</a></li>"
        # Page 2's "next" leads back to page 1: pagination that loops.
        nxt = "/news/page/2/" if path == "/news/" else "/news/"
        body = f"<main><ul>{links}</ul><div class='pagination'><a href='{nxt}'>Наступна ›</a></div></main>"
        return send(handler, 200, f"<html><body>{body}</body></html>")
    slug = path.removeprefix("/news/").removesuffix(".html")
    if path.startswith("/news/") and slug in slugs:
        return serve_article(handler, state, slug)
    if path == article_path(OFFSITE):
        # Same server, another host name: a different site, which the crawl must not enter.
        port = handler.server.server_address[1]
        return send(handler, 301, "", headers={"Location": f"http://localhost:{port}{OFFSITE_TARGET}"})
    if path == f"/news/{LOOP}-b.html":
        return send(handler, 302, "", headers={"Location": article_path(LOOP)})
    return send(handler, 404, page("Не знайдено", "<p>Сторінку не знайдено.</p>"))


def serve_article(handler: BaseHTTPRequestHandler, state: FaultState, slug: str) -> None:
    if slug == CP1251:
        html = page(TITLES[slug], "<p>Щеплення проводяться щовівторка в усіх амбулаторіях району.</p>",
                    charset="windows-1251")
        return send(handler, 200, html.encode("cp1251"), "text/html")
    if state.faults and slug in FAULTY:
        return serve_fault(handler, state, slug)
    return send(handler, 200, article_html(slug, state.extra.get(slug, "")))


def serve_fault(handler: BaseHTTPRequestHandler, state: FaultState, slug: str) -> None:
    if slug == FLAKY:
        if state.hits[handler.path] % 3 != 0:  # 503, 503, then the page
            return send(handler, 503, "Service Unavailable", "text/plain")
        return send(handler, 200, article_html(slug, state.extra.get(slug, "")))
    if slug == SLOW:
        time.sleep(SLOW_SECONDS)
        return send(handler, 200, article_html(slug))
    if slug == RESET:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        handler.connection.close()
        handler.close_connection = True
        return None
    if slug == TRUNCATED:
        data = article_html(slug).encode("utf-8")
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(data) + 5000))
        handler.end_headers()
        handler.wfile.write(data[: len(data) // 2])
        handler.close_connection = True
        return None
    if slug == LOOP:
        return send(handler, 302, "", headers={"Location": f"/news/{LOOP}-b.html"})
    if slug == HUGE:
        filler = "<p>" + "дуже довгий текст " * 200 + "</p>"
        body = page(TITLES[slug], filler * (20 * 1024 * 1024 // len(filler.encode()) + 1))
        return send(handler, 200, body)
    raise AssertionError(slug)
