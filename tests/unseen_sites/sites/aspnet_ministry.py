"""(c) A committee of a ministry on ASP.NET WebForms (ru and kk): every page is one
`<form id="aspnetForm">` with its `__VIEWSTATE`, a master page of `ctl00_` ids, a left column of
links, `News.aspx?page=N` listings (plus postback links a crawler cannot follow) and
`NewsDetail.aspx?id=N` announcements whose headline is a `<span>` in an `<h1>`.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta, timezone

from tests.unseen_sites.model import EDIT_UNMARKED, GONE, NEW, Item, Page, Site, State, esc, int_param

TITLES = {
    "ru": [
        "О проведении внеплановых проверок аптечных организаций",
        "Комитет напоминает о правилах отпуска рецептурных лекарственных средств",
        "Итоги мониторинга цен на лекарственные средства за первый квартал",
        "О приостановлении действия лицензии медицинской организации",
        "Разъяснение по вопросам лицензирования фармацевтической деятельности",
        "Комитет провёл семинар для руководителей частных клиник",
        "О результатах проверки качества медицинских изделий",
        "Информация о приёме граждан руководством Комитета",
        "Об изменениях в порядке аккредитации медицинских организаций",
        "Комитет предупреждает о продаже фальсифицированных препаратов через интернет",
    ],
    "kk": [
        "Дәріхана ұйымдарын жоспардан тыс тексеру туралы",
        "Комитет рецептілік дәрілік заттарды босату қағидаларын еске салады",
        "Бірінші тоқсандағы дәрі-дәрмек бағасының мониторингі қорытындылары",
        "Фармацевтикалық қызметті лицензиялау мәселелері бойынша түсіндірме",
        "Комитет жекеменшік клиникалар басшыларына семинар өткізді",
        "Медициналық бұйымдардың сапасын тексеру нәтижелері туралы",
        "Медициналық ұйымдарды аккредиттеу тәртібіндегі өзгерістер туралы",
    ],
}
LABELS = {
    "ru": {"home": "Главная", "about": "О комитете", "news": "Новости", "docs": "Нормативные правовые акты",
           "contacts": "Контакты", "next": "Следующая »", "prev": "« Предыдущая", "back": "« Вернуться к списку новостей",
           "views": "Просмотров", "blog": "Блог председателя", "services": "Государственные услуги",
           "corruption": "Противодействие коррупции", "site": "Комитет медицинского и фармацевтического надзора",
           "rights": "© 2024 Комитет медицинского и фармацевтического надзора. Все права защищены.",
           "address": "Адрес: 010000, г. Астана, проспект Мәңгілік Ел, 8, Дом министерств, подъезд 5",
           "show": "Показывать по", "print": "Версия для печати"},
    "kk": {"home": "Басты бет", "about": "Комитет туралы", "news": "Жаңалықтар", "docs": "Нормативтік құқықтық актілер",
           "contacts": "Байланыс", "next": "Келесі »", "prev": "« Алдыңғы", "back": "« Жаңалықтар тізіміне оралу",
           "views": "Қаралды", "blog": "Төрағаның блогы", "services": "Мемлекеттік қызметтер",
           "corruption": "Сыбайлас жемқорлыққа қарсы іс-қимыл", "site": "Медициналық және фармацевтикалық қадағалау комитеті",
           "rights": "© 2024 Медициналық және фармацевтикалық қадағалау комитеті. Барлық құқықтар қорғалған.",
           "address": "Мекенжайы: 010000, Астана қ., Мәңгілік Ел даңғылы, 8, Министрліктер үйі, 5-кіреберіс",
           "show": "Көрсету", "print": "Басып шығару нұсқасы"},
}
CHROME = tuple(LABELS[lang][k] for lang in LABELS for k in ("rights", "address", "corruption", "back")) + (
    "__doPostBack", "/wEPDwUK",  # the WebForms script and view state
)
PAGE_SIZE = 4


class AspnetMinistry(Site):
    host = "www.kmfn.gov.kz"
    source_id = "kz_kmfk"
    tz = timezone(timedelta(hours=5))
    etag = False  # IIS serves dynamic pages with Last-Modified only
    chrome = CHROME

    def build_items(self) -> list[Item]:
        fates = {("ru", 2): EDIT_UNMARKED, ("kk", 1): GONE, ("ru", 9): NEW}
        items = []
        for lang, titles in TITLES.items():
            for i, title in enumerate(titles):
                n = (1040 if lang == "ru" else 2040) + i * 2
                month, day = 2 + i // 4, 1 + (i * 9) % 27
                items.append(Item(key=f"{self.source_id}/{lang}/{n}", path=f"/{lang}/NewsDetail.aspx?id={n}", title=title,
                                  lang=lang, n=n, published=f"2024-{month:02d}-{day:02d}", fate=fates.get((lang, i), ""),
                                  paragraph_count=3))
        return items

    def viewstate(self, seed: str) -> str:
        raw = b"".join(hashlib.sha256(f"{seed}/{k}".encode()).digest() for k in range(12))
        return "/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBAIBDw8WAh4EVGV4dAUN" + base64.b64encode(raw).decode()

    def layout(self, lang: str, title: str, action: str, content: str) -> str:
        t = LABELS[lang]
        other = "kk" if lang == "ru" else "ru"
        return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(title)} - {t["site"]}
</title><link href="../App_Themes/Main/Style.css" type="text/css" rel="stylesheet" /></head>
<body>
    <form name="aspnetForm" method="post" action="{esc(action)}" id="aspnetForm">
<div>
<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />
<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="{self.viewstate(action)}" />
</div>
<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
if (!theForm) {{ theForm = document.aspnetForm; }}
function __doPostBack(eventTarget, eventArgument) {{
    if (!theForm.onsubmit || (theForm.onsubmit() != false)) {{
        theForm.__EVENTTARGET.value = eventTarget; theForm.__EVENTARGUMENT.value = eventArgument; theForm.submit();
    }}
}}
//]]>
</script>
<div>
	<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
	<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAAOgG3pBQ4Xh2vXKc1gB" />
</div>
    <div id="wrapper">
        <div id="header">
            <div id="ctl00_pnlLogo" class="logo"><a id="ctl00_hlLogo" href="/{lang}/Default.aspx"><img id="ctl00_imgLogo" src="../Images/gerb.png" alt="" style="border-width:0px;" /></a>
            <span id="ctl00_lblSiteName" class="sitename">{t["site"]}</span></div>
            <div class="langs"><a id="ctl00_lnkLang" href="/{other}/Default.aspx">{"Қазақша" if other == "kk" else "Русский"}</a></div>
            <div class="search"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" class="searchbox" />
            <a id="ctl00_lbSearch" href="javascript:__doPostBack('ctl00$lbSearch','')">OK</a></div>
        </div>
        <div id="topmenu"><ul>
            <li><a href="/{lang}/Default.aspx">{t["home"]}</a></li><li><a href="/{lang}/About.aspx">{t["about"]}</a></li>
            <li><a href="/{lang}/News.aspx" class="selected">{t["news"]}</a></li><li><a href="/{lang}/Documents.aspx">{t["docs"]}</a></li>
            <li><a href="/{lang}/Contacts.aspx">{t["contacts"]}</a></li></ul></div>
        <div id="main">
            <div id="leftcol">
                <div class="leftblock"><a href="/{lang}/Blog.aspx">{t["blog"]}</a></div>
                <div class="leftblock"><a href="/{lang}/Services.aspx">{t["services"]}</a></div>
                <div class="leftblock"><a href="/{lang}/AntiCorruption.aspx">{t["corruption"]}</a></div>
                <div class="leftblock banner"><a href="https://egov.kz"><img src="../Images/egov.png" alt="eGov" /></a></div>
            </div>
            <div id="content">
{content}
            </div>
            <div class="clear"></div>
        </div>
        <div id="footer">
            <span id="ctl00_lblCopyright">{t["rights"]}</span><br />
            <span id="ctl00_lblAddress">{t["address"]}</span>
        </div>
    </div>
    </form>
</body>
</html>"""

    def render_item(self, item: Item, state: State) -> str:
        t = LABELS[item.lang]
        day = "{2}.{1}.{0}".format(*(item.published or "").split("-"))
        text = "\n".join(f'<p style="text-align: justify;">{esc(p)}</p>' for p in item.paragraphs(state))
        content = f"""                <div id="ctl00_ContentPlaceHolder1_pnlNews" class="newsdetail">
                    <h1><span id="ctl00_ContentPlaceHolder1_lblTitle" class="newstitle">{esc(item.title)}</span></h1>
                    <span id="ctl00_ContentPlaceHolder1_lblDate" class="newsdate">{day}</span>
                    <div id="ctl00_ContentPlaceHolder1_divText" class="newstext">
{text}
                    </div>
                    <div class="newsfooter"><span id="ctl00_ContentPlaceHolder1_lblViews">{t["views"]}: {37 + item.n % 200}</span>
                    <a id="ctl00_ContentPlaceHolder1_lbPrint" href="javascript:__doPostBack('ctl00$ContentPlaceHolder1$lbPrint','')">{t["print"]}</a></div>
                    <a id="ctl00_ContentPlaceHolder1_hlBack" class="back" href="/{item.lang}/News.aspx">{t["back"]}</a>
                </div>"""
        return self.layout(item.lang, item.title, f"./NewsDetail.aspx?id={item.n}", content)

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        lang, _, name = path.strip("/").partition("/")
        if lang not in LABELS:
            return self.redirect("/ru/Default.aspx", 302) if path == "/" else None
        t = LABELS[lang]
        if name == "News.aspx":
            items = self.listed(state, lang)
            pages = max(1, -(-len(items) // PAGE_SIZE))
            page = int_param(query, "page", 1)
            if not 1 <= page <= pages:
                return None
            rows = "".join(
                f'<tr><td class="newsdate">{"{2}.{1}.{0}".format(*(i.published or "").split("-"))}</td>'
                f'<td><a id="ctl00_ContentPlaceHolder1_gvNews_ctl0{k + 2}_hlTitle" href="NewsDetail.aspx?id={i.n}">{esc(i.title)}</a></td></tr>'
                for k, i in enumerate(self.page_of(items, page - 1, PAGE_SIZE)))
            pager = " ".join(f"<span>{k}</span>" if k == page else f'<a href="News.aspx?page={k}">{k}</a>'
                             for k in range(1, pages + 1))
            if page > 1:
                pager = f'<a href="News.aspx?page={page - 1}">{t["prev"]}</a> ' + pager
            if page < pages:
                pager += f' <a href="News.aspx?page={page + 1}">{t["next"]}</a>'
            sizes = " ".join(f"<a href=\"javascript:__doPostBack('ctl00$ContentPlaceHolder1$lbSize{s}','')\">{s}</a>" for s in (10, 20, 50))
            content = (f'<h1><span id="ctl00_ContentPlaceHolder1_lblHeader">{t["news"]}</span></h1>'
                       f'<table class="newslist" id="ctl00_ContentPlaceHolder1_gvNews" cellspacing="0" border="0" style="border-collapse:collapse;">{rows}</table>'
                       f'<div class="pager">{pager}</div><div class="pagesize">{t["show"]}: {sizes}</div>')
            return self.html(self.layout(lang, t["news"], f"./News.aspx?page={page}", content), tag="listing")
        static = {"Default.aspx": t["home"], "About.aspx": t["about"], "Contacts.aspx": t["contacts"]}
        if name in static:
            content = f'<h1>{static[name]}</h1><p>{t["address"]}</p>'
            return self.html(self.layout(lang, static[name], f"./{name}", content), tag="static")
        return None
