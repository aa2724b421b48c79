"""The codebook, `README.md`, inside every download: what a researcher reads first.

Rendered from the same sources as datapackage.json (metadata.yml's descriptions, the field
types of `fields`, CITATION.cff), plus the template's fixed prose: how versions relate to
announcements, which date column to use, known limits, and how each common tool reads the
files without tripping.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from archive.dumps.fields import field
from archive.dumps.schema import Table

if TYPE_CHECKING:
    from archive.datapackage import Citation, Descriptions
    from archive.dumps.publish import DumpFile

TEMPLATE = Path(__file__).with_name("README.md.j2")


def render(*, about: dict[str, Any], citation: Citation, license: dict[str, str] | None,
           created: str, schema_version: int, tables: list[Table], docs: Descriptions,
           counts: dict[str, int], files: list[DumpFile]) -> str:
    """The Markdown codebook of one dump."""
    from archive.datapackage import field_type

    described = []
    for table in tables:
        description, columns = docs.get(table.name, ("", {}))
        rows = []
        for column in table.columns:
            meaning = field(table.name, column.name)
            notes = [columns.get(column.name, "")]
            if meaning is not None and meaning.kind == "boolean":
                notes.append("Written true or false (1 or 0 in the SQLite file).")
            if meaning is not None and meaning.enum:
                notes.append("One of: " + ", ".join(f"`{v}`" for v in meaning.enum) + ".")
            if column.pk:
                notes.append("Key.")
            rows.append({"name": column.name, "type": field_type(table.name, column),
                         "required": column.notnull or bool(column.pk),
                         "meaning": " ".join(n for n in notes if n)})
        described.append({"name": table.name, "view": table.view, "description": description,
                          "rows": counts.get(table.name), "columns": rows})
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATE.parent),
                                     autoescape=False, keep_trailing_newline=True,
                                     undefined=jinja2.StrictUndefined)
    return environment.get_template(TEMPLATE.name).render(
        about=about, citation=citation, license=license, created=created,
        schema_version=schema_version, tables=described, files=files,
        size=human_size)


def human_size(count: int) -> str:
    """1,536 -> "1.5 KB": sizes as a download page shows them."""
    size = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
