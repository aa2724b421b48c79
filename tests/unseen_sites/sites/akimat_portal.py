"""(f) A district akimat's own portal (kk and ru), plain HTML on Bootstrap, not the gov.kz
platform: `/kz/news?page=N` and `/ru/news?page=N` listings and `/kz/news/view/N` pages.

It holds the pagination trap: the "next" link is shown on the last page too, and every
`?page=K` past the end serves page 1 again (the portal clamps nothing, it just falls back).
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import EDIT_UNMARKED, Item, Page, Site, State, esc, int_param

TITLES = {
    "kk": [
        "Ауданда жаппай екпе егу апталығы басталды",
        "Аудандық ауруханаға жаңа жедел жәрдем көліктері берілді",
        "Қызылшаның алдын алу шаралары туралы",
        "Ауылдық амбулаторияда күрделі жөндеу аяқталды",
        "Әкім денсаулық сақтау қызметкерлерімен кездесті",
        "Жұқпалы аурулардың алдын алу бойынша ведомствоаралық кеңес өтті",
        "Балаларды жазғы сауықтыру маусымына дайындық",
        "Ауыз судың сапасына зертханалық бақылау жүргізілді",
        "Донорлар күніне орай қан тапсыру акциясы өтті",
        "Аудан тұрғындары тегін скринингтен өтуге шақырылады",
    ],
    "ru": [
        "В районе стартовала неделя массовой иммунизации",
        "Районной больнице переданы новые машины скорой помощи",
        "О мерах профилактики кори",
        "В сельской амбулатории завершён капитальный ремонт",
        "Аким района встретился с медицинскими работниками",
        "Прошло заседание межведомственного совета по профилактике инфекций",
        "Подготовка к летней оздоровительной кампании детей",
        "Проведён лабораторный контроль качества питьевой воды",
        "Жителей района приглашают пройти бесплатный скрининг",
    ],
}
LABELS = {
    "kk": {"news": "Жаңалықтар", "next": "Келесі »", "prev": "« Алдыңғы", "share": "Бөлісу", "views": "Қаралды",
           "blog": "Әкім блогы", "services": "Мемлекеттік қызметтер", "eye": "Нашар көретіндерге арналған нұсқа",
           "rights": "© 2024 Алтынды ауданы әкімдігі. Барлық құқықтар қорғалған.",
           "address": "Алтынды ауылы, Бейбітшілік көшесі, 12. Кеңсе: 8 (72140) 2-11-35", "home": "Басты бет",
           "akimat": "Алтынды ауданы әкімдігі"},
    "ru": {"news": "Новости", "next": "Следующая »", "prev": "« Предыдущая", "share": "Поделиться", "views": "Просмотров",
           "blog": "Блог акима", "services": "Государственные услуги", "eye": "Версия для слабовидящих",
           "rights": "© 2024 Аппарат акима Алтынды района. Все права защищены.",
           "address": "село Алтынды, улица Бейбитшилик, 12. Канцелярия: 8 (72140) 2-11-35", "home": "Главная",
           "akimat": "Акимат Алтынды района"},
}
CHROME = tuple(LABELS[lang][k] for lang in LABELS for k in ("rights", "address", "eye"))
PAGE_SIZE = 4


class AkimatPortal(Site):
    host = "www.altyndy-akimat.kz"
    source_id = "kz_altyndy_akimat"
    tz = timezone(timedelta(hours=5))
    etag = False  # the portal's PHP sends Last-Modified only
    chrome = CHROME

    def build_items(self) -> list[Item]:
        items = []
        for lang, titles in TITLES.items():
            for i, title in enumerate(titles):
                n = (5120 if lang == "kk" else 5220) + i
                items.append(Item(key=f"{self.source_id}/{n}", path=f"/{'kz' if lang == 'kk' else 'ru'}/news/view/{n}",
                                  title=title, lang=lang, n=n, fate=EDIT_UNMARKED if (lang, i) == ("kk", 5) else "",
                                  published=f"2024-{3 + i // 3:02d}-{4 + (i * 5) % 24:02d}T{9 + i % 8:02d}:{(i * 19) % 60:02d}"))
        return items

    def shown(self, item: Item) -> str:
        date, _, time = (item.published or "").partition("T")
        return "{2}.{1}.{0} ".format(*date.split("-")) + time

    def layout(self, lang: str, title: str, content: str) -> str:
        t = LABELS[lang]
        prefix = "kz" if lang == "kk" else "ru"
        return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {t["akimat"]}</title>
<link rel="stylesheet" href="/assets/css/bootstrap.min.css">
<link rel="stylesheet" href="/assets/css/font-awesome.min.css">
<link rel="stylesheet" href="/assets/css/style.css?v=31">
</head>
<body>
<div class="top-bar"><div class="container">
  <a href="/{prefix}/eye" class="eye-link"><i class="fa fa-eye"></i> {t["eye"]}</a>
  <div class="lang-switch"><a href="/kz/" class="{'active' if lang == 'kk' else ''}">ҚАЗ</a> <a href="/ru/" class="{'active' if lang == 'ru' else ''}">РУС</a></div>
</div></div>
<div class="header"><div class="container"><a href="/{prefix}/" class="logo"><img src="/assets/img/gerb.png" alt=""><span>{t["akimat"]}</span></a></div></div>
<div class="main-menu"><div class="container"><ul class="nav nav-pills">
  <li><a href="/{prefix}/">{t["home"]}</a></li><li><a href="/{prefix}/akimat">{t["akimat"]}</a></li>
  <li class="active"><a href="/{prefix}/news">{t["news"]}</a></li><li><a href="/{prefix}/services">{t["services"]}</a></li>
  <li><a href="/{prefix}/contacts">{"Байланыс" if lang == "kk" else "Контакты"}</a></li></ul></div></div>
<div class="container content-area"><div class="row">
  <div class="col-md-9">
    <ol class="breadcrumb"><li><a href="/{prefix}/">{t["home"]}</a></li><li><a href="/{prefix}/news">{t["news"]}</a></li></ol>
{content}
  </div>
  <div class="col-md-3 sidebar">
    <div class="widget"><h3>{t["blog"]}</h3><a href="/{prefix}/blog" class="btn btn-primary">{t["blog"]}</a></div>
    <div class="widget"><h3>{t["services"]}</h3><ul><li><a href="https://egov.kz">eGov.kz</a></li><li><a href="https://eotinish.kz">eOtinish</a></li></ul></div>
  </div>
</div></div>
<footer class="footer"><div class="container"><p>{t["rights"]}</p><p>{t["address"]}</p></div></footer>
<script src="/assets/js/jquery.min.js"></script><script src="/assets/js/bootstrap.min.js"></script>
</body>
</html>"""

    def render_item(self, item: Item, state: State) -> str:
        t = LABELS[item.lang]
        content = f"""    <div class="news-view">
      <h1>{esc(item.title)}</h1>
      <div class="news-meta"><span class="date"><i class="fa fa-calendar"></i> {self.shown(item)}</span> <span class="views"><i class="fa fa-eye"></i> {t["views"]}: {200 + item.n % 97}</span></div>
      <div class="news-img"><img src="/uploads/news/{item.n}.jpg" alt="" class="img-responsive"></div>
      <div class="news-body">
{"".join(f"<p>{esc(p)}</p>" for p in item.paragraphs(state))}
      </div>
      <div class="share-block">{t["share"]}: <a href="https://www.facebook.com/sharer/sharer.php?u={self.url(item.path)}"><i class="fa fa-facebook"></i></a> <a href="https://t.me/share/url?url={self.url(item.path)}"><i class="fa fa-telegram"></i></a></div>
    </div>"""
        return self.layout(item.lang, item.title, content)

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        lang = {"/kz/news": "kk", "/ru/news": "ru"}.get(path)
        if lang is None:
            if path in ("/", "/kz/", "/ru/"):
                return self.html(self.layout("kk", LABELS["kk"]["home"], "<p>Қош келдіңіздер!</p>"), tag="static")
            return None
        t = LABELS[lang]
        items = self.listed(state, lang)
        pages = max(1, -(-len(items) // PAGE_SIZE))
        asked = int_param(query, "page", 1)
        page = asked if 1 <= asked <= pages else 1  # past the end: page 1 again
        rows = "".join(
            f'<div class="news-item row"><div class="col-sm-3"><img src="/uploads/news/thumb_{i.n}.jpg" alt="" class="img-responsive"></div>'
            f'<div class="col-sm-9"><a href="{i.path}" class="news-title">{esc(i.title)}</a><div class="date">{self.shown(i)}</div>'
            f'<p>{esc(i.original[0][:150])}…</p></div></div>'
            for i in self.page_of(items, page - 1, PAGE_SIZE))
        pager = "".join(f'<li class="{"active" if k == page else ""}"><a href="{path}?page={k}">{k}</a></li>' for k in range(1, pages + 1))
        if page > 1:
            pager = f'<li><a href="{path}?page={page - 1}">{t["prev"]}</a></li>' + pager
        pager += f'<li><a href="{path}?page={asked + 1 if asked >= 1 else 2}">{t["next"]}</a></li>'  # shown on the last page too
        content = f'<h1>{t["news"]}</h1><div class="news-list">{rows}</div><ul class="pagination">{pager}</ul>'
        return self.html(self.layout(lang, t["news"], content), tag="listing" if asked <= pages else "trap")
