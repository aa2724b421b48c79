"""Page kinds on small realistic pages of the CMSs and languages of the region.

Each case is a whole page as a publisher serves it (head, menu, sidebar, footer), built by the
CMS-style helpers below, classified by the real extraction (`extract_record`): WordPress,
Drupal, Bitrix, Joomla, ASP.NET, a gov.kz-like portal, a table-layout PHP site and a UN
country office, in Ukrainian, Russian, Kazakh, Kyrgyz, Georgian and English. The hard cases
are named: a three-sentence announcement, a long "About" page, a category of ten teasers,
an announcement followed by five related news; and undated content pages (a project, a
brochure site's "News" text) are pages, kept but not counted.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass

import pytest

from scrapers.extract import Hints, extract_record
from scrapers.extract.classify import KINDS, read_url, url_shape

# --- text of each language ------------------------------------------------------------------
TEXT = {
    "uk": ["Міністерство охорони здоров'я нагадує про планові щеплення дітей від кору. "
           "Вакцинація безкоштовна в кожній амбулаторії за місцем проживання. "
           "Батьки можуть записатися до сімейного лікаря онлайн або телефоном.",
           "За минулий тиждень в Україні зареєстровано 42 випадки кору, більшість серед невакцинованих дітей. "
           "Лікарі закликають перевірити календар щеплень і надолужити пропущені дози.",
           "Центр громадського здоров'я проводить інформаційну кампанію в усіх областях. "
           "Матеріали кампанії доступні на сайті центру українською та англійською мовами."],
    "ru": ["Министерство здравоохранения сообщает о начале сезонной вакцинации против гриппа. "
           "Прививки проводятся бесплатно в поликлиниках по месту жительства. "
           "В первую очередь вакцинируют пожилых людей, беременных женщин и медицинских работников.",
           "В прошлом году привились более полумиллиона человек, что позволило снизить заболеваемость. "
           "Специалисты напоминают, что иммунитет формируется через две недели после прививки.",
           "Подробную информацию можно получить по телефону горячей линии или у участкового врача."],
    "kk": ["Облыстық денсаулық сақтау басқармасы маусымдық тұмауға қарсы екпе науқанының басталғанын хабарлайды. "
           "Екпе емханаларда тегін жүргізіледі. "
           "Алдымен егде жастағы адамдар, жүкті әйелдер және медицина қызметкерлері екпе алады.",
           "Өткен жылы облыс тұрғындарының жартысынан астамы екпе алды. "
           "Мамандар иммунитет екпеден кейін екі аптадан соң қалыптасатынын ескертеді.",
           "Толық ақпаратты сенім телефоны арқылы немесе учаскелік дәрігерден алуға болады."],
    "ky": ["Саламаттык сактоо министрлиги балдарды кызамыкка каршы эмдөө боюнча иш-чараларды баштады. "
           "Эмдөө үй-бүлөлүк медицина борборлорунда акысыз жүргүзүлөт. "
           "Ата-энелер балдарынын эмдөө календарын текшерүүгө чакырылат.",
           "Өткөн аптада республикада кызамыктын 17 учуру катталды, алардын көпчүлүгү эмделбеген балдар. "
           "Дарыгерлер өз убагында эмдөө оорунун алдын алуунун эң ишенимдүү жолу экенин эскертишет.",
           "Кошумча маалыматты ишеним телефону аркылуу алууга болот."],
    "ka": ["ჯანდაცვის სამინისტრო იწყებს სეზონური გრიპის საწინააღმდეგო ვაქცინაციის კამპანიას. "
           "ვაქცინაცია უფასოა ყველა პოლიკლინიკაში. "
           "პირველ რიგში აცრას მიიღებენ ხანდაზმულები, ორსულები და სამედიცინო პერსონალი.",
           "გასულ წელს ვაქცინაცია ასზე მეტ ათას ადამიანს ჩაუტარდა. "
           "სპეციალისტები შეგახსენებენ, რომ იმუნიტეტი აცრიდან ორ კვირაში ყალიბდება.",
           "დამატებითი ინფორმაციის მიღება შესაძლებელია ცხელ ხაზზე."],
    "en": ["The World Health Organization and the Ministry of Health launched a national measles "
           "vaccination week on Monday. Mobile teams will visit remote villages in five regions. "
           "Parents are asked to check their children's vaccination records.",
           "Last year the country reported more than three hundred measles cases, most of them among "
           "unvaccinated children. Health workers were trained to manage cases and trace contacts.",
           "The campaign is supported by UNICEF and the European Union."],
}
TITLES = {
    "uk": ["МОЗ нагадує батькам про планові щеплення дітей від кору", "Кір: як захистити дитину",
           "Центр громадського здоров'я запускає кампанію про вакцинацію", "Нові правила запису до лікаря",
           "Оновлено календар профілактичних щеплень"],
    "ru": ["Началась сезонная вакцинация против гриппа", "Минздрав напоминает о профилактике гриппа",
           "Горячая линия по вопросам вакцинации работает круглосуточно", "Итоги прививочной кампании 2024 года",
           "В поликлиниках открыты дополнительные прививочные кабинеты"],
    "kk": ["Облыста тұмауға қарсы екпе науқаны басталды", "Денсаулық сақтау басқармасының жаңа бастамасы",
           "Кардиология институтымен жұмыс кездесуі өтті", "Емханаларда қосымша екпе кабинеттері ашылды",
           "Сенім телефоны тәулік бойы жұмыс істейді"],
    "ky": ["Балдарды кызамыкка каршы эмдөө башталды", "Саламаттык сактоо министрлигинин жаңы демилгеси",
           "Үй-бүлөлүк медицина борборлорунда кошумча кабинеттер ачылды", "Ишеним телефону күнү-түнү иштейт",
           "Эмдөө календары жаңыланды"],
    "ka": ["სეზონური გრიპის საწინააღმდეგო ვაქცინაცია დაიწყო", "ჯანდაცვის სამინისტროს ახალი ინიციატივა",
           "პოლიკლინიკებში დამატებითი ვაქცინაციის კაბინეტები გაიხსნა", "ცხელი ხაზი მუშაობს სადღეღამისოდ",
           "განახლდა ვაქცინაციის კალენდარი"],
    "en": ["WHO and the Ministry of Health launch national measles vaccination week",
           "Health workers trained in case management", "New cold chain equipment delivered to regions",
           "European Union supports primary health care reform", "Country marks World Health Day"],
}
DATES = {"uk": "12 березня 2024", "ru": "12 марта 2024", "kk": "12 наурыз 2024", "ky": "12-март, 2024",
         "ka": "12 მარტი 2024", "en": "12 March 2024"}
SECTION = {"uk": ("Новини", "Про нас", "Контакти"), "ru": ("Новости", "О нас", "Контакты"),
           "kk": ("Жаңалықтар", "Біз туралы", "Байланыс"), "ky": ("Жаңылыктар", "Биз жөнүндө", "Байланыш"),
           "ka": ("სიახლეები", "ჩვენ შესახებ", "კონტაქტი"), "en": ("News", "About us", "Contact")}


def paragraphs(lang: str, count: int = 3) -> str:
    return "".join(f"<p>{html.escape(TEXT[lang][i % 3])}</p>" for i in range(count))


def about_text(lang: str) -> str:
    """A long 'About' text: history, mission and structure, no date anywhere near the heading."""
    return paragraphs(lang, 9)


# --- page chrome of each CMS --------------------------------------------------------------------
def head(title: str, lang: str, *, og: str | None = None, ld: list[dict] | None = None,
         published: str | None = None, site: str = "Health") -> str:
    meta = [f"<title>{html.escape(title)} | {site}</title>", '<meta charset="utf-8">',
            f'<meta property="og:title" content="{html.escape(title)}">']
    if og:
        meta.append(f'<meta property="og:type" content="{og}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if ld:
        meta.append(f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@graph": ld})}</script>')
    return f'<!DOCTYPE html><html lang="{lang}"><head>{"".join(meta)}</head>'


def menu(lang: str) -> str:
    news, about, contact = SECTION[lang]
    return (f'<header class="site-header"><a class="logo" href="/">{html.escape(news)}</a>'
            f'<nav class="main-menu"><ul><li><a href="/news/">{news}</a></li><li><a href="/about/">{about}</a></li>'
            f'<li><a href="/contacts/">{contact}</a></li></ul></nav>'
            '<form class="search" action="/search"><input type="text" name="q" value=""></form></header>')


def footer() -> str:
    return ('<footer class="site-footer"><p>© 2024 All rights reserved.</p>'
            '<a href="/privacy/">Privacy policy</a> <a href="/sitemap/">Sitemap</a></footer>')


def sidebar(lang: str) -> str:
    items = "".join(f'<li><a href="/news/side-{i}-{lang}-item-link/">{html.escape(t)}</a></li>'
                    for i, t in enumerate(TITLES[lang][:4]))
    return f'<aside class="sidebar"><h3>Popular</h3><ul>{items}</ul></aside>'


def teaser(lang: str, i: int, href: str, style: str) -> str:
    title = html.escape(TITLES[lang][i % 5] + (f" ({i})" if i >= 5 else ""))
    excerpt = html.escape(TEXT[lang][i % 3][:140])
    date = f"{1 + i} {DATES[lang].split(' ', 1)[1]}" if " " in DATES[lang] else DATES[lang]
    if style == "article":  # WordPress, Drupal
        return (f'<article class="post type-post"><h2 class="entry-title"><a href="{href}">{title}</a></h2>'
                f'<time class="entry-date">{date}</time><div class="entry-summary"><p>{excerpt}</p></div></article>')
    if style == "bitrix":
        return (f'<div class="news-item"><span class="news-date-time">{date}</span>'
                f'<a href="{href}"><b>{title}</b></a><br>{excerpt}</div>')
    if style == "table":
        return f'<tr><td class="date">{date}</td><td><a href="{href}">{title}</a><br>{excerpt}</td></tr>'
    return (f'<div class="item"><h3><a href="{href}">{title}</a></h3>'
            f'<div class="date">{date}</div><p>{excerpt}</p></div>')


def pager(base: str) -> str:
    return ('<div class="pagination">' + "".join(f'<a href="{base}{n}">{n}</a>' for n in (1, 2, 3))
            + f'<a href="{base}2" rel="next">»</a></div>')


def wordpress(lang: str, title: str, main: str, *, og: str | None = "article", ld_type: str | None = "Article",
              published: str | None = "2024-03-12T10:00:00+02:00") -> str:
    ld = [{"@type": "WebPage", "name": title}, {"@type": "WebSite", "name": "Health"}]
    if ld_type:
        ld.insert(0, {"@type": ld_type, "headline": title, **({"datePublished": published} if published else {})})
    return (head(title, lang, og=og, ld=ld, published=published) + '<body class="wp">' + menu(lang)
            + f'<div id="content"><main id="main">{main}</main>{sidebar(lang)}</div>' + footer() + "</body></html>")


def drupal(lang: str, title: str, main: str, *, og: str = "article") -> str:
    return (head(title, lang, og=og) + '<body class="path-node">' + menu(lang)
            + f'<div class="layout-container"><main role="main"><div class="region-content">{main}</div></main></div>'
            + footer() + "</body></html>")


def bitrix(lang: str, title: str, main: str) -> str:
    return (head(title, lang) + "<body>" + menu(lang)
            + f'<div class="workarea"><h1>{html.escape(title)}</h1>{main}</div>{sidebar(lang)}' + footer()
            + "</body></html>")


def joomla(lang: str, title: str, main: str) -> str:
    return (head(title, lang) + '<body class="site com_content">' + menu(lang)
            + f'<div id="system-message-container"></div><div class="item-page">{main}</div>'
            + footer() + "</body></html>")


def aspnet(lang: str, title: str, main: str) -> str:
    return (head(title, lang) + '<body><form id="aspnetForm" action="./x.aspx" method="post">'
            '<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4NzczMzUyMzs7Pg==">' + menu(lang)
            + f'<div id="ctl00_ContentPlaceHolder1_pnlMain">{main}</div>' + footer() + "</form></body></html>")


def govkz(lang: str, title: str, main: str) -> str:
    return (head(title, lang, site="gov.kz") + '<body><div id="root"><div class="header">' + menu(lang)
            + f'</div><div class="content-page"><div class="breadcrumbs"><a href="/">Басты бет</a></div>{main}</div>'
            + footer() + "</div></body></html>")


def table_php(lang: str, title: str, main: str) -> str:
    return (f'<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head><body>'
            '<table width="100%"><tr><td colspan="2" class="top"><img src="/img/logo.gif" alt=""></td></tr>'
            '<tr><td width="200" valign="top" class="menu"><a href="/index.php">Башкы бет</a><br>'
            '<a href="/news.php">Жаңылыктар</a><br><a href="/contacts.php">Байланыш</a></td>'
            f'<td valign="top" class="content">{main}</td></tr>'
            '<tr><td colspan="2" class="bottom">© 2008-2024</td></tr></table></body></html>')


def un_office(lang: str, title: str, main: str, *, og: str = "article") -> str:
    ld = [{"@type": "NewsArticle", "headline": title}] if og == "article" else [{"@type": "WebPage", "name": title}]
    return (head(title, lang, og=og, ld=ld, site="United Nations") + '<body class="un">' + menu(lang)
            + f"<main>{main}</main>" + footer() + "</body></html>")


def article_main(lang: str, title: str, *, count: int = 3, date: bool = True, tag: str = "article") -> str:
    date_html = f'<div class="meta"><span class="date">{DATES[lang]}</span></div>' if date else ""
    return f"<{tag} class=\"node\"><h1>{html.escape(title)}</h1>{date_html}<div class=\"body\">{paragraphs(lang, count)}</div></{tag}>"


def related(lang: str, count: int = 5) -> str:
    items = "".join(teaser(lang, i, f"/en/{240000 + i}-related-news-item-{i}", "item") for i in range(count))
    return f'<section class="related-news"><h2>Related news</h2><div class="items">{items}</div></section>'


def listing_main(lang: str, heading: str, hrefs: list[str], style: str) -> str:
    items = "".join(teaser(lang, i, href, style) for i, href in enumerate(hrefs))
    if style == "table":
        items = f"<table class=\"news\">{items}</table>"
    return f"<h1>{html.escape(heading)}</h1><div class=\"list\">{items}</div>"


# --- the cases ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    name: str
    url: str
    html: str
    kind: str
    hints: Hints = Hints()


def _cases() -> list[Case]:
    t = TITLES
    cases = [
        # WordPress, Ukrainian
        Case("wp-article-uk", "https://phc.example.ua/2024/03/12/moz-nahaduie-pro-shcheplennia/",
             wordpress("uk", t["uk"][0], article_main("uk", t["uk"][0])), "announcement"),
        Case("wp-category-10-teasers-uk", "https://phc.example.ua/category/novyny/",
             wordpress("uk", "Новини", listing_main("uk", "Новини", [f"/2024/03/{i:02d}/novyna-pro-shcheplennia-{i}/" for i in range(1, 11)], "article")
                       + pager("/category/novyny/page/"), ld_type="CollectionPage", og="website", published=None), "category"),
        Case("wp-about-long-uk", "https://phc.example.ua/pro-nas/",
             wordpress("uk", "Про нас", f"<article class=\"page\"><h1>Про нас</h1>{about_text('uk')}</article>",
                       ld_type=None, published=None), "static"),
        Case("wp-home-uk", "https://phc.example.ua/",
             wordpress("uk", "Центр громадського здоров'я", listing_main("uk", "Останні новини", [f"/2024/03/{i:02d}/novyna-{i}-pro-vakcynaciiu/" for i in range(1, 7)], "article"),
                       ld_type=None, og="website", published=None), "home"),
        Case("wp-search-uk", "https://phc.example.ua/?s=%D0%BA%D1%96%D1%80",
             wordpress("uk", "Результати пошуку «кір»", listing_main("uk", "Результати пошуку", [f"/2024/03/{i:02d}/kir-{i}-novyna/" for i in range(1, 4)], "article"),
                       ld_type="SearchResultsPage", og="website", published=None), "search"),
        Case("wp-feed-uk", "https://phc.example.ua/feed/",
             '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Центр</title>'
             + "".join(f"<item><title>{html.escape(x)}</title><link>https://phc.example.ua/{i}/</link></item>" for i, x in enumerate(t["uk"]))
             + "</channel></rss>", "feed"),
        Case("wp-attachment-uk", "https://phc.example.ua/?attachment_id=812",
             wordpress("uk", "nakaz-1368", '<article><h1>nakaz-1368</h1><p><a href="/wp-content/uploads/nakaz-1368.pdf">nakaz-1368</a></p></article>',
                       ld_type=None, published=None), "attachment"),
        # Drupal, English and Georgian
        Case("drupal-article-en", "https://moh.example.ge/en/news/measles-vaccination-week-starts-in-five-regions",
             drupal("en", t["en"][0], article_main("en", t["en"][0], count=4)), "announcement"),
        Case("drupal-article-ka", "https://moh.example.ge/ka/news/5521",
             drupal("ka", t["ka"][0], article_main("ka", t["ka"][0])), "announcement"),
        Case("drupal-contact-ka", "https://moh.example.ge/ka/contact",
             drupal("ka", "კონტაქტი", '<h1>კონტაქტი</h1><p>თბილისი, წერეთლის გამზირი 144. ტელეფონი: +995 32 251 00 11.</p>'
                    '<form class="contact-message-form"><input type="text" name="name"><textarea name="message"></textarea></form>',
                    og="website"), "static"),
        Case("drupal-tag-en", "https://moh.example.ge/en/taxonomy/term/12",
             drupal("en", "Measles", listing_main("en", "Measles", [f"/en/news/measles-story-number-{i}-in-regions" for i in range(1, 6)], "item")
                    + pager("/en/taxonomy/term/12?page="), og="website"), "category"),
        Case("drupal-print-en", "https://moh.example.ge/en/print/node/5521",
             drupal("en", t["en"][0], article_main("en", t["en"][0])), "print"),
        # Bitrix, Russian
        Case("bitrix-article-ru", "https://minzdrav.example.kg/press/news/detail.php?ELEMENT_ID=4521",
             bitrix("ru", t["ru"][0], f'<div class="news-detail"><span class="news-date-time">{DATES["ru"]}</span>{paragraphs("ru")}</div>'),
             "announcement"),
        Case("bitrix-listing-ru", "https://minzdrav.example.kg/press/news/?PAGEN_1=2",
             bitrix("ru", "Новости", '<div class="news-list">' + "".join(teaser("ru", i, f"/press/news/detail.php?ELEMENT_ID={4500 + i}", "bitrix") for i in range(10))
                    + '</div><div class="modern-page-navigation"><a href="/press/news/?PAGEN_1=1">1</a><a href="/press/news/?PAGEN_1=3">3</a></div>'),
             "listing"),
        Case("bitrix-print-ru", "https://minzdrav.example.kg/press/news/detail.php?ELEMENT_ID=4521&print=Y",
             bitrix("ru", t["ru"][0], f'<div class="news-detail"><span class="news-date-time">{DATES["ru"]}</span>{paragraphs("ru")}</div>'),
             "print"),
        Case("bitrix-about-long-ru", "https://minzdrav.example.kg/about/",
             bitrix("ru", "О нас", about_text("ru")), "static"),
        # Joomla, Kazakh
        Case("joomla-article-kk", "https://densaulyq.example.kz/index.php?option=com_content&view=article&id=312:ekpe&catid=8&Itemid=101",
             joomla("kk", t["kk"][0], f'<div class="page-header"><h2>{t["kk"][0]}</h2></div><dl class="article-info"><dd class="published">{DATES["kk"]}</dd></dl>{paragraphs("kk")}'),
             "announcement"),
        Case("joomla-category-kk", "https://densaulyq.example.kz/index.php?option=com_content&view=category&id=8&Itemid=101&start=10",
             joomla("kk", "Жаңалықтар", '<div class="blog">' + "".join(teaser("kk", i, f"/index.php?option=com_content&view=article&id={300 + i}&catid=8", "item") for i in range(5)) + "</div>"),
             "category"),
        # ASP.NET, Russian and Kazakh
        Case("aspnet-article-ru", "https://ncph.example.kz/ru/news/details.aspx?id=1234",
             aspnet("ru", t["ru"][2], article_main("ru", t["ru"][2], tag="div")), "announcement"),
        Case("aspnet-home-kk", "https://ncph.example.kz/Default.aspx",
             aspnet("kk", "Ұлттық орталық", listing_main("kk", "Жаңалықтар", [f"/kk/news/details.aspx?id={1200 + i}" for i in range(6)], "item")),
             "home"),
        Case("aspnet-search-echo-ru", "https://ncph.example.kz/ru/Find.aspx?phrase=%D0%B3%D1%80%D0%B8%D0%BF%D0%BF",
             aspnet("ru", "Найдено", '<h1>Найдено</h1><input type="text" name="phrase" value="грипп">'
                    + listing_main("ru", "", [f"/ru/news/details.aspx?id={1300 + i}" for i in range(4)], "item")),
             "search"),
        Case("aspnet-contacts-ru", "https://ncph.example.kz/ru/Contacts.aspx",
             aspnet("ru", "Контакты", "<h1>Контакты</h1><p>г. Алматы, ул. Богенбай батыра, 84. Телефон приёмной: +7 727 123 45 67.</p>"),
             "static"),
        # a gov.kz-like portal, Kazakh
        Case("govkz-article-kk", "https://www.gov.example.kz/memleket/entities/dsm/press/news/details/712345?lang=kk",
             govkz("kk", t["kk"][2], article_main("kk", t["kk"][2], tag="div")), "announcement"),
        Case("govkz-about-kk", "https://www.gov.example.kz/memleket/entities/dsm/about?lang=kk",
             govkz("kk", "Біз туралы", "<h1>Біз туралы</h1>" + about_text("kk")), "static"),
        Case("govkz-listing-kk", "https://www.gov.example.kz/memleket/entities/dsm/press/news?lang=kk&page=2",
             govkz("kk", "Жаңалықтар", listing_main("kk", "Жаңалықтар", [f"/memleket/entities/dsm/press/news/details/{712300 + i}?lang=kk" for i in range(10)], "item")),
             "listing"),
        # table-layout PHP, Kyrgyz
        Case("table-article-ky", "http://med.example.kg/news.php?id=77",
             table_php("ky", t["ky"][0], f"<h2>{t['ky'][0]}</h2><i>{DATES['ky']}</i><br><br>{TEXT['ky'][0]}<br><br>{TEXT['ky'][1]}"),
             "announcement"),
        Case("table-home-ky", "http://med.example.kg/index.php",
             table_php("ky", "Башкы бет", listing_main("ky", "Жаңылыктар", [f"/news.php?id={70 + i}" for i in range(8)], "table")),
             "home"),
        Case("table-contacts-ky", "http://med.example.kg/contacts.php",
             table_php("ky", "Байланыш", "<b>Байланыш</b><br>Бишкек ш., Москва көч., 148. Тел.: +996 312 62 26 80"),
             "static"),
        # UN country office, English and Kyrgyz
        Case("un-article-related-5-en", "https://kyrgyzstan.example.un.org/en/258321-who-and-ministry-launch-measles-vaccination-week",
             un_office("en", t["en"][0], article_main("en", t["en"][0]) + related("en")), "announcement"),
        Case("un-article-ky", "https://kyrgyzstan.example.un.org/ky/258330-baldardy-kyzamykka-karshy-emdoo-bashtaldy",
             un_office("ky", t["ky"][0], article_main("ky", t["ky"][0]) + related("ky", 3)), "announcement"),
        Case("un-about-en", "https://kyrgyzstan.example.un.org/en/about/about-the-un",
             un_office("en", "About the UN in Kyrgyzstan", f"<h1>About the UN in Kyrgyzstan</h1>{about_text('en')}", og="website"),
             "static"),
        # hard cases
        Case("short-announcement-3-sentences-ka", "https://ncdc.example.ge/ka/news/1234",
             drupal("ka", t["ka"][0], f'<div class="node"><h1>{t["ka"][0]}</h1><div class="date">{DATES["ka"]}</div><p>{TEXT["ka"][0]}</p></div>', og="website"),
             "announcement"),
        Case("short-announcement-3-sentences-uk-sitemap", "https://oblzdrav.example.ua/novyny/2291-hrafik-roboty-likaren",
             bitrix("uk", t["uk"][3], f'<span class="date">{DATES["uk"]}</span><p>{TEXT["uk"][0]}</p>'),
             "announcement", Hints(discovered_via="sitemap", siblings=40)),
        Case("undated-project-page-ka", "https://ngo.example.ge/proeqtebi/fsiqikuri-janmrteloba/",
             wordpress("ka", "ფსიქიკური ჯანმრთელობის მხარდაჭერის პროგრამა",
                       f"<h1>ფსიქიკური ჯანმრთელობის მხარდაჭერის პროგრამა</h1>{paragraphs('ka', 4)}",
                       og="website", ld_type=None, published=None), "page"),
        Case("brochure-news-page-as-one-text-en", "https://ngo.example.ge/en/news/",
             wordpress("en", "News", f"<h1>News</h1>{paragraphs('en', 3)}", og="website", ld_type=None, published=None),
             "page"),
        Case("about-the-department-uk", "https://oblzdrav.example.ua/pro-departament",
             drupal("uk", "Про департамент", f"<h1>Про департамент</h1>{about_text('uk')}", og="website"), "static"),
        Case("two-teaser-listing-en", "https://kyrgyzstan.example.un.org/en/home/news/kg-news.html",
             un_office("en", "Local News", listing_main("en", "Local News", ["/en/home/news/kg-news/2019/annual-review-of-reform.html",
                                                                         "/en/home/news/kg-news/2017/high-level-policy-dialogue.html"], "item"),
                       og="website"), "listing"),
        Case("undated-link-list-en", "http://brochure.example.ge/projects/?lang=en",
             table_php("en", "Projects", "<b>Projects</b><table>" + "".join(
                 f'<tr><td>&raquo;</td><td><a href="/projects/p{i}/?lang=en">{html.escape(x)}</a></td></tr>'
                 for i, x in enumerate(TITLES["en"])) + "</table>"), "listing"),
        Case("brochure-front-page-ka", "http://brochure.example.ge/index.php?lang=ge",
             table_php("ka", "პარტნიორები ჯანმრთელობისათვის", "<b>მისია</b>" + about_text("ka")),
             "page", Hints(pattern_match=True)),
        Case("brochure-project-page-en", "http://brochure.example.ge/projects/telemedicine/?lang=en",
             table_php("en", "Telemedicine network", "<b>Telemedicine network</b>" + paragraphs("en", 2)),
             "page", Hints(pattern_match=True)),
    ]
    return cases


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_page_kind(case: Case):
    record = extract_record(case.html, case.url, case.hints)
    assert record.kind == case.kind


def test_every_kind_and_language_is_covered():
    assert {c.kind for c in CASES} == set(KINDS)
    langs = {c.html.split('lang="', 1)[1][:2] for c in CASES if 'lang="' in c.html}
    assert {"uk", "ru", "kk", "ky", "ka", "en"} <= langs


def test_the_kind_changes_no_other_field():
    """A page keeps the fields extraction found (no date where the page shows none)."""
    from dataclasses import replace

    brochure = next(c for c in CASES if c.name == "brochure-front-page-ka")
    kept, dropped = (extract_record(brochure.html, brochure.url, hints) for hints in (brochure.hints, Hints()))
    assert (kept.kind, dropped.kind) == ("page", "home")
    assert replace(dropped, kind="page") == kept and kept.published_at is None


def test_the_same_page_is_dropped_without_the_registry_naming_it():
    brochure = next(c for c in CASES if c.name == "brochure-front-page-ka")
    assert extract_record(brochure.html, brochure.url).kind == "home"


@pytest.mark.parametrize(("url", "fact"), [
    ("https://x.kz/", "home"), ("https://x.kz/ru/", "home"), ("https://x.kz/?utm_source=fb", "home"), ("https://x.kz/index.php?lang=kk", "home"),
    ("https://x.kz/search?q=грипп", "search"), ("https://x.kz/?s=flu", "search"),
    ("https://x.kz/news/12?print=1", "print"), ("https://x.kz/rss.xml", "feed"), ("https://x.kz/feed/", "feed"),
    ("https://x.kz/files/order.pdf", "attachment"), ("https://x.kz/category/grants/", "category"),
    ("https://x.kz/tag/covid-19-vaccination-campaign/", "category"), ("https://x.kz/news/page/3/", "listing"),
    ("https://x.kz/ru/news/", "listing"), ("https://x.kz/kontakty/", "static"), ("https://x.kz/o-nas", "static"),
    ("https://x.kz/news/2024/05/vaktsinatsiya-nachalas-v-regionakh", "item"), ("https://x.kz/news/45121", "item"),
])
def test_url_facts(url: str, fact: str):
    assert getattr(read_url(url), fact)


@pytest.mark.parametrize("url", [
    "https://x.kz/?q=node/12", "https://x.kz/contact-tracing-starts-in-all-regions-today/",
    "https://x.kz/category/grants/new-grant-competition-for-clinics/", "https://x.kz/news/45121",
])
def test_url_facts_that_must_not_fire(url: str):
    facts = read_url(url)
    assert not (facts.search or facts.static or facts.category or facts.home)


def test_items_of_a_section_share_a_shape_and_section_pages_do_not():
    items = {url_shape(f"https://x.kz/news/{slug}") for slug in ("vaktsinatsiya-nachalas-v-regionakh", "goryachaya-liniya-rabotaet-kruglosutochno")}
    assert len(items) == 1
    assert url_shape("https://x.kz/about/") != url_shape("https://x.kz/contacts/")
    assert url_shape("https://x.kz/news/45121") == url_shape("https://x.kz/news/45122")


def test_discovery_hints_reach_extraction_workers():
    import pickle

    hints = Hints(languages=("ka",), discovered_via="sitemap", siblings=12, pattern_match=True)
    assert pickle.loads(pickle.dumps(hints)) == hints


def test_a_body_is_mostly_links_from_half_of_its_lines() -> None:
    from scrapers.extract.classify import PageShape, mostly_links

    shape = PageShape(link_texts=frozenset(("Програма вакцинації дітей", "Звіт про діяльність за 2023 рік")))
    links = ["• Програма вакцинації дітей", "  Звіт  про діяльність за 2023 рік "]
    text = ["Міністерство повідомляє про нові заходи.", "Щеплення проводять безоплатно."]
    assert mostly_links(shape, "\n".join(links + text))  # two of four lines, spaces and markers aside
    assert mostly_links(shape, "\n\n".join(links + text[:1]))
    assert not mostly_links(shape, "\n".join(links[:1] + text))  # one of three
    assert not mostly_links(shape, links[0])  # a single line is no list
    assert not mostly_links(PageShape(), "\n".join(links))  # no link titles on the page
