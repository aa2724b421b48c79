"""(d) A regional health department on 1C-Bitrix (ru): the `news.list` component at
`/press/news/` paged with `?PAGEN_1=N` (Bitrix's own "Начало | Пред. | 1 2 3 | След. | Конец"
navigation, and a PAGEN_1 past the end answered with the last page, as Bitrix does), and
`news.detail` pages at `/press/news/detail.php?ID=N`.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import EDIT_UNMARKED, GONE, NEW, Item, Page, Site, State, esc, int_param

TITLES = [
    "В области стартовала неделя иммунизации",
    "Управление здравоохранения информирует о графике работы поликлиник в праздничные дни",
    "Санитарные врачи провели проверку пищеблоков летних лагерей",
    "Новый перинатальный центр принял первых пациенток",
    "О ситуации по заболеваемости корью в области",
    "В районных больницах установлено новое рентгеновское оборудование",
    "Медицинские работники области награждены ко Дню медика",
    "Выездной приём узких специалистов в сельских округах",
    "Профилактика клещевого энцефалита: что нужно знать",
    "Итоги работы службы скорой медицинской помощи за полугодие",
    "В области открыт центр ментального здоровья для молодёжи",
    "Разъяснение о порядке получения бесплатных лекарств на амбулаторном уровне",
    "Донорская акция собрала более ста литров крови",
    "Областная детская больница получила аппараты ИВЛ",
]
CHROME = (
    "Управление здравоохранения Приозёрной области © 2024",
    "Сайт работает на «1С-Битрикс: Управление сайтом»",
    "Единый контакт-центр: 1414",
    "Возврат к списку",
    "Интернет-приёмная руководителя",
)
PAGE_SIZE = 5


class BitrixRegional(Site):
    host = "uz-priozernaya.kz"
    source_id = "kz_uz_priozernaya"
    tz = timezone(timedelta(hours=5))
    chrome = CHROME

    def build_items(self) -> list[Item]:
        fates = {3: EDIT_UNMARKED, 6: GONE, 13: NEW}
        return [Item(key=f"{self.source_id}/{4410 + i * 7}", path=f"/press/news/detail.php?ID={4410 + i * 7}", title=title,
                     lang="ru", n=4410 + i * 7, published=f"2024-{4 + i // 4:02d}-{3 + (i * 11) % 25:02d}",
                     fate=fates.get(i, ""))
                for i, title in enumerate(TITLES)]

    def layout(self, title: str, content: str) -> str:
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<link href="/bitrix/cache/css/s1/main/template_8c2c4e1ba3f1a9f3d7f1e5b0a3b2c1d4_v1.css?17130012345678" type="text/css" rel="stylesheet" />
<script type="text/javascript">if(!window.BX)window.BX={{}};if(!window.BX.message)window.BX.message=function(mess){{if(typeof mess==='object'){{for(let i in mess) {{BX.message[i]=mess[i];}} return true;}}}};</script>
<script type="text/javascript">(window.BX||top.BX).message({{'LANGUAGE_ID':'ru','FORMAT_DATE':'DD.MM.YYYY','SITE_ID':'s1','bxsession_expand':'Y'}});</script>
<title>{esc(title)}</title>
</head>
<body>
<div id="panel"></div>
<div class="header">
  <div class="header__logo"><a href="/"><img src="/local/templates/main/images/logo.png" alt="Управление здравоохранения"/></a><span>Управление здравоохранения Приозёрной области</span></div>
  <div class="header__contacts">Единый контакт-центр: 1414</div>
  <div class="header__eye"><a href="?special_version=Y">Версия для слабовидящих</a></div>
</div>
<div class="top-menu"><ul id="horizontal-multilevel-menu">
  <li><a href="/about/" class="root-item">Об управлении</a></li>
  <li><a href="/press/" class="root-item-selected">Пресс-центр</a><ul><li><a href="/press/news/">Новости</a></li><li><a href="/press/anons/">Анонсы</a></li></ul></li>
  <li><a href="/activity/" class="root-item">Деятельность</a></li><li><a href="/contacts/" class="root-item">Контакты</a></li>
</ul></div>
<div class="workarea">
  <div class="left-column"><ul class="left-menu">
    <li><a href="/press/news/" class="selected">Новости</a></li><li><a href="/press/anons/">Анонсы</a></li>
    <li><a href="/press/smi/">СМИ о нас</a></li><li><a href="/reception/">Интернет-приёмная руководителя</a></li></ul></div>
  <div class="content">
    <div class="breadcrumb"><a href="/" title="Главная">Главная</a> / <a href="/press/" title="Пресс-центр">Пресс-центр</a> / <a href="/press/news/" title="Новости">Новости</a></div>
    <h1 id="pagetitle">{esc(title)}</h1>
{content}
  </div>
</div>
<div class="footer">
  <div class="footer__copy">Управление здравоохранения Приозёрной области © 2024</div>
  <div class="footer__address">г. Приозёрск, ул. Абая, 25, приёмная: 8 (7162) 25-14-06</div>
  <div class="footer__bitrix">Сайт работает на «1С-Битрикс: Управление сайтом»</div>
</div>
</body>
</html>"""

    def render_item(self, item: Item, state: State) -> str:
        day = "{2}.{1}.{0}".format(*(item.published or "").split("-"))
        text = "\n".join(f"<p>{esc(p)}</p>" for p in item.paragraphs(state))
        content = f"""<div class="news-detail">
		<span class="news-date-time">{day}</span>
				<div style="clear:both"></div>
	<br />
	{text}
		<div style="clear:both"></div>
	<br />
		<div class="news-detail-share"><noindex><div class="bx-share-social">Поделиться: <a href="https://vk.com/share.php?url=https%3A%2F%2F{self.host}%2Fpress%2Fnews%2Fdetail.php%3FID%3D{item.n}" rel="nofollow">ВКонтакте</a> <a href="https://t.me/share/url?url=https%3A%2F%2F{self.host}" rel="nofollow">Telegram</a></div></noindex></div>
	</div>
<p><a href="/press/news/">Возврат к списку</a></p>"""
        return self.layout(item.title, content)

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        if path == "/press/news/":
            items = self.listed(state)
            pages = max(1, -(-len(items) // PAGE_SIZE))
            asked = int_param(query, "PAGEN_1", 1)
            page = min(max(asked, 1), pages)  # Bitrix answers a page past the end with the last one
            base = "/press/news/"
            nav = ["Начало&nbsp;|&nbsp;Пред.&nbsp;|" if page == 1 else
                   f'<a href="{base}">Начало</a>&nbsp;|&nbsp;<a href="{base}{"" if page == 2 else f"?PAGEN_1={page - 1}"}">Пред.</a>&nbsp;|']
            nav += [f"<b>{k}</b>" if k == page else f'<a href="{base}{"" if k == 1 else f"?PAGEN_1={k}"}">{k}</a>'
                    for k in range(1, pages + 1)]
            nav.append("|&nbsp;След.&nbsp;|&nbsp;Конец" if page == pages else
                       f'|&nbsp;<a href="{base}?PAGEN_1={page + 1}">След.</a>&nbsp;|&nbsp;<a href="{base}?PAGEN_1={pages}">Конец</a>')
            first = (page - 1) * PAGE_SIZE + 1
            shown = self.page_of(items, page - 1, PAGE_SIZE)
            rows = "".join(
                f'<p class="news-item" id="bx_3218110189_{i.n}"><span class="news-date-time">{"{2}.{1}.{0}".format(*(i.published or "").split("-"))}</span>'
                f'<a href="/press/news/detail.php?ID={i.n}"><b>{esc(i.title)}</b></a><br />{esc(i.original[0][:140])}…</p>'
                for i in shown)
            content = (f'<div class="news-list">\n{rows}\n<br /><font class="text">Новости <b>{first}</b> - <b>{first + len(shown) - 1}</b> '
                       f'из <b>{len(items)}</b><br /></font><font class="text">{"&nbsp;".join(nav)}</font></div>')
            return self.html(self.layout("Новости", content), tag="trap" if asked > pages else "listing")
        static = {"/": "Главная", "/press/": "Пресс-центр", "/about/": "Об управлении", "/contacts/": "Контакты"}
        if path in static:
            return self.html(self.layout(static[path], "<p>г. Приозёрск, ул. Абая, 25.</p>"), tag="static")
        return None
