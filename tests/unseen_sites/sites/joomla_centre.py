"""(e) A health-promotion centre on Joomla 3 (ky and ru): category blogs at `/ky/zhanylyktar`
and `/ru/novosti` paged with `?start=N` in steps of the list limit, articles at
`/<lang>/<category>/<id>-<alias>` with schema.org microdata and a previous/next article
navigation, a page counter, and a `start` past the end answered with an empty blog page.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import EDIT_UNMARKED, GONE, NEW, Item, Page, Site, State, esc, int_param

TITLES = {
    "ky": [
        ("emdoo-aptalygy", "Облуста эмдөө апталыгы башталды"),
        ("kyzamyk-boyuncha-abal", "Кызамык боюнча абал жана сактануу чаралары"),
        ("kant-diabeti-skrining", "Кант диабетин эрте аныктоо боюнча акысыз скрининг өттү"),
        ("mektep-okuuchulary-tamaktanuu", "Мектеп окуучуларынын туура тамактануусу боюнча семинар"),
        ("tamekiden-bash-tartuu", "Тамекиден баш тартуу күнүнө карата акция өткөрүлдү"),
        ("ayildyk-saktyk-komitetter", "Айылдык саламаттык сактоо комитеттерине окутуу жүргүзүлдү"),
        ("kene-encefaliti", "Кене энцефалитинен сактануу боюнча эскертүү"),
        ("suu-sapaty-tekshyruu", "Ичүүчү суунун сапаты текшерилди"),
        ("jurok-kan-tamyr", "Жүрөк-кан тамыр ооруларынын алдын алуу боюнча жолугушуу"),
        ("emchek-emizuu-jumasy", "Эмчек эмизүүнү колдоо жумалыгы"),
        ("psihikalyk-den-sooluk", "Психикалык ден соолук боюнча ишеним телефону иштей баштады"),
        ("jash-ata-eneler-mektebi", "Жаш ата-энелер мектеби ачылды"),
        ("tuberkulez-kunu", "Бүткүл дүйнөлүк кургак учук менен күрөшүү күнү"),
        ("gripp-mezgili", "Сасык тумоо мезгилине даярдык боюнча кеңешме өттү"),
    ],
    "ru": [
        ("nedelya-immunizacii", "В области началась неделя иммунизации"),
        ("skrining-diabeta", "Бесплатный скрининг на сахарный диабет прошёл в Кара-Суу"),
        ("otkaz-ot-kureniya", "Акция ко Дню отказа от курения"),
        ("kleshchevoj-encefalit", "Предупреждение о клещевом энцефалите"),
        ("kachestvo-vody", "Проверено качество питьевой воды"),
        ("goryachaya-liniya-psihologa", "Заработал телефон доверия по вопросам психического здоровья"),
        ("shkola-molodyh-roditelej", "Открылась школа молодых родителей"),
        ("den-borby-s-tuberkulezom", "Всемирный день борьбы с туберкулёзом"),
    ],
}
LABELS = {
    "ky": {"category": "Жаңылыктар", "start": "Башы", "prev": "Мурунку", "next": "Кийинки", "end": "Аягы",
           "published": "Жарыяланды", "hits": "Каралды", "page": "Барак", "more": "Толугураак...",
           "details": "Толук маалымат", "cat": "Категория",
           "months": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]},
    "ru": {"category": "Новости", "start": "В начало", "prev": "Назад", "next": "Вперёд", "end": "В конец",
           "published": "Опубликовано", "hits": "Просмотров", "page": "Страница", "more": "Подробнее...",
           "details": "Подробности", "cat": "Категория",
           "months": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"]},
}
SECTIONS = {"ky": "zhanylyktar", "ru": "novosti"}
CHROME = (
    "Ош облустук ден соолукту чыңдоо борбору © 2024",
    "Ош шаары, Ленин көчөсү, 221, тел.: (03222) 5-48-17",
    "Биз социалдык тармактарда",
    "Ден соолук боюнча пайдалуу шилтемелер",
)
LIMIT = 6


class JoomlaCentre(Site):
    host = "densooluk-osh.kg"
    source_id = "kg_osh_densooluk"
    tz = timezone(timedelta(hours=6))
    last_modified = False  # Joomla's page cache sends an ETag only
    chrome = CHROME

    def build_items(self) -> list[Item]:
        fates = {("ky", 4): EDIT_UNMARKED, ("ky", 13): NEW, ("ru", 2): GONE}
        items = []
        for lang, titles in TITLES.items():
            for i, (alias, title) in enumerate(titles):
                n = (300 if lang == "ky" else 400) + i
                items.append(Item(key=f"{self.source_id}/{n}", path=f"/{lang}/{SECTIONS[lang]}/{n}-{alias}", title=title,
                                  lang=lang, n=n, fate=fates.get((lang, i), ""),
                                  published=f"2024-{2 + i // 4:02d}-{2 + (i * 7) % 26:02d}T{8 + i % 9:02d}:{(i * 23) % 60:02d}",
                                  gone_status=301 if (lang, i) == ("ru", 2) else 404))
        return items

    def shown_date(self, item: Item) -> str:
        date, _, time = (item.published or "").partition("T")
        year, month, day = date.split("-")
        months = LABELS[item.lang]["months"]
        return f"{int(day)} {months[int(month) - 1]} {year}" if item.lang == "ru" else f"{year}-ж., {int(day)}-{months[int(month) - 1]}"

    def layout(self, lang: str, title: str, content: str, state: State) -> str:
        other = "ru" if lang == "ky" else "ky"
        popular = "".join(f'<li><a href="{i.url_path(state)}">{esc(i.title)}</a></li>' for i in self.listed(state, lang)[:3])
        return f"""<!DOCTYPE html>
<html lang="{lang}-kg" dir="ltr">
<head>
	<meta name="viewport" content="width=device-width, initial-scale=1.0" />
	<meta charset="utf-8" />
	<base href="https://{self.host}/{lang}/{SECTIONS[lang]}" />
	<meta name="generator" content="Joomla! - Open Source Content Management" />
	<title>{esc(title)}</title>
	<link href="/templates/protostar/favicon.ico" rel="shortcut icon" type="image/vnd.microsoft.icon" />
	<link href="/templates/protostar/css/template.css?5d4b2a0b" rel="stylesheet" />
	<script src="/media/jui/js/jquery.min.js?5d4b2a0b"></script>
</head>
<body class="site com_content view-article no-layout no-task itemid-{112 if lang == "ky" else 113}">
	<div class="body" id="top"><div class="container">
		<header class="header" role="banner"><div class="header-inner clearfix">
			<a class="brand pull-left" href="/{lang}/"><span class="site-title" title="Ден соолук">Ош облустук ден соолукту чыңдоо борбору</span></a>
			<div class="header-search pull-right"><div class="mod-languages"><ul class="lang-inline" dir="ltr"><li><a href="/{other}/">{other.upper()}</a></li></ul></div></div>
		</div></header>
		<nav class="navigation" role="navigation"><div class="navbar pull-left"><a class="btn btn-navbar collapsed" data-toggle="collapse" data-target=".nav-collapse"><span class="element-invisible">Toggle Navigation</span></a></div>
			<div class="nav-collapse"><ul class="nav menu nav-pills mod-list">
<li class="item-101 default"><a href="/{lang}/">{"Башкы бет" if lang == "ky" else "Главная"}</a></li><li class="item-{112 if lang == "ky" else 113} current active"><a href="/{lang}/{SECTIONS[lang]}">{LABELS[lang]["category"]}</a></li><li class="item-114"><a href="/{lang}/biz-jonundo">{"Биз жөнүндө" if lang == "ky" else "О нас"}</a></li><li class="item-115"><a href="/{lang}/bailanysh">{"Байланыш" if lang == "ky" else "Контакты"}</a></li></ul></div>
		</nav>
		<div class="moduletable"><ul itemscope itemtype="https://schema.org/BreadcrumbList" class="breadcrumb"><li>{"Сиз бул жердесиз" if lang == "ky" else "Вы здесь"}: &#160;</li><li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/{lang}/" class="pathway"><span itemprop="name">{"Башкы бет" if lang == "ky" else "Главная"}</span></a><span class="divider"> / </span></li><li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem" class="active"><span itemprop="name">{LABELS[lang]["category"]}</span></li></ul></div>
		<div class="row-fluid">
			<main id="content" role="main" class="span9">
				<div id="system-message-container"></div>
{content}
			</main>
			<div id="aside" class="span3">
				<div class="well "><h3 class="page-header">Ден соолук боюнча пайдалуу шилтемелер</h3><ul class="nav menu"><li><a href="http://med.kg">Саламаттык сактоо министрлиги</a></li><li><a href="http://dgsen.kg">ООАКМЭК департаменти</a></li></ul></div>
				<div class="well "><h3 class="page-header">{"Көп окулгандар" if lang == "ky" else "Популярное"}</h3><ul class="mostread mod-list">{popular}</ul></div>
				<div class="well "><h3 class="page-header">Биз социалдык тармактарда</h3><p><a href="https://facebook.com/densooluk.osh">Facebook</a> | <a href="https://instagram.com/densooluk.osh">Instagram</a></p></div>
			</div>
		</div>
	</div></div>
	<footer class="footer" role="contentinfo"><div class="container"><hr />
		<p class="pull-right"><a href="#top" id="back-top">{"Жогору" if lang == "ky" else "Наверх"}</a></p>
		<p>Ош облустук ден соолукту чыңдоо борбору © 2024</p><p>Ош шаары, Ленин көчөсү, 221, тел.: (03222) 5-48-17</p>
	</div></footer>
</body>
</html>"""

    def render_item(self, item: Item, state: State) -> str:
        t = LABELS[item.lang]
        siblings = self.listed(state, item.lang)
        position = siblings.index(item) if item in siblings else 0
        nav = ""
        if position > 0:
            nav += f'<li class="previous"><a class="hasTooltip" title="{esc(siblings[position - 1].title)}" href="{siblings[position - 1].url_path(state)}" rel="prev"><span class="icon-chevron-left"></span> {t["prev"]}</a></li>'
        if position + 1 < len(siblings):
            nav += f'<li class="next"><a class="hasTooltip" title="{esc(siblings[position + 1].title)}" href="{siblings[position + 1].url_path(state)}" rel="next">{t["next"]} <span class="icon-chevron-right"></span></a></li>'
        published = item.published_dt(self.tz).isoformat()
        content = f"""<div class="item-page" itemscope itemtype="https://schema.org/Article">
	<meta itemprop="inLanguage" content="{item.lang}-KG" />
	<div class="page-header"><h2 itemprop="headline">{esc(item.title)}</h2></div>
	<dl class="article-info muted">
		<dt class="article-info-term">{t["details"]}</dt>
		<dd class="category-name"><span class="icon-folder-open icon-fw"></span>{t["cat"]}: <a href="/{item.lang}/{SECTIONS[item.lang]}" itemprop="genre">{t["category"]}</a></dd>
		<dd class="published"><span class="icon-calendar icon-fw" aria-hidden="true"></span><time datetime="{published}" itemprop="datePublished">{t["published"]}: {self.shown_date(item)}</time></dd>
		<dd class="hits"><span class="icon-eye icon-fw" aria-hidden="true"></span><meta itemprop="interactionCount" content="UserPageVisits:{120 + item.n}" />{t["hits"]}: {120 + item.n}</dd>
	</dl>
	<div itemprop="articleBody">
		{"".join(f"<p>{esc(p)}</p>" for p in item.paragraphs(state))}
	</div>
	<ul class="pager pagenav">{nav}</ul>
</div>"""
        return self.layout(item.lang, item.title, content, state)

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        lang = next((code for code, section in SECTIONS.items() if path == f"/{code}/{section}"), None)
        if lang is None:
            if path in ("/", "/ky/", "/ru/"):
                return self.html(self.layout("ky", "Башкы бет", "<p>Кош келиңиздер!</p>", state), tag="static")
            return None
        t = LABELS[lang]
        items = self.listed(state, lang)
        pages = max(1, -(-len(items) // LIMIT))
        start = int_param(query, "start")
        base = f"/{lang}/{SECTIONS[lang]}"
        shown = items[start:start + LIMIT]
        current = start // LIMIT + 1
        leading = "".join(
            f'<div class="items-row row-fluid"><div class="span12"><div class="item column-1" itemprop="blogPost" itemscope itemtype="https://schema.org/BlogPosting">'
            f'<div class="page-header"><h2 itemprop="name"><a href="{i.url_path(state)}" itemprop="url">{esc(i.title)}</a></h2></div>'
            f'<dl class="article-info muted"><dd class="published"><time datetime="{i.published_dt(self.tz).isoformat()}" itemprop="datePublished">{t["published"]}: {self.shown_date(i)}</time></dd></dl>'
            f'<p>{esc(i.original[0][:150])}…</p><p class="readmore"><a class="btn" href="{i.url_path(state)}" itemprop="url">{t["more"]}</a></p></div></div></div>'
            for i in shown)

        def link(k: int, text: str, cls: str) -> str:
            href = base if k == 1 else f"{base}?start={(k - 1) * LIMIT}"
            return f'<li class="{cls}"><a title="{text}" href="{href}" class="hasTooltip pagenav">{text}</a></li>'

        pager = (link(1, t["start"], "pagination-start") + link(current - 1, t["prev"], "pagination-prev")
                 if current > 1 else f'<li class="pagination-start"><span class="pagenav">{t["start"]}</span></li><li class="pagination-prev"><span class="pagenav">{t["prev"]}</span></li>')
        pager += "".join(f'<li class="active"><span class="pagenav">{k}</span></li>' if k == current else link(k, str(k), "")
                         for k in range(1, pages + 1))
        pager += (link(current + 1, t["next"], "pagination-next") + link(pages, t["end"], "pagination-end")
                  if current < pages else f'<li class="pagination-next"><span class="pagenav">{t["next"]}</span></li><li class="pagination-end"><span class="pagenav">{t["end"]}</span></li>')
        content = (f'<div class="blog" itemscope itemtype="https://schema.org/Blog"><div class="page-header"><h1>{t["category"]}</h1></div>'
                   f'{leading}<div class="pagination"><p class="counter pull-right">{t["page"]} {current} / {pages}</p><ul>{pager}</ul></div></div>')
        return self.html(self.layout(lang, t["category"], content, state), tag="listing" if shown else "trap")
