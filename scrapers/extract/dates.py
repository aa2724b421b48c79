"""Parse one located date string of any of the region's languages into ISO 8601.

Regular expressions plus the month tables of months.py do the work; dateparser is only a
fallback for a short string those miss, because it costs 7-75 ms a call. Output is in the
site's time zone: a bare date when the page shows only a date (no invented midnight), a
date-time with offset when it shows a time. zoneinfo knows that Kazakhstan moved from
UTC+6 to UTC+5 on 2024-03-01. When the site's zone is unknown (None), a date-time keeps the
offset the page wrote: converted to UTC, a late-evening post in UTC-5 would move to the next
day, which is not the day its readers saw.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone as fixed_zone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .months import month_number

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})
_W = r"([^\W\d_]{3,}\.?)"
_MONTH_WORD = re.compile(r"[^\W\d_]{3}")  # what every form with a month name (_W) needs
_ORDINAL = r"(?:st|nd|rd|th|-?(?:го|ого|ші|шы|чи|чы|сы|си|инчи|ынчы|inci|ıncı|ci|cı|cu|cü|ին|-ին))?"
_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_YMD = re.compile(r"(?<!\d)(\d{4})[./](\d{1,2})[./](\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})[./-](\d{4})(?!\d)")
_D_MONTH_Y = re.compile(rf"(?<!\d)(\d{{1,2}}){_ORDINAL}[\s\-.,]*(?:of\s+)?{_W}[\s,.\-]*(\d{{4}})(?!\d)")
_MONTH_D_Y = re.compile(rf"{_W}\s*(\d{{1,2}}){_ORDINAL},?\s+(\d{{4}})(?!\d)")
_Y_D_MONTH = re.compile(rf"(?<!\d)(\d{{4}})(?:\s*-?[^\W\d_]{{1,10}}\.?)?[\s,]*(\d{{1,2}}){_ORDINAL}[\s\-.]*{_W}")
_Y_MONTH_D = re.compile(rf"(?<!\d)(\d{{4}})(?:\s*-?[^\W\d_]{{1,10}}\.?)?[\s,]+{_W}\s*(\d{{1,2}})(?!\d)")
_TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)\s*([ap]\.?m\.?)?", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_FOUR_DIGITS = re.compile(r"\d{4}")
_WORD_NEAR_NUMBER = re.compile(r"\d[\s\-.,]*[^\W\d_]{3,}|[^\W\d_]{3,}[\s\-.,]*\d")
_DATEPARSER_LANGS = frozenset("uk ru kk ky ka hy az ro uz en".split())


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo | fixed_zone:
    """IANA zone by name; UTC when the registry holds an unknown name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fixed_zone.utc


_YEAR_AT_START = date.today().year


def _valid(year: int, month: int, day: int) -> date | None:
    # Years up to next year as of the start need no clock (asking it cost half of this test);
    # a later year is checked against today's, so a process running into a new year still
    # accepts that year's dates.
    if year < 1990 or (year > _YEAR_AT_START + 1 and year > date.today().year + 1):
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _candidates(text: str) -> list[tuple[int, int, date, re.Match[str] | None]]:
    """(start, end, date, iso match) for every well-formed date in `text`."""
    found: list[tuple[int, int, date, re.Match[str] | None]] = []

    def add(m: re.Match[str], y: str, mo: int | None, d: str, iso: bool = False) -> None:
        if mo is not None and (value := _valid(int(y), mo, int(d))):
            found.append((m.start(), m.end(), value, m if iso else None))

    for m in _ISO.finditer(text):
        add(m, m[1], int(m[2]), m[3], iso=True)
    for m in _YMD.finditer(text):
        add(m, m[1], int(m[2]), m[3])
    for m in _DMY.finditer(text):
        first, second = int(m[1]), int(m[3])
        # month first only in the US slash form, and only when the day cannot be a month
        us = m[2] == "/" and second > 12 >= first
        day, month = (second, first) if us else (first, second)
        add(m, m[4], month, str(day))
    if _MONTH_WORD.search(text):  # the forms below name the month: '12.03.2024' skips them
        for m in _D_MONTH_Y.finditer(text):
            add(m, m[3], month_number(m[2]), m[1])
        for m in _MONTH_D_Y.finditer(text):
            add(m, m[3], month_number(m[1]), m[2])
        for m in _Y_D_MONTH.finditer(text):
            add(m, m[1], month_number(m[3]), m[2])
        for m in _Y_MONTH_D.finditer(text):
            add(m, m[1], month_number(m[2]), m[3])
    found.sort(key=lambda c: (c[0], -c[1]))
    return found


def _time_near(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """A clock time outside the date's own span (before or after it)."""
    for m in _TIME.finditer(text):
        if start <= m.start() < end:
            continue
        hour, minute, second = int(m[1]), int(m[2]), int(m[3] or 0)
        marker = (m[4] or "").lower().replace(".", "")
        if marker == "pm" and hour < 12:
            hour += 12
        elif marker == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and second < 60:
            return hour, minute, second
    return None


def _format(day: date, clock: tuple[int, int, int] | None, tz_name: str | None) -> str:
    """The day, with the clock time in the site's zone (UTC when unknown) if one is shown."""
    if clock is None:
        return day.isoformat()
    local = datetime(day.year, day.month, day.day, *clock, tzinfo=zone(tz_name or "UTC"))
    return local.isoformat()


def _from_iso(m: re.Match[str], day: date, tz_name: str | None) -> str:
    if m[4] is None:
        return day.isoformat()
    clock = (int(m[4]), int(m[5]), int(m[6] or 0))
    if not (clock[0] < 24 and clock[1] < 60 and clock[2] < 60):
        return day.isoformat()
    offset = m[7]
    if offset is None:
        return _format(day, clock, tz_name)
    if offset == "Z":
        tzinfo = fixed_zone.utc
    else:
        sign = 1 if offset[0] == "+" else -1
        digits = offset[1:].replace(":", "")
        tzinfo = fixed_zone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    moment = datetime(day.year, day.month, day.day, *clock, tzinfo=tzinfo)
    return (moment if tz_name is None else moment.astimezone(zone(tz_name))).isoformat()


def normalise(text: str) -> str:
    """NFC, one kind of dash and space: U+2011 in '23‑июнь 2025' must not stop a match."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return " ".join(text.replace("\u00a0", " ").split())


def may_hold_date(text: str) -> bool:
    """Whether `text` has four digits in a row: every form read here (and dateparser's
    fallback) needs a year of four digits, so one scan settles most text that holds no date,
    where parse_date tries eight patterns."""
    return _FOUR_DIGITS.search(text) is not None


def parse_date(text: str, languages: Sequence[str] = (), timezone: str | None = None) -> str | None:
    """ISO 8601 date (or date-time with offset when a time is shown) of the first date in `text`,
    in the IANA zone `timezone` (None: unknown, see the module's docstring).

    `text` should be a located, short string (a date line, a meta value, a URL); the first
    date in it wins. Returns None when it holds no plausible date.
    """
    if not text or not may_hold_date(text):
        return None
    clean = normalise(text)
    found = _candidates(clean)
    if found:
        start, end, day, iso = found[0]
        if iso is not None:
            return _from_iso(iso, day, timezone)
        return _format(day, _time_near(clean, start, end), timezone)
    return _dateparser_fallback(clean, languages, timezone)


def _dateparser_fallback(text: str, languages: Sequence[str], tz_name: str | None) -> str | None:
    """dateparser on a short string with a year and a word our tables do not know.

    Only with known languages: without them dateparser tries every locale (~0.4 s a call).
    """
    langs = [code for code in languages if code in _DATEPARSER_LANGS]
    if not langs or len(text) > 60 or not _YEAR.search(text) or not _WORD_NEAR_NUMBER.search(text):
        return None
    import dateparser  # imported lazily: it costs ~0.3 s and is rarely needed

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    try:
        parsed = dateparser.parse(text, languages=langs, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if parsed is None or _valid(parsed.year, parsed.month, parsed.day) is None:
        return None
    clock = _time_near(text, 0, 0)
    return _format(parsed.date(), clock, tz_name)
