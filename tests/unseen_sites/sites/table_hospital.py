"""(g) A district hospital's hand-written PHP site (uk) in windows-1251: one `<table>` lays out
the page, `<td>`s hold the menu, the article and a sidebar of notices; paragraphs are text
separated by `<br><br>`; the headline is a bold cell, not a heading; the server's
Content-Type names no charset (only the page's `<meta>` does). `novyny.php?page=N` lists,
`novyny.php?id=N` shows one announcement.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import EDIT_UNMARKED, Item, Page, Site, State, esc, int_param

TITLES = [
    "Увага! Змінено графік роботи клініко-діагностичної лабораторії",
    "Лікарня отримала новий апарат ультразвукової діагностики",
    "Профілактичні щеплення дітям: запрошуємо батьків",
    "Виїзний прийом лікарів у старостинських округах",
    "Про стан захворюваності на грип та ГРВІ в районі",
    "Дякуємо благодійникам за допомогу відділенню хірургії",
    "Безоплатне обстеження на гепатити B і C",
    "Як записатися до лікаря через електронну систему",
    "Лікарня уклала договір з НСЗУ на нові пакети медичних послуг",
]
CHROME = (
    "© 2008-2024 КНП «Степанівська ЦРЛ». Всі права захищено.",
    "Телефон реєстратури:",
    "Шановні пацієнти! З 1 квітня змінено графік роботи рентген-кабінету.",
    "Повернутися до новин",
    "Степанівської селищної ради Сумської області",
)
PAGE_SIZE = 5


class TableHospital(Site):
    host = "stepanivka-crl.com.ua"
    scheme = "http"  # the hospital never set up TLS
    source_id = "ua_stepanivka_crl"
    tz = timezone(timedelta(hours=2))
    encoding = "windows-1251"
    etag = False  # PHP sends Last-Modified by hand, Apache adds no ETag to dynamic pages
    chrome = CHROME

    def build_items(self) -> list[Item]:
        return [Item(key=f"{self.source_id}/{57 + i}", path=f"/novyny.php?id={57 + i}", title=title, lang="uk", n=57 + i,
                     published=f"2024-{2 + i // 3:02d}-{5 + (i * 6) % 22:02d}", fate=EDIT_UNMARKED if i == 4 else "",
                     paragraph_count=3 + i % 3)
                for i, title in enumerate(TITLES)]

    def html(self, text: str, **kwargs: object) -> Page:
        page = super().html(text, **kwargs)
        page.content_type = "text/html"
        return page

    def layout(self, title: str, content: str) -> str:
        return f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>{esc(title)} - КНП «Степанівська ЦРЛ»</title>
<link rel=stylesheet type="text/css" href="style.css">
</head>
<body bgcolor="#FFFFFF" leftmargin=0 topmargin=0 marginwidth=0 marginheight=0>
<table width="100%" border=0 cellpadding=0 cellspacing=0>
<tr><td colspan=3 class=header height=100><img src="img/logo.gif" width=120 height=90 align=left alt="">
<font size=5 color="#003366"><b>КНП «Степанівська центральна районна лікарня»</b></font><br>
<font size=2>Степанівської селищної ради Сумської області</font></td></tr>
<tr>
<td width=180 valign=top class=menu bgcolor="#E8EEF4">
<table width="100%" border=0 cellpadding=4 cellspacing=0>
<tr><td class=menuitem><a href="index.php">Головна</a></td></tr>
<tr><td class=menuitem><a href="novyny.php">Новини</a></td></tr>
<tr><td class=menuitem><a href="viddilennia.php">Відділення</a></td></tr>
<tr><td class=menuitem><a href="likari.php">Наші лікарі</a></td></tr>
<tr><td class=menuitem><a href="grafik.php">Графік прийому</a></td></tr>
<tr><td class=menuitem><a href="publichna.php">Публічна інформація</a></td></tr>
<tr><td class=menuitem><a href="kontakty.php">Контакти</a></td></tr>
</table>
<br><b>Корисні посилання:</b><br>
<a href="https://moz.gov.ua" target=_blank>МОЗ України</a><br>
<a href="https://nszu.gov.ua" target=_blank>НСЗУ</a><br>
<a href="https://helsi.me" target=_blank>Запис до лікаря онлайн</a><br>
</td>
<td valign=top class=content>
{content}
</td>
<td width=200 valign=top class=right bgcolor="#F5F5F5">
<b>Оголошення</b><br>
Шановні пацієнти! З 1 квітня змінено графік роботи рентген-кабінету.<br><br>
<b>Телефон реєстратури:</b><br>(05446) 2-13-45<br><br>
<b>Гаряча лінія МОЗ:</b><br>0 800 60 20 19<br><br>
<img src="/counter.php?id=1" width=88 height=31 alt="">
</td>
</tr>
<tr><td colspan=3 align=center class=footer><font size=1>© 2008-2024 КНП «Степанівська ЦРЛ». Всі права захищено.<br>
Адреса: смт Степанівка, вул. Шевченка, 41</font></td></tr>
</table>
</body>
</html>"""

    def render_item(self, item: Item, state: State) -> str:
        day = "{2}.{1}.{0}".format(*(item.published or "").split("-"))
        text = "<br><br>\n".join(esc(p) for p in item.paragraphs(state))
        content = f"""<table width="100%" border=0 cellpadding=8 cellspacing=0>
<tr><td class=title><font size=4 color="#003366"><b>{esc(item.title)}</b></font></td></tr>
<tr><td class=date><font color=gray size=2>{day}</font></td></tr>
<tr><td class=text>
{text}
</td></tr>
<tr><td><br><a href="novyny.php">&lt;&lt; Повернутися до новин</a> &nbsp; <font size=1 color=gray>Переглядів: {40 + item.n}</font></td></tr>
</table>"""
        return self.layout(item.title, content)

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        if path == "/novyny.php" and "id" not in query:
            items = self.listed(state)
            pages = max(1, -(-len(items) // PAGE_SIZE))
            page = int_param(query, "page", 1)
            if not 1 <= page <= pages:
                return None
            rows = "".join(
                f'<tr><td><font color=gray size=2>{"{2}.{1}.{0}".format(*(i.published or "").split("-"))}</font> '
                f'<a href="novyny.php?id={i.n}"><b>{esc(i.title)}</b></a><br>{esc(i.original[0][:120])}...</td></tr>'
                for i in self.page_of(items, page - 1, PAGE_SIZE))
            pager = " | ".join(f"<b>{k}</b>" if k == page else f'<a href="novyny.php?page={k}">{k}</a>' for k in range(1, pages + 1))
            if page < pages:
                pager += f' | <a href="novyny.php?page={page + 1}">Наступна &gt;&gt;</a>'
            content = (f'<font size=4 color="#003366"><b>Новини</b></font><br><br><table width="100%" border=0 cellpadding=6>{rows}</table>'
                       f'<br>Сторінки: {pager}')
            return self.html(self.layout("Новини", content), tag="listing")
        if path in ("/", "/index.php"):
            return self.html(self.layout("Головна", "Ласкаво просимо на сайт лікарні!"), tag="static")
        return None
