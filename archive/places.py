"""Places named in announcements: the region's countries, first-level regions and cities.

The gazetteer is data (archive/vocabulary/places.yaml), names per language in the forms the
region's publishers write them, matched like the health topics (archive.vocabulary): through
the archive's stemmers, longest name first, so Алматы облысы is the region and not the city.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from archive.vocabulary import Match, Vocabulary


@cache
def gazetteer() -> Vocabulary:
    """The places vocabulary, loaded and stemmed once per process."""
    return Vocabulary.load("places.yaml", "places")


@cache
def place_rows() -> dict[str, dict[str, Any]]:
    """Each place's id, kind (country, region, city), country and English label."""
    data = yaml.safe_load(files("archive.vocabulary").joinpath("places.yaml").read_text("utf-8"))
    return {p["id"]: {k: p.get(k) for k in ("id", "kind", "country", "label")} for p in data["places"]}


def places(title: str | None, body: str | None, language: str | None,
           stems: Sequence[str] | None = None) -> list[Match]:
    """The places a record names, with the field and name that matched."""
    return gazetteer().match(title, body, language, stems)
