"""Controlled vocabularies (health topics, places) and the matcher that finds them in texts.

The vocabularies are data (`topics.yaml`, `places.yaml` beside this file): one concept per
entry, with its terms per language. Terms are stemmed once, at load, with the archive's own
stemmer of their language (archive.stemming.stem_word), and a text is matched through the
stems the search index already holds (`announcements_stems`, computed by the crawl's
extraction workers), so matching costs one dictionary look-up per word and inflected forms
meet: кору and корі both reach the stem of кір. A term of several words matches the same
sequence of stems; a term never matches inside a longer word.

A text whose language has no terms of its own (an unknown or unlisted language) is matched
word for word, unstemmed, against every language's terms: no stemmer is right for it, and an
exact word is still evidence.

Stemming the terms needs every language's dictionary (8 s and 380 MB), which the archive's
writer otherwise never loads (the crawl's extraction workers stem the texts): so the stemmed
index ships precompiled in `compiled.json` (`python -m archive.vocabulary` rewrites it), used
while its digest (of the vocabulary, the stemmers' code and versions) matches, else rebuilt.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any


from archive import stemming
from archive.stemming import WORD, stem_text, stem_word
from archive.yaml_text import load_yaml

Index = dict[str, list[tuple[tuple[str, ...], str, str]]]
COMPILED = "compiled.json"
# Tajik has no stemmer in the archive (its stems are the words themselves): its commonest
# endings are folded here, on both sides, outermost first: accusative -ро, the izafet -и
# (after -ӣ it doubles: беморӣ -> бемории), possessives, plurals.
_TAJIK_ENDINGS = ("ро", "и", "ашон", "амон", "атон", "аш", "ам", "ат", "ҳо", "он", "ён", "гон")


def tajik(word: str) -> str:
    """Fold a Tajik word's case, izafet, possessive and plural endings (see _TAJIK_ENDINGS)."""
    if word.endswith("ии") and len(word) > 4:
        word = word[:-2] + "ӣ"
    for ending in _TAJIK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
    return word


FOLD = {"tg": tajik}

# The stemmers do not always bring a word and its inflected forms to one stem: a Turkic suffix
# stripper cuts Қарағанды to қараған but Қарағандыда to қарағанд; the Russian lemmatiser
# reads прививка as прививок but прививку as прививка. So each term is also indexed under the
# stems of its commonest inflected forms, made by these rules on its last word ("а>у": a final
# а becomes у; ">да": да is added), and every form in a text meets one of them.
INFLECTIONS = {
    "ru": "а>ы а>и а>е а>у а>ой я>и я>е я>ю я>ей ия>ии ия>ию ь>и ь>я ь>ю ь>ем >а >у >ом >е >ы "
          ">ов ый>ого ый>ом ая>ой ая>ую ое>ого ие>ия ие>ии",
    "uk": "а>и а>і а>у а>ою а>ої я>і я>ї я>ю я>ею ія>ії ія>ію ія>ією ь>я ь>ю ь>і ець>ця ець>цю "
          "ець>цем >а >у >ом >і >ів ий>ого ий>ому",
    "ka": "ი>ის ი>ით ი>ში ი>ზე ი>ად ი>ები ა>ის ა>ით ა>ად >ს >ში >ზე",
    "hy": ">ի >ը >ն >ով >ում >ից >ներ >ները >ների >ներով ություն>ության ություն>ությունը",
    "ro": "ă>a ă>ei ă>e ie>ia ie>iei >ul >ului >a >ei >i >ii >ele >elor",
    "en": ">s >es",
    "kk": ">ы >і >сы >сі >ның >нің >дың >дің >тың >тің >ға >ге >қа >ке >да >де >та >те >ды >ді "
          ">ты >ті >нан >нен >дан >ден >тан >тен >мен >лар >лер >дар >дер >тар >тер >ндағы "
          ">ндегі >дағы >дегі >ын >ін >сын >сін >сына >сіне >сында >сінде >сынан >сінен",
    "ky": ">ы >и >у >ү >сы >си >су >сү >нын >нин >нун >нүн >дын >дин >дун >дүн >тын >тин >га "
          ">ге >го >гө >ка >ке >ко >кө >да >де >до >дө >та >те >то >тө >дан >ден >дон >дөн >тан "
          ">тен >нан >нен >лар >лер >лор >лөр >дар >дер >тар >тер >ын >ин >ун >үн >сын >син >сун "
          ">сүн >сына >сине >сында >синде",
    "az": ">ı >i >u >ü >sı >si >su >sü >nın >nin >nun >nün >ın >in >un >ün >a >ə >ya >yə >na "
          ">nə >da >də >dan >dən >ndan >ndən >la >lə >lar >lər",
    "uz": ">i >si >ni >ning >ga >ka >qa >da >dan >lar >и >си >ни >нинг >га >ка >қа >да >дан >лар",
}


def inflected(term: str, language: str) -> set[str]:
    """The term and the forms INFLECTIONS makes of it in `language`; an abbreviation (HIV,
    ВИЧ) is left alone: its inflections are hyphenated (АИТВ-ға), and HIV + es is hives."""
    forms = {term}
    if term.split()[-1].isupper():
        return forms
    for rule in INFLECTIONS.get(language, "").split():
        drop, add = rule.split(">")
        if term.endswith(drop):
            forms.add(term[: len(term) - len(drop)] + add)
    return forms


@dataclass(frozen=True)
class Match:
    """A concept found in one field of a record, and the vocabulary term that found it."""

    concept: str
    field: str
    term: str


def _stemmers() -> bytes:
    """What decides a term's stems in archive.stemming: its stemming code and settings and the
    packages' versions (not the rest of that module, which other features edit)."""
    parts = [inspect.getsource(f) for f in (stemming.stem_word, stemming._lemma, stemming._snowball,
                                            stemming.georgian, stemming.ukrainian, stemming.Turkic)]
    parts += [repr(sorted(stemming.SNOWBALL.items())), repr(sorted(stemming.LEMMA_LANGUAGES)),
              repr(stemming._GEORGIAN_CASES), stemming._UK_CLOSED_I.pattern,
              repr(sorted(stemming._UK_FINAL_VOWEL)), stemming.WORD.pattern,
              f"{version('simplemma')} {version('PyStemmer')}"]
    for name, stemmer in sorted(stemming.TURKIC.items()):
        # Its sets, and its dicts' strings of letters (some built from sets), in a fixed order.
        settings = {k: sorted(v) if isinstance(v, frozenset)
                    else sorted((a, "".join(sorted(b))) for a, b in v.items()) if isinstance(v, dict)
                    else v for k, v in vars(stemmer).items()}
        parts.append(f"{name} {sorted(settings.items())!r}")
    return "\n".join(parts).encode()


class Vocabulary:
    """Concepts with their terms per language, stemmed for matching, and their labels."""

    def __init__(self, name: str, version: int, entries: Mapping[str, Mapping[str, Any]],
                 digest: str = ""):
        self.name = name
        self.version = version
        self.entries = entries  # the file's entries by id: label, labels, terms, codes...
        self.concepts: Mapping[str, Mapping[str, Sequence[str]]] = {
            concept: entry["terms"] for concept, entry in entries.items()}
        self.digest = digest  # of the vocabulary file and the code that stems it

    @classmethod
    def load(cls, filename: str, key: str) -> Vocabulary:
        """Read one of the YAML vocabularies shipped beside this module."""
        text = files(__package__).joinpath(filename).read_text("utf-8")
        data: dict[str, Any] = load_yaml(text)
        digest = hashlib.sha256(text.encode())
        digest.update(_stemmers())
        digest.update(Path(__file__).read_bytes())
        return cls(filename.removesuffix(".yaml"), int(data["version"]),
                   {entry["id"]: entry for entry in data[key]}, digest.hexdigest())

    def label(self, concept: str, language: str) -> str:
        """The concept's name for a reader of `language`: its label in that language, else
        the English label (an unknown id is its own label)."""
        entry = self.entries.get(concept)
        if entry is None:
            return concept
        return entry.get("labels", {}).get(language) or entry.get("label") or concept

    @cached_property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for terms in self.concepts.values() for lang in terms)

    @cached_property
    def _indexes(self) -> dict[str | None, Index]:
        """The index compiled in COMPILED when it is current, else built."""
        compiled = files(__package__).joinpath(COMPILED)
        stored = json.loads(compiled.read_text("utf-8")).get(self.name, {}) if compiled.is_file() else {}
        if stored.get("digest") != self.digest:
            return self.build()
        return {lang or None: {first: [(tuple(stems), concept, term) for stems, concept, term in entries]
                               for first, entries in index.items()}
                for lang, index in stored["indexes"].items()}

    def build(self) -> dict[str | None, Index]:
        """Per language, the stemmed terms keyed by their first stem; under None every
        language's terms as plain lower-case words."""
        indexes: dict[str | None, Index] = {lang: {} for lang in self.languages}
        indexes[None] = {}
        for concept, by_language in self.concepts.items():
            for lang, terms in by_language.items():
                for term in terms:
                    forms = {self.stems(form, lang) for form in inflected(term, lang)}
                    for key, stems in [*((lang, f) for f in sorted(forms)), (None, self.stems(term, None))]:
                        if stems:
                            indexes[key].setdefault(stems[0], []).append((stems, concept, term))
        for index in indexes.values():
            for entries in index.values():
                entries.sort(key=lambda e: len(e[0]), reverse=True)  # longest term first
        return indexes

    @staticmethod
    def stems(text: str, language: str | None) -> tuple[str, ...]:
        """The words of `text` as the matcher compares them."""
        fold = FOLD.get(language or "")
        words = [stem_word(w.lower(), language) for w in WORD.findall(text)]
        return tuple(fold(w) for w in words) if fold else tuple(words)

    def match_stems(self, stems: str, language: str | None, field: str) -> list[Match]:
        """Concepts in one field given as the search index's stems (archive.stemming.stem_text
        in `language`): the first term found per concept, longest terms first; a word taken
        by a longer term (Алматы облысы) is not matched again on its own (Алматы)."""
        fold = FOLD.get(language or "")
        tokens = [fold(t) for t in stems.split()] if fold else stems.split()
        index = self._indexes[language if language in self.languages else None]
        found: dict[str, Match] = {}
        taken = 0  # tokens before this one belong to a term already found
        for i in [i for i, t in enumerate(tokens) if t in index]:
            if i < taken:
                continue
            for term_stems, concept, term in index[tokens[i]]:
                n = len(term_stems)
                if tuple(tokens[i:i + n]) == term_stems:
                    found.setdefault(concept, Match(concept, field, term))
                    taken = i + n
                    break
        return list(found.values())

    def match(self, title: str | None, body: str | None, language: str | None,
              stems: Sequence[str] | None = None) -> list[Match]:
        """Concepts in a record's title and text; `stems` are its (title, body) stems in its
        language when the caller has them (the crawl does), else they are computed here."""
        if language not in self.languages:
            language, stems = None, None
        if stems is None:
            stems = (stem_text(title, language), stem_text(body, language))
        return [*self.match_stems(stems[0], language, "title"),
                *self.match_stems(stems[1], language, "body")]

    def terms(self, concept: str) -> Iterable[tuple[str, str]]:
        """(language, term) of one concept."""
        for lang, terms in self.concepts[concept].items():
            for term in terms:
                yield lang, term


def compile_index(vocabulary: Vocabulary, path: Path) -> None:
    """Write `vocabulary`'s stemmed index into the COMPILED file at `path` (other
    vocabularies' entries kept)."""
    data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    data[vocabulary.name] = {"digest": vocabulary.digest, "indexes": {
        lang or "": index for lang, index in vocabulary.build().items()}}
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), "utf-8")
