"""Hand-written announcement pages of the region's eleven languages, in the hard layouts of
its publishers: ASP.NET WebForms (the page inside one <form>), table layouts (menu, article
and sidebar in three cells), <br><br>-separated paragraphs, a UN country office's article
followed by press contacts and sustainable-development-goal badges, reader comment threads.

Each page is (html, expected body, expected date, language); the benchmark's `region`
collection (benchmarks/extraction_heldout.py) and tests/extract/test_extract_hard_layouts.py
read them through `pages()`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    lang: str
    layout: str
    title: str
    date_line: str
    date: str
    paragraphs: tuple[str, ...]
    tail_label: str  # opens the post-article block (contacts, goals, documents) or the comments
    tail_lines: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs).replace("\x07", "")  # a control character never reaches a record


MENU = "".join(f'<li><a href="/s{i}">{w}</a></li>' for i, w in enumerate(
    ("Головна", "Новини", "Документи", "Контакти", "Home", "News", "About")))
SIDEBAR = "".join(f'<p><a href="/n{i}">{w}</a></p>' for i, w in enumerate(
    ("Останні новини регіону", "Архів публікацій", "Вакансії та конкурси", "Оголошення")))


def _paras(page: Page) -> str:
    return "".join(f"<p>{p}</p>" for p in page.paragraphs)


def _tail(page: Page, tag: str = "h3") -> str:
    return f"<{tag}>{page.tail_label}</{tag}>" + "".join(f"<p>{line}</p>" for line in page.tail_lines)


def aspnet(page: Page) -> str:
    """ASP.NET WebForms: every element inside <form id="aspnetForm">; the article in a panel."""
    return (f'<!DOCTYPE html><html lang="{page.lang}"><head><title>{page.title} | Портал</title></head><body>'
            '<form name="aspnetForm" method="post" action="./news.aspx?id=12" id="aspnetForm">'
            '<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk" />'
            f'<div id="ctl00_header"><ul class="topmenu">{MENU}</ul></div>'
            '<div id="ctl00_ContentPlaceHolder1_pnlNews">'
            f'<h1 id="ctl00_lblTitle">{page.title}</h1><span id="ctl00_lblDate">{page.date_line}</span>'
            f'<div id="ctl00_divText">{_paras(page)}{_tail(page)}</div></div>'
            f'<div id="ctl00_right">{SIDEBAR}</div>'
            '<div id="ctl00_search"><input type="text" name="q"/><input type="submit" value="OK"/></div>'
            '</form></body></html>')


def table(page: Page) -> str:
    """An old table layout: menu cell, article cell, sidebar cell."""
    return (f'<html><head><meta charset="utf-8"><title>{page.title}</title></head><body>'
            '<table width="100%" border="0"><tr><td colspan="3"><img src="/logo.gif" alt="logo"></td></tr>'
            f'<tr><td width="200" valign="top"><ul>{MENU}</ul></td>'
            f'<td valign="top"><h1>{page.title}</h1><div>{page.date_line}</div>{_paras(page)}'
            f'{_tail(page, "p")}</td>'
            f'<td width="220" valign="top">{SIDEBAR}</td></tr></table></body></html>')


def br_paragraphs(page: Page) -> str:
    """Paragraphs separated by <br><br> in one cell of text, then a comment thread."""
    text = "<br><br>".join(page.paragraphs)
    comments = "".join(f'<div class="c-item"><b>Асель</b><p>{line}</p></div>' for line in page.tail_lines)
    return (f'<html lang="{page.lang}"><head><title>{page.title}</title></head><body>'
            f'<div class="top"><ul>{MENU}</ul></div><div class="wrap"><h1>{page.title}</h1>'
            f'<div class="info">{page.date_line}</div><div class="txt">{text}</div>'
            f'<h3>{page.tail_label}</h3>{comments}</div></body></html>')


def un_office(page: Page) -> str:
    """A UN country office article: body, press contacts, then the goals it supports."""
    badges = "".join(f'<li><a href="/sdgs/{n}"><img src="/g{n}.png" alt="{page.tail_lines[-1]} {n}">'
                     f"<span>{page.tail_lines[-1]} {n}</span></a></li>" for n in (3, 5, 17))
    contacts = "".join(f"<p>{line}</p>" for line in page.tail_lines[:-1])
    return (f'<html lang="{page.lang}"><head><title>{page.title} | United Nations</title></head><body>'
            f'<header><nav><ul>{MENU}</ul></nav></header><main><article>'
            f'<h1>{page.title}</h1><div class="meta"><time>{page.date_line}</time></div>'
            f'<div class="field-body">{_paras(page)}</div>'
            f'<div class="block-a"><h4>{page.tail_label}</h4>{contacts}</div>'
            f'<div class="block-b"><h4>{GOALS[page.lang]}</h4><ul>{badges}</ul></div>'
            '</article></main><footer>© United Nations</footer></body></html>')


def comments(page: Page) -> str:
    """A blog-like page whose comment thread has no telling class, only its heading."""
    thread = "".join(f'<div class="item"><div class="who">Nino</div><p>{line}</p></div>' for line in page.tail_lines)
    return (f'<html lang="{page.lang}"><head><title>{page.title}</title></head><body>'
            f'<div class="menu"><ul>{MENU}</ul></div><div class="page"><h1>{page.title}</h1>'
            f'<p class="when">{page.date_line}</p>{_paras(page)}<h2>{page.tail_label}</h2>{thread}'
            '<h3>Leave a Reply</h3><p>Your email address will not be published.</p></div></body></html>')


GOALS = {"uk": "Цілі сталого розвитку", "ro": "Obiectivele de dezvoltare durabilă",
         "en": "Goals we are supporting through this initiative"}
LAYOUTS = {"aspnet": aspnet, "table": table, "br": br_paragraphs, "un": un_office, "comments": comments}

PAGES = (
    Page("uk_un", "uk", "un", "ВООЗ та МОЗ розширюють доступ до психологічної допомоги", "12 березня 2024",
         "2024-03-12",
         ("Всесвітня організація охорони здоров'я спільно з Міністерством охорони здоров'я України розпочала "
          "навчання сімейних лікарів у трьох областях, щоб пацієнти могли отримати психологічну допомогу поруч з домом.",
          "За перший рік програми понад дві тисячі лікарів первинної ланки пройдуть курс з розпізнавання депресії, "
          "тривожних розладів і посттравматичного стресового розладу та навчаться надавати першу підтримку.",
          "Програму фінансує Європейський Союз; її результати обговорять на нараді з обласними департаментами "
          "охорони здоров'я наприкінці року."),
         "Для довідок", ("Олена Петренко, офіцер з комунікацій, тел. +380 44 123 45 67", "ЦУР")),
    Page("ru_aspnet", "ru", "aspnet", "В Бишкеке открылся центр вакцинации детей", "05.02.2024", "2024-02-05",
         ("В столичном центре семейной медицины № 7 открылся кабинет вакцинации, где родители могут бесплатно "
          "привить детей по национальному календарю профилактических прививок.",
          "Кабинет оснащён холодильным оборудованием для хранения вакцин, а медицинские сёстры прошли обучение "
          "по безопасной иммунизации и консультированию родителей.",
          "Приём ведётся ежедневно с 8:00 до 17:00, кроме воскресенья; запись по телефону регистратуры не требуется."),
         "Для справок", ("Пресс-служба: +996 312 66 00 00",)),
    Page("kk_table", "kk", "table", "Облыста қызылшаға қарсы екпе науқаны басталды", "14.03.2024", "2024-03-14",
         ("Жамбыл облысында қызылшаға қарсы қосымша екпе науқаны басталды, оған бір жастан алты жасқа дейінгі "
          "балалар қамтылады деп хабарлады облыстық денсаулық сақтау басқармасы.",
          "Екпе барлық емханаларда және фельдшерлік-акушерлік пункттерде тегін жүргізіледі, ата-аналар "
          "баласының екпе паспортын өзімен бірге алып келуі қажет.",
          "Мамандардың айтуынша, қызылша өте жұқпалы ауру, сондықтан уақтылы екпе балаларды ауыр асқынулардан қорғайды."),
         "Анықтама үшін: 8 (7262) 43-21-00", ("Баспасөз қызметі",)),
    Page("ky_br", "ky", "br", "Ош шаарында кан берүү акциясы өттү", "20.01.2024", "2024-01-20",
         ("Ош шаарындагы кан борборунда ыктыярдуу кан берүүчүлөрдүн акциясы өтүп, ага жүздөн ашуун жаран катышты.",
          "Акциянын жүрүшүндө дарыгерлер катышуучулардын ден соолугун текшерип, кан берүүнүн эрежелери жөнүндө "
          "кеңири маалымат беришти.",
          "Чогултулган кан шаардын ооруканаларындагы операцияларга жана төрөт үйлөрүнө жөнөтүлөт деп билдирди борбор."),
         "Комментарийлер", ("Абдан жакшы демилге, кийинки жолу мен да катышам деп ойлойм, рахмат уюштуруучуларга!",
                            "Кан борборунун иш убактысын жазып койсоңор жакшы болмок.")),
    Page("ka_comments", "ka", "comments", "თბილისში ჯანმრთელობის ახალი ცენტრი გაიხსნა", "2024-04-02",
         "2024-04-02",
         ("თბილისში, საბურთალოს რაიონში, ოჯახის მედიცინის ახალი ცენტრი გაიხსნა, რომელიც ყოველდღიურად ათასამდე "
          "პაციენტს მოემსახურება.",
          "ცენტრში მუშაობენ ოჯახის ექიმები, პედიატრები და ექთნები, ხოლო ლაბორატორია ანალიზების შედეგებს "
          "იმავე დღეს გასცემს.",
          "ჯანდაცვის სამინისტროს ინფორმაციით, მსგავსი ცენტრები მომავალ წელს რეგიონებშიც გაიხსნება."),
         "კომენტარები", ("ძალიან კარგი სიახლეა, იმედია რეგიონებშიც მალე გაიხსნება ასეთი ცენტრები.",
                        "როდის დაიწყებს ცენტრი მუშაობას შაბათობით?")),
    Page("hy_aspnet", "hy", "aspnet", "Երևանում մեկնարկել է գրիպի դեմ պատվաստումների արշավը", "10.10.2023",
         "2023-10-10",
         ("Առողջապահության նախարարությունը հայտարարում է, որ մայրաքաղաքի բոլոր պոլիկլինիկաներում մեկնարկել է "
          "գրիպի դեմ անվճար պատվաստումների սեզոնային արշավը։",
          "Պատվաստումը հատկապես խորհուրդ է տրվում տարեցներին, հղի կանանց, քրոնիկ հիվանդություններ ունեցողներին "
          "և բուժաշխատողներին։",
          "Պատվաստվելու համար անհրաժեշտ է դիմել ընտանեկան բժշկին կամ բնակության վայրի պոլիկլինիկա։"),
         "Մեկնաբանություններ", ("Շատ լավ է, շնորհակալություն տեղեկության համար։",)),
    Page("az_table", "az", "table", "Bakıda pulsuz tibbi müayinə aksiyası keçirilib", "15.05.2024", "2024-05-15",
         ("Səhiyyə Nazirliyinin təşkilatçılığı ilə Bakının Xətai rayonunda sakinlər üçün pulsuz tibbi müayinə "
          "aksiyası keçirilib və ona beş yüzdən çox insan qatılıb.",
          "Aksiya zamanı həkimlər qan təzyiqini və qanda şəkərin səviyyəsini ölçüb, ehtiyacı olan sakinlərə "
          "əlavə müayinə üçün göndəriş veriblər.",
          "Nazirlik bildirib ki, belə aksiyalar ilin sonunadək digər rayonlarda da təşkil olunacaq."),
         "Şərhlər", ("Çox faydalı tədbirdir, təşəkkür edirik həkimlərə!",)),
    Page("ro_un", "ro", "un", "OMS sprijină spitalele raionale din Moldova", "3 iunie 2024", "2024-06-03",
         ("Organizația Mondială a Sănătății a livrat echipamente medicale pentru secțiile de terapie intensivă "
          "ale spitalelor raionale din nordul Republicii Moldova.",
          "Echipamentele includ monitoare pentru pacienți, ventilatoare și concentratoare de oxigen, iar personalul "
          "medical a fost instruit să le folosească în siguranță.",
          "Proiectul este finanțat de Uniunea Europeană și face parte dintr-un program mai larg de consolidare "
          "a sistemului de sănătate."),
         "Pentru mai multe informații", ("Ana Popescu, ofițer de comunicare, ana.popescu@who.int", "ODD")),
    Page("uz_br", "uz", "br", "Toshkentda bolalar uchun yangi poliklinika ochildi", "01.09.2023", "2023-09-01",
         ("Toshkent shahrining Chilonzor tumanida bolalar uchun zamonaviy poliklinika ochildi, u kuniga olti "
          "yuzgacha bemorni qabul qila oladi.",
          "Poliklinikada pediatrlar, nevrologlar va stomatologlar ishlaydi, laboratoriya esa tahlil natijalarini "
          "shu kunning o'zida beradi.",
          "Sog'liqni saqlash vazirligi ma'lumotiga ko'ra, kelgusi yilda viloyatlarda ham shunday muassasalar quriladi."),
         "Izohlar", ("Juda yaxshi yangilik, rahmat!", "Qabul vaqti qanday, bilsak bo'ladimi?")),
    Page("tg_comments", "tg", "comments", "Дар Душанбе маъракаи эмгузаронӣ оғоз шуд", "12.02.2024", "2024-02-12",
         ("Дар шаҳри Душанбе маъракаи иловагии эмгузаронӣ бар зидди сурхча оғоз шуд, ки кӯдакони аз як то панҷсоларо "
          "фаро мегирад.",
          "Эмгузаронӣ дар ҳамаи марказҳои саломатии шаҳр ройгон гузаронида мешавад ва волидон бояд шиносномаи "
          "эмгузарониро ҳамроҳ дошта бошанд.",
          "Вазорати тандурустӣ хабар дод, ки маърака то охири моҳ идома меёбад."),
         "Шарҳҳо", ("Хабари хуб, ташаккур!",)),
    Page("en_un", "en", "un", "WHO supports primary health care reform in Kyrgyzstan", "Dec 20, 2023", "2023-12-20",
         ("The World Health Organization and the Ministry of Health of the Kyrgyz Republic signed an agreement to "
          "strengthen primary health care in\x07 remote districts of the country.",
          "Under the agreement, family medicine centres will receive training for nurses, essential medicines and "
          "digital tools to follow up patients with chronic diseases.",
          "The reform is expected to reach more than one million people by the end of 2025."),
         "Media contacts", ("Aida Asanova, Communications Officer, asanovaa@who.int", "Goal")),
)


def pages() -> list[tuple[Page, str]]:
    """Every page with its HTML."""
    return [(page, LAYOUTS[page.layout](page)) for page in PAGES]
