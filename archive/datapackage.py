"""The dump's data dictionary, `datapackage.json`, generated from metadata.yml.

The descriptions Datasette shows and the ones shipped with a dump come from the same file, so
the documentation and the data cannot drift apart. The layout follows the Frictionless Data
Package standard (https://datapackage.org/standard/data-package/) so generic tools can read
and validate the CSV and JSON Lines files; the full dictionary of every table, which the SQL
dumps and the SQLite file contain, is added under the custom `tables` property.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from archive.dumps import Column, DumpFile

# table -> (table description, {column: column description})
Descriptions = dict[str, tuple[str, dict[str, str]]]

DATABASE = "archive"  # the database key in metadata.yml (Datasette names it after the file)


def load_descriptions(path: Path) -> Descriptions:
    """Table and column descriptions from metadata.yml; anything missing is simply absent.

    Read defensively: the file may not exist yet, or describe only some tables, and a dump
    must never fail for want of documentation.
    """
    tables = _database(_read(path)).get("tables") or {}
    docs: Descriptions = {}
    for name, table in tables.items():
        table = table if isinstance(table, dict) else {}
        columns = table.get("columns") or {}
        docs[str(name)] = (
            str(table.get("description") or ""),
            {str(c): str(d or "") for c, d in columns.items()},
        )
    return docs


def load_about(path: Path) -> dict[str, Any]:
    """The package's title, description and source, as the Datasette site states them."""
    metadata = _read(path)
    description = " ".join(str(part) for part in (
        _database(metadata).get("description"),
        f"Licence: {metadata['license']}" if metadata.get("license") else None,
    ) if part)
    about: dict[str, Any] = {"title": str(metadata.get("title") or "Health announcements archive")}
    if description:
        about["description"] = description
    if metadata.get("source"):
        about["sources"] = [{"title": str(metadata["source"])}]
    return about


def _read(path: Path) -> dict[str, Any]:
    if not Path(path).exists():
        return {}
    metadata = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return metadata if isinstance(metadata, dict) else {}


def _database(metadata: dict[str, Any]) -> dict[str, Any]:
    database = (metadata.get("databases") or {}).get(DATABASE)
    return database if isinstance(database, dict) else {}


def frictionless_type(declared: str) -> str:
    """A Table Schema field type from a declared SQLite type, by SQLite's affinity rules."""
    upper = declared.upper()
    if "INT" in upper:
        return "integer"
    if any(s in upper for s in ("CHAR", "CLOB", "TEXT")):
        return "string"
    if any(s in upper for s in ("REAL", "FLOA", "DOUB")):
        return "number"
    return "any"


def table_schema(columns: Iterable[Column], descriptions: Mapping[str, str]) -> dict[str, Any]:
    """A Frictionless Table Schema: every column with its type, constraints and description."""
    columns = list(columns)
    fields = []
    for column in columns:
        field: dict[str, Any] = {
            "name": column.name,
            "type": frictionless_type(column.type),
            "description": descriptions.get(column.name, ""),
        }
        if column.notnull or column.pk:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields}
    keys = [c.name for c in sorted(columns, key=lambda c: c.pk) if c.pk]
    if keys:
        schema["primaryKey"] = keys
    return schema


def build(*, name: str, about: Mapping[str, Any], created: str, schema_version: int,
          table: str, columns: Iterable[Column], docs: Descriptions, files: Iterable[DumpFile],
          csv_name: str, jsonl_name: str,
          all_columns: Mapping[str, Iterable[Column]]) -> dict[str, Any]:
    """The datapackage.json document for one dump.

    `files` are the published files (with sizes and hashes); the CSV and JSON Lines ones
    become tabular resources sharing `table`'s schema, the others plain data resources.
    `all_columns` (every ordinary table's columns) becomes the `tables` dictionary.
    """
    description, column_docs = docs.get(table, ("", {}))
    schema = table_schema(columns, column_docs)
    resources = []
    for f in files:
        resource: dict[str, Any] = {
            "name": _resource_name(f.name),
            "path": f.name,
            "description": f.description,
            "bytes": f.bytes,
            "hash": f"sha256:{f.sha256}",
        }
        if f.name == csv_name:
            resource.update(
                type="table", format="csv", mediatype="text/csv", encoding="utf-8",
                compression="gz", dialect={"delimiter": ",", "header": True},
                description=f"{description} {f.description}".strip(), schema=schema,
            )
        elif f.name == jsonl_name:
            resource.update(
                type="table", format="jsonl", mediatype="application/x-ndjson",
                encoding="utf-8", compression="gz",
                description=f"{description} {f.description}".strip(), schema=schema,
            )
        resources.append(resource)
    package: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": name,
        **about,
        "created": created,
        "schema_version": schema_version,
        "resources": resources,
    }
    package["tables"] = [
        {"name": t, "description": docs.get(t, ("", {}))[0],
         "schema": table_schema(cols, docs.get(t, ("", {}))[1])}
        for t, cols in all_columns.items()
    ]
    return package


def _resource_name(filename: str) -> str:
    """Resource names must be lower case letters, digits, '-', '_' and '.'."""
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in filename.lower())

