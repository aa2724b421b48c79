"""An archived attachment (PDF order, report, DOCX...) served from its WARC capture by its SHA-256.

The crawler fetches each attachment URL of an archived announcement once and records it in
`attachment_files` (archive/migrations.py m012): checksum, size, content type, capture. This
route answers the original bytes, read by the archived-copy reader (archive/web/capture.py),
after checking they still hash to the address asked for; the checksum goes out as
`X-Content-SHA256`. Only a PDF or a raster image is shown in the browser; anything else
(office documents, and HTML, SVG or scripts a publisher labelled as a document) is a download,
and every answer is sandboxed: nothing from a publisher runs in the archive's origin.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from datasette.utils.asgi import NotFound, Request, Response

from archive.web.capture import HEADERS, CaptureMissing, read_capture

ROUTE = r"^/-/attachment/(?P<sha256>[0-9a-f]{64})$"
PATH = "/-/attachment"
MAX_ATTACHMENT = 20 << 20  # the crawler's cap (scrapers/spiders/announcements.py ATTACHMENT_MAXSIZE)
INLINE = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
# Types a browser would run or render as a document: never sent as themselves.
_ACTIVE = re.compile(r"html|xml|svg|javascript|ecmascript", re.I)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def attachment_href(sha256: str) -> str:
    return f"{PATH}/{sha256}"


def answer_headers(url: str, content_type: str | None, sha256: str) -> tuple[str, dict[str, str]]:
    """(Content-Type, headers) for an archived attachment's bytes."""
    kind = (content_type or "application/octet-stream").split(";", 1)[0].strip().lower()
    if _ACTIVE.search(kind) or not kind:
        kind = "application/octet-stream"
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or "attachment"
    ascii_name = _UNSAFE_NAME.sub("_", name).strip("._") or "attachment"
    disposition = "inline" if kind in INLINE else "attachment"
    headers = {**HEADERS, "x-content-sha256": sha256,
               "content-disposition": f"{disposition}; filename=\"{ascii_name}\"; "
                                      f"filename*=UTF-8''{quote(name, safe='')}"}
    return kind, headers


def _read_verified(warc_dir: Path, capture: str, sha256: str) -> bytes:
    _, _, body = read_capture(warc_dir, capture, MAX_ATTACHMENT + 1)
    if hashlib.sha256(body).hexdigest() != sha256:
        raise CaptureMissing("the archived bytes do not match their checksum")
    return body


async def serve_attachment(db: Any, request: Request) -> Response:
    """The original bytes of the archived attachment with this SHA-256."""
    sha256 = request.url_vars["sha256"]
    rows = (await db.execute(
        "SELECT url, content_type, capture FROM attachment_files WHERE sha256 = ? "
        "AND status = 'archived' AND capture IS NOT NULL ORDER BY fetched_at LIMIT 1",
        [sha256])).rows
    if not rows:
        raise NotFound("No archived attachment with this checksum")
    url, content_type, capture = rows[0]
    try:
        body = await asyncio.to_thread(_read_verified, Path(db.path).parent / "warc", capture, sha256)
    except CaptureMissing as exc:
        raise NotFound(f"Archived attachment unavailable: {exc}") from None
    kind, headers = answer_headers(url, content_type, sha256)
    return Response(body, content_type=kind, headers=headers)
