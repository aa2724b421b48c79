"""The interface's language: which one a visitor gets, its messages, and its CLDR formats.

A visitor's language is, in order: `hl` in the URL (the language switcher's links, and feed
links, so a subscription keeps the language it was made in), the `hl` cookie that such a link
sets (so the choice sticks), the browser's Accept-Language, English. Messages come from the
gettext catalogues in `locale/<lang>/LC_MESSAGES/messages.po`, read once with Babel's
`read_po` (no compiled .mo in the repository: a translator edits the .po and restarts).
Dates, numbers, country and language names come from Babel's CLDR data.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT = "en"
COOKIE = "hl"
COOKIE_MAX_AGE = 365 * 24 * 3600
_ACCEPT_ITEM = re.compile(r"^\s*([A-Za-z]{1,8})(?:-[A-Za-z0-9]{1,8})*\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$")


def N_(message: str) -> str:
    """Marks a message for extraction (pybabel) where it is translated later, by name."""
    return message


def _catalogue_languages() -> tuple[str, ...]:
    """English (the messages' own language) and every language with a catalogue."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po"))
    return (DEFAULT, *(lang for lang in found if lang != DEFAULT))


LANGUAGES = _catalogue_languages()


@lru_cache(maxsize=None)
def translations(language: str) -> Translations:
    """The language's catalogue, compiled in memory from its .po file."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return Translations()
    with po.open("rb") as stream:
        catalogue = read_po(stream, locale=language)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)


def load_all() -> None:
    """Read every catalogue now (start-up), so a broken .po fails the start, not a visitor."""
    for language in LANGUAGES:
        translations(language)


def from_accept_language(header: str | None) -> str | None:
    """The best interface language an Accept-Language header names (primary subtags only)."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "")[:500].split(",")):
        match = _ACCEPT_ITEM.match(item)
        if not match:
            continue
        try:
            weight = float(match[2]) if match[2] else 1.0
        except ValueError:
            continue
        language = match[1].lower()
        if language in LANGUAGES and weight > 0:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else None


def negotiate(query: Mapping[str, str], cookies: Mapping[str, str], accept_language: str | None) -> str:
    """URL, then cookie, then Accept-Language, then English (see the module docstring)."""
    for chosen in (query.get("hl"), cookies.get(COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    return from_accept_language(accept_language) or DEFAULT


def request_language(request: Any) -> str:
    """The interface language for a Datasette request."""
    return negotiate(request.args, request.cookies, request.headers.get("accept-language"))


@dataclass
class Interface:
    """Everything a page needs to speak the visitor's language."""

    lang: str
    locale: Locale = field(init=False)
    messages: Translations = field(init=False)
    script: str = field(init=False)

    def __post_init__(self) -> None:
        self.locale = Locale.parse(self.lang)
        self.messages = translations(self.lang)
        # CLDR's likely subtags: uk -> uk_Cyrl_UA
        likely = get_global("likely_subtags").get(self.lang, "").split("_")
        self.script = likely[1] if len(likely) > 1 else "Latn"

    def gettext(self, message: str, **values: Any) -> str:
        text = self.messages.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        text = self.messages.ngettext(singular, plural, n)
        return text.format(n=self.number(n), **values)

    def number(self, n: int) -> str:
        return format_decimal(n, locale=self.locale)

    def date(self, value: str | None, style: str = "long") -> str:
        """An ISO date or timestamp as the locale writes the date ('' when unreadable)."""
        day = parse_day(value)
        return format_date(day, format=style, locale=self.locale) if day else ""

    def moment(self, value: str | None) -> str:
        """An ISO timestamp as the locale writes date and time, in UTC ('' when unreadable)."""
        try:
            when = datetime.fromisoformat(value or "")
        except ValueError:
            return self.date(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return format_datetime(when, format="medium", tzinfo=timezone.utc, locale=self.locale) + " UTC"

    def country(self, code: str | None) -> str:
        return self.locale.territories.get((code or "").upper(), code or "")

    def language(self, code: str | None) -> str:
        return self.locale.languages.get(code or "", code or "")

    def publisher(self, source: Mapping[str, Any]) -> str:
        """A publisher's own name when the interface speaks one of its languages or shares its
        alphabet, else its English name (a Georgian name means nothing to most Kyiv readers)."""
        native, english = source.get("name") or "", source.get("name_en") or ""
        languages = source.get("languages") or ()
        if self.lang in languages or not english or _script(native) == self.script:
            return native or english
        return english

    def switcher(self, href_for: Callable[[str], str]) -> list[dict[str, Any]]:
        """One entry per interface language, named in itself, with the link that picks it."""
        return [{"lang": lang, "name": native_name(lang), "href": href_for(lang),
                 "current": lang == self.lang} for lang in LANGUAGES]

    def template_vars(self) -> dict[str, Any]:
        return {"ui": self, "ui_lang": self.lang, "_": self.gettext, "ngettext": self.ngettext}


@lru_cache(maxsize=None)
def interface(lang: str) -> Interface:
    """The (unchanging) Interface of a language: built once, not per request."""
    return Interface(lang)


@lru_cache(maxsize=None)
def native_name(lang: str) -> str:
    """A language's name in itself (CLDR): українська, кыргызча…"""
    return Locale.parse(lang).get_display_name(lang)


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None


def _script(text: str) -> str:
    """The ISO 15924 code of the first letter's alphabet (Cyrl, Geor, Armn, else Latn)."""
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            return "Cyrl"
        if "\u10a0" <= char <= "\u10ff" or "\u1c90" <= char <= "\u1cbf":
            return "Geor"
        if "\u0530" <= char <= "\u058f":
            return "Armn"
        if char.isalpha():
            return "Latn"
    return ""


Asgi = Callable[[dict[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
                Awaitable[None]]


def language_cookie(app: Asgi) -> Asgi:
    """Make a chosen language stick: a request with a valid `hl` sets the `hl` cookie. Every
    response says it varies with the cookie and Accept-Language, so caches keep one copy per
    language."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await app(scope, receive, send)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        chosen = query.get("hl") if query.get("hl") in LANGUAGES else None

        async def sending(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"vary", b"Cookie, Accept-Language"))
                if chosen:
                    headers.append((b"set-cookie", f"{COOKIE}={chosen}; Path=/; Max-Age="
                                    f"{COOKIE_MAX_AGE}; SameSite=Lax".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, sending)

    return wrapped
