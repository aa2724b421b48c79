"""What every site module shares: its folder, its content.yaml, its templates.

Each ``<source_id>/site.py`` builds its :class:`~replicas.model.Item` list from
the YAML once, at import, and renders pages through :meth:`SiteFiles.render`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2

from archive.yaml_text import load_yaml

ROOT = Path(__file__).resolve().parent


class SiteFiles:
    """The data and template folder of one replica site."""

    def __init__(self, source_id: str) -> None:
        self.source_id = source_id
        self.folder = ROOT / source_id

    @cached_property
    def content(self) -> dict[str, Any]:
        return load_yaml((self.folder / "content.yaml").read_text(encoding="utf-8"))

    @cached_property
    def _env(self) -> jinja2.Environment:
        return jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.folder),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )

    def render(self, template: str, **context: Any) -> str:
        return self._env.get_template(template).render(**context)

    def seed_body(self, entry: dict[str, Any], drop_lines: int) -> str | None:
        """The expected body text of a content entry made from a seed document (kept byte-exact
        beside the templates: the pages' ground truth): the seed minus its first ``drop_lines``
        lines (title, menus, rubric), outer blank lines cut. None for an entry without a seed."""
        if "seed" not in entry:
            return None
        seed = (self.folder / entry["seed"]).read_text(encoding="utf-8")
        return "\n".join(seed.split("\n")[drop_lines:]).strip("\n")


def paginate(items: list, page: int, size: int) -> tuple[list, int]:
    """The slice for 1-based ``page`` and the number of pages (at least 1)."""
    pages = max(1, -(-len(items) // size))
    return items[(page - 1) * size : page * size], pages
