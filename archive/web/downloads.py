"""The latest dumps on the home page: what a researcher downloads and cites.

`health-archive serve --dumps DIR` mounts the folder `health-archive dump` writes as
/downloads/; the home page lists the files of its `latest.json` with their sizes, checksums and
the snapshot's date. The manifest is written last by the dump, so a half-written dump is never
listed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MOUNT = "downloads"


def latest_dump(static_mounts: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The newest dump's manifest, with a link per file, or None when none is mounted."""
    folder = dict(static_mounts).get(MOUNT)
    if folder is None:
        return None
    try:
        manifest = json.loads((Path(folder) / "latest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = [
        {**entry, "href": f"/{MOUNT}/{entry['name']}", "size": human_size(entry["bytes"])}
        for entry in manifest.get("files", [])
        if isinstance(entry, dict) and "/" not in entry.get("name", "/")
    ]
    return {**manifest, "files": files}


def human_size(count: int) -> str:
    size = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
