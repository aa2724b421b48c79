"""Is this page an announcement? The kind of a fetched page, from what it says about itself.

Sitemaps and feeds list home, listing, category, tag, about and contact pages beside the
news; archived as announcements they make a journalist's counts wrong. No single signal
tells them apart on every CMS, so several weak ones are added up (`evidence`), each with a
weight and a reason a test can print:

- declarations: `og:type` article vs website, JSON-LD `@type` (NewsArticle/BlogPosting vs
  WebPage/CollectionPage/AboutPage/ContactPage), article:published_time;
- the extracted record: a publication date near the heading, a headline-long title, the
  body's length;
- the unpruned tree (`PageShape`, read before chrome removal deletes the evidence): one
  `<article>` or many similar ones, repeated teaser blocks (a link with a date or a linked
  heading each, which is what makes a listing's text mostly links), pagination links, a
  search box echoing the query;
- the URL: root path (home), `?s=`/`/search` (search), `print=1` (print view), `.xml`/feed
  paths (feed), document extensions (attachment), `/category/x/`/`/tag/x/`/`view=category`
  (category), a news section or `?page=N` (listing), `/about/`, `/contacts` (static), and
  the last segment's shape: a slug or a numeric id (under a news path, after a date) vs a
  short section word;
- what discovery knows (`Hints`): a feed lists publications; many URLs of the same shape in
  one sitemap or listing are items of a collection.

A page whose evidence adds up to ANNOUNCEMENT_SCORE or more is an announcement; otherwise the
strongest non-announcement signal names its kind. An undated text that is none of the others
(a project, a programme, a brochure site's "news" page) is a `page`: kept and searchable,
undated, never counted as news. So are home and static pages that the registry entry's
article_url_pattern names: there the entry says the site's content is its pages.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from lxml.html import HtmlElement

from .model import Hints
from .page import PageFacts

KINDS = ("announcement", "page", "home", "listing", "category", "static", "search", "print", "feed",
         "attachment")
ARCHIVED_KINDS = frozenset(("announcement", "page"))
ANNOUNCEMENT_SCORE = 1.5
MIN_PAGE_CHARS = 200  # less text than this is no content page (a contact card, a stub)

# --- the unpruned tree ------------------------------------------------------------------------
_CHROME_TAGS = frozenset(("nav", "header", "footer", "aside"))
_TEASER_HEADINGS = frozenset(("h2", "h3", "h4", "h5"))
_WALKED_TAGS = frozenset(("a", "article", "time", "input", *_TEASER_HEADINGS))
_PAGE_HREF = re.compile(r"PAGEN_\d+=\d|[?&](?:page|paged|start|limitstart)=\d|/page/\d")
_TEXT_INPUTS = frozenset(("", "text", "search"))
_FEED_ROOTS = frozenset(("rss", "feed", "urlset", "sitemapindex", "rdf:rdf", "rdf"))
TEASER_CLIMB = 5  # levels from a date or linked heading up to the repeated teaser block
MAX_MARKS = 300  # date marks, linked headings and <article>s kept (a huge listing needs no more)
MAX_INPUTS, MAX_INPUT_CHARS = 10, 200
MIN_LINK_LINE = 12  # link texts shorter than this are menu words, not titles
MAX_LINK_TEXTS, MAX_LINK_CHARS = 2000, 500  # a title is shorter; a longer text matches no line


@dataclass(frozen=True)
class PageShape:
    """The structure of the whole page, read before pruning: one article or a list of them."""

    articles: int = 0  # top-level <article> elements outside the navigation and sidebars
    article_dominance: float = 0.0  # the largest <article>'s share of their text
    teasers: int = 0  # size of the largest group of sibling blocks holding a link and a date or linked heading
    teaser_chars: int = 0  # text in that group
    pagination: bool = False  # rel=next, ?page=N, PAGEN_, /page/N/, ?start=N, or numbered links
    link_texts: frozenset[str] = frozenset()  # texts of the page's links (a body made of them is a list)
    input_values: tuple[str, ...] = ()  # filled text inputs (a search box echoing its query)
    feed_root: bool = False  # the document is RSS, Atom or a sitemap, not HTML


def _chars(text: str) -> int:
    """Letters, digits and punctuation: whitespace (indentation) is not text."""
    return len(text) - sum(text.count(c) for c in " \n\t\r\xa0")


def _links(anchors: Iterator[HtmlElement]) -> bool:
    """Whether any of the <a> elements has an href. The tree's own iterators, not ElementPath
    finds ('a[@href]'), which parse their path on every call: 1.5 us each, a page's whole
    walk over its elements costs 7."""
    return any(a.get("href") is not None for a in anchors)


def _in_chrome(element: HtmlElement) -> bool:
    return any(a.tag in _CHROME_TAGS for a in element.iterancestors())


def read_shape(root: HtmlElement) -> PageShape:
    """The structural facts `classify` weighs, from one walk over the elements.

    One Python walk with cheap tests costs a third of the XPaths it replaces: libxml2
    evaluates each XPath as a pass of its own, and an ancestor predicate on every node cost
    30 ms on a large page. Elements inside the navigation are left out afterwards, among
    the few found.
    """
    body = next(root.iterchildren("body"), None)
    if body is None:
        return PageShape()
    articles, marks, inputs, link_texts = [], [], [], set()
    pagination, numbered = False, 0
    for el in body.iter():
        tag = el.tag
        if tag not in _WALKED_TAGS:  # most elements: only a date class can make them count
            classes = el.get("class")
            if classes and ("date" in classes or "Date" in classes) and len(marks) < MAX_MARKS:
                marks.append(el)
            continue
        if tag == "a":
            href = el.get("href")
            if href is None:
                continue
            if not pagination and ("page" in href or "PAGEN_" in href or "start=" in href):
                pagination = _PAGE_HREF.search(href) is not None
            text = el.text
            if text is None and len(el):
                text = el[0].text
            text = text.strip() if text else ""
            if len(text) >= MIN_LINK_LINE:
                if len(link_texts) < MAX_LINK_TEXTS:
                    link_texts.add(" ".join(text[:MAX_LINK_CHARS].split()))
            elif text.isdigit() and len(text) <= 3:
                numbered += el.getparent().tag != "td"  # a calendar's days are no pager
            elif not pagination and el.get("rel") == "next":
                pagination = True
            continue
        if tag == "article":
            if len(articles) < MAX_MARKS:
                articles.append(el)
        elif tag == "time" or (tag in _TEASER_HEADINGS and _links(el.iterchildren("a"))):
            if len(marks) < MAX_MARKS:
                marks.append(el)
            continue
        elif tag == "input" and el.get("value") and (el.get("type") or "").lower() in _TEXT_INPUTS:
            if len(inputs) < MAX_INPUTS:
                inputs.append(el.get("value").strip().lower()[:MAX_INPUT_CHARS])
        classes = el.get("class")
        if classes and ("date" in classes or "Date" in classes) and len(marks) < MAX_MARKS:
            marks.append(el)
    articles = [a for a in articles
                if not any(p.tag in _CHROME_TAGS or p.tag == "article" for p in a.iterancestors())]
    sizes = [_chars(a.text_content()) for a in articles]
    teasers, teaser_chars = _teaser_group([m for m in marks if not _in_chrome(m)])
    first = next(iter(body), None)
    return PageShape(
        articles=len(sizes),
        article_dominance=max(sizes) / sum(sizes) if sizes and sum(sizes) else 0.0,
        teasers=teasers,
        teaser_chars=teaser_chars,
        pagination=pagination or numbered >= 2 or any(
            link.get("rel") == "next" for head in root.iterchildren("head") for link in head.iterchildren("link")),
        link_texts=frozenset(link_texts),
        input_values=tuple(inputs),
        feed_root=first is not None and isinstance(first.tag, str) and first.tag.lower() in _FEED_ROOTS,
    )


def _teaser_group(marks: list[HtmlElement]) -> tuple[int, int]:
    """Size and text of the largest set of repeated sibling blocks that each link somewhere.

    From each date mark or linked heading, climb to the first block that has a sibling of its
    own tag: that block is a teaser, its parent the list.
    """
    groups: dict[HtmlElement, set[HtmlElement]] = {}
    for mark in marks:
        block = mark
        for _ in range(TEASER_CLIMB):
            parent = block.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            if sum(1 for sibling in parent if sibling.tag == block.tag) >= 2:
                if block.tag == "a" or _links(block.iterdescendants("a")):
                    groups.setdefault(parent, set()).add(block)
                break
            block = parent
    if not groups:
        return 0, 0
    largest = max(groups.values(), key=len)
    return len(largest), sum(_chars(block.text_content()) for block in largest)


# --- the URL ----------------------------------------------------------------------------------
def _words(*groups: str) -> frozenset[str]:
    return frozenset(w for group in groups for w in group.split())


_NEWS_WORDS = _words(
    "news novosti novyny novini novost novyna zhanalyqtar zhanalyktar jangylyktar janylyktar zhanylyktar",
    "press press-center presscenter press-centre press-tsentr press-releases press-release pressreleases",
    "releases media mediacenter media-center events announcements announcement ogoloshennya ogoloshennia",
    "obyavleniya obyavlenie habarlandyru khabarlandyru articles article stati statti publications",
    "publikatsii publikatsiyi posts post blog item items detail details siakhleebi akhali-ambebi",
    "новости новини новина жаңалықтар жаңылыктар хабарландыру объявления оголошення სიახლეები",
)
_STATIC_WORDS = _words(
    "about about-us aboutus o-nas pro-nas o-centre o-tsentre about-center about-centre contacts contact",
    "contact-us contactus kontakty kontakti kontakt kontaktlar kontaktebi baylanys bailanys baylanysh",
    "structure struktura history istoriya istoriia mission missiya misiya vision leadership management",
    "rukovodstvo kerivnytstvo team staff vacancies vacancy vakansii vakansiyi careers jobs privacy",
    "privacy-policy policy terms sitemap site-map karta-sayta karta-saytu faq partners partnery feedback",
    "obratnaya-svyaz zvorotnii-zviazok reception priemnaya accessibility requisites rekvizity",
    "biz-jonundo biz-turaly chven-shesakheb chvens-shesakheb kontaqti kontaqtebi",
    "контакты контакти байланыс байланыш о-нас про-нас біз-туралы биз-жөнүндө структура история історія",
)
_ABOUT_PREFIXES = _words("about pro o ob contact contacts kontakt kontakty kontakti")  # pro-departament, o-tsentre
_CATEGORY_WORDS = _words(
    "category categories cat tag tags rubric rubrics rubrika rubriki topic topics theme themes tema temy",
    "section sections author authors archive archives arkhiv kategoriya kategoriia kategorii teg tegi",
    "metka metki label labels taxonomy term",
)
_SEARCH_WORDS = _words("search poisk poshuk izdeu izdoo results search-results searchresults найти поиск пошук")
_SEARCH_KEYS = _words("s q search query searchword search_query keyword keywords searchstring keys search_api_fulltext")
_PRINT_KEYS = _words("print printable print_version printversion")
_PRINT_VALUES = _words("print printable")
_VIEW_KEYS = _words("view type layout task mode format do action")
_ARTICLE_VIEWS = _words("article item detail details show news_detail full element")
_LIST_VIEWS = _words("category section list blog tag featured archive categories")
_HOME_WORDS = _words("index default home main glavnaya golovna basty bashky mtavari home_en home_ru home_ky")
_LANG_KEYS = _words("lang language l hl locale")
_TRACKING_KEYS = ("utm_", "fbclid", "gclid", "yclid", "_ga")
_PAGE_KEYS = _words("page paged start limitstart p_page pg pagenum")
_ID_KEYS = _words("id idx nid aid no seq news_id newsid article_id articleid element_id elementid item itemid p postid",
                  "post_id doc_id")
_FEED_WORDS = _words("feed rss atom rss2 rdf")
_DOCUMENTS = _words("pdf doc docx xls xlsx odt ods odp ppt pptx rtf zip rar 7z jpg jpeg png gif mp3 mp4")
_PAGE_EXTENSIONS = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm)$")
_TOKENS = re.compile(r"[-_.+\s]+")
_YEAR = re.compile(r"(?:19|20)\d\d$")
_LANGUAGE_SEGMENT = re.compile(r"[a-z]{2}(?:-[a-z]{2})?$")


@dataclass(frozen=True)
class UrlFacts:
    """What the address says about the page."""

    home: bool = False
    search: bool = False
    print: bool = False
    feed: bool = False
    attachment: bool = False
    category: bool = False
    listing: bool = False  # a news section's own address, or a page number
    paged: bool = False  # ?page=2, ?PAGEN_1=3, ?start=10, /page/4/
    static: bool = False
    item: bool = False  # the last segment is a slug or a numeric id, or the query names an id
    dated: bool = False  # a year (and month) in the path before the item
    under_news: bool = False  # a news section above the item
    short_section: bool = False  # one short word one or two levels down: /about/, /projects/
    article_view: bool = False  # ?view=article, ?type=detail…


def _segments(path: str) -> list[str]:
    return [s for s in unquote(path).lower().split("/") if s]


def _is_item(segment: str) -> bool:
    """A slug (three words or more, or a long one) or an id (digits, possibly before a slug)."""
    stem = _PAGE_EXTENSIONS.sub("", segment)
    tokens = [t for t in _TOKENS.split(stem) if t]
    if not tokens:
        return False
    if tokens[0].isdigit() and (len(tokens[0]) >= 2 or len(tokens) >= 3) and not _YEAR.match(stem):
        return True
    return len(tokens) >= 3 or len(stem) >= 25


def read_url(url: str) -> UrlFacts:
    """The address's shape: see the module docstring for what each part tells."""
    parts = urlsplit(url)
    segments = _segments(parts.path)
    query = [(k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_KEYS)]
    keys = {k for k, _ in query}
    stems = [_PAGE_EXTENSIONS.sub("", s) for s in segments]  # 'news.php' -> 'news', once for every test below
    last = segments[-1] if segments else ""
    stem = stems[-1] if segments else ""
    tokens = [t for t in _TOKENS.split(stem) if t]
    extension = last.rsplit(".", 1)[-1] if "." in last else ""
    meaningful = [s for s, s_stem in zip(segments, stems) if not (s_stem in _HOME_WORDS
                                                                 or _LANGUAGE_SEGMENT.match(s)
                                                                 or all(t in _HOME_WORDS or len(t) == 2 for t in _TOKENS.split(s) if t))]
    views = {v.lower() for k, v in query if k in _VIEW_KEYS}
    search_query = any(k in _SEARCH_KEYS and not (k == "q" and "/" in v) for k, v in query)
    item_query = any(k in _ID_KEYS and v.isdigit() for k, v in query) or any(
        k.startswith("element") and v.isdigit() for k, v in query)
    paged = any((k in _PAGE_KEYS or k.startswith("pagen_")) and v not in ("", "0", "1") for k, v in query) or (
        len(segments) >= 2 and segments[-2] == "page" and last.isdigit())
    item = (_is_item(last) or item_query) and not paged
    news_index = max((i for i, s in enumerate(stems) if s in _NEWS_WORDS), default=-1)
    category_index = max((i for i, s in enumerate(segments) if s in _CATEGORY_WORDS), default=-1)
    return UrlFacts(
        home=not meaningful and keys <= _LANG_KEYS,
        search=search_query or any(s in _SEARCH_WORDS for s in stems)
        or "search" in views,
        print=bool(keys & _PRINT_KEYS) or bool(views & _PRINT_VALUES)
        or any(s in _PRINT_KEYS for s in stems),
        feed=extension in ("xml", "rss", "atom", "rdf") or stem in _FEED_WORDS or "feed" in keys
        or bool(views & _FEED_WORDS),
        attachment=extension in _DOCUMENTS or "attachment_id" in keys or "attachment" in segments[:-1],
        category=bool(views & _LIST_VIEWS) or (category_index >= 0 and not (item and category_index < len(segments) - 2)),
        listing=paged or (news_index == len(segments) - 1 and news_index >= 0 and not item_query),
        paged=paged,
        static=stem in _STATIC_WORDS or (len(tokens) == 2 and tokens[0] in _ABOUT_PREFIXES)
        or any(s in _STATIC_WORDS for s in segments[:-1]),
        item=item,
        dated=any(_YEAR.match(s) for s in segments[:-1]),
        under_news=item and 0 <= news_index < len(segments) - (0 if item_query else 1),
        short_section=bool(segments) and len(segments) <= 2 and not item and not any(c.isdigit() for c in stem)
        and len(tokens) <= 2,
        article_view=bool(views & _ARTICLE_VIEWS),
    )


def url_shape(url: str) -> str:
    """The address with its items abstracted: /news/{item} for every article of a news section.

    Discovery counts the URLs of one sitemap or listing that share a shape; many siblings of
    the same shape are items of a collection, a short section path stands alone.
    """
    parts = urlsplit(url)
    shaped = ["{n}" if s.isdigit() else "{item}" if _is_item(s) else s for s in _segments(parts.path)]
    keys = sorted({k.lower() for k, _ in parse_qsl(parts.query)})
    return f"{parts.hostname}/{'/'.join(shaped)}?{'&'.join(keys)}"


# --- the verdict ------------------------------------------------------------------------------
_ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "blogposting", "report", "scholarlyarticle", "analysisnewsarticle",
    "reportagenewsarticle", "backgroundnewsarticle", "opinionnewsarticle", "techarticle",
    "liveblogposting", "socialmediaposting", "pressrelease",
))
_PAGE_TYPES = {
    "collectionpage": "listing", "searchresultspage": "search", "aboutpage": "static",
    "contactpage": "static", "profilepage": "static", "faqpage": "static", "qapage": "static",
    "itemlist": "listing",
}
_PUBLISHED_META = ("article:published_time", "datepublished")
_WORD = re.compile(r"\w+")


def _types(facts: PageFacts) -> set[str]:
    """JSON-LD @type values, lower-cased (a type may be a list)."""
    found: set[str] = set()
    for obj in facts.json_ld:
        kind = obj.get("@type")
        for value in kind if isinstance(kind, list) else [kind]:
            if isinstance(value, str):
                found.add(value.lower())
    return found


def evidence(shape: PageShape, facts: PageFacts, address: UrlFacts, title: str | None,
             published_at: str | None, body_text: str, hints: Hints) -> list[tuple[float, str]]:
    """Every signal that spoke, as (weight, reason): positive for an announcement."""
    found: list[tuple[float, str]] = []

    def add(weight: float, reason: str) -> None:
        found.append((weight, reason))

    types = _types(facts)
    if types & _ARTICLE_TYPES:
        add(3, "JSON-LD article type")
    elif types & set(_PAGE_TYPES):
        add(-3, "JSON-LD collection/about/contact/search page")
    elif "webpage" in types:
        add(-1.5, "JSON-LD WebPage and no article")
    og_type = facts.meta.get("og:type", "").lower()
    if og_type == "article":
        add(1.5, "og:type article")
    elif og_type:
        add(-1, f"og:type {og_type}")
    if any(key in facts.meta for key in _PUBLISHED_META):
        add(1, "declares its publication time")

    if published_at:
        add(2, "dated")
    else:
        add(-3, "no publication date")
    words = len(_WORD.findall(title or ""))
    if not title:
        add(-1, "no title")
    elif words >= 5 or len(title) >= 40:
        add(1, "headline-long title")
    elif words <= 2 and len(title) < 25:
        add(-1.5, "title of a section (one or two words)")
    body_chars = len(body_text)
    if body_chars < 150:
        add(-1.5, "almost no text")
    elif body_chars >= 1000:
        add(0.5, "long text")

    if shape.articles >= 3 and shape.article_dominance < 0.5:
        add(-2, "several <article> elements of similar size")
    elif shape.articles >= 1 and (shape.articles == 1 or shape.article_dominance >= 0.6):
        add(0.5, "one main <article>")
    if shape.teasers >= 3 and shape.teaser_chars * 2 < body_chars:
        add(-0.5, f"{shape.teasers} repeated teasers beside a text twice as long")
    elif shape.teasers >= 7:
        add(-3, f"{shape.teasers} repeated teasers")
    elif shape.teasers >= 3:
        add(-1.5, f"{shape.teasers} repeated teasers")
    if shape.teasers >= 3 and shape.teaser_chars >= body_chars:
        add(-1, "teasers hold more text than the body")
    if shape.pagination:
        add(-1.5, "pagination")
    if mostly_links(shape, body_text):
        add(-2, "the text is mostly link titles")

    if address.home:
        add(-4, "root path")
    if address.category:
        add(-3, "category or tag path")
    if address.listing:
        add(-2, "news section or page number path")
    if address.static:
        add(-2.5, "about/contact path")
    if address.item:
        add(1, "slug or id in the path")
        if address.under_news:
            add(1, "under a news path")
        if address.dated:
            add(0.5, "date in the path")
    elif address.short_section:
        add(-1, "short section path")
    if address.article_view:
        add(1, "article view in the query")

    if hints.discovered_via == "feed":
        add(1, "listed by a feed")
    if hints.siblings >= 3:
        add(1, f"{hints.siblings} discovered URLs of the same shape")
    return found


def mostly_links(shape: PageShape, body_text: str) -> bool:
    """Whether half the body's lines or more are the titles of links on the page: a list of
    links (projects, news without dates) rather than a text.

    Lines are compared only until the answer is settled: normalising every line of a long
    article took more time than the rest of the classification."""
    if not shape.link_texts:
        return False
    lines = [line for line in body_text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    matched = 0
    for seen, line in enumerate(lines, start=1):
        if " ".join(line.split()).lstrip("•-–*» ") in shape.link_texts:
            matched += 1
            if 2 * matched >= len(lines):
                return True
        elif 2 * (matched + len(lines) - seen) < len(lines):
            return False
    return False


def _not_announcement(shape: PageShape, facts: PageFacts, address: UrlFacts, body_text: str) -> str:
    """The kind of a page that is not an announcement: its strongest other signal.

    A listing needs the structure of one (teasers, pagination, several articles, a declared
    collection) or a page number: a brochure site's "News" page is one text. The site's
    pages about itself (about, contacts, structure, policies) and near-empty pages are
    static; any other undated text (a project, a programme, a health topic) is a page.
    """
    declared = {_PAGE_TYPES[t] for t in _types(facts) if t in _PAGE_TYPES}
    if address.home:
        return "home"
    if address.category:
        return "category"
    if "listing" in declared or address.paged or shape.pagination or shape.teasers >= 2 or (
            shape.articles >= 3 and shape.article_dominance < 0.5) or mostly_links(shape, body_text):
        return "listing"
    if address.static or "static" in declared or len(body_text) < MIN_PAGE_CHARS:
        return "static"
    return "page"


def _echoes_query(shape: PageShape, url: str) -> bool:
    """A filled text box holding a word of the address's query: a search box echoing it. The
    query is read only on a page with a filled text box (most pages have none)."""
    if not shape.input_values:
        return False
    words = {v.strip().lower() for _, v in parse_qsl(urlsplit(url).query) if _WORD.search(v) and not v.isdigit()}
    return bool(words & set(shape.input_values))


def classify(shape: PageShape, facts: PageFacts, url: str, title: str | None, published_at: str | None,
             body_text: str, hints: Hints = Hints()) -> str:
    """One of KINDS for a page: read_shape's facts, the head's, and what extraction found."""
    address = read_url(url)
    if shape.feed_root or address.feed:
        return "feed"
    if address.attachment:
        return "attachment"
    if address.print:
        return "print"
    if address.search or _echoes_query(shape, url) or "searchresultspage" in _types(facts):
        return "search"
    score = sum(weight for weight, _ in evidence(shape, facts, address, title, published_at, body_text, hints))
    kind = "announcement" if score >= ANNOUNCEMENT_SCORE else _not_announcement(shape, facts, address, body_text)
    if hints.pattern_match and kind in ("home", "static"):
        return "page"
    return kind
