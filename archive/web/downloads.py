"""The latest dump on the home page, and the download folder served without its hidden parts.

`health-archive serve --dumps DIR` mounts the folder `health-archive dump` writes as
/downloads/. The home page lists the newest set from `latest.json`, a link to that set's own
`manifest.json`: its files with sizes and checksums, its date and its suggested citation. A set is built in a hidden folder
and renamed into place, so only complete sets are ever listed; `serve_download` refuses any
path with a hidden part, so a half-made set (or the dump's lock) is never served either.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from datasette.utils.asgi import Request, Response, asgi_static

from archive.dumps.codebook import human_size

MOUNT = "downloads"
SET_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ROUTE = rf"^/{MOUNT}/(?P<path>.*)$"


def latest_dump(static_mounts: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The newest set's manifest, with a link per file, or None when none is mounted."""
    folder = dict(static_mounts).get(MOUNT)
    if folder is None:
        return None
    try:
        manifest = json.loads((Path(folder) / "latest.json").read_text(encoding="utf-8"))
        name = str(manifest["folder"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not SET_NAME.match(name):
        return None
    files = [
        {**entry, "href": f"/{MOUNT}/{name}/{entry['name']}", "size": human_size(entry["bytes"])}
        for entry in manifest.get("files", [])
        if isinstance(entry, dict) and "/" not in entry.get("name", "/")
        and not entry["name"].startswith(".")
    ]
    return {**manifest, "files": files}


async def serve_download(datasette: Any, request: Request, send: Any) -> Response | None:
    """A file of the download folder; 404 for any path with a hidden (dot) part."""
    folder = dict(datasette.static_mounts).get(MOUNT)
    path = request.url_vars.get("path", "")
    if folder is None or any(part.startswith(".") or not part for part in path.split("/")):
        return Response.text("404: not found", status=404)
    await asgi_static(folder)(request, send)
    return None
