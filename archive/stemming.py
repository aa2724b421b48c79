"""Stemmers and lemmatisers: the index form of each word of an announcement or a query.

Pure functions of text and language, with no database and no query syntax, so that the
extraction workers, the writer, the topic and place vocabularies and the search all stem
through the same code (archive.search builds the index and the queries on top of it).

Stemmers per language, the cheapest normaliser that makes inflected forms meet:

* uk: simplemma's lemma, then its final vowel dropped and a final-syllable і read as о
  (`ukrainian`). PyStemmer 3.1 has no Ukrainian Snowball stemmer, and the lemma alone misses
  the і/о alternation of closed syllables: кір (measles) and its genitive кору meet only as
  кор (the dictionary reads кору as кора, bark: recall over precision, as for Turkic).
* ru, en, hy, ro: Snowball applied to simplemma's lemma. The lemma folds irregular forms
  (children -> child), Snowball then folds what the dictionary does not know.
* ka: simplemma's lemma, then a small Georgian suffix stripper (simplemma alone knows too few
  forms: 0.64 accuracy).
* kk, ky, az, uz: a hand-written suffix stripper. Neither simplemma nor Snowball covers them
  and the analysers that do (Stanza, Apertium) need downloaded models or system packages.
  Turkic morphology is regular (stem + plural + possessive + case), so stripping the outer
  suffixes in that order, guarded by vowel harmony and by what may precede each allomorph,
  gets most of the recall; it errs towards short stems, which costs precision, not recall.

Stemmers must be deterministic and applied identically to documents and queries: only
agreement matters, not linguistic truth. Changing one needs `archive.search.reindex(db,
full=True)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import Stemmer

from archive.lemmas import lemmatize

SNOWBALL = {"ru": "russian", "en": "english", "hy": "armenian", "ro": "romanian", "tr": "turkish"}
LEMMA_LANGUAGES = frozenset({"uk", "ru", "en", "hy", "ro", "ka", "bg", "pl", "de", "fr", "tr"})

CYRILLIC_KK_VOWELS = frozenset("аәеёиоөұүыіэюяу")
CYRILLIC_KY_VOWELS = frozenset("аеёиоөуүыэюя")
AZ_VOWELS = frozenset("aeəıioöuü")
UZ_VOWELS = frozenset("aeiouʻ")
VOICELESS = frozenset("кқпстфхцчшщkqpstfxhç")


class Turkic:
    """Stem + [plural] + [possessive] + [case]: strip from the outside in, once per slot.

    Guards keep the stripper from eating stems: `after` maps a suffix to the letters that must
    end what remains (Kazakh -нда follows only a possessive -ы/-і, so аурухана is not ауруха +
    -на), `after_consonant` lists suffixes that only follow a consonant (single-vowel case and
    possessive endings), vowel harmony rejects a suffix whose vowel disagrees with the stem's
    (вакцина is not вакци + -на), and in Kazakh and Kyrgyz (`voicing`) д- follows voiced sounds,
    т- voiceless ones. Then trailing vowels go, so that vowel-final stems and their forms before
    a vowel agree, and a final voiced consonant is devoiced (кітап -> кітабы, uşaq -> uşağı).
    """

    def __init__(self, slots: tuple[str, ...], vowels: frozenset[str], *,
                 after: dict[str, str], after_consonant: str = "", harmony: dict[str, str],
                 invariant: str = "", devoice: dict[str, str], voicing: bool = False,
                 min_stem: int = 3):
        self.slots = [sorted(slot.split(), key=len, reverse=True) for slot in slots]
        self.vowels = vowels
        self.after = after
        self.after_consonant = frozenset(after_consonant.split())
        self.harmony = harmony
        self.invariant = frozenset(invariant.split())
        self.devoice = devoice
        self.voicing = voicing
        self.min_stem = min_stem

    def __call__(self, word: str) -> str:
        for slot in self.slots:
            for suffix in slot:
                rest = word[: -len(suffix)]
                if word.endswith(suffix) and len(rest) >= self.min_stem and self._fits(suffix, rest):
                    word = rest
                    break
        while len(word) > self.min_stem and word[-1] in self.vowels:
            word = word[:-1]
        if word and word[-1] in self.devoice:
            word = word[:-1] + self.devoice[word[-1]]
        return word

    def _fits(self, suffix: str, rest: str) -> bool:
        last = rest[-1]
        if suffix in self.after and last not in self.after[suffix]:
            return False
        if suffix in self.after_consonant and last in self.vowels:
            return False
        if suffix not in self.invariant and not self._harmonic(suffix, rest):
            return False
        if self.voicing and suffix[0] == "д":
            return last not in VOICELESS
        if self.voicing and suffix[0] == "т":
            return last in VOICELESS
        return True

    def _harmonic(self, suffix: str, rest: str) -> bool:
        stem_vowel = next((c for c in reversed(rest) if c in self.harmony), None)
        suffix_vowel = next((c for c in suffix if c in self.vowels), None)
        if stem_vowel is None or suffix_vowel is None:
            return True
        return suffix_vowel in self.harmony[stem_vowel]


_KK_POSS3 = "ыі"
KAZAKH = Turkic(
    (
        # case (with locative-attributive -дағы "the one in")
        "ның нің дың дің тың тің ны ні ды ді ты ті ға ге қа ке на не да де та те нда нде "
        "дан ден тан тен нан нен мен бен пен менен дағы дегі тағы тегі ндағы ндегі",
        "ымыз іміз мыз міз ыңыз іңіз ңыз ңіз ың ің сы сі ы і",  # possessive
        "лар лер дар дер тар тер",  # plural
    ),
    CYRILLIC_KK_VOWELS,
    after={"на": "ы", "не": "і", "нда": _KK_POSS3, "нде": _KK_POSS3, "ндағы": _KK_POSS3,
           "ндегі": _KK_POSS3, "нан": _KK_POSS3 + "мнң", "нен": _KK_POSS3 + "мнң",
           "сы": "".join(CYRILLIC_KK_VOWELS), "сі": "".join(CYRILLIC_KK_VOWELS)},
    after_consonant="ы і",
    harmony={**dict.fromkeys("аоұы", "аыұ"), **dict.fromkeys("әеөүі", "еіү")},
    invariant="мен бен пен менен",
    devoice={"б": "п", "г": "к", "ғ": "қ"},
    voicing=True,
)
_KY_HARMONY = "аеоө"
_KY_POSS3 = "ыиуү"
KYRGYZ = Turkic(
    (
        " ".join(
            [f"{c}{v}н" for c in "ндт" for v in _KY_POSS3]  # genitive
            + [f"{c}{v}" for c in "ндт" for v in _KY_POSS3]  # accusative
            + [f"{c}{v}" for c in "гкн" for v in _KY_HARMONY]  # dative
            + [f"{c}{v}" for c in "дт" for v in _KY_HARMONY]  # locative
            + [f"нд{v}" for v in _KY_HARMONY]  # locative after a possessive
            + [f"{c}{v}н" for c in "дтн" for v in _KY_HARMONY]  # ablative
            + ["менен", "дагы", "деги", "тагы", "теги", "ндагы", "ндеги"]
        ),
        "ыбыз ибиз убуз үбүз быз биз буз бүз ыңыз иңиз уңуз үңүз ңыз ңиз ңуз ңүз ың иң уң үң "
        "сы си су сү ы и у ү",
        " ".join(f"{c}{v}р" for c in "лдт" for v in _KY_HARMONY),
    ),
    CYRILLIC_KY_VOWELS,
    after={
        **{f"н{v}": _KY_POSS3 for v in _KY_HARMONY},
        **{f"нд{v}": _KY_POSS3 for v in _KY_HARMONY},
        **{f"н{v}н": _KY_POSS3 + "мнң" for v in _KY_HARMONY},
        **{s: "".join(CYRILLIC_KY_VOWELS) for s in ("сы", "си", "су", "сү")},
        "ндагы": _KY_POSS3, "ндеги": _KY_POSS3,
    },
    after_consonant="ы и у ү",
    harmony={**dict.fromkeys("аы", "аы"), **dict.fromkeys("еиэ", "еи"), "о": "оу", "у": "ау",
             **dict.fromkeys("өү", "өү")},
    invariant="менен",
    devoice={"б": "п", "г": "к"},
    voicing=True,
)
_AZ_POSS3 = "ıiuü"
AZERBAIJANI = Turkic(
    (
        "nın nin nun nün ın in un ün nı ni nu nü ya yə na nə a ə da də nda ndə dan dən ndan ndən "
        "ilə la lə dakı dəki ndakı ndəki ı i u ü",
        "ımız imiz umuz ümüz mız miz muz müz ınız iniz unuz ünüz nız niz nuz nüz sı si su sü",
        "lar lər",
    ),
    AZ_VOWELS,
    after={"na": _AZ_POSS3, "nə": _AZ_POSS3, "nda": _AZ_POSS3, "ndə": _AZ_POSS3,
           "ndan": _AZ_POSS3, "ndən": _AZ_POSS3, "ndakı": _AZ_POSS3, "ndəki": _AZ_POSS3,
           **{s: "".join(AZ_VOWELS) for s in ("ya", "yə", "nın", "nin", "nun", "nün", "nı", "ni",
                                              "nu", "nü", "sı", "si", "su", "sü")}},
    after_consonant="a ə ı i u ü ın in un ün",
    harmony={**dict.fromkeys("aı", "aı"), **dict.fromkeys("ou", "au"),
             **dict.fromkeys("eəi", "əi"), **dict.fromkeys("öü", "əü")},
    invariant="ilə",
    devoice={"ğ": "q", "y": "k"},
)
UZBEK = Turkic(
    (
        "ning ni ga ka qa da dan dagi niki нинг ни га ка қа да дан даги",
        "imiz ingiz miz ngiz im ing si i имиз ингиз миз нгиз им инг си и",
        "lar лар",
    ),
    UZ_VOWELS | frozenset("аеиоуўэюяё"),
    after={},
    after_consonant="i и",
    harmony={},
    devoice={},
)

_GEORGIAN_CASES = sorted(
    "ისათვის ისთვის ისგან ისკენ ისთან იდან ამდე მდე თვის ით ად ის ში ზე თან ზედ ს მა".split(),
    key=len, reverse=True,
)


def georgian(word: str) -> str:
    """Case suffix, then the nominative's final vowel, then the plural -ებ-."""
    for suffix in _GEORGIAN_CASES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] in "აეიოუ":
        word = word[:-1]
    if word.endswith("ებ") and len(word) > 4:
        word = word[:-2]
    return word


_UK_FINAL_VOWEL = frozenset("аяоеєиіїуюйь")
_UK_CLOSED_I = re.compile(r"і([^аеєиіїоуюяь']+)$")


def ukrainian(lemma: str) -> str:
    """The lemma without its final vowel, with a final-syllable і read as о (кір, кору -> кор;
    ліки, ліків -> лок): inflection opens the syllable and turns і back into о or е, and the
    lemmatiser does not always undo it."""
    if len(lemma) > 3 and lemma[-1] in _UK_FINAL_VOWEL:
        lemma = lemma[:-1]
    return _UK_CLOSED_I.sub(r"о\1", lemma) if len(lemma) >= 3 else lemma


TURKIC = {"kk": KAZAKH, "ky": KYRGYZ, "az": AZERBAIJANI, "uz": UZBEK}


def _lemma(word: str, language: str) -> str:
    try:
        return lemmatize(word, language).lower()
    except ValueError:  # a language simplemma does not ship
        return word


@lru_cache(maxsize=None)
def _snowball(language: str) -> Callable[[str], str]:
    return Stemmer.Stemmer(SNOWBALL[language]).stemWord


@lru_cache(maxsize=200_000)
def stem_word(word: str, language: str | None) -> str:
    """The index form of one lower-cased word in `language` (the word itself if unknown)."""
    if language in TURKIC:
        return TURKIC[language](word)
    if language == "ka":
        return georgian(_lemma(word, "ka"))
    if language == "uk":
        return ukrainian(_lemma(word, "uk"))
    base = _lemma(word, language) if language in LEMMA_LANGUAGES else word
    if language in SNOWBALL:
        return _snowball(language)(base)
    return base


def warm_up(record_languages: Iterable[str] = ()) -> None:
    """Map now the lemma tries and load the stemmers that queries reach (every language a
    query's script may be in) and those of `record_languages` (the archive's, for their
    snippets): a trie not yet in the cache takes seconds to build (archive.lemmas), and the
    first search in an alphabet would wait for it (Turkish, which every Latin-script query
    also tries). `make` runs this once, so the demo and the tests find them built."""
    wanted = {language for languages in SCRIPTS.values() for language in languages}
    for language in sorted((wanted | set(record_languages)) & LEMMA_LANGUAGES):
        _lemma("a", language)
    for language in SNOWBALL:
        _snowball(language)


SCRIPTS: dict[str, tuple[str, ...]] = {
    "cyrillic": ("uk", "ru", "kk", "ky", "uz"),
    "latin": ("en", "az", "uz", "ro", "tr"),
    "georgian": ("ka",),
    "armenian": ("hy",),
}
_GEORGIAN = re.compile(r"[\u10a0-\u10ff\u1c90-\u1cbf]")
_ARMENIAN = re.compile(r"[\u0530-\u058f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def script_languages(word: str) -> tuple[str, ...]:
    """Languages a query word may be in, judged by its script, for a query without a language."""
    if _GEORGIAN.search(word):
        return SCRIPTS["georgian"]
    if _ARMENIAN.search(word):
        return SCRIPTS["armenian"]
    if _CYRILLIC.search(word):
        return SCRIPTS["cyrillic"]
    return SCRIPTS["latin"]


WORD = re.compile(r"\w+")


def stem_text(text: str | None, language: str | None) -> str:
    """The stemmed copy of `text` that the stems index holds: stems separated by spaces."""
    return " ".join(stem_word(w.lower(), language) for w in WORD.findall(text or ""))


def stem_record(title: str | None, body: str, language: str | None) -> tuple[str, str]:
    """The stemmed title and text the stems index holds for one announcement."""
    return stem_text(title, language), stem_text(body, language)
