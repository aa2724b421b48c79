"""Places named in announcements: the region's countries, first-level regions, their
districts (raions) and cities.

The gazetteer is data (archive/vocabulary/places.yaml): names per language in the forms the
region's publishers write them. Names are proper nouns, which the search stemmers handle
badly (the Russian lemmatiser reads Львов as лев, lion; the Kazakh suffix stripper cuts
Қарағанды and Қарағандыда to different stems), so a name is matched on the text's words as
written: a word matches a name's word when it starts with the name's word less its final
vowels (two at most: an adjective's ending, Жамбылская -> Жамбылск-ой) and goes on for no
more than MAX_ENDING letters, and fewer letters than that stem has (Ош takes Ошто, not ошибка
or ошол). An abbreviation (СКО, КР) matches only itself. Names of several words match as a
sequence, longest name first, so Алматы облысы is the region and not the city.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, cached_property

from archive.stemming import WORD
from archive.vocabulary import Match, Vocabulary

MAX_ENDING = 6  # Kazakh қарағанд|ыдағы, Kyrgyz ысык-көл|дөгү, Georgian თბილის|იდან
KEY = 3  # letters of a word that find the names it may begin (see Gazetteer._names)
_VOWELS = frozenset("аеёиоуыэюяіїєәөүұийьaeiouıəöüăâîიაეოუեէըիոօ")

# A name's word stems; None for an abbreviation's word, which must be matched exactly.
Entry = tuple[tuple[tuple[str, bool], ...], str, str]


class Gazetteer(Vocabulary):
    """A vocabulary of names matched by their written stems (see the module's docstring)."""

    @cached_property
    def _names(self) -> dict[str | None, dict[str, list[Entry]]]:
        """Per language (None: every language), the names' word stems keyed by the first
        KEY letters of their first word's stem (all of a shorter stem), longest names first.

        A text's word is looked up by its own first KEY letters, then by its first two: the
        names whose stem is that short (Ош) are in both buckets. Three letters rather than
        two keep the buckets small (English texts: "sa" began 12 names, "sam" begins 3),
        which is most of the matcher's cost on long pages."""
        indexes: dict[str | None, dict[str, list[Entry]]] = {lang: {} for lang in self.languages}
        indexes[None] = {}
        for concept, by_language in self.concepts.items():
            for lang, names in by_language.items():
                for name in names:
                    cores = tuple((_core(w.lower()), w.isupper() and len(w) > 1)
                                  for w in WORD.findall(name))
                    for key in (lang, None):
                        indexes[key].setdefault(cores[0][0][:KEY], []).append((cores, concept, name))
        for index in indexes.values():
            for key, entries in index.items():
                if len(key) == KEY:
                    entries += index.get(key[:KEY - 1], [])
                entries.sort(key=lambda e: len(e[0]), reverse=True)
        return indexes

    def match(self, title: str | None, body: str | None, language: str | None,
              stems: Sequence[str] | None = None) -> list[Match]:
        """The places a record names; `stems` are not needed (see the module's docstring)."""
        index = self._names[language if language in self.languages else None]
        return [*_find(index, title, "title"), *_find(index, body, "body")]

    def label(self, concept: str, language: str) -> str:
        """A place as `language` writes it: its label there, else its first name there (the
        names are proper names, written as a title is), else its English label."""
        names = self.concepts.get(concept, {}).get(language)
        if language != "en" and names and language not in self.entries[concept].get("labels", {}):
            return names[0]
        return super().label(concept, language)

    def countries(self, places: Iterable[str]) -> list[str]:
        """The countries these places are in (a country is in itself), sorted."""
        return sorted({self.entries[p]["country"] for p in places if p in self.entries})

    def regions(self, places: Iterable[str]) -> list[str]:
        """The first-level regions among these places or holding one of them (a district or
        a city names its region, `within`), sorted: what a reader filters a flat download by."""
        found = set()
        for place in places:
            entry = self.entries.get(place, {})
            parent = self.entries.get(entry.get("within", ""), {})
            found |= {e["id"] for e in (entry, parent) if e.get("kind") == "region"}
        return sorted(found)


def _core(word: str) -> str:
    """A name's word less its final vowels, the part every inflected form keeps."""
    for _ in range(2):
        if len(word) > 4 and word[-1] in _VOWELS:
            word = word[:-1]
    return word


def _fits(word: str, core: tuple[str, bool]) -> bool:
    stem, exact = core
    if exact:
        return word == stem
    return word.startswith(stem) and len(word) - len(stem) <= min(MAX_ENDING, len(stem) - 1)


def _find(index: dict[str, list[Entry]], text: str | None, field: str) -> list[Match]:
    # Each word lowered on its own: lowering the text first splits words at İ (i + a dot).
    words = [w.lower() for w in WORD.findall(text or "")]
    found: dict[str, Match] = {}
    taken = 0  # words before this one belong to a name already found
    for i, word in enumerate(words):
        if i < taken:
            continue
        for cores, concept, name in index.get(word[:KEY]) or index.get(word[:KEY - 1], ()):
            n = len(cores)
            if len(words) - i >= n and all(_fits(w, c) for w, c in zip(words[i:i + n], cores)):
                found.setdefault(concept, Match(concept, field, name))
                taken = i + n
                break
    return list(found.values())


@cache
def gazetteer() -> Gazetteer:
    """The places vocabulary, loaded once per process."""
    return Gazetteer.load("places.yaml", "places")
