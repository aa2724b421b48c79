"""The README's schema section, generated from metadata.yml like the dumps' data dictionary.

`python -m archive.schema_doc README.md` rewrites the part of the README between the two
markers; tests/test_docs.py fails when it is out of date, so the README, Datasette and the
dumps describe the same tables and columns.
"""

from __future__ import annotations

import sys
from pathlib import Path

from archive.datapackage import load_descriptions
from archive.serving import METADATA

BEGIN = "<!-- schema: generated from metadata.yml by `python -m archive.schema_doc README.md` -->"
END = "<!-- end of schema -->"


def schema_markdown(metadata: Path = METADATA) -> str:
    """Every described table with each of its columns, as Markdown."""
    parts = []
    for table, (description, columns) in load_descriptions(metadata).items():
        parts.append(f"### `{table}`\n\n{' '.join(description.split())}\n")
        if columns:
            rows = "\n".join(f"| `{c}` | {' '.join(d.split())} |" for c, d in columns.items())
            parts.append(f"| column | meaning |\n|---|---|\n{rows}\n")
    return "\n".join(parts)


def rewrite(readme: Path) -> bool:
    """Replace the generated section of `readme`; return whether it changed."""
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    updated = f"{head}{BEGIN}\n{schema_markdown()}{END}{tail}"
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    return updated != text


if __name__ == "__main__":
    rewrite(Path(sys.argv[1]))
