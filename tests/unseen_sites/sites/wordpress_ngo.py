"""(b) A regional health NGO on WordPress (ru): posts at `/2024/05/<slug>/`, a category
listing paged as `/category/novosti/page/N/`, tag pages, a sidebar of widgets, share and
related-posts blocks after the post, a comment form, and an Atom feed at `/feed/` holding
the ten newest posts with their `<updated>` dates. A post whose slug is changed answers its
old URL with a 301, as WordPress does.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import (
    EDIT_MARKED, EDIT_UNMARKED, GONE, LEFT_INDEX, MOVED, NEW, Item, Page, Site, State, esc, paras_html,
)

TITLES = [
    ("besplatnyj-skrining-diabeta", "Бесплатный скрининг на диабет прошёл в трёх сёлах района"),
    ("shkola-zdorovya-dlya-pozhilyh", "Школа здоровья для пожилых людей открыла весенний набор"),
    ("volontery-proveli-akciyu", "Волонтёры фонда провели акцию «Измерь давление»"),
    ("gorjachaya-liniya-itogi", "Горячая линия фонда: итоги первого квартала"),
    ("trening-dlya-medsester", "Тренинг по паллиативной помощи для медицинских сестёр"),
    ("peredali-oborudovanie", "Фонд передал оборудование сельской врачебной амбулатории"),
    ("kampaniya-protiv-kori", "Информационная кампания о прививках против кори стартовала в школах"),
    ("pitevaya-voda-proverka", "Общественный мониторинг качества питьевой воды: результаты"),
    ("den-zdorovya-v-parke", "Всемирный день здоровья отметили забегом в городском парке"),
    ("psihologicheskaya-pomoshch", "Бесплатная психологическая помощь для подростков: как записаться"),
    ("grant-na-reabilitaciyu", "Фонд получил грант на программу реабилитации после инсульта"),
    ("otchet-za-god", "Годовой отчёт фонда опубликован на сайте"),
    ("letnij-lager-diabet", "Летний лагерь для детей с диабетом примет первую смену"),
    ("vakcinaciya-ot-grippa-itogi", "Итоги сезона вакцинации против гриппа в области"),
]
CHROME = (
    "Поделиться ссылкой в социальных сетях",
    "Похожие записи",
    "Добавить комментарий",
    "Ваш адрес email не будет опубликован.",
    "Гордо работает на WordPress",
    "Общественный фонд «Здоровье Прииртышья», г. Павлодар, ул. Толстого, 99",
)
TAGS = {"skrining": "скрининг", "vakcinaciya": "вакцинация", "volontery": "волонтёры"}
PAGE_SIZE = 6
FEED_SIZE = 10


class WordpressNgo(Site):
    host = "zdorovie-priirtyshya.kz"
    source_id = "kz_zdorovie_priirtyshya"
    tz = timezone(timedelta(hours=5))
    last_modified = False  # WordPress sends an ETag through its page cache, no Last-Modified
    chrome = CHROME

    def build_items(self) -> list[Item]:
        fates = {1: EDIT_UNMARKED, 3: GONE, 5: LEFT_INDEX, 7: MOVED, 9: EDIT_MARKED, 12: NEW, 13: NEW}
        items = []
        for i, (slug, title) in enumerate(TITLES):
            month, day = 3 + i // 5, 2 + (i * 5) % 26
            items.append(Item(
                key=f"{self.source_id}/{210 + i * 3}", path=f"/2024/{month:02d}/{slug}/", title=title, lang="ru",
                n=210 + i * 3, published=f"2024-{month:02d}-{day:02d}T{10 + i % 7:02d}:{(i * 17) % 60:02d}",
                fate=fates.get(i, ""), extra={"tag": list(TAGS)[i % 3]},
                # WordPress answers a post's old slug with a 301 to the new one (_wp_old_slug)
                moved_to=f"/2024/{month:02d}/{slug}-itogi/" if fates.get(i) == MOVED else "",
            ))
        return items

    def layout(self, title: str, content: str, state: State, body_class: str, head: str = "") -> str:
        recent = "".join(f'<li><a href="{i.url_path(state)}">{esc(i.title)}</a></li>' for i in self.listed(state)[:5])
        return f"""<!doctype html>
<html lang="ru-RU">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="profile" href="https://gmpg.org/xfn/11">
<title>{esc(title)} &#8212; Здоровье Прииртышья</title>
<meta name='robots' content='max-image-preview:large' />
<link rel="alternate" type="application/rss+xml" title="Здоровье Прииртышья &raquo; Лента" href="https://{self.host}/feed/" />
{head}
<link rel='stylesheet' id='wp-block-library-css' href='https://{self.host}/wp-includes/css/dist/block-library/style.min.css?ver=6.5.3' media='all' />
<link rel="https://api.w.org/" href="https://{self.host}/wp-json/" />
<meta name="generator" content="WordPress 6.5.3" />
</head>
<body class="{body_class} wp-embed-responsive">
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#primary">Перейти к содержимому</a>
<header id="masthead" class="site-header">
  <div class="site-branding"><p class="site-title"><a href="/" rel="home">Здоровье Прииртышья</a></p>
  <p class="site-description">Общественный фонд поддержки здоровья жителей области</p></div>
  <nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Меню</button>
  <div class="menu-glavnoe-container"><ul id="primary-menu" class="menu"><li class="menu-item"><a href="/">Главная</a></li><li class="menu-item"><a href="/o-fonde/">О фонде</a></li><li class="menu-item current-menu-item"><a href="/category/novosti/">Новости</a></li><li class="menu-item"><a href="/proekty/">Проекты</a></li><li class="menu-item"><a href="/kontakty/">Контакты</a></li></ul></div></nav>
</header>
<div id="content" class="site-content">
<main id="primary" class="site-main">
{content}
</main>
<aside id="secondary" class="widget-area">
  <section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="https://{self.host}/"><label><span class="screen-reader-text">Найти:</span><input type="search" class="search-field" placeholder="Поиск&hellip;" value="" name="s" /></label><input type="submit" class="search-submit" value="Поиск" /></form></section>
  <section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">Свежие записи</h2><ul>{recent}</ul></section>
  <section id="categories-2" class="widget widget_categories"><h2 class="widget-title">Рубрики</h2><ul><li class="cat-item cat-item-2"><a href="/category/novosti/">Новости</a></li><li class="cat-item cat-item-5"><a href="/category/arhiv/">Архив</a></li></ul></section>
  <section id="tag_cloud-2" class="widget widget_tag_cloud"><h2 class="widget-title">Метки</h2><div class="tagcloud">{"".join(f'<a href="/tag/{k}/" class="tag-cloud-link">{v}</a> ' for k, v in TAGS.items())}</div></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">
  <p>Общественный фонд «Здоровье Прииртышья», г. Павлодар, ул. Толстого, 99</p>
  <a href="https://ru.wordpress.org/">Гордо работает на WordPress</a>
</div></footer>
</div>
</body>
</html>"""

    def render_item(self, item: Item, state: State) -> str:
        tz = self.tz
        published = item.published_dt(tz).isoformat()
        modified = item.modified(state, tz).isoformat()
        day = item.published_dt(tz).strftime("%d.%m.%Y")
        tag = item.extra["tag"]
        neighbours = [i for i in self.listed(state) if i is not item][:3]
        related = "".join(f'<li><a href="{i.url_path(state)}">{esc(i.title)}</a></li>' for i in neighbours)
        category = "arhiv" if item.fate == LEFT_INDEX and state.name == "after" else "novosti"
        head = (f'<link rel="canonical" href="{self.url(item.url_path(state))}" />\n'
                f'<meta property="og:locale" content="ru_RU" />\n<meta property="og:type" content="article" />\n'
                f'<meta property="og:title" content="{esc(item.title)}" />\n'
                f'<meta property="article:published_time" content="{published}" />\n'
                f'<meta property="article:modified_time" content="{modified}" />')
        content = f"""<article id="post-{item.n}" class="post-{item.n} post type-post status-publish format-standard hentry category-{category} tag-{tag}">
  <header class="entry-header">
    <h1 class="entry-title">{esc(item.title)}</h1>
    <div class="entry-meta"><span class="posted-on">Опубликовано <a href="{item.url_path(state)}" rel="bookmark"><time class="entry-date published" datetime="{published}">{day}</time><time class="updated" datetime="{modified}">{item.modified(state, tz).strftime("%d.%m.%Y")}</time></a></span><span class="byline"> автор <span class="author vcard"><a class="url fn n" href="/author/admin/">Пресс-служба фонда</a></span></span></div>
  </header>
  <div class="entry-content">
{paras_html(item.paragraphs(state))}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Поделиться ссылкой в социальных сетях</h3><div class="sd-content"><ul><li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="{item.url_path(state)}?share=facebook" target="_blank"><span>Facebook</span></a></li><li class="share-telegram"><a class="share-telegram sd-button" href="{item.url_path(state)}?share=telegram"><span>Telegram</span></a></li></ul></div></div></div>
<div id='jp-relatedposts' class='jp-relatedposts'><h3 class="jp-relatedposts-headline"><em>Похожие записи</em></h3><ul>{related}</ul></div>
  </div>
  <footer class="entry-footer"><span class="cat-links">Рубрика: <a href="/category/{category}/" rel="category tag">{"Архив" if category == "arhiv" else "Новости"}</a></span><span class="tags-links">Метки: <a href="/tag/{tag}/" rel="tag">{TAGS[tag]}</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Записи"><h2 class="screen-reader-text">Навигация по записям</h2><div class="nav-links"><div class="nav-previous"><a href="/" rel="prev"><span class="nav-subtitle">Предыдущая запись:</span></a></div></div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Добавить комментарий</h3>
<form action="https://{self.host}/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes"><span id="email-notes">Ваш адрес email не будет опубликован.</span> Обязательные поля помечены <span class="required">*</span></p>
<p class="comment-form-comment"><label for="comment">Комментарий</label><textarea id="comment" name="comment" cols="45" rows="8"></textarea></p><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Отправить комментарий" /></p></form></div></div>"""
        return self.layout(item.title, content, state, f"post-template-default single single-post postid-{item.n} single-format-standard", head)

    def excerpt(self, item: Item, state: State) -> str:
        tz = self.tz
        return (f'<article id="post-{item.n}" class="post-{item.n} post type-post status-publish hentry">'
                f'<header class="entry-header"><h2 class="entry-title"><a href="{item.url_path(state)}" rel="bookmark">{esc(item.title)}</a></h2>'
                f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="{item.published_dt(tz).isoformat()}">{item.published_dt(tz).strftime("%d.%m.%Y")}</time></span></div></header>'
                f'<div class="entry-summary"><p>{esc(item.original[0][:160])} [&hellip;]</p></div></article>')

    def archive(self, title: str, items: list[Item], page: int, base: str, state: State, body_class: str) -> Page | None:
        pages = max(1, -(-len(items) // PAGE_SIZE))
        if not 1 <= page <= pages:
            return None
        links = []
        if page > 1:
            links.append(f'<a class="prev page-numbers" href="{base if page == 2 else f"{base}page/{page - 1}/"}">&laquo; Назад</a>')
        for k in range(1, pages + 1):
            href = base if k == 1 else f"{base}page/{k}/"
            links.append(f'<span aria-current="page" class="page-numbers current">{k}</span>' if k == page
                         else f'<a class="page-numbers" href="{href}">{k}</a>')
        if page < pages:
            links.append(f'<a class="next page-numbers" href="{base}page/{page + 1}/">Далее &raquo;</a>')
        rows = "".join(self.excerpt(i, state) for i in self.page_of(items, page - 1, PAGE_SIZE))
        content = (f'<header class="page-header"><h1 class="page-title">{esc(title)}</h1></header>{rows}'
                   f'<nav class="navigation pagination" aria-label="Записи"><h2 class="screen-reader-text">Навигация по записям</h2>'
                   f'<div class="nav-links">{"".join(links)}</div></nav>')
        return self.html(self.layout(title, content, state, body_class), tag="listing")

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        if path == "/feed/":
            return Page(200, self.feed(state), "application/atom+xml; charset=UTF-8", tag="index")
        base, page = path, 1
        if "/page/" in path:
            base, _, rest = path.partition("page/")
            if not rest.rstrip("/").isdigit():
                return None
            page = int(rest.rstrip("/"))
        listed = self.listed(state)
        if base == "/":
            return self.archive("Здоровье Прииртышья", listed, page, "/", state, "home blog")
        if base == "/category/novosti/":
            return self.archive("Рубрика: Новости", listed, page, base, state, "archive category category-novosti")
        if base.startswith("/tag/") and base.split("/")[2] in TAGS:
            tag = base.split("/")[2]
            return self.archive(f"Метка: {TAGS[tag]}", [i for i in listed if i.extra["tag"] == tag], page, base, state,
                                f"archive tag tag-{tag}")
        if base == "/category/arhiv/":
            archived = [i for i in self.items if i.fate == LEFT_INDEX and state.name == "after"]
            return self.archive("Рубрика: Архив", archived, page, base, state, "archive category category-arhiv")
        static = {"/o-fonde/": ("О фонде", "Фонд создан в 2012 году для поддержки программ профилактики и здорового образа жизни в области. Мы работаем с сельскими амбулаториями, школами и волонтёрами."),
                  "/kontakty/": ("Контакты", "Адрес: г. Павлодар, ул. Толстого, 99, офис 12. Телефон: +7 (7182) 55-12-40. Электронная почта: info@zdorovie-priirtyshya.kz."),
                  "/proekty/": ("Проекты", "Школа здоровья, горячая линия, летний лагерь для детей с диабетом, мобильный скрининг в сёлах.")}
        if path in static:
            title, text = static[path]
            content = (f'<article class="page type-page status-publish hentry"><header class="entry-header"><h1 class="entry-title">{title}</h1></header>'
                       f'<div class="entry-content"><p>{esc(text)}</p></div></article>')
            return self.html(self.layout(title, content, state, "page-template-default page"), tag="static")
        return None

    def feed(self, state: State) -> bytes:
        tz = self.tz
        posts = self.listed(state)[:FEED_SIZE]
        newest = max(i.index_date(state, tz) for i in posts)
        entries = "".join(f"""
  <entry>
    <author><name>Пресс-служба фонда</name></author>
    <title type="html"><![CDATA[{i.title}]]></title>
    <link rel="alternate" type="text/html" href="{self.url(i.url_path(state))}" />
    <id>https://{self.host}/?p={i.n}</id>
    <updated>{i.index_date(state, tz).isoformat()}</updated>
    <published>{i.published_dt(tz).isoformat()}</published>
    <category scheme="https://{self.host}" term="Новости" />
    <summary type="html"><![CDATA[{i.original[0][:200]} [&#8230;]]]></summary>
  </entry>""" for i in posts)
        return f"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru-RU" xml:base="https://{self.host}/wp-atom.php">
  <title type="text">Здоровье Прииртышья</title>
  <subtitle type="text">Общественный фонд поддержки здоровья жителей области</subtitle>
  <updated>{newest.isoformat()}</updated>
  <link rel="alternate" type="text/html" href="https://{self.host}/" />
  <id>https://{self.host}/feed/atom/</id>
  <link rel="self" type="application/atom+xml" href="https://{self.host}/feed/" />
  <generator uri="https://wordpress.org/" version="6.5.3">WordPress</generator>{entries}
</feed>""".encode()
