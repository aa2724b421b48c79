"""Reading a listing page: which links are announcements, which lead to the next page.

This is what lets a publisher be added with `listing_urls` alone. Links inside the page's
chrome (header, navigation, footer, sidebars, breadcrumbs) are never articles; links whose URL
or text says "contact", "category", "tag", "search"... are not either; what remains must look
like an item: a slug of several words or a numeric id, and a headline-length link text. A
registry `article_url_pattern` replaces the guess outright.

Pagination is followed only within the listing's own URL family: the same path with a page
parameter (`?page=N` zero- or one-based, `?start=N`/`?limitstart=N` in steps of the page size,
`?PAGEN_1=N`...) or with `/page/N/`. The next page is the one `rel="next"` names, else the
pager link numbered one more than the current page, else a "next"/"»"/"Наступна"... link (its
text, aria-label, title or class); `rel="next"` counts on a `<link>` of the head too. The spider stops paging when a page brings no article link
it has not already seen, so a "next" on the last page costs one page, not a loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, parse_qsl, urljoin, urlsplit

from lxml import html as lxml_html

CHROME_TAGS = {"nav", "header", "footer", "aside", "form"}
CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu"}
# Class/id tokens of page chrome. Matched as whole hyphen/underscore-separated words.
CHROME_TOKENS = {
    "menu", "nav", "navbar", "navigation", "header", "footer", "sidebar", "breadcrumb",
    "breadcrumbs", "share", "social", "lang", "language", "languages", "widget", "topbar",
    "accessibility", "a11y", "megamenu", "submenu", "dropdown", "toolbar", "copyright",
    "related", "popular", "tags", "tagcloud", "cookie", "modal", "offcanvas", "skip",
}
# With one of these, "header" or "footer" names an item's or the content's own heading
# (Joomla's div.page-header, WordPress's header.entry-header), not the site's.
CONTENT_TOKENS = {"page", "entry", "article", "post", "item", "blog", "news", "content", "card", "teaser"}
NOT_ARTICLE_WORDS = re.compile(
    r"(^|[/_\-?=&.])(contact|contacts|kontakty|kontakti|about|about-us|category|categories|tag|"
    r"tags|search|login|logout|register|signup|feed|rss|privacy|sitemap|author|page|"
    r"archive|print|share|subscribe|cart|account|wp-admin|wp-login|cdn-cgi)([/_\-?=&.]|$)",
    re.IGNORECASE,
)
FILE_EXTENSIONS = re.compile(
    r"\.(pdf|docx?|xlsx?|odt|ods|pptx?|zip|rar|7z|jpe?g|png|gif|webp|svg|mp4|mp3|avi|xml)$",
    re.IGNORECASE,
)
PAGE_PARAMS = re.compile(
    r"page|p|paged|pg|pn|start|limitstart|offset|from|pagenum|pageno|page_no|currentpage|"
    r"cur_page|pagen_\d+", re.IGNORECASE,
)
NEXT_TEXTS = re.compile(
    r"^(next|older|more|go to next page|далі|наступна|наступні|наст|вперед|вперёд|следующая|"
    r"следующие|след|далее|кийинки|келесі|შემდეგი|հաջորդ|növbəti|următoarea|keyingi)\b|^[›>→»]$",
    re.IGNORECASE,
)
NEXT_CLASS_TOKENS = {"next", "pager-next", "pagination-next", "page-next", "nextpostslink"}
DATE_TEXT = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}:\d{2})?"
    r"|\d{4}\s*ж\.?\s*\d{1,2}\s+\w+"
    r"|\d{1,2}(?:st|nd|rd|th)?[\s\-\u2011]+[^\W\d_]{3,}\.?,?\s+\d{4}(?:,?\s+\d{1,2}:\d{2})?"
    r"|[A-Za-z]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,\s+\d{4}"
)


@dataclass(frozen=True)
class ArticleLink:
    url: str
    date_text: str | None


@dataclass
class ListingLinks:
    articles: list[ArticleLink] = field(default_factory=list)
    rel_next: str | None = None  # the page rel="next" names
    next_page: str | None = None  # the page a "next ›" link names
    numbered: dict[int, str] = field(default_factory=dict)  # pager links by page number

    def following(self, page_no: int) -> str | None:
        """The page after page `page_no`: one page at a time, so paging can stop early.

        A numbered link comes before a "next"-looking one, because "»" is "next" on some
        sites and "last page" on others."""
        return self.rel_next or self.numbered.get(page_no + 1) or self.next_page


def read_listing(
    body: str | bytes,
    url: str,
    domains: tuple[str, ...],
    article_pattern: str | None = None,
    listing_url: str | None = None,
) -> ListingLinks:
    """Classify the links of one listing page (see module docstring)."""
    tree = lxml_html.fromstring(body) if body else None
    result = ListingLinks()
    if tree is None:
        return result
    pattern = re.compile(article_pattern) if article_pattern else None
    family = urlsplit(listing_url or url)
    chrome: dict[lxml_html.HtmlElement, bool] = {}
    page_links = sum(1 for _ in tree.iter("a"))
    seen: set[str] = set()
    for link in tree.iter("link"):  # <link rel="next"> in the head
        if "next" in (link.get("rel") or "").lower().split() and link.get("href"):
            target = urljoin(url, link.get("href", "").strip()).split("#", 1)[0]
            if target != url and _same_family(urlsplit(target), family):
                result.rel_next = result.rel_next or target
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        target = urljoin(url, href).split("#", 1)[0]
        if target in seen or target == url:
            continue
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not _on_domains(parts.hostname or "", domains):
            continue
        kind = _pagination_kind(anchor, parts, family)
        if kind == "rel_next":
            result.rel_next = result.rel_next or target
            continue
        if kind == "next":
            result.next_page = result.next_page or target
            continue
        if kind == "numbered":
            result.numbered.setdefault(int(anchor.text_content().strip()), target)
            continue
        if pattern is not None:
            is_article = bool(pattern.search(target))
        else:
            is_article = not _in_chrome(anchor, chrome, page_links) and _looks_like_article(anchor, parts)
        if is_article:
            seen.add(target)
            result.articles.append(ArticleLink(target, _date_near(anchor)))
    return result


def _on_domains(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def _tokens(element: lxml_html.HtmlElement) -> set[str]:
    words = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return set(re.split(r"[\s_\-]+", words)) - {""}


def _in_chrome(anchor: lxml_html.HtmlElement, known: dict[lxml_html.HtmlElement, bool],
               page_links: int) -> bool:
    """Whether an ancestor is chrome. `known` keeps each ancestor's answer, because a listing's
    links share their ancestors: a menu of a hundred links is judged once."""
    unjudged = []
    verdict = False
    for element in anchor.iterancestors():
        if element in known:
            verdict = known[element]
            break
        unjudged.append(element)
    for element in reversed(unjudged):  # outermost first: chrome holds all it contains
        verdict = verdict or _is_chrome(element, page_links)
        known[element] = verdict
    return verdict


def _is_chrome(element: lxml_html.HtmlElement, page_links: int) -> bool:
    """Site chrome: navigation, header, footer, sidebars, forms. A <form> that holds most of
    the page's links is the page itself (ASP.NET WebForms wrap everything in one), and a
    <header>/<footer> inside an <article> is the article's own."""
    if element.tag == "form":
        return sum(1 for _ in element.iter("a")) * 2 < page_links
    if element.tag in ("header", "footer"):
        return not any(a.tag == "article" for a in element.iterancestors())
    if element.tag in CHROME_TAGS or element.get("role") in CHROME_ROLES:
        return True
    tokens = _tokens(element)
    chrome = tokens & CHROME_TOKENS
    if chrome and chrome <= {"header", "footer"} and tokens & CONTENT_TOKENS:
        return False
    return bool(chrome)


def _looks_like_article(anchor: lxml_html.HtmlElement, parts: SplitResult) -> bool:
    if FILE_EXTENSIONS.search(parts.path) or NOT_ARTICLE_WORDS.search(parts.path + "?" + parts.query):
        return False
    text = " ".join(anchor.text_content().split()) or anchor.get("title", "")
    if len(text) < 15 or len(text.split()) < 3:
        return False
    segments = [s for s in parts.path.split("/") if s]
    if not segments and not parts.query:
        return False
    last = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1]) if segments else parts.query
    slug_words = [w for w in re.split(r"[-_]+", last) if w]
    has_id = bool(re.search(r"\d{3,}", last)) or bool(re.search(r"(^|&)(id|p|nid|element_id)=\d+",
                                                                  parts.query, re.IGNORECASE))
    return len(slug_words) >= 3 or has_id


def _pagination_kind(anchor: lxml_html.HtmlElement, target: SplitResult,
                     family: SplitResult) -> str | None:
    """'rel_next', 'next' ('next ›'), 'numbered' (a page number) or None: not a listing page."""
    if not _same_family(target, family):
        return None
    if "next" in (anchor.get("rel") or "").lower().split():
        return "rel_next"
    text = " ".join(anchor.text_content().split())
    if text.isdigit():
        return "numbered"
    label = text or anchor.get("aria-label") or anchor.get("title") or ""
    parent = anchor.getparent()
    classes = _tokens(anchor) | (set() if parent is None else _tokens(parent))
    if NEXT_TEXTS.search(label.strip()) or classes & NEXT_CLASS_TOKENS:
        return "next"
    return None


def _same_family(t: SplitResult, f: SplitResult) -> bool:
    """Same path with a page parameter, or the path plus /page/N/."""
    if t.hostname != f.hostname:
        return False
    base_path = re.sub(r"/page/\d+/?$", "/", t.path)
    if base_path.rstrip("/") != f.path.rstrip("/"):
        return False
    t_query = {k.lower(): v for k, v in parse_qsl(t.query)}
    f_query = {k.lower(): v for k, v in parse_qsl(f.query)}
    other = {k: v for k, v in t_query.items() if not PAGE_PARAMS.fullmatch(k)}
    changed = t.path != f.path or any(PAGE_PARAMS.fullmatch(k) for k in t_query)
    return changed and other == {k: v for k, v in f_query.items() if not PAGE_PARAMS.fullmatch(k)}


def _date_near(anchor: lxml_html.HtmlElement) -> str | None:
    """The date shown with the item: in the link, or in its item container."""
    element = anchor
    for _ in range(4):
        time_el = element.find(".//time")
        if time_el is not None and (time_el.get("datetime") or time_el.text_content().strip()):
            return time_el.get("datetime") or time_el.text_content().strip()
        match = DATE_TEXT.search(" ".join(element.text_content().split()))
        if match:
            return match.group(0)
        parent = element.getparent()
        if parent is None or len(parent.findall(".//a[@href]")) > 3:
            break
        element = parent
    return None
