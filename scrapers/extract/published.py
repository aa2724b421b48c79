"""Where on a page the publication and modification dates are, in order of trust.

1. a "date" selector override; 2. short date lines or <time datetime> next to the heading
(after chrome removal, so sidebars, related lists and footers are gone; the search stops where
the article text starts, so event dates inside the body are never read): the date readers see;
3. structured data (JSON-LD datePublished/dateModified, article:published_time and similar
meta), which gives the time when it names the same day, and the date when no line shows one
(it may be a creation or modification date, or a UTC stamp whose day is not the readers' day);
4. a numeric date closing the heading itself; the first <time datetime> around the heading,
or the only one of the page; 5. the URL (/2019/04/11/, DD-MM-YYYY- slugs; /2018/01/ gives the
month, 'YYYY-MM'), which also corrects a UTC stamp one day off its day; 6. the date the
listing page showed; 7. when none of those spots holds a date (or the URL only a month),
htmldate over the whole pruned page (numeric and ISO dates in ordinary places, abbr/time
elements, the page's own date patterns), asked for the original date and without its
extensive free-text search, which trades precision for coverage. Static pages stay undated
(the page classifier drops the date).
"""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from htmldate import find_date
from lxml.etree import iterwalk
from lxml.html import HtmlElement

from .blocks import clean_line, short_line
from .dates import may_hold_date, parse_date
from .months import month_number
from .page import PageFacts

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished", "publishdate",
    "publish-date", "pubdate", "publication_date", "published_time", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.created", "dc.date.created", "date",
    "sailthru.date", "parsely-pub-date", "article.published",
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "dc.date.modified")
_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "Report", "WebPage", "ReportageNewsArticle", "PressRelease")
_MODIFIED_LABEL = re.compile(
    r"(updated|modified|оновлено|змінено|обновлено|изменено|жаңартылды|өзгертілді|жаңыртылды|"
    r"განახლ|թարմացվ|yenilənib|yangilandi|actualizat)", re.I
)
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:[/._-]|$)")
_URL_DMY = re.compile(r"/(\d{1,2})-(\d{1,2})-((?:19|20)\d\d)(?:[-_/.]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})(?:/|$)")
MAX_LINE = 100  # a date line is short; longer text is a paragraph of the article
MAX_LABEL = 24  # letters of non-month words a date line may hold ('Дата публікації:', 'р.')
_TRAILING_DATE = re.compile(r"(\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2})\W*$")
HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_WORDS = re.compile(r"[^\W\d_]+")
NEAR_LINES = 12  # text lines looked at after the heading


@dataclass(frozen=True)
class Dates:
    published: str | None
    modified: str | None
    elements: tuple[HtmlElement, ...]  # visible date lines, left out of the body


def _structured(facts: PageFacts, tz: str | None, langs: Sequence[str]) -> tuple[str | None, str | None]:
    published = modified = None
    for obj in facts.json_ld:
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds) and "datePublished" not in obj:
            continue
        if published is None and isinstance(obj.get("datePublished"), str):
            published = parse_date(obj["datePublished"], langs, tz)
        if modified is None and isinstance(obj.get("dateModified"), str):
            modified = parse_date(obj["dateModified"], langs, tz)
    for key in PUBLISHED_META:
        if published is None and key in facts.meta:
            published = parse_date(facts.meta[key], langs, tz)
    for key in MODIFIED_META:
        if modified is None and key in facts.meta:
            modified = parse_date(facts.meta[key], langs, tz)
    return published, modified


def from_url(url: str) -> str | None:
    """A date in the URL path: a full day, else a month as 'YYYY-MM'."""
    path = urlsplit(url).path
    for pattern, order in ((_URL_DAY, (0, 1, 2)), (_URL_DMY, (2, 1, 0))):
        m = pattern.search(path)
        if m:
            y, mo, d = (int(m.group(i + 1)) for i in order)
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return parse_date(f"{y:04d}-{mo:02d}-{d:02d}")
    m = _URL_MONTH.search(path)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None


def _text_lines(container: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """(text, owning element) for every text node of `container`, in document order; lazily,
    as only the few lines around the heading are read: a walk, not an XPath, which would wrap
    every text node of a large container (the whole article) before the first is read."""
    for event, el in iterwalk(container, events=("start", "end")):
        if event == "start":
            if isinstance(el.tag, str) and (value := el.text) and (text := clean_line(value)):
                yield text, el
        elif el is not container and (value := el.tail) and (text := clean_line(value)):
            yield text, el.getparent()


def _zone(heading: HtmlElement) -> HtmlElement:
    """The heading's surroundings: climb while the ancestor is still small."""
    zone = heading
    for _ in range(4):
        parent = zone.getparent()
        if parent is None or parent.tag == "html":
            break
        zone = parent
        if parent.tag == "body" or len(zone.text_content()) > 3000:
            break
    return zone


def is_date_line(text: str) -> bool:
    """A line that is a date, perhaps with a label ('Опубліковано:') and a time, not a
    sentence that mentions one ('Семінар відбудеться 12 жовтня 2023 року в Києві')."""
    words = [w for w in _WORDS.findall(text) if len(w) > 1]
    label = sum(map(len, words))
    # Month names are no label; they are looked up only while the words are too many
    # without them ('Опубліковано: 12.03.2024' needs no lookup).
    for word in words:
        if label <= MAX_LABEL:
            break
        if month_number(word) is not None:
            label -= len(word)
    return label <= MAX_LABEL


def _blank(text: str | None) -> bool:
    return not text or text.isspace()


def _readings(text: str, el: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """The line itself, then its element and that element's parent while they stay short:
    a date split over spans ('<b>06</b> <span>вересня</span> 2023') is read whole. Lazily:
    the line itself is most often the date, and the wider texts are not needed then."""
    yield text, el
    last = text
    for node in (el, el.getparent()):
        if node is None or node.tag in ("body", "html"):
            return
        if node is el and not len(el):
            continue  # an element without children holds only its own text: the line
        if node is not el and len(node) == 1 and _blank(node.text) and _blank(el.tail):
            continue  # a parent around nothing but the element ('<li><a>News</a></li>') reads as it
        whole = short_line(node.text_content(), MAX_LINE)
        if whole is None:
            return
        if whole != last:
            yield whole, node
            last = whole


def _near_heading(heading: HtmlElement, tz: str | None, langs: Sequence[str]):
    """Dates on short lines right after (else right before) the heading."""
    heading_nodes = {heading, *heading.iterdescendants()}
    lines = _text_lines(_zone(heading))
    preceding: deque[tuple[str, HtmlElement]] = deque(maxlen=4)
    for text, el in lines:
        if el in heading_nodes:
            break
        preceding.append((text, el))
    else:
        return None, None, ()
    after = []
    for text, el in lines:
        if el in heading_nodes:
            continue
        if len(text) > MAX_LINE or len(after) >= NEAR_LINES:
            break
        after.append((text, el))
    before = [(t, e) for t, e in reversed(preceding) if len(t) <= MAX_LINE]
    published = modified = None
    shown: list[HtmlElement] = []
    for line, owner in after + before:
        for text, el in _readings(line, owner):
            value = _time_value(el, tz, langs) or (
                parse_date(text, langs, tz) if may_hold_date(text) and is_date_line(text) else None)
            if value is None:
                continue
            if _MODIFIED_LABEL.search(f"{text} {_label(el)} {_label_before(el)}"):
                if modified is None:
                    modified = value
                    shown.append(el)
            elif published is None:
                published = value
                shown.append(el)
            break
        if published and modified:
            break
    return published, modified, tuple(shown)


def _label(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('itemprop') or ''}"


def _label_before(el: HtmlElement) -> str:
    """A label in its own element just before the date ('<b>Оновлено:</b> <span>8.09.2023')."""
    previous = el.getprevious()
    if previous is not None:
        text = "" if previous.tag in HEADINGS else clean_line(previous.text_content())
    else:
        text = clean_line(el.getparent().text or "") if el.getparent() is not None else ""
    return text if len(text) <= MAX_LABEL else ""


def _time_value(el: HtmlElement, tz: str | None, langs: Sequence[str]) -> str | None:
    """The machine-readable value of a <time datetime> or itemprop date element."""
    for node in (el, *el.iterancestors("time")):
        value = node.get("datetime") or (node.get("content") if node.get("itemprop") else None)
        if value:
            return parse_date(value, langs, tz)
    return None


def find_dates(
    root: HtmlElement,
    facts: PageFacts,
    url: str,
    heading: HtmlElement | None,
    override: list[HtmlElement],
    timezone: str | None,
    languages: Sequence[str],
    listing_date: str | None,
) -> Dates:
    """Published and modified dates (ISO 8601 in the site's zone) and the lines showing them."""
    for el in override:
        value = _time_value(el, timezone, languages) or parse_date(el.text_content(), languages, timezone)
        if value:
            return Dates(value, None, (el,))
    published, modified = _structured(facts, timezone, languages)
    shown: tuple[HtmlElement, ...] = ()
    if heading is not None:
        near_published, near_modified, shown = _near_heading(heading, timezone, languages)
        if near_published and not (published and published[:10] == near_published[:10]):
            published = near_published  # what readers see
        modified = modified or near_modified
    if published is None and heading is not None:
        # ncdc.ge style: the date closes the heading ('… 02.07.2015')
        trailing = _TRAILING_DATE.search(clean_line(heading.text_content()))
        published = parse_date(trailing.group(1), languages, timezone) if trailing else None
    if published is None:
        # The first <time datetime> around the heading; with no heading, or when the heading's
        # surroundings are the whole page, only a page's single one: several are a list
        # (related news, an events calendar).
        zone = _zone(heading) if heading is not None else root
        stamps = [el for el in zone.iter("time") if el.get("datetime")]
        if zone.tag in ("body", "html") and len(stamps) > 1:
            stamps = []
        if stamps and (value := _time_value(stamps[0], timezone, languages)):
            published, shown = value, (*shown, stamps[0])
    in_url = from_url(url)
    if published and in_url and _utc_stamp_of_url_day(published, in_url):
        published = in_url
    published = published or in_url
    if published is None and listing_date:
        published = parse_date(listing_date, languages, timezone)
    if published is None or len(published) == 7:  # nothing, or only the URL's month
        whole = whole_page_date(root, url, timezone, languages)
        if whole and modified and whole[:10] == modified[:10]:
            whole = None  # htmldate's reserve answer is the modification date: not a publication
        if whole and (published is None or whole.startswith(published)):
            published = whole
    return Dates(published, modified, shown)


def _utc_stamp_of_url_day(value: str, url_day: str) -> bool:
    """A UTC date-time a day off the URL's date: the same moment as the local day the publisher
    put in the URL ('/2023/11/08/' and 2023-11-09T05:30:59+00:00 for a post of 22:30 in UTC-7),
    whose day is the one its readers saw."""
    if len(url_day) != 10 or len(value) <= 10 or not value.endswith("+00:00"):
        return False
    return abs(date.fromisoformat(value[:10]) - date.fromisoformat(url_day)).days == 1


def whole_page_date(root: HtmlElement, url: str, timezone: str | None, languages: Sequence[str]) -> str | None:
    """htmldate's reading of the pruned page, in the site's zone.

    Lists are left out: the dates in them belong to other items (news lists, events calendars),
    never to the page, and htmldate would take one of them. They stand aside (empty stand-ins
    keep their place and tail text) only while htmldate reads: it copies the tree it is given
    before pruning it, so copying the page here first would copy it twice. Style sheets are
    emptied meanwhile: htmldate serialises the page and searches its text for date patterns, and
    a theme's inline CSS (380 KB on one benchmark page, 4 of htmldate's 8 ms) holds no date.
    """
    lists = root.xpath("//ul[not(ancestor::ul or ancestor::ol)] | //ol[not(ancestor::ul or ancestor::ol)]")
    stand_ins = []
    for el in lists:
        stand_in = el.makeelement(el.tag)
        stand_in.tail = el.tail
        el.getparent().replace(el, stand_in)
        stand_ins.append(stand_in)
    styles = [(el, el.text) for el in root.iter("style") if el.text]
    for el, _ in styles:
        el.text = None
    try:
        value = find_date(root, url=url or None, original_date=True, extensive_search=False)
    except Exception:  # htmldate's own parsing of a hostile page must not cost the record
        value = None
    finally:
        for el, stand_in in zip(lists, stand_ins):
            stand_in.getparent().replace(stand_in, el)
        for el, text in styles:
            el.text = text
    return parse_date(value, languages, timezone) if value else None
