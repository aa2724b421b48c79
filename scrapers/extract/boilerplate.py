"""Cheap removal of page chrome before the main-content search: selectors as data.

Menus, accessibility panels, breadcrumbs, share bars, tag lists, related-news blocks and
footers are recognised by tag, ARIA role and class/id tokens, the way trafilatura's
xpaths.py does it, but tuned for the region's CMSs (moz.gov.ua's a11y panel and mega-menu,
WordPress/Avada chrome, AEM agency logo blocks); link density is left to the main-content
search that follows. Removing chrome early means neither the body, the date nor the
attachments can come from it. Elements on the path to the article heading are protected: a
site that wraps its <h1> in <header> keeps the heading.

Judged by what they hold, not what they are: a <form> holding most of the page is a layout
wrapper (ASP.NET WebForms) and stays as a container; a hidden block holding an article is a
streamed page a script reveals. Reader comments go by their heading in the region's languages
as well as by class tokens. After attachments are read, body.py drops the blocks that follow
the article without being it (post_article_blocks) and a table layout's link-list cells.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

# Never visible: removed whatever they hold.
INVISIBLE_TAGS = frozenset(
    "script style noscript template iframe svg button select textarea input object embed canvas video audio map".split()
)
# Never visible, or not article text wherever they appear.
JUNK_TAGS = frozenset(
    "script style noscript template iframe svg button select textarea input nav aside "
    "footer menu dialog object embed canvas video audio map label".split()
)
JUNK_ROLES = frozenset(
    "navigation banner contentinfo complementary search menu menubar dialog toolbar alert".split()
)
# Class/id sub-tokens (split on space, '-', '_'), lower-cased, matched exactly. Not 'lang': it
# also marks the language of article text ('news_lang_text', 'lang-de'); a language switcher
# is named 'langs' or 'language', or goes as the list of links it is.
JUNK_TOKENS = frozenset(
    """
    nav navbar navigation menu menus megamenu submenu mainmenu topmenu breadcrumb breadcrumbs
    crumbs sidebar share sharing sharer social socials soc likes related similar recommended
    popular readalso tags tagcloud taglist comments comment commentlist disqus respond replies
    cookie cookies consent
    banner advert adv ads advertisement promo subscribe subscription newsletter pagination pager
    toolbar topbar skip skiplink modal popup overlay logo search searchform langs language
    languages switcher accessibility a11y contrast impaired bvi specialversion print rss
    footer copyright hotline widgetarea
    """.split()
)
# Sub-tokens that mark the article container: in another class word of the same element
# they veto a junk token ("article-body pagination-first"); in the same word they do not
# ("related-news", "post-share").
CONTENT_TOKENS = frozenset("article articlebody body content entry post story text main news single".split())
# Whole class values that hide text visually.
HIDDEN_CLASSES = frozenset(
    "sr-only visually-hidden screen-reader-text hidden d-none hide invisible element-invisible".split()
)


def _token_pattern(tokens: frozenset[str]) -> re.Pattern[str]:
    """One regex that finds any of `tokens` as a whole '-'/'_'/space-separated sub-token."""
    alternatives = "|".join(sorted(tokens, key=len, reverse=True))
    return re.compile(rf"(?:^|[\s_\-])(?:{alternatives})(?=$|[\s_\-])")


_JUNK = _token_pattern(JUNK_TOKENS)
# Reader comments: never the article, however long the thread (so no article-text veto).
_COMMENTS = _token_pattern(frozenset("comments comment commentlist disqus respond replies".split()))
# 'live-match-comments', 'live-comment', 'liveticker-comment': a live ticker's minute-by-minute
# commentary, which is the article of a live page, not its readers' comments.
_LIVE = _token_pattern(frozenset("live liveticker liveblog ticker".split()))
_CONTENT = _token_pattern(CONTENT_TOKENS)
_HIDDEN_CLASS = re.compile(rf"(?:^|\s)(?:{'|'.join(map(re.escape, HIDDEN_CLASSES))})(?=$|\s)")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# Never removed by token: the containers that hold the article itself.
SAFE_TAGS = frozenset(("html", "body", "main", "article", "h1", "pre", "code"))  # code: "language-js"


def is_hidden(el: HtmlElement) -> bool:
    """Hidden from every reader: `hidden`, aria-hidden, display:none, sr-only classes."""
    attrib = el.attrib
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    classes = attrib.get("class")
    return bool(classes and _HIDDEN_CLASS.search(classes.lower()))


def is_chrome(el: HtmlElement) -> bool:
    """Navigation, panels and blocks around the article, by tag, role or class/id token."""
    tag = el.tag
    if tag in JUNK_TAGS:
        return True
    attrib = el.attrib
    if tag in SAFE_TAGS or attrib.get("itemprop") == "articleBody":
        return False
    if attrib.get("role") in JUNK_ROLES:
        return True
    if tag == "header" and el.getparent() is not None and el.getparent().tag == "body":
        return True
    names = f"{attrib.get('class') or ''} {attrib.get('id') or ''}".lower()
    if not _JUNK.search(names):  # a token is bounded by spaces too: no match in the whole, none in a word
        return False
    words = names.split()
    junk = [w for w in words if _JUNK.search(w) and not _live_commentary(w)]
    if not junk or any(_CONTENT.search(w) for w in words if w not in junk):
        return False
    return is_comment_thread(el) or not _holds_article_text(el)


def is_comment_thread(el: HtmlElement) -> bool:
    """Named as reader comments by its class or id ('comments', 'commentlist', 'disqus')."""
    words = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
    comments = [w for w in words if _COMMENTS.search(w) and not _live_commentary(w)]
    return bool(comments) and not any(_CONTENT.search(w) for w in words if not _COMMENTS.search(w))


def _live_commentary(word: str) -> bool:
    """A comment token beside a live one in one class word: a live ticker's commentary."""
    return _COMMENTS.search(word) is not None and _LIVE.search(word) is not None


ARTICLE_PARAGRAPHS = 2  # paragraphs of more than 150 characters


def _holds_article_text(el: HtmlElement) -> bool:
    """ARTICLE_PARAGRAPHS long paragraphs: an article (or a section of one), whatever its
    class says ("TestReport__Section--Ads")."""
    long_paragraphs = 0
    for p in el.iter("p"):
        if len(p.text_content()) > 150:
            long_paragraphs += 1
            if long_paragraphs >= ARTICLE_PARAGRAPHS:
                return True
    return False


def _drop(el: HtmlElement) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def remove_elements(elements: Iterable[HtmlElement], protected: frozenset[HtmlElement] = frozenset()) -> int:
    """Drop the given elements, sparing protected ones; returns how many were dropped."""
    count = 0
    for el in list(elements):
        if el in protected:
            continue
        _drop(el)
        count += 1
    return count


# Headings that open a block of other articles ('Читайте також', 'Басқа жаңалықтар').
RELATED_HEADING = re.compile(
    r"^(читайте (також|также|ещё|еще)|інші новини|другие новости|похожие (новости|записи|статьи)|схожі новини|"
    r"більше новин|последние новости|останні новини|басқа жаңалықтар|соңғы жаңалықтар|ұқсас жаңалықтар|"
    r"башка жаңылыктар|акыркы жаңылыктар|окшош жаңылыктар|სხვა სიახლეები|მსგავსი სიახლეები|"
    r"այլ նորություններ|digər xəbərlər|boshqa yangiliklar|alte știri|știri similare|"
    r"related (news|posts|articles|stories)|read (also|more)|more (news|stories)|you (may|might) (also )?like|"
    r"see also|latest news|recommended( for you)?|voc[eê] pode gostar|leia tamb[eé]m|veja tamb[eé]m)\W*$",
    re.I,
)


# Headings that open a reader-comment thread or its form, in the region's languages, English and the
# languages of the public benchmark pages
# ('Коментарі (3)', 'Пікірлер', 'კომენტარები', '2 thoughts on “…”', 'Leave a Reply').
COMMENTS_HEADING = re.compile(
    r"^(\d+\s+)?(comments?|коментар(і|ів)?|комментари(и|ев|й)|пікір(лер)?|комментарий(лер)?|"
    r"კომენტარ(ები|ი)|მოსაზრებები|մեկնաբանություն(ներ)?|şərh(lər)?|comentari(i|u)|izoh(lar)?|шарҳ(ҳо)?|"
    r"(leave|post|add|write) (a|your) (reply|comment|response)|"
    r"(\d+|one|two|three) (thoughts?|responses?|replies|comments?) (on|to)\b.*|"
    r"(залишити|додати|написати) (коментар|відгук)|(оставить|добавить|написать) (комментарий|отзыв)|"
    r"пікір (қалдыру|жазу)|комментарий (калтыруу|жазуу)|დატოვეთ კომენტარი|թողնել մեկնաբանություն|"
    r"şərh (yaz|bildir)(ın)?|las[aă] un comentariu|adaug[aă] un comentariu|izoh qoldiring|шарҳ гузоред|"
    r"(leser)?kommentare|kommentar (schreiben|verfassen|hinterlassen)|schreibe einen kommentar|commentaires?|"
    r"laisser un commentaire|comentarios?|(deja|escribe) (un|tu) comentario|komentarze?|dodaj komentarz)"
    r"\s*(\(\d+\)|\d+)?\W*$",
    re.I,
)


def _related_blocks(body: HtmlElement, protected: frozenset[HtmlElement]) -> list[HtmlElement]:
    """Blocks opened by a 'related news' or a comments heading: the heading's own container
    when the heading opens it, else the heading and the list right after it (related news);
    the heading's line (the heading, or a header block around it holding no more than its
    line: a title bar with a toolbar) and everything after it in its container (a comment
    thread, however long, which such a title bar does not hold)."""
    found = []
    for heading in body.iter("h2", "h3", "h4", "h5", "h6"):
        text = " ".join(heading.text_content().split())
        comments = bool(COMMENTS_HEADING.match(text))
        if not comments and not RELATED_HEADING.match(text):
            continue
        if comments:
            line = _label_line(heading)
            if line not in protected:
                found.append(line)
                found.extend(s for s in line.itersiblings() if s not in protected)
            continue
        parent = heading.getparent()
        if (parent is not None and parent not in protected and parent.tag not in ("html", "body", "main")
                and parent.index(heading) == 0):
            found.append(parent)
            continue
        found.append(heading)
        following = heading.getnext()
        if following is not None and following.tag in ("ul", "ol", "div", "section", "article"):
            found.append(following)
    return found


def strip_chrome(root: HtmlElement, protected: frozenset[HtmlElement], body_length: int) -> None:
    """Remove hidden elements and page chrome.

    `protected` holds the article heading, selector overrides and their ancestors: they
    stay, their chrome children still go. Junk tags go whatever they carry; the elements
    carrying a class, id, role or hiding attribute are judged in document order.
    `body_length` is len(body.text_content()), which the caller measures once for this and
    the recall check: on a large page, reading the whole text costs as much as judging its
    elements.
    """
    body = root.find("body")
    if body is None:
        return
    doomed = _chrome(body, protected, body_length)
    doomed.extend(_logo_captions(body))
    doomed.extend(_related_blocks(body, protected))
    remove_elements((el for el in doomed if el.getparent() is not None), protected)


# Attributes that make an element worth judging (with <header>, chrome only as a child of <body>).
_JUDGED = frozenset(("class", "id", "role", "style", "hidden", "aria-hidden"))


def _chrome(body: HtmlElement, protected: frozenset[HtmlElement], body_length: int) -> list[HtmlElement]:
    """Junk-tag, hidden and chrome elements of `body`, in document order.

    A walk that never enters a doomed element, so a mega-menu's hundreds of links are not
    even visited; telling the elements to judge by their attribute names in Python costs half
    of what one XPath selecting them did. strip_chrome went from 0.64 to 0.14 ms on the pages
    of benchmarks/crawl.py and from 2.55 to 1.52 ms on those of benchmarks/article-extraction.
    """
    doomed = []

    stack = list(reversed(body))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):  # a comment or processing instruction
            continue
        if tag == "form":
            if el not in protected and not holds_most_of(el, body_length) and not _holds_article_text(el):
                doomed.append(el)
                continue
            # a layout wrapper, or a form around an article (a shop's product text): judged like
            # any container, and no library drops it
            el.tag = "div"
        if el not in protected and (tag in JUNK_TAGS or (
            (tag == "header" or not _JUDGED.isdisjoint(el.keys())) and _suspect(el) and (_hidden_chrome(el) or is_chrome(el))
        )) and (tag in INVISIBLE_TAGS or is_comment_thread(el) or not holds_most_of(el, body_length)):
            doomed.append(el)
            continue
        stack.extend(reversed(el))
    return doomed


# Attributes that may hide an element or make it chrome whatever its class says.
_SUSPECT_KEYS = frozenset(("hidden", "aria-hidden", "style", "role"))
_TOKEN_SEPARATORS = re.compile(r"[\s_\-]+")


def _suspect(el: HtmlElement) -> bool:
    """Whether `el` may be hidden or chrome: a chrome token or a hiding class in its class or
    id, or an attribute that can hide it. Two set lookups, where judging costs two functions
    reading six attributes and two searches with a hundred alternatives each, and most elements
    that carry a class are neither (1.7 of 2.6 ms of the chrome walk on large pages went to
    judging). A token is what _JUNK matches: a run between spaces, '-' and '_'."""
    attrib = el.attrib
    if el.tag == "header" or not _SUSPECT_KEYS.isdisjoint(attrib.keys()):
        return True
    return _suspect_names(f"{attrib.get('class') or ''} {attrib.get('id') or ''}")


@lru_cache(maxsize=4096)  # a page repeats its class values on every menu item and card
def _suspect_names(names: str) -> bool:
    names = names.lower()
    return not JUNK_TOKENS.isdisjoint(_TOKEN_SEPARATORS.split(names)) or not HIDDEN_CLASSES.isdisjoint(names.split())


def _hidden_chrome(el: HtmlElement) -> bool:
    """Hidden, and not an article: streaming renderers send the article in a hidden <div>
    that a script reveals (React's <div hidden id="S:0">)."""
    return is_hidden(el) and not _holds_article_text(el)


def holds_most_of(el: HtmlElement, page_text: int) -> bool:
    """An element holding most of the page's text is a layout wrapper, whatever it is called:
    ASP.NET WebForms' <form id="aspnetForm">, a <header role="banner"> or a "navbar" <div>
    that a theme wraps around the whole page. Its chrome children are judged one by one."""
    return page_text > 0 and len(el.text_content()) > page_text / 2


def _logo_captions(body: HtmlElement) -> list[HtmlElement]:
    """Short blocks made of a logo image and its own name ('WHO' + 'WHO' -> 'WHOWHO')."""
    found = []
    for img in body.iter("img"):
        alt = (img.get("alt") or "").strip()
        if not alt:
            continue
        block = img.getparent()
        for _ in range(2):
            if block is None or block.tag in ("body", "html", "main", "article"):
                break
            raw = block.text_content()
            if len(raw) > 240 and len(" ".join(raw[:240].split())) > 60:
                break  # a start already too long: joining a prefix's words never gives more
            text = " ".join(raw.split())
            if len(text) > 60:
                break
            if text and text.replace(alt, "").strip(" |-") == "":
                found.append(block)
                break
            block = block.getparent()
    return found


# Labels that open a block after the article which is not the article: press contacts, "for more
# information", sustainable-development-goal badges, share bars, related documents; in the
# region's languages and English. A label is a short line on its own ('Для довідок:', 'ЦУР 3').
POST_ARTICLE_LABEL = re.compile(
    r"^(for (more|further) information|for (media|press) (inquiries|enquiries)|(media|press) (contacts?|enquiries|inquiries)|"
    r"contacts? for (the )?(media|press)|contact information|related (documents|resources|files)|documents|"
    r"goals? we are supporting.*|sustainable development goals?|(goal|sdg) ?\d{1,2}\b.*|un entities involved.*|"
    r"share( this)?( (article|page|story|post|news))?( on)?|"
    r"для довідок|довідки за телефоном|контакти для (преси|змі)|контактна інформація|більше інформації|"
    r"додаткова інформація|пов['’ʼ]язані документи|документи|цілі сталого розвитку|(цур|ціль) ?\d{1,2}\b.*|поділитися|"
    r"для справок|справки по телефону|контакты для (прессы|сми)|контактная информация|дополнительная информация|"
    r"более подробная информация|связанные документы|документы|цели устойчивого развития|(цур|цель) ?\d{1,2}\b.*|"
    r"поделиться|анықтама үшін|анықтама телефоны|қосымша ақпарат|тұрақты даму мақсаттары|(тдм|мақсат) ?\d{1,2}\b.*|"
    r"қатысты құжаттар|құжаттар|бөлісу|маалымат үчүн|кошумча маалымат|туруктуу өнүгүү максаттары|"
    r"(ӨМ|максат) ?\d{1,2}\b.*|тиешелүү документтер|документтер|бөлүшүү|დამატებითი ინფორმაციისთვის|"
    r"დამატებითი ინფორმაცია|საკონტაქტო ინფორმაცია|მედია კონტაქტი|მდგრადი განვითარების მიზნები|"
    r"დაკავშირებული დოკუმენტები|დოკუმენტები|გაზიარება|լրացուցիչ տեղեկությունների համար|"
    r"լրացուցիչ տեղեկություններ|կայուն զարգացման նպատակներ|առնչվող փաստաթղթեր|փաստաթղթեր|կիսվել|"
    r"əlavə məlumat üçün|əlavə məlumat|dayanıqlı inkişaf məqsədləri|əlaqəli sənədlər|sənədlər|paylaş|"
    r"pentru mai multe informa[tțţ]ii|informa[tțţ]ii suplimentare|contacte media|persoan[aă] de contact|"
    r"obiectivele de dezvoltare durabil[aă]|documente conexe|documente|distribuie|"
    r"qo\W?shimcha ma\W?lumot( uchun)?|barqaror rivojlanish maqsadlari|tegishli hujjatlar|hujjatlar|ulashish|"
    r"қўшимча маълумот( учун)?|барои маълумоти иловагӣ|маълумоти иловагӣ|ҳадафҳои рушди устувор|"
    r"ҳуҷҷатҳои марбут|ҳуҷҷатҳо)(\W*$|\s*:)",
    re.I,
)
MAX_LABEL_LINE = 80  # characters: longer text is a sentence that mentions a label word
_BLOCKS = frozenset("div section p ul ol table h2 h3 h4 h5 h6 dl aside footer figure blockquote".split())


def _label_line(node: HtmlElement) -> HtmlElement:
    """The largest element around a label whose whole text is still that short line."""
    line = node
    while line.getparent() is not None and line.getparent().tag not in ("body", "html"):
        if len(" ".join(line.getparent().text_content().split())) > MAX_LABEL_LINE:
            break
        line = line.getparent()
    return line


def _text_length(elements: Iterable[HtmlElement]) -> int:
    return sum(len(el.text_content()) for el in elements)


_TEXT_OUTSIDE_LINKS = etree.XPath(".//text()[string-length(normalize-space()) > 2][not(ancestor::a)]")


def post_article_blocks(body: HtmlElement) -> list[HtmlElement]:
    """The first post-article block (or comment thread) and everything after it, to drop.

    From the label's line, climb while it opens its container; at the first level where the
    container holds enough text before it (as much as from it on; a third for a comment
    thread, which may outgrow the article), the line (or the block it opens) and its
    following siblings are the tail. A label at the top of the page opens nothing: the text
    before it is empty at every level. A link is never a label: menus name these sections too,
    and a label opens its line. A tail holding article paragraphs (_holds_article_text) is not
    after the article: a share bar stands between an article's sections too.
    """
    for node in _TEXT_OUTSIDE_LINKS(body):
        if len(node) > 2 * MAX_LABEL_LINE and len(" ".join(node[: 2 * MAX_LABEL_LINE].split())) > MAX_LABEL_LINE:
            continue  # a paragraph, told from its start: joining a prefix's words never gives more
        text = " ".join(node.split())
        if len(text) > MAX_LABEL_LINE:
            continue
        share = 1.0 if POST_ARTICLE_LABEL.match(text) else 1 / 3 if COMMENTS_HEADING.match(text) else 0.0
        if not share:
            continue
        owner = node.getparent()
        if node.is_tail:
            owner = owner.getparent()
        if owner is None:
            continue
        block = _label_line(owner)
        if not " ".join(block.text_content().split()).startswith(text):
            continue  # words of a sentence ('… <a>the guide</a> for more information.'), not a label opening its line
        while block.getparent() is not None and block.getparent().tag not in ("html",):
            parent = block.getparent()
            tail = [block, *block.itersiblings()]
            after = _text_length(tail)
            before = len(parent.text_content()) - after
            if before >= after * share and before > 0:
                if block.tag not in _BLOCKS and block.getparent().tag not in ("body",):
                    break  # an inline label inside running text: not a block of its own
                if share == 1.0 and any(_holds_article_text(el) for el in tail):
                    break  # a share bar between the article's sections: the article goes on after it
                return tail
            if before > 0 or parent.tag == "body":
                break
            block = parent
    return []


# Labels that introduce a link to another story inside the article ('Читайте також: <a>…</a>',
# 'Read more: <a>…</a>', 'Le puede interesar: <a>…</a>'), in the region's languages, English and the
# languages of the public benchmark pages; a separator follows the label.
INLINE_RELATED_LABEL = re.compile(
    r"^(read (more|also)|also read|see also|related( (articles?|stor(y|ies)|news))?|more on this( story| topic)?|"
    r"читайте (також|ще|тут)|також читайте|дивіться також|більше по темі|читайте (также|ещё|еще|тут)|также читайте|"
    r"смотрите также|сондай-ақ оқыңыз|ошондой эле окуңуз|ასევე წაიკითხეთ|"
    r"lesen sie (auch|hier|mehr)|auch lesen|auch interessant|mehr zum thema|(zum )?weiterlesen|siehe auch|"
    r"(à )?lire aussi|lire également|voir aussi|le[ea] tambi[eé]n|(le|te) puede interesar|puedes? ver|mire|"
    r"ver tambi[eé]n|notas? relacionadas?|leia tamb[eé]m|veja tamb[eé]m|saiba mais|"
    r"czytaj (też|także|również)|zobacz (też|także)|przeczytaj (też|także))\s*[:»>|–—-]",
    re.I,
)
MAX_INLINE_RELATED = 300  # characters: a label and a headline, not a paragraph that starts with the words
INLINE_RELATED_LINKS = 0.6  # share of the text after the label in links: the rest is the other story's title


_PARAGRAPHS_WITH_LINKS = etree.XPath(".//p[.//a]")  # most paragraphs hold no link: none is read in Python


def inline_related_links(body: HtmlElement) -> list[HtmlElement]:
    """Paragraphs inside the article that are a 'read also' label and a link to another story.

    They sit between the article's paragraphs, where neither chrome removal (no class names
    them) nor post_article_blocks (the article goes on after them) reaches; trafilatura keeps
    them as text. A paragraph that merely starts with the words is longer, or not mostly a link.
    """
    found = []
    for paragraph in _PARAGRAPHS_WITH_LINKS(body):
        first = next(paragraph.itertext(), "").lstrip()
        if len(first) > MAX_LABEL_LINE and INLINE_RELATED_LABEL.match(first) is None:
            continue  # a sentence opens it: the paragraph's text starts with this first run of text
        raw = paragraph.text_content()
        if len(raw) > 2 * MAX_INLINE_RELATED:
            continue
        text = " ".join(raw.split())
        label = INLINE_RELATED_LABEL.match(text)
        if label is None or len(text) > MAX_INLINE_RELATED:
            continue
        linked = sum(len(" ".join(a.text_content().split())) for a in paragraph.iter("a"))
        if linked and linked >= INLINE_RELATED_LINKS * (len(text) - label.end()):
            found.append(paragraph)
    return found


_CELL_BLOCKS = frozenset(("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "br"))
MIN_ARTICLE_CELL = 250  # characters of text in the cell that holds a table layout's article
MAX_CELL_LINKS = 0.5  # link density above which a layout cell beside the article is navigation


def _link_share(el: HtmlElement, total: int) -> float:
    return sum(len(a.text_content()) for a in el.iter("a")) / total if total else 1.0


def layout_side_cells(body: HtmlElement) -> list[HtmlElement]:
    """In a table layout, the cells beside the article's cell that are link lists (menu,
    sidebar of news links). A layout cell holds blocks (paragraphs, lists, nested tables), not
    a data value; the article's cell holds most of the row's text."""
    found = []
    for row in body.iter("tr"):
        cells = [c for c in row if c.tag == "td" and any(child.tag in _CELL_BLOCKS for child in c)]
        if len(cells) < 2:
            continue
        sizes = [len(c.text_content()) for c in cells]
        biggest = max(range(len(cells)), key=sizes.__getitem__)
        if sizes[biggest] < MIN_ARTICLE_CELL or sizes[biggest] < 0.5 * sum(sizes):
            continue
        found.extend(c for i, c in enumerate(cells)
                     if i != biggest and _link_share(c, sizes[i]) >= MAX_CELL_LINKS)
    return found
