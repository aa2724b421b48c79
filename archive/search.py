"""Morphology-aware search: stemmed copies of the text, their FTS5 index, queries, snippets.

A custom FTS5 tokenizer would make every connection (a researcher's plain `sqlite3` included)
need our code to read or write the index. Instead the archive stores a stemmed copy of each
announcement's title and text in `announcements_stems`, an ordinary FTS5 table (stock
`unicode61` tokenizer) whose rowid is the announcement's rowid. The writer calls
`index_announcement` after each insert or change; `reindex` fills whatever is missing or stale,
so a row written by an older writer is never lost to search. Queries are stemmed the same way
(`stem_query`), and snippets are cut from the real text (`highlight`).

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
agreement matters, not linguistic truth. Changing one needs `reindex(db, full=True)`.

Ranking (the `search` and `exact` canned queries in metadata.yml): BM25 over every match costs
time in proportion to the matches (0.6 s for a word in 400,000 of a million announcements),
so a word's matches are read newest-archived first, which FTS5 does by walking its doclists
backwards by rowid, and only the first RANKED_MATCHES (in the chosen country) are ranked. A
rarer word is ranked among all its matches, exactly as an unbounded `ORDER BY rank` would
(ties: most recently archived first). Rowid order is archive order, not publication order:
hourly crawls append new announcements, but a source's first crawl archives its back catalogue
at once. So sort=newest orders by published_at the union of those matches and the matches
among the LATEST_PUBLISHED latest announcements by published_at: exact for a rarer word and
for any word with 100 matches among the latest publications. The descriptions of both queries
say so to their readers; the limits are literals in their SQL and must follow these constants.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import islice

import simplemma
import Stemmer
from sqlite_utils import Database

# The search and exact queries rank a word's matches among its RANKED_MATCHES most recently
# archived; sort=newest also takes its matches among the LATEST_PUBLISHED latest publications.
RANKED_MATCHES = 10_000
LATEST_PUBLISHED = 20_000

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
        return simplemma.lemmatize(word, lang=language).lower()
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
    """Load now the dictionaries and stemmers that queries reach (every language a query's
    script may be in) and those of `record_languages` (the archive's, for their snippets):
    otherwise the first search in an alphabet waits seconds for them (Turkish, which every
    Latin-script query also tries). A dictionary no query or record needs stays unloaded:
    they cost 25-400 MB each (Polish alone 400 MB)."""
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


# --- Text, queries and the index -------------------------------------------------------------

WORD = re.compile(r"\w+")
# Around matched words in snippets: plain characters (JSON and CSV stay readable) that the web
# plugin turns into <mark> after escaping the text.
MARK_START, MARK_END = "\u27e6", "\u27e7"
_OPERATORS = {"OR"}
# Both run inside one SQLite step, where Datasette's time limit cannot interrupt them, and any
# visitor may call them from SQL: bound the work. No announcement body comes near 200,000.
MAX_QUERY_CHARS = 500
MAX_HIGHLIGHT_CHARS = 200_000


def stem_text(text: str | None, language: str | None) -> str:
    """The stemmed copy of `text` that the stems index holds: stems separated by spaces."""
    return " ".join(stem_word(w.lower(), language) for w in WORD.findall(text or ""))


def query_terms(word: str, language: str | None = None) -> set[str]:
    """Every index form a query word may take: its stem in `language`, or in each language of
    its script when none is given, plus the word itself (for records of unknown language)."""
    lower = word.lower()
    languages = (language,) if language else script_languages(lower)
    return {lower} | {stem_word(lower, lang) for lang in languages}


def stem_query(q: str | None, language: str | None = None) -> str:
    """An FTS5 MATCH expression over the stems index: every word must match (in any of its
    forms); `OR` between two words accepts either. Never raises on user input."""
    groups: list[str] = []
    join_next = False
    for token in str(q or "")[:MAX_QUERY_CHARS].split():
        if token in _OPERATORS and groups:
            join_next = True
            continue
        words = WORD.findall(token)
        if not words:
            continue
        # A token such as "COVID-19" holds several words: each of them must match.
        group = " AND ".join(
            "(" + " OR ".join(f'"{t}"' for t in sorted(query_terms(w, language or None))) + ")"
            for w in words
        )
        if join_next:
            groups[-1] = f"({groups[-1]} OR {group})"
            join_next = False
        else:
            groups.append(group)
    return " AND ".join(groups) if groups else '""'


def highlight(text: str | None, q: str | None, language: str | None = None,
              window: int = 0) -> str:
    """`text` with each word that matches the query wrapped in MARK_START/MARK_END.

    With `window`, only about that many words around the first match (the snippet shown under
    a search result); otherwise the whole text. Words are compared through the stemmer of the
    record's `language`, so вакцинації is marked for the query вакцинація. Text beyond
    MAX_HIGHLIGHT_CHARS is left out.
    """
    text = str(text or "")[:MAX_HIGHLIGHT_CHARS]
    wanted: set[str] = set()
    for word in WORD.findall(str(q or "")[:MAX_QUERY_CHARS]):
        if word not in _OPERATORS:
            wanted |= query_terms(word)

    def mark(match: re.Match[str]) -> str:
        word = match.group()
        return f"{MARK_START}{word}{MARK_END}" if _matches(word.lower(), language, wanted) else word

    if not window:
        return WORD.sub(mark, text)
    # Stop reading at the first match: a snippet never needs the rest of a long text.
    words = WORD.finditer(text)
    seen: list[re.Match[str]] = []
    hit = 0
    for match in words:
        seen.append(match)
        if _matches(match.group().lower(), language, wanted):
            hit = len(seen) - 1
            break
    first = max(0, hit - window // 3)
    seen.extend(islice(words, max(0, first + window - len(seen))))
    chosen = seen[first:first + window]
    if not chosen:
        return text
    start, end = chosen[0].start(), chosen[-1].end()
    body = WORD.sub(mark, text[start:end])
    return ("…" if first else "") + body + ("…" if text[end:].strip() else "")


def _matches(word: str, language: str | None, wanted: set[str]) -> bool:
    return word in wanted or stem_word(word, language) in wanted


def stem_record(title: str | None, body: str, language: str | None) -> tuple[str, str]:
    """The stemmed title and text the stems index holds for one announcement."""
    return stem_text(title, language), stem_text(body, language)


def index_announcement(db: Database, announcement_id: str, stems: Sequence[str] | None = None) -> None:
    """(Re)write one announcement's stemmed copy; the caller owns the transaction.

    `stems` (from stem_record, computed by a crawl's extraction workers where CPU is plentiful)
    spares the single writer the stemming; without them the writer stems the text itself.
    """
    row = db.execute(
        "SELECT rowid, title, body_text, language, content_hash FROM announcements WHERE id = ?",
        [announcement_id],
    ).fetchone()
    if row is not None:
        rowid, title, body, language, digest = row
        _write(db, rowid, *(stems or stem_record(title, body, language)), digest)


def reindex(db: Database, *, full: bool = False) -> int:
    """Index every announcement whose stemmed copy is missing or stale (all of them with
    `full`, after a stemmer changed); return how many were written."""
    condition = "" if full else "WHERE s.rowid IS NULL OR s.content_hash != a.content_hash"
    rows = db.execute(
        "SELECT a.rowid, a.title, a.body_text, a.language, a.content_hash FROM announcements a "
        f"LEFT JOIN announcements_stems s ON s.rowid = a.rowid {condition}"
    ).fetchall()
    with db.atomic():
        for rowid, title, body, language, digest in rows:
            _write(db, rowid, *stem_record(title, body, language), digest)
    return len(rows)


def _write(db: Database, rowid: int, title_stems: str, body_stems: str, digest: str) -> None:
    db.execute("DELETE FROM announcements_stems WHERE rowid = ?", [rowid])
    db.execute(
        "INSERT INTO announcements_stems (rowid, title_stems, body_stems, content_hash) "
        "VALUES (?, ?, ?, ?)",
        [rowid, title_stems, body_stems, digest],
    )
