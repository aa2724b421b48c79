"""The source registry: one YAML entry per publisher, validated against a JSON Schema.

A publisher is added by writing an entry, not code. The schema lives here, next to the loader,
so `health-archive sources validate` and the crawler can never disagree about what an entry
may say; errors name the entry and the field, because the file will hold hundreds of entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import yaml

from archive.yaml_text import load_yaml
from scrapers.spiders import PLATFORMS as DECLARED_PLATFORMS

DEFAULT_REGISTRY = Path(__file__).with_name("sources.yaml")

KINDS = ("ministry", "agency", "regional", "intl", "ngo")
# Each platform declares itself (and the `api:` keys it needs) in scrapers/spiders/__init__.py.
PLATFORMS = tuple(DECLARED_PLATFORMS)

_URL = {"type": "string", "pattern": r"^https?://[^\s/]+"}
_URLS = {"type": "array", "items": _URL, "minItems": 1}

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "name_en", "country", "kind", "languages", "homepage"],
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z]{2,4}_[a-z0-9_]+$"},
        "name": {"type": "string", "minLength": 1},
        "name_en": {"type": "string", "minLength": 1},
        "country": {"type": "string", "pattern": r"^[A-Z]{2}$"},
        "kind": {"enum": list(KINDS)},
        "languages": {
            "type": "array",
            "items": {"type": "string", "pattern": r"^[a-z]{2}$"},
            "minItems": 1,
        },
        "homepage": _URL,
        "timezone": {"type": "string"},
        "platform": {"enum": list(PLATFORMS)},
        "feeds": _URLS,
        "sitemaps": _URLS,
        "listing_urls": _URLS,
        "article_url_pattern": {"type": "string"},
        "allowed_domains": {"type": "array", "items": {"type": "string"}},
        "max_listing_pages": {"type": "integer", "minimum": 1},
        "selectors": {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {"type": "string"} for k in ("title", "date", "body", "remove")},
        },
        "api": {"type": "object"},
        "credited_to": {"type": "string"},
        "enabled": {"type": "boolean"},
        "disabled_reason": {"type": "string"},
        "verified": {"type": "boolean"},
        "unverified_fields": {"type": "array", "items": {"type": "string"}},
        "notes": {"type": "string"},
    },
    "allOf": [
        {
            "if": {"properties": {"enabled": {"const": False}}, "required": ["enabled"]},
            "then": {"required": ["disabled_reason"]},
        }
    ],
}

DEFAULT_TIMEZONES = {
    "UA": "Europe/Kyiv",
    "KZ": "Asia/Almaty",
    "KG": "Asia/Bishkek",
    "GE": "Asia/Tbilisi",
    "AM": "Asia/Yerevan",
    "AZ": "Asia/Baku",
    "MD": "Europe/Chisinau",
    "UZ": "Asia/Tashkent",
    "TJ": "Asia/Dushanbe",
    "TM": "Asia/Ashgabat",
    "BY": "Europe/Minsk",
}


class RegistryError(ValueError):
    """A registry file that cannot be used; the message names the entry and the field."""


@dataclass(frozen=True)
class Source:
    """One publisher, as the spiders and the archive see it."""

    id: str
    name: str
    name_en: str
    country: str
    kind: str
    languages: tuple[str, ...]
    homepage: str
    timezone: str
    platform: str = "html"
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listing_urls: tuple[str, ...] = ()
    article_url_pattern: str | None = None
    allowed_domains: tuple[str, ...] = ()
    max_listing_pages: int = 50
    selectors: dict[str, str] = field(default_factory=dict)
    api: dict[str, Any] = field(default_factory=dict)
    credited_to: str | None = None
    enabled: bool = True
    disabled_reason: str | None = None
    verified: bool = True
    unverified_fields: tuple[str, ...] = ()
    notes: str | None = None

    @property
    def domains(self) -> tuple[str, ...]:
        """Hosts the crawl may visit: the homepage's, every discovery URL's, and any listed."""
        urls = (self.homepage, *self.feeds, *self.sitemaps, *self.listing_urls)
        hosts = {urlsplit(u).hostname or "" for u in urls} | set(self.allowed_domains)
        return tuple(sorted(h for h in hosts if h))

    def to_row(self) -> dict[str, Any]:
        """The row of the archive's `sources` table."""
        return {
            "id": self.id,
            "name": self.name,
            "name_en": self.name_en,
            "country": self.country,
            "kind": self.kind,
            "languages": list(self.languages),
            "homepage": self.homepage,
            "platform": self.platform,
            "credited_to": self.credited_to,
            "enabled": int(self.enabled),
            "verified": int(self.verified),
            "notes": self.notes,
        }


def _entry_label(entry: Any, index: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return f"entry {entry['id']!r}"
    return f"entry #{index + 1}"


def validate_entries(entries: Any) -> list[str]:
    """Return every problem in the parsed registry as 'entry X, field Y: message' lines."""
    if not isinstance(entries, list):
        return ["the registry must be a YAML list of entries"]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    problems: list[str] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        label = _entry_label(entry, index)
        for error in sorted(validator.iter_errors(entry), key=lambda e: list(e.path)):
            where = ".".join(str(p) for p in error.path) or _missing_field(error) or "(entry)"
            problems.append(f"{label}, field {where}: {error.message}")
        if not isinstance(entry, dict):
            continue
        if entry.get("id") in seen:
            problems.append(f"{label}, field id: duplicate id")
        seen.add(entry.get("id"))
        pattern = entry.get("article_url_pattern")
        if isinstance(pattern, str):
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"{label}, field article_url_pattern: invalid regex ({exc})")
        problems.extend(f"{label}, field {p}" for p in _crawlability(entry))
    return problems



def _crawlability(entry: dict[str, Any]) -> list[str]:
    """Problems that only matter for an entry that will be crawled, plus unknown field names.

    A disabled entry documents a publisher we cannot crawl yet, so it may lack discovery;
    `unverified_fields` must name real fields (`api.slug` names a key inside `api`).
    """
    problems = [
        f"unverified_fields: {name!r} is not a registry field"
        for name in entry.get("unverified_fields") or ()
        if isinstance(name, str) and name.split(".", 1)[0] not in SCHEMA["properties"]
    ]
    if entry.get("enabled", True) is False:
        return problems
    platform = entry.get("platform", "html")
    has_discovery = any(entry.get(k) for k in ("feeds", "sitemaps", "listing_urls"))
    if platform == "html" and not has_discovery:
        problems.append("feeds/sitemaps/listing_urls: an enabled html source needs at least one")
    api = entry.get("api") if isinstance(entry.get("api"), dict) else {}
    declared = DECLARED_PLATFORMS.get(platform)
    for key in declared.required_api_keys if declared else ():
        if not api.get(key):
            problems.append(f"api.{key}: platform {platform} needs it (or enabled: false)")
    return problems


def _missing_field(error: jsonschema.ValidationError) -> str | None:
    match = re.search(r"'([^']+)' is a required property", error.message)
    return match.group(1) if match else None


def read_entries(path: str | Path | None = None) -> Any:
    """A registry file's parsed YAML, not yet validated (`validate_entries` says what is wrong
    with it); RegistryError when it cannot be read or is not YAML."""
    path = Path(path or DEFAULT_REGISTRY)
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc})") from exc


def load_registry(path: str | Path | None = None) -> list[Source]:
    """Load and validate a registry file; raise RegistryError listing every problem."""
    path = Path(path or DEFAULT_REGISTRY)
    entries = read_entries(path)
    problems = validate_entries(entries)
    if problems:
        raise RegistryError(f"{path}:\n" + "\n".join(f"  {p}" for p in problems))
    return [_source(entry) for entry in entries]


def _source(entry: dict[str, Any]) -> Source:
    values = dict(entry)
    values.setdefault("timezone", DEFAULT_TIMEZONES.get(entry["country"], "UTC"))
    for key in ("languages", "feeds", "sitemaps", "listing_urls", "allowed_domains",
                "unverified_fields"):
        if key in values:
            values[key] = tuple(values[key])
    return Source(**values)
