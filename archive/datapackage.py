"""The dump's data dictionary, `datapackage.json`, from metadata.yml and CITATION.cff.

The descriptions Datasette shows and the ones shipped with a dump come from metadata.yml, the
citation, licence and authors from the repository's CITATION.cff, so the documentation and
the data cannot drift apart. The layout follows the Frictionless Data Package standard
(https://datapackage.org/standard/data-package/): every published table and view is a
tabular resource twice, CSV (named after the table: `get_resource("announcements")`) and
JSON Lines (`announcements-jsonl`), with typed fields, keys and enums; resource names never
change, the dump's date is the package's `version`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from archive.dumps.fields import VIEW_KEYS, field
from archive.dumps.schema import Column, affinity
from archive.yaml_text import load_yaml

if TYPE_CHECKING:
    from archive.dumps.publish import DumpFile
    from archive.dumps.schema import ForeignKey, Table

# table -> (table description, {column: column description})
Descriptions = dict[str, tuple[str, dict[str, str]]]

DATABASE = "archive"  # the database key in metadata.yml (Datasette names it after the file)
LICENSE = {  # the compilation's licence, as CITATION.cff names it (SPDX) -> Data Package form
    "CC-BY-4.0": {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
                  "path": "https://creativecommons.org/licenses/by/4.0/"},
}
_BY_AFFINITY = {"INTEGER": "integer", "TEXT": "string", "REAL": "number", "BLOB": "any",
                "NUMERIC": "number"}
ARRAY_IN_CSV = "In CSV: a JSON array as text, e.g. [\"uk\", \"ru\"]."


@dataclass(frozen=True)
class Citation:
    """How to cite a dump: CITATION.cff's fields, completed by the dump's version and date."""

    title: str
    authors: list[str]
    license: str
    message: str
    homepage: str
    version: str
    year: str

    def text(self) -> str:
        """An APA-style suggested citation."""
        where = f" {self.homepage}" if self.homepage else ""
        return (f"{', '.join(self.authors) or 'health-archive'} ({self.year}). {self.title} "
                f"(version {self.version}) [Data set].{where}")


def load_citation(path: Path, *, version: str, homepage: str | None) -> Citation:
    """The repository's CITATION.cff, for this dump's version (its date) and homepage."""
    cff = _read(path)
    authors = [str(a.get("name") or " ".join(filter(None, (a.get("given-names"),
                                                           a.get("family-names")))))
               for a in cff.get("authors") or [] if isinstance(a, dict)]
    return Citation(
        title=str(cff.get("title") or "Health announcements archive"),
        authors=[a for a in authors if a], license=str(cff.get("license") or ""),
        message=str(cff.get("message") or ""), homepage=homepage or str(cff.get("url") or ""),
        version=version, year=version[:4],
    )


def citation_cff(path: Path, citation: Citation, released: str) -> str:
    """The repository's CITATION.cff for one dump: its version, release date and homepage."""
    cff = _read(path)
    cff.update({"version": citation.version, "date-released": released})
    if citation.homepage:
        cff["url"] = citation.homepage
    return yaml.safe_dump(cff, allow_unicode=True, sort_keys=False, width=100)


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
            " ".join(str(table.get("description") or "").split()),
            {str(c): " ".join(str(d or "").split()) for c, d in columns.items()},
        )
    return docs


def load_about(path: Path) -> dict[str, Any]:
    """The package's title, description and sources, as the Datasette site states them."""
    metadata = _read(path)
    about: dict[str, Any] = {"title": str(metadata.get("title") or "Health announcements archive")}
    if _database(metadata).get("description"):
        about["description"] = " ".join(str(_database(metadata)["description"]).split())
    if metadata.get("source"):
        about["sources"] = [{"title": str(metadata["source"])}]
    return about


def _read(path: Path) -> dict[str, Any]:
    if not Path(path).exists():
        return {}
    loaded = load_yaml(Path(path).read_text(encoding="utf-8"))
    return loaded if isinstance(loaded, dict) else {}


def _database(metadata: dict[str, Any]) -> dict[str, Any]:
    database = (metadata.get("databases") or {}).get(DATABASE)
    return database if isinstance(database, dict) else {}


def field_type(table: str, column: Column) -> str:
    """A Table Schema field type: the column's meaning (`fields`) or its SQLite affinity."""
    meaning = field(table, column.name)
    if meaning is not None:
        return meaning.kind
    return _BY_AFFINITY[affinity(column.type)] if column.type else "any"


def table_schema(table: Table, descriptions: Mapping[str, str],
                 foreign_keys: Iterable[ForeignKey], jsonl: bool = False) -> dict[str, Any]:
    """A Frictionless Table Schema: every column typed, with constraints, keys, description."""
    fields = []
    for column in table.columns:
        kind = field_type(table.name, column)
        description = descriptions.get(column.name, "")
        if kind == "array" and not jsonl:
            description = f"{description} {ARRAY_IN_CSV}".strip()
        item: dict[str, Any] = {"name": column.name, "type": kind, "description": description}
        constraints: dict[str, Any] = {}
        if column.notnull or column.pk:
            constraints["required"] = True
        meaning = field(table.name, column.name)
        if meaning is not None and meaning.enum:
            constraints["enum"] = list(meaning.enum)
        if constraints:
            item["constraints"] = constraints
        fields.append(item)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    keys = [c.name for c in sorted(table.columns, key=lambda c: c.pk) if c.pk]
    references = [(k.column, k.table, k.to) for k in foreign_keys]
    if table.name in VIEW_KEYS:
        key, parent, to = VIEW_KEYS[table.name]
        keys, references = [key], [(key, parent, to)]
    if keys:
        schema["primaryKey"] = keys
    suffix = "-jsonl" if jsonl else ""
    if references:
        schema["foreignKeys"] = [
            {"fields": [column], "reference": {"resource": f"{parent}{suffix}", "fields": [to]}}
            for column, parent, to in references]
    return schema


def build(*, name: str, about: Mapping[str, Any], citation: Citation, created: str,
          schema_version: int, tables: Iterable[Table], docs: Descriptions,
          foreign_keys: Mapping[str, list[ForeignKey]], files: Iterable[DumpFile]
          ) -> dict[str, Any]:
    """The datapackage.json document for one dump.

    `files` are the published files (with sizes and hashes); `<table>.csv.gz` and
    `<table>.jsonl.gz` of each of `tables` become tabular resources, the others file resources.
    """
    by_name = {t.name: t for t in tables}
    resources = []
    for f in files:
        resource: dict[str, Any] = {"name": f.kind, "path": f.name, "description": f.description,
                                    "bytes": f.bytes, "hash": f"sha256:{f.sha256}"}
        table_name, _, extension = f.name.partition(".")
        table = by_name.get(table_name)
        if table is not None and extension in ("csv.gz", "jsonl.gz"):
            jsonl = extension == "jsonl.gz"
            description, column_docs = docs.get(table.name, ("", {}))
            resource.update(
                name=f"{table.name}-jsonl" if jsonl else table.name,
                type="table", format="jsonl" if jsonl else "csv",
                mediatype="application/jsonl" if jsonl else "text/csv", encoding="utf-8",
                compression="gz", description=f"{description} {f.description}".strip(),
                schema=table_schema(table, column_docs, foreign_keys.get(table.name, ()), jsonl),
            )
            if not jsonl:
                resource["dialect"] = {"delimiter": ",", "header": True}
        resources.append(resource)
    package: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": name,
        **about,
        "version": citation.version,
        "created": created,
        **({"homepage": citation.homepage} if citation.homepage else {}),
        **({"licenses": [LICENSE[citation.license]]} if citation.license in LICENSE else {}),
        "contributors": [{"title": author, "roles": ["creator"]} for author in citation.authors],
        "citation": citation.text(),
        "schema_version": schema_version,
        "resources": resources,
    }
    return package
