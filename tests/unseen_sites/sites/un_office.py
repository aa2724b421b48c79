"""(i) A UN country office's site (en, ru, ky), Drupal-based as UN country sites are: news
listings at `/<lang>/news` paged with zero-based `?page=N`, stories at `/<lang>/<id>-<slug>`
followed, inside the same content region, by a press-contact block, a "Sustainable
Development Goals in this story" badge block and a list of UN entities involved: none of
which is the announcement's text.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import EDIT_UNMARKED, GONE, NEW, Item, Page, Site, State, esc, int_param

TITLES = {
    "en": [
        ("measles-vaccination-campaign", "UN supports nationwide measles vaccination campaign"),
        ("mental-health-hotline", "New mental health hotline launched with UN support"),
        ("cold-chain-equipment", "Cold chain equipment delivered to regional health centres"),
        ("maternal-health-training", "Midwives trained in emergency obstetric care"),
        ("water-safety-report", "Joint report on drinking water safety presented to parliament"),
        ("primary-care-reform", "UN and Ministry of Health sign primary care reform roadmap"),
        ("hiv-testing-week", "HIV testing week reaches remote communities"),
    ],
    "ru": [
        ("kampaniya-protiv-kori", "ООН поддерживает общенациональную кампанию вакцинации против кори"),
        ("goryachaya-liniya", "При поддержке ООН запущена горячая линия психологической помощи"),
        ("holodovaya-cep", "Оборудование холодовой цепи передано региональным центрам здоровья"),
        ("akusherki-trening", "Акушерки обучены оказанию неотложной акушерской помощи"),
        ("voda-doklad", "Совместный доклад о безопасности питьевой воды представлен парламенту"),
    ],
    "ky": [
        ("kyzamykka-karshy-emdoo", "БУУ кызамыкка каршы жалпы улуттук эмдөө кампаниясын колдойт"),
        ("ishenim-telefonu", "БУУнун колдоосу менен психологиялык жардам телефону ишке кирди"),
        ("muzdatkych-jabdyktar", "Облустук ден соолук борборлоруна муздаткыч жабдуулар өткөрүлүп берилди"),
        ("tuyt-aluuchular-okutuu", "Төрөт алуучулар шашылыш акушердик жардамга окутулду"),
    ],
}
LABELS = {
    "en": {"news": "News", "contact": "Press contact", "sdg": "The Sustainable Development Goals in this story",
           "entities": "UN entities involved in this initiative", "release": "Press release", "next": "Next page ›",
           "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
           "goal3": "Goal 3: Good Health and Well-being", "goal6": "Goal 6: Clean Water and Sanitation",
           "office": "United Nations Joint Health Office in the Kyrgyz Republic", "learn": "Learn more about the Goals"},
    "ru": {"news": "Новости", "contact": "Контакты для прессы", "sdg": "Цели в области устойчивого развития, о которых говорится в этой истории",
           "entities": "Структуры ООН, участвующие в этой инициативе", "release": "Пресс-релиз", "next": "Следующая ›",
           "months": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
           "goal3": "Цель 3: Хорошее здоровье и благополучие", "goal6": "Цель 6: Чистая вода и санитария",
           "office": "Объединённый офис ООН по здравоохранению в Кыргызской Республике", "learn": "Подробнее о Целях"},
    "ky": {"news": "Жаңылыктар", "contact": "Басма сөз үчүн байланыш", "sdg": "Бул окуядагы Туруктуу өнүгүү максаттары",
           "entities": "Бул демилгеге катышкан БУУнун түзүмдөрү", "release": "Пресс-релиз", "next": "Кийинки ›",
           "months": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"],
           "goal3": "3-максат: Ден соолук жана бакубатчылык", "goal6": "6-максат: Таза суу жана санитария",
           "office": "БУУнун Кыргыз Республикасындагы ден соолук боюнча бириккен кеңсеси", "learn": "Максаттар жөнүндө кененирээк"},
}
CONTACT = ("Aigerim Toktosunova", "Communications Officer", "toktosunova@un-kg.org", "+996 312 61 12 13")
CHROME = tuple(LABELS[lang][k] for lang in LABELS for k in ("contact", "sdg", "entities", "goal3", "learn")) + (
    "Aigerim Toktosunova", "toktosunova@un-kg.org", "+996 312 61 12 13",
    "World Health Organization", "United Nations Children's Fund",
)
PAGE_SIZE = 4


class UnOffice(Site):
    host = "health.un-kg.org"
    source_id = "kg_un_health"
    tz = timezone(timedelta(hours=6))
    chrome = CHROME

    def build_items(self) -> list[Item]:
        fates = {("en", 2): EDIT_UNMARKED, ("en", 6): NEW, ("ru", 3): GONE}
        items = []
        for lang, titles in TITLES.items():
            for i, (slug, title) in enumerate(titles):
                n = {"en": 262100, "ru": 262200, "ky": 262300}[lang] + i * 11
                items.append(Item(key=f"{self.source_id}/{n}", path=f"/{lang}/{n}-{slug}", title=title, lang=lang, n=n,
                                  published=f"2024-{3 + i // 3:02d}-{6 + (i * 4) % 21:02d}", fate=fates.get((lang, i), ""),
                                  gone_status=410, extra={"water": "water" in slug or "voda" in slug}))
        return items

    def shown_date(self, item: Item) -> str:
        year, month, day = (item.published or "").split("-")
        name = LABELS[item.lang]["months"][int(month) - 1]
        return {"en": f"{int(day)} {name} {year}", "ru": f"{int(day)} {name} {year} г.", "ky": f"{year}-жылдын {int(day)}-{name}"}[item.lang]

    def layout(self, lang: str, title: str, content: str, canonical: str = "") -> str:
        t = LABELS[lang]
        langs = "".join(f'<li><a href="/{code}" hreflang="{code}" class="language-link">{code.upper()}</a></li>' for code in LABELS)
        return f"""<!DOCTYPE html>
<html lang="{lang}" dir="ltr">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
{f'<link rel="canonical" href="{self.url(canonical)}" />' if canonical else ""}
<title>{esc(title)} | {t["office"]}</title>
<link rel="stylesheet" media="all" href="/themes/custom/un_country/dist/css/main.css?s9k2x1" />
</head>
<body class="path-node page-node-type-news">
<a href="#main-content" class="visually-hidden focusable">Skip to main content</a>
<header class="un-header">
  <div class="un-header__top"><a href="https://www.un.org" class="un-logo"><img src="/themes/custom/un_country/images/un-logo.svg" alt="United Nations" /></a>
    <ul class="language-switcher-language-url links">{langs}</ul></div>
  <nav class="un-menu" aria-label="Main navigation"><ul class="menu">
    <li><a href="/{lang}/about">{"About" if lang == "en" else "О нас" if lang == "ru" else "Биз жөнүндө"}</a></li>
    <li><a href="/{lang}/our-work">{"Our Work" if lang == "en" else "Наша работа" if lang == "ru" else "Биздин иш"}</a></li>
    <li><a href="/{lang}/sdgs">{"Sustainable Development Goals" if lang == "en" else "Цели устойчивого развития" if lang == "ru" else "Туруктуу өнүгүү максаттары"}</a></li>
    <li><a href="/{lang}/news">{t["news"]}</a></li><li><a href="/{lang}/resources">{"Resources" if lang == "en" else "Ресурсы" if lang == "ru" else "Ресурстар"}</a></li></ul></nav>
</header>
<main id="main-content" role="main">
{content}
</main>
<footer class="un-footer"><div class="un-footer__inner">
  <p>{t["office"]}</p>
  <ul class="menu"><li><a href="/{lang}/contact">{"Contact" if lang == "en" else "Контакты" if lang == "ru" else "Байланыш"}</a></li><li><a href="https://www.un.org/en/about-us/copyright">Copyright</a></li><li><a href="https://www.un.org/en/about-us/fraud-alert">Fraud alert</a></li></ul>
</div></footer>
</body>
</html>"""

    def render_item(self, item: Item, state: State) -> str:
        t = LABELS[item.lang]
        goals = [t["goal3"], *([t["goal6"]] if item.extra["water"] else [])]
        badges = "".join(f'<li class="sdg-badge"><a href="/{item.lang}/sdgs/{number}"><img src="/themes/custom/un_country/images/sdg/goal-{number}.svg" alt="" /><span>{esc(g)}</span></a></li>'
                         for number, g in zip((3, 6), goals, strict=False))
        content = f"""<div class="region region-content">
<article class="node node--type-news node--view-mode-full">
  <div class="news-header">
    <div class="field field--name-field-news-type">{t["release"]}</div>
    <h1 class="page-title"><span>{esc(item.title)}</span></h1>
    <div class="field field--name-field-date"><time datetime="{item.published}">{self.shown_date(item)}</time></div>
  </div>
  <div class="clearfix text-formatted field field--name-body">
{"".join(f"<p>{esc(p)}</p>" for p in item.paragraphs(state))}
  </div>
</article>
<div class="block block-un-country block-press-contact">
  <h2>{t["contact"]}</h2>
  <div class="contact-card"><p class="contact-card__name">{CONTACT[0]}</p><p class="contact-card__role">{CONTACT[1]}</p>
  <p>Email: <a href="mailto:{CONTACT[2]}">{CONTACT[2]}</a></p><p>Phone: {CONTACT[3]}</p></div>
</div>
<div class="block block-un-country block-sdg-in-story">
  <h2>{t["sdg"]}</h2>
  <ul class="sdg-badges">{badges}</ul>
  <p><a href="/{item.lang}/sdgs">{t["learn"]}</a></p>
</div>
<div class="block block-un-country block-entities">
  <h2>{t["entities"]}</h2>
  <ul class="entities"><li><a href="https://www.who.int"><abbr title="World Health Organization">WHO</abbr><span>World Health Organization</span></a></li>
  <li><a href="https://www.unicef.org"><abbr title="United Nations Children's Fund">UNICEF</abbr><span>United Nations Children's Fund</span></a></li></ul>
</div>
</div>"""
        return self.layout(item.lang, item.title, content, item.url_path(state))

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        lang = next((code for code in LABELS if path == f"/{code}/news"), None)
        if lang is None:
            return None
        t = LABELS[lang]
        items = self.listed(state, lang)
        pages = max(1, -(-len(items) // PAGE_SIZE))
        page = int_param(query, "page")
        if page >= pages:
            return None
        cards = "".join(
            f'<div class="views-row"><div class="card card--news"><div class="card__type">{t["release"]}</div>'
            f'<h3 class="card__title"><a href="{i.url_path(state)}" hreflang="{lang}">{esc(i.title)}</a></h3>'
            f'<div class="card__date"><time datetime="{i.published}">{self.shown_date(i)}</time></div></div></div>'
            for i in self.page_of(items, page, PAGE_SIZE))
        pager = "".join(f'<li class="pager__item{" is-active" if k == page else ""}"><a href="?page={k}">{k + 1}</a></li>' for k in range(pages))
        if page + 1 < pages:
            pager += f'<li class="pager__item pager__item--next"><a href="?page={page + 1}" rel="next">{t["next"]}</a></li>'
        content = (f'<div class="region region-content"><h1 class="page-title">{t["news"]}</h1>'
                   f'<div class="view view-news"><div class="view-content">{cards}</div>'
                   f'<nav class="pager" role="navigation"><ul class="pager__items">{pager}</ul></nav></div></div>')
        return self.html(self.layout(lang, t["news"], content), tag="listing")
