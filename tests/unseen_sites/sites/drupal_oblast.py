"""(a) An oblast health department on Drupal 9 (uk): nodes at `/node/N` and path aliases at
`/news/<slug>`, a Views listing paged with zero-based `?page=N`, taxonomy terms, basic pages,
a print view, and a simple_sitemap `sitemap.xml` that lists all of them and a PDF too.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import (
    EDIT_MARKED, EDIT_UNMARKED, GONE, LEFT_INDEX, MOVED, NEW, Item, Page, Site, State, esc, int_param,
    paras_html,
    sitemap_xml,
)

TITLES = [
    ("pro-zakhody-shchodo-profilaktyky-grypu", "Про заходи щодо профілактики грипу та ГРВІ в епідсезоні 2023–2024 років"),
    ("mobilni-bryhady-shcheplennia", "Мобільні бригади щеплення працюватимуть у віддалених громадах області"),
    ("yakist-pytnoi-vody", "Результати лабораторного контролю якості питної води за лютий"),
    ("novyi-ambulatornyi-viddil", "У Новомосковській громаді відкрито оновлене амбулаторне відділення"),
    ("prohrama-medychnykh-harantii", "Ще дев'ять закладів області долучилися до програми медичних гарантій"),
    ("kir-okhoplennia-shcheplenniam", "Охоплення щепленням проти кору: департамент закликає батьків перевірити календар"),
    ("navchannia-medykiv", "Медики області відпрацювали дії під час масового надходження постраждалих"),
    ("obladnannia-dlia-reanimatsii", "Обласна лікарня отримала обладнання для відділення інтенсивної терапії"),
    ("harjacha-liniia-vakcynatsiia", "Гаряча лінія з питань вакцинації: підсумки року"),
    ("stykhiina-torhivlia", "Держпродспоживслужба застерігає від купівлі продуктів у місцях стихійної торгівлі"),
    ("infektsiini-statsionary", "Ситуація з інфекційними захворюваннями в стаціонарах області"),
    ("dozy-vakcyny-rozpodil", "Область отримала нову партію вакцини проти поліомієліту"),
    ("skryninh-sertsevo-sudynnykh", "Безоплатний скринінг серцево-судинних захворювань у червні"),
    ("den-donora", "Національний день донора: де здати кров в області"),
]
CHROME = (
    "Перейти до основного вмісту",
    "Гаряча лінія департаменту",
    "0 800 505 201 — цілодобово, безкоштовно",
    "49004, м. Дніпро, просп. Олександра Поля, 2",
    "© 2024 Департамент охорони здоров'я Придніпровської обласної державної адміністрації",
    "Епідеміологічна ситуація",
)
MONTHS = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
          "жовтня", "листопада", "грудня"]
PAGE_SIZE = 5
STATIC = {
    "/pro-departament": ("Про департамент", [
        "Департамент охорони здоров'я є структурним підрозділом обласної державної адміністрації, що забезпечує виконання державної політики у сфері охорони здоров'я на території області.",
        "До складу департаменту входять управління лікувально-профілактичної допомоги, відділ громадського здоров'я та відділ фінансового забезпечення.",
    ]),
    "/struktura": ("Структура департаменту", [
        "Директор департаменту, заступники директора, управління організації медичної допомоги дорослому населенню, відділ охорони материнства і дитинства.",
        "Положення про структурні підрозділи затверджено розпорядженням голови обласної державної адміністрації.",
    ]),
    "/kontakty": ("Контакти", [
        "Адреса: 49004, м. Дніпро, просп. Олександра Поля, 2. Приймальня директора: (056) 742-88-10.",
        "Електронна пошта: dozz@prydniprovska-oda.gov.ua. Графік роботи: понеділок – четвер 8:00–17:00, п'ятниця 8:00–15:45.",
    ]),
}
PDF = "/sites/default/files/2024-03/nakaz_245.pdf"


class DrupalOblast(Site):
    host = "dozz.prydniprovska-oda.gov.ua"
    source_id = "ua_prydniprovska_dozz"
    tz = timezone(timedelta(hours=2))
    chrome = CHROME

    def build_items(self) -> list[Item]:
        fates = {4: MOVED, 5: EDIT_MARKED, 7: EDIT_UNMARKED, 9: LEFT_INDEX, 11: GONE, 12: NEW, 13: NEW}
        items = []
        for i, (slug, title) in enumerate(TITLES):
            n = 101 + i
            month, day = 1 + i // 3, 3 + (i * 7) % 25
            path = f"/node/{n}" if i in (2, 8) else f"/news/{slug}"
            items.append(Item(
                key=f"{self.source_id}/{n}", path=path, title=title, lang="uk", n=n,
                published=f"2024-{month:02d}-{day:02d}T{9 + i % 8:02d}:{(i * 13) % 60:02d}",
                fate=fates.get(i, ""), moved_to=f"/news/{slug}-onovleno" if i == 4 else "",
                extra={"term": 3 if i % 2 else 7, "pdf": i == 1},
            ))
        return items

    # --- layout ------------------------------------------------------------------------------
    def layout(self, title: str, content: str, state: State, *, body_class: str, crumb: str,
               canonical: str = "", shortlink: str = "") -> str:
        latest = "".join(f'<li><a href="{i.url_path(state)}">{esc(i.title)}</a></li>'
                         for i in self.listed(state)[:4])
        links = (f'<link rel="canonical" href="{self.url(canonical)}" />\n' if canonical else "") + (
            f'<link rel="shortlink" href="{self.url(shortlink)}" />\n' if shortlink else "")
        return f"""<!DOCTYPE html>
<html lang="uk" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/  dc: http://purl.org/dc/terms/  og: http://ogp.me/ns#">
<head>
<meta charset="utf-8" />
<meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />
<meta name="MobileOptimized" content="width" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
{links}<link rel="icon" href="/themes/custom/oda/favicon.ico" type="image/vnd.microsoft.icon" />
<title>{esc(title)} | Департамент охорони здоров'я Придніпровської ОДА</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_6WkCqV0wE2S.css" />
</head>
<body class="{body_class}">
<a href="#main-content" class="visually-hidden focusable skip-link">Перейти до основного вмісту</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas>
<header role="banner" class="site-header">
  <div class="region region-header"><div id="block-oda-branding" class="block block-system block-system-branding-block">
    <a href="/" rel="home" class="site-logo"><img src="/themes/custom/oda/logo.svg" alt="Головна" /></a>
    <div class="site-name"><a href="/" rel="home">Департамент охорони здоров'я Придніпровської ОДА</a></div>
  </div></div>
  <div class="region region-primary-menu"><nav role="navigation" aria-labelledby="block-oda-main-menu-menu" id="block-oda-main-menu" class="block block-menu navigation menu--main">
    <h2 class="visually-hidden" id="block-oda-main-menu-menu">Основна навігація</h2>
    <ul class="menu"><li class="menu-item"><a href="/">Головна</a></li><li class="menu-item"><a href="/pro-departament">Про департамент</a></li><li class="menu-item"><a href="/struktura">Структура</a></li><li class="menu-item menu-item--active-trail"><a href="/news">Новини</a></li><li class="menu-item"><a href="/taxonomy/term/3">Епідеміологічна ситуація</a></li><li class="menu-item"><a href="/kontakty">Контакти</a></li></ul>
  </nav></div>
  <div class="region region-search"><form action="/search/node" method="get" id="search-block-form" accept-charset="UTF-8"><input type="search" name="keys" placeholder="Пошук" /><input type="submit" value="Знайти" /></form></div>
</header>
<div class="region region-breadcrumb"><div id="block-oda-breadcrumbs" class="block block-system block-system-breadcrumb-block">
  <nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">Навігаційний ланцюжок</h2>
  <ol><li><a href="/">Головна</a></li><li><a href="/news">Новини</a></li><li>{esc(crumb)}</li></ol></nav>
</div></div>
<main role="main" class="layout-main-wrapper">
  <a id="main-content" tabindex="-1"></a>
  <div class="layout-content"><div class="region region-content">
    <div data-drupal-messages-fallback class="hidden"></div>
    {content}
  </div></div>
  <aside class="layout-sidebar-second" role="complementary"><div class="region region-sidebar-second">
    <div class="views-element-container block block-views block-views-blocknews-block-1" id="block-views-block-news-block-1">
      <h2>Останні новини</h2><div class="view view-news view-id-news view-display-id-block_1"><div class="view-content"><ul>{latest}</ul></div></div>
    </div>
    <div id="block-hotline" class="block block-block-content"><h2>Гаряча лінія департаменту</h2>
      <div class="field field--name-body"><p>0 800 505 201 — цілодобово, безкоштовно</p></div></div>
  </div></aside>
</main>
<footer role="contentinfo" class="site-footer"><div class="region region-footer">
  <div id="block-footer-address" class="block block-block-content"><p>© 2024 Департамент охорони здоров'я Придніпровської обласної державної адміністрації</p>
  <p>49004, м. Дніпро, просп. Олександра Поля, 2</p></div>
  <nav role="navigation" id="block-footer-menu"><ul class="menu"><li><a href="/kontakty">Контакти</a></li><li><a href="/sitemap.xml">Карта сайту</a></li></ul></nav>
</div></footer>
</div>
</body>
</html>"""

    def shown_date(self, item: Item) -> str:
        date, _, time = (item.published or "").partition("T")
        year, month, day = date.split("-")
        return f"{int(day)} {MONTHS[int(month) - 1]} {year}, {time}"

    def render_item(self, item: Item, state: State, *, print_view: bool = False) -> str:
        path = item.url_path(state)
        pdf = (f'<div class="field field--name-field-documents field--type-file field--label-above">'
               f'<div class="field__label">Документи</div><div class="field__item"><span class="file file--mime-application-pdf file--application-pdf">'
               f'<a href="{PDF}" type="application/pdf; length=188620">nakaz_245.pdf</a></span> <span>(184.2 КБ)</span></div></div>'
               if item.extra["pdf"] else "")
        term = item.extra["term"]
        term_name = "Епідеміологічна ситуація" if term == 3 else "Вакцинація"
        article = f"""<div id="block-oda-page-title" class="block block-core block-page-title-block">
  <h1 class="page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(item.title)}</span></h1>
</div>
<div id="block-oda-content" class="block block-system block-system-main-block">
<article role="article" about="{path}" class="node node--type-article node--promoted node--view-mode-full">
  <div class="node__meta">
    <span class="field field--name-uid field--type-entity-reference field--label-hidden"><span>pres-sluzhba</span></span>
    <span class="field field--name-created field--type-created field--label-hidden">{self.shown_date(item)}</span>
  </div>
  <div class="node__content">
    <div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{paras_html(item.paragraphs(state))}</div>
    {pdf}
    <div class="field field--name-field-tags field--type-entity-reference field--label-above">
      <div class="field__label">Рубрика</div>
      <div class="field__items"><div class="field__item"><a href="/taxonomy/term/{term}" hreflang="uk">{term_name}</a></div></div>
    </div>
    <ul class="links inline"><li class="print__link"><a href="/print/{item.n}">Версія для друку</a></li></ul>
  </div>
</article></div>"""
        if print_view:
            return (f'<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8" /><title>{esc(item.title)}</title>'
                    f'<meta name="robots" content="noindex" /></head><body class="print-page">'
                    f'<div class="print-header">Департамент охорони здоров\'я Придніпровської ОДА</div>'
                    f'<h1>{esc(item.title)}</h1><div class="print-created">{self.shown_date(item)}</div>'
                    f'{paras_html(item.paragraphs(state))}<div class="print-source">Джерело: {self.url(path)}</div></body></html>')
        return self.layout(item.title, article, state, body_class="path-node page-node-type-article",
                           crumb=item.title, canonical=path, shortlink=f"/node/{item.n}")

    def teaser(self, item: Item, state: State) -> str:
        return (f'<div class="views-row"><article class="node node--type-article node--view-mode-teaser">'
                f'<h2><a href="{item.url_path(state)}" rel="bookmark"><span>{esc(item.title)}</span></a></h2>'
                f'<div class="node__meta"><span class="field--name-created">{self.shown_date(item)}</span></div>'
                f'<div class="field--name-body"><p>{esc(item.paragraphs(state)[0][:180])}…</p></div>'
                f'<a href="{item.url_path(state)}" class="more-link">Детальніше</a></article></div>')

    def listing(self, title: str, items: list[Item], page: int, base: str, state: State, body_class: str) -> Page:
        pages = max(1, -(-len(items) // PAGE_SIZE))
        if page >= pages:
            return self.not_found(404)
        rows = "".join(self.teaser(i, state) for i in self.page_of(items, page, PAGE_SIZE))
        pager = "".join(
            f'<li class="pager__item{" is-active" if k == page else ""}"><a href="{base}?page={k}" title="Перейти на сторінку {k + 1}">{k + 1}</a></li>'
            for k in range(pages))
        if page + 1 < pages:
            pager += f'<li class="pager__item pager__item--next"><a href="{base}?page={page + 1}" title="До наступної сторінки" rel="next"><span>Наступна ›</span></a></li>'
        content = (f'<h1 class="page-title">{esc(title)}</h1><div class="view view-news view-id-news view-display-id-page_1">'
                   f'<div class="view-content">{rows}</div><nav class="pager" role="navigation"><ul class="pager__items js-pager__items">{pager}</ul></nav></div>')
        return self.html(self.layout(title, content, state, body_class=body_class, crumb=title), tag="listing")

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        page = int_param(query, "page")
        if path == "/sitemap.xml":
            return Page(200, self.sitemap(state), "application/xml; charset=utf-8", tag="index")
        if path in ("/", "/news"):
            title = "Головна" if path == "/" else "Новини"
            return self.listing(title, self.listed(state), page, path, state, "path-frontpage" if path == "/" else "path-news")
        if path.startswith("/taxonomy/term/"):
            term = int(path.rsplit("/", 1)[1]) if path.rsplit("/", 1)[1].isdigit() else 0
            items = [i for i in self.listed(state) if i.extra["term"] == term]
            if not items:
                return None
            name = "Епідеміологічна ситуація" if term == 3 else "Вакцинація"
            return self.listing(name, items, page, path, state, "path-taxonomy")
        if path in STATIC:
            title, paras = STATIC[path]
            content = (f'<h1 class="page-title"><span class="field--name-title">{esc(title)}</span></h1>'
                       f'<article role="article" class="node node--type-page node--view-mode-full"><div class="node__content">'
                       f'<div class="clearfix text-formatted field field--name-body">{paras_html(paras)}</div></div></article>')
            return self.html(self.layout(title, content, state, body_class="path-node page-node-type-page",
                                         crumb=title, canonical=path), tag="static")
        if path == "/search/node":
            content = ('<h1 class="page-title">Пошук</h1><form action="/search/node" method="get" class="search-form">'
                       '<input type="search" name="keys" /><input type="submit" value="Пошук" /></form>'
                       '<h2>Ваш пошук не дав результатів.</h2><ul><li>Перевірте правопис.</li><li>Спробуйте інші ключові слова.</li></ul>')
            return self.html(self.layout("Пошук", content, state, body_class="path-search", crumb="Пошук"), tag="static")
        if path.startswith("/print/"):
            n = path.rsplit("/", 1)[1]
            item = next((i for i in self.items if str(i.n) == n and i.live(state)), None)
            return self.html(self.render_item(item, state, print_view=True), tag="static") if item else None
        if path == PDF:
            return Page(200, _pdf(), "application/pdf", tag="file")
        return None

    def sitemap(self, state: State) -> bytes:
        base = [("/", None), ("/news", None), ("/pro-departament", None), ("/struktura", None), ("/kontakty", None),
                ("/taxonomy/term/3", None), ("/taxonomy/term/7", None), ("/search/node", None), (PDF, None)]
        entries = [(self.url(p), m) for p, m in base]
        for item in self.listed(state):
            entries.append((self.url(item.url_path(state)), item.index_date(state, self.tz)))
            if item.n == 103:
                entries.append((self.url(f"/print/{item.n}"), item.index_date(state, self.tz)))
        return sitemap_xml(entries)


def _pdf() -> bytes:
    """A small, valid one-page PDF (an order of the department)."""
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
