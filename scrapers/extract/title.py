"""The article's own heading.

The <h1> that agrees with og:title/<title> wins; a lone <h1> that is the site name (a logo)
loses to the <title> with its site suffix (' | МОЗ України', ' – Сорос-Кыргызстан') cut
off. A rubric line above the heading ('Денсаулық') is never the title because the heading
element, not the first line of the content, is chosen.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .blocks import clean_line, render_text
from .boilerplate import is_hidden
from .page import PageFacts

_SEPARATOR = re.compile(r"\s+(?:\||–|—|-|::|/|·|•|«|»)\s+|\s*\|\s*")
_PIPE = re.compile(r"\s*\|\s*")
_GENERIC_LABELS = frozenset("www gov org com net int edu info news".split())
# Words (transliterated stems) that may stand beside a site's name: 'МОЗ України',
# 'Soros Foundation Kyrgyzstan'.
_NAME_WORDS = ("fond", "foundation", "ukra", "kyrgyz", "kazakh", "qazaq", "georgi", "sakartvel", "armeni", "hayast", "azerba",
              "moldov", "uzbek", "ozbek", "tajik", "tojik", "respubl")
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ә": "a", "ғ": "g", "қ": "q",
    "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "ʼ": "", "’": "",
})
_LOGO = re.compile(r"logo|brand|site-?name|site-?title")
_HOME_PATHS = frozenset(("", "index.php", "index.html", "uk", "ru", "kk", "ky", "ka", "hy", "az", "ro", "uz", "en"))


_WORD = re.compile(r"\w+")


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def element_title(el: HtmlElement) -> str:
    """Heading text on one line (a <br> inside a heading joins with a space)."""
    return clean_line(render_text(el).replace("\n", " "))


def site_names(facts: PageFacts) -> set[str]:
    """Names the page gives itself: og:site_name, application-name, JSON-LD publisher."""
    names = {facts.meta.get(k, "") for k in ("og:site_name", "application-name", "apple-mobile-web-app-title")}
    for obj in facts.json_ld:
        publisher = obj.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.add(publisher["name"])
        if obj.get("@type") in ("WebSite", "Organization") and isinstance(obj.get("name"), str):
            names.add(obj["name"])
    return {_key(n) for n in names if n.strip()}


def host_labels(url: str) -> set[str]:
    """Distinctive labels of the page's host name: 'soros' for soros.kg, 'moz' for moz.gov.ua."""
    host = urlsplit(url).hostname or ""
    return {label for label in re.split(r"[.-]", host) if len(label) >= 3 and label not in _GENERIC_LABELS}


def _names_the_host(piece: str, labels: set[str]) -> bool:
    """'Сорос-Кыргызстан' on soros.kg, 'МОЗ України' on moz.gov.ua: every word is the host's
    name (transliterated, or as initials), a country or 'foundation'; 'МОЗ попереджає' is not."""
    words = _WORD.findall(piece.lower().translate(_TRANSLIT))
    if not words or not labels:
        return False
    initials = "".join(w[0] for w in words)
    if any(len(initials) >= 3 and initials.startswith(label) for label in labels):
        return True
    named = [w for w in words if any(w == label or (len(w) >= 4 and label.startswith(w)) for label in labels)]
    return bool(named) and all(w in named or w.startswith(_NAME_WORDS) for w in words)


def strip_site_suffix(title: str, sites: set[str], labels: set[str] = frozenset()) -> str:
    """Cut ' | Site', 'Site | ' and ' – Site' parts; a dash only when the part is the site's
    declared name or names the host."""
    parts = _PIPE.split(title)
    if len(parts) > 1:
        kept = [p for p in parts if _key(p) not in sites] or parts
        title = max(kept, key=len) if len(kept) > 1 else kept[0]
    pieces = _SEPARATOR.split(title)
    if len(pieces) > 1:
        kept = [
            p for p in pieces
            if _key(p) not in sites
            and not any(s and s in _key(p) and len(_key(p)) - len(s) < 4 for s in sites)
            and not _names_the_host(p, labels)
        ]
        if kept and len(kept) < len(pieces):
            match = re.search(re.escape(kept[0]) + r".*" + re.escape(kept[-1]), title)
            title = match.group(0) if match else kept[0]
    return title.strip(" -–—|")


def _agrees(heading: str, declared: str) -> bool:
    """One contains the other and makes up most of it (a logo <h1> is a small part of <title>)."""
    if not heading or not declared:
        return False
    short, long = sorted((heading, declared), key=len)
    return short in long and len(short) >= 0.5 * len(long)


def is_logo(heading: HtmlElement) -> bool:
    """An <h1> that is the site's logo: an image, a link home, or a logo/brand class."""
    if heading.find(".//img") is not None:
        return True
    for link in heading.iter("a"):
        path = urlsplit(link.get("href") or "").path.strip("/")
        if path in _HOME_PATHS:
            return True
    names = " ".join(f"{el.get('class') or ''} {el.get('id') or ''}" for el in (heading, heading.getparent()) if el is not None)
    return bool(_LOGO.search(names.lower()))


def _visible(el: HtmlElement) -> bool:
    return not any(is_hidden(a) for a in (el, *el.iterancestors()))


def script(text: str) -> str | None:
    """Dominant script of the letters in `text`: latin, cyrillic, georgian, armenian, other."""
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        name = ("latin" if code < 0x250 else "cyrillic" if 0x400 <= code < 0x530
                else "armenian" if 0x530 <= code < 0x590 else "georgian" if 0x10A0 <= code < 0x1100 or 0x1C90 <= code < 0x1CC0
                else "other")
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def find_heading(
    root: HtmlElement, facts: PageFacts, url: str, override: list[HtmlElement]
) -> tuple[HtmlElement | None, str | None]:
    """(heading element or None, title text or None).

    Order: a selector override; an <h1> (else <h2>) that agrees with og:title/<title>; a lone
    content <h1>; the first heading when <title> is in another script (a site name such as
    'Partners for Health' over a Georgian page); else <title> without its site suffix.
    """
    for el in override:
        text = element_title(el)
        if text:
            return el, text
    sites = site_names(facts)
    declared = [facts.meta.get("og:title"), facts.meta.get("twitter:title"), facts.title_tag]
    declared += [o.get("headline") for o in facts.json_ld if isinstance(o.get("headline"), str)]
    declared_keys = [_key(t) for t in declared if t]
    h1s = _headings(root, "h1")

    def agreeing(headings: list[tuple[HtmlElement, str]]) -> tuple[HtmlElement, str] | None:
        for h, text in headings:
            key = _key(text)
            if key not in sites and any(_agrees(key, d) for d in declared_keys):
                return h, text
        return None

    found = agreeing(h1s) or agreeing(_headings(root, "h2"))  # the <h2>s read only when no <h1> agrees
    if found:
        return found
    meta_title = next((t for t in declared if t), None)
    content_h1s = [(h, t) for h, t in h1s if _key(t) not in sites and not is_logo(h)]
    if content_h1s and (meta_title is None or len(content_h1s) == 1):
        return content_h1s[0]
    if meta_title is None:
        first = (h1s or _headings(root, "h2"))[:1]
        return first[0] if first else (None, None)
    standalone = _standalone_piece(root, clean_line(meta_title))
    if standalone is not None:
        return standalone
    stripped = strip_site_suffix(clean_line(meta_title), sites, host_labels(url)) or None
    first = (content_h1s or _headings(root, "h2"))[:1]
    if first and stripped and script(first[0][1]) != script(stripped):
        return first[0]
    return None, stripped


def _standalone_piece(root: HtmlElement, title: str) -> tuple[HtmlElement, str] | None:
    """The one part of a split <title> ('Headline - Site name') that the page also shows as a
    whole element of its own, and that element.

    A page without a heading element (a table layout's bold line in a cell) still shows its
    headline on its own, while the site's name in the same <title> is written differently or
    not at all, or only as a link home; which part is the site's name then needs no list of
    names. Two parts shown alone decide nothing.
    """
    body = root.find("body")
    pieces = {_key(p): " ".join(p.split()) for p in _SEPARATOR.split(title) if len(_key(p)) >= 10}
    if body is None or len(pieces) < 2:
        return None
    shown = []
    for piece in pieces.values():
        matches = [m for m in body.xpath(".//*[normalize-space(.) = $t]", t=piece)
                   if m.tag not in ("option", "script") and _visible(m) and not _linked(m)]
        if matches:  # document order: the outermost first, then the elements it wraps
            inner = [m for m in matches if matches[0] in (m, *m.iterancestors())]
            shown.append((inner[-1], piece))
    return shown[0] if len(shown) == 1 else None


def _linked(el: HtmlElement) -> bool:
    """Text in or around a link: a logo, a menu entry or a teaser, never the page's own headline."""
    return el.tag == "a" or el.find(".//a") is not None or any(a.tag == "a" for a in el.iterancestors())


def _headings(root: HtmlElement, tag: str) -> list[tuple[HtmlElement, str]]:
    """Visible headings of one level with their one-line text (the first six)."""
    found = []
    for h in root.iter(tag):
        if len(found) == 6:
            break
        if _visible(h) and (text := element_title(h)):
            found.append((h, text))
    return found
