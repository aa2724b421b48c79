"""What frames an archived copy: a banner in the reader's language (what it is a copy of, when it
was captured, the way back to the record) and, for a publisher that serves its announcements
through an API, the one item of the captured API answer that is this announcement, shown
readably instead of the whole JSON page.

Everything here returns escaped HTML: texts from the capture are never trusted.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import nh3

from archive.web.i18n import Interface
from archive.web.links import safe_href

MAX_DEPTH = 12  # JSON nesting searched for the item
MAX_NODES = 200_000  # JSON values visited at most (a 10 MB answer has fewer)
_ESCAPED_BREAKS = re.compile(r"(\\r)?\\n")
_LINE_BREAKS = re.compile(r"\s*\n\s*")


@dataclass(frozen=True)
class Banner:
    """The line above an archived copy."""

    ui: Interface
    target: str
    captured_at: str | None
    record_href: str
    raw_href: str

    def html(self) -> str:
        ui = self.ui
        original = safe_href(self.target)
        link = (f'<a href="{html.escape(original)}" rel="noopener noreferrer nofollow">'
                f"{html.escape(original)}</a>") if original else html.escape(self.target)
        captured = (html.escape(ui.gettext("Captured {moment}.", moment=ui.moment(self.captured_at)))
                    if self.captured_at else "")
        return (
            f'<p lang="{ui.lang}" style="border:1px solid #999;padding:.5em">'
            f"{html.escape(ui.gettext('Archived copy of'))} {link}. {captured} "
            f"{html.escape(ui.gettext('Scripts, styles, forms and images removed.'))} "
            f'<a href="{html.escape(self.record_href)}">← {html.escape(ui.gettext("Back to the record"))}</a> · '
            f'<a href="{html.escape(self.raw_href)}">{html.escape(ui.gettext("Raw text"))}</a></p>'
        )


@dataclass(frozen=True)
class CaptureFrame:
    """What the archive knows about a capture before reading it: for whom (the reader's
    interface), of which announcement (its record page, its URLs, its language) and when."""

    ui: Interface
    captured_at: str | None
    record_href: str
    raw_href: str
    item_urls: tuple[str, ...]
    lang: str

    def banner(self, target: str) -> Banner:
        return Banner(self.ui, target, self.captured_at, self.record_href, self.raw_href)


def api_item(text: str, urls: Iterable[str]) -> Any | None:
    """The innermost JSON object of an API answer that holds one of `urls` as a value (the
    announcement's own item among the page's), or None when the body is not JSON or no
    object names the URL."""
    wanted = {u.rstrip("/") for u in urls if u}
    try:
        document = json.loads(text)
    except ValueError:
        return None
    found: Any = None
    stack: list[tuple[Any, int]] = [(document, 0)]
    visited = 0
    while stack and visited < MAX_NODES:
        node, depth = stack.pop()
        visited += 1
        if isinstance(node, dict):
            if any(isinstance(v, str) and v.rstrip("/") in wanted for v in node.values()):
                found = node  # deeper matches come later in this walk and replace it
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth < MAX_DEPTH:
            stack.extend((child, depth + 1) for child in children
                         if isinstance(child, (dict, list)))
    return found


def item_html(item: Any) -> str:
    """A JSON item as a definition list: texts as paragraphs (escaped `\\n`s and real ones
    become breaks, markup inside becomes text), nested values as nested lists."""
    if isinstance(item, dict):
        rows = "".join(f"<dt>{html.escape(str(k))}</dt><dd>{item_html(v)}</dd>" for k, v in item.items())
        return f"<dl>{rows}</dl>"
    if isinstance(item, list):
        return "<ol>" + "".join(f"<li>{item_html(v)}</li>" for v in item) + "</ol>"
    if isinstance(item, str):
        text = nh3.clean(_ESCAPED_BREAKS.sub("\n", item), tags=set())  # markup -> text
        text = html.unescape(text)
        paragraphs = [p for p in _LINE_BREAKS.split(text) if p.strip()]
        return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) or ""
    return html.escape(json.dumps(item, ensure_ascii=False))


def item_page(banner: Banner, item: Any, lang: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(banner.ui.gettext('Archived copy'))}</title></head><body>"
        f"{banner.html()}<p lang=\"{banner.ui.lang}\">"
        f"{html.escape(banner.ui.gettext('This announcement came from an API answer; its own item is shown.'))}"
        f"</p><hr>{item_html(item)}</body></html>"
    )
