"""The pure request handler behind every replica host (no sockets).

The HTTP server, the tests and the benchmarks all call :func:`handle`; it picks the site
by the ``Host`` header (``X-Forwarded-Host`` wins, the port is ignored), applies the
Cloudflare challenge switch, and adds ETag/Last-Modified with 304 handling.
"""

from __future__ import annotations

import hashlib

from .sites import HOSTS, SITES
from .state import ReplicaState
from .web import HTML, Request, Response, finish, not_found

__all__ = ["ReplicaState", "handle"]

_DEFAULT_STATE = ReplicaState()

# Cloudflare's "managed challenge" page, trimmed to what clients detect it by.
_CHALLENGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">
<meta name="viewport" content="width=device-width,initial-scale=1"><style>*{{box-sizing:border-box;margin:0;padding:0}}</style></head>
<body><div class="main-wrapper" role="main"><div class="main-content"><noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript></div></div>
<script>(function(){{window._cf_chl_opt={{cvId: '3',cZone: '{host}',cType: 'managed',cRay: '{ray}',cH: '{h}',cUPMDTk: "\\/?__cf_chl_tk={h}",cFPWv: 'b',cITimeS: '1700000000'}};var cpo=document.createElement('script');cpo.src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray={ray}';document.getElementsByTagName('head')[0].appendChild(cpo);}}());</script>
</body></html>"""


def handle(
    method: str,
    host: str,
    target: str,
    headers: dict[str, str],
    body: bytes = b"",
    state: ReplicaState | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """Answer one request for a real host name; returns (status, headers, body)."""
    state = state if state is not None else _DEFAULT_STATE
    lowered = {name.lower(): value for name, value in headers.items()}
    host = (lowered.get("x-forwarded-host") or host or lowered.get("host", "")).split(",")[0].strip()
    host = host.rsplit(":", 1)[0].lower() if not host.startswith("[") else host
    request = Request.build(method, host, target, lowered, body, state)
    source_id = HOSTS.get(host)
    if source_id is None:
        return finish(request, not_found())
    if host in state.challenge_hosts or source_id in state.challenge_hosts:
        return finish(request, _challenge(host, target))
    site = SITES[source_id]
    response = site.route(request)
    location = response.headers.get("Location", "")
    if location.startswith("/"):  # absolute, on the real host, so URL-rewriting proxies follow it
        response.headers["Location"] = f"{site.ORIGIN.split('://')[0]}://{host}{location}"
    return finish(request, response)


def _challenge(host: str, target: str) -> Response:
    ray = hashlib.sha1(f"{host}{target}".encode()).hexdigest()[:16]
    page = _CHALLENGE.format(host=host, ray=ray, h=ray * 2)
    return Response(403, page.encode("utf-8"), {
        "Content-Type": HTML, "Server": "cloudflare", "cf-ray": f"{ray}-WAW", "cf-mitigated": "challenge",
        "Cache-Control": "private, max-age=0, no-store, no-cache, must-revalidate",
    })
