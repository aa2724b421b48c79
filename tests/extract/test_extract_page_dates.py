"""Dates of a page: structured data, the line next to the title, the URL, the listing —
never a sidebar, related-news, footer or in-body event date."""
from __future__ import annotations

from extract_pages import moz_page, un_kg_page

from scrapers.extract import Hints, extract_record

UA = Hints(languages=("uk", "en"), timezone="Europe/Kyiv")
BODY = ("<p>Як повідомлялося раніше, декларацію проголосили 6 вересня 2023 року під час саміту. "
        "Наступна зустріч відбудеться 12.10.2023 у Києві.</p>")


def test_date_line_under_the_title() -> None:
    record = extract_record(moz_page("Новина", "07.09.2023", BODY), "https://moz.gov.ua/uk/novyna", UA)
    assert (record.published_at, record.modified_at) == ("2023-09-07", None)


def test_date_with_time_under_the_title() -> None:
    record = extract_record(moz_page("Новина", "7 вересня 2023, 14:30", BODY), "https://moz.gov.ua/uk/novyna", UA)
    assert record.published_at == "2023-09-07T14:30:00+03:00"


def test_sidebar_footer_and_body_dates_are_never_the_publication_date() -> None:
    # the page shows no date of its own: related news (05.09.2023), footer (© 2024) and the
    # body's event dates must not stand in for it
    record = extract_record(moz_page("Новина", None, BODY), "https://moz.gov.ua/uk/novyna", UA)
    assert record.published_at is None


def test_listing_date_when_the_page_shows_none() -> None:
    hints = Hints(languages=("uk",), timezone="Europe/Kyiv", listing_date="8 вересня 2023")
    record = extract_record(moz_page("Новина", None, BODY), "https://moz.gov.ua/uk/novyna", hints)
    assert record.published_at == "2023-09-08"


def test_page_date_beats_listing_date() -> None:
    hints = Hints(languages=("uk",), timezone="Europe/Kyiv", listing_date="2023-09-08")
    record = extract_record(moz_page("Новина", "07.09.2023", BODY), "https://moz.gov.ua/uk/novyna", hints)
    assert record.published_at == "2023-09-07"


def test_event_dates_in_the_body_of_seed_001() -> None:
    body = "<p>Кыргызстандын Бишкек шаарында 2017-жылдын 4-7-декабрында өткөрүлгөн жогорку деңгээлдеги саясий диалог.</p>" * 3
    url = "http://kg.one.un.org/content/unct/kyrgyzstan/ky/home/news/kg-news/2017/kyrgyzstan.html"
    hints = Hints(languages=("ky", "en", "ru"), timezone="Asia/Bishkek")
    assert extract_record(un_kg_page("Диалог", None, body), url, hints).published_at is None
    assert extract_record(un_kg_page("Диалог", "Dec 20, 2017", body), url, hints).published_at == "2017-12-20"


def test_structured_dates() -> None:
    html = """<html><head>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "МОЗ"},
 {"@type": "NewsArticle", "headline": "Новина", "datePublished": "2023-09-06T11:30:00Z",
  "dateModified": "2023-09-07T08:00:00+00:00"}]}</script></head>
<body><h1>Новина</h1><p>Текст.</p></body></html>"""
    record = extract_record(html, "https://moz.gov.ua/uk/x", UA)
    assert (record.published_at, record.modified_at) == ("2023-09-06T14:30:00+03:00", "2023-09-07T11:00:00+03:00")


def test_meta_and_time_element() -> None:
    meta = ('<html><head><meta property="article:published_time" content="2024-03-12T10:00:00+05:00">'
            '<meta property="article:modified_time" content="2024-03-13T09:00:00+05:00"></head>'
            '<body><h1>Жаңалық</h1><p>Мәтін.</p></body></html>')
    record = extract_record(meta, "https://www.gov.kz/x", Hints(timezone="Asia/Almaty"))
    assert (record.published_at, record.modified_at) == ("2024-03-12T10:00:00+05:00", "2024-03-13T09:00:00+05:00")
    time_el = ('<html><body><article><h1>Жаңалық</h1><time datetime="2024-02-20T09:15:00">20 ақпан</time>'
               '<p>Мәтін.</p></article></body></html>')
    record = extract_record(time_el, "https://www.gov.kz/x", Hints(timezone="Asia/Almaty"))
    assert record.published_at == "2024-02-20T09:15:00+06:00"


def test_visible_modified_date() -> None:
    body = ('<div class="post"><h1>Новина</h1><div class="meta"><span>Опубліковано: 6 вересня 2023</span>'
            '<span>Оновлено: 8 вересня 2023</span></div><p>' + "Текст новини. " * 20 + "</p></div>")
    record = extract_record(f"<html><body>{body}</body></html>", "https://moz.gov.ua/uk/x", UA)
    assert (record.published_at, record.modified_at) == ("2023-09-06", "2023-09-08")


def test_dates_from_the_url() -> None:
    page = "<html><body><h1>Results of the call</h1><p>Text of the post.</p></body></html>"
    cases = {
        "https://soros.kg/2019/04/11/results-of-2019-fellowship/": "2019-04-11",
        "https://www.who.int/europe/news/item/11-11-2021-new-eu-funded-project": "2021-11-11",
        "http://www.euro.who.int/en/countries/kyrgyzstan/news/news/2018/01/kyrgyzstan-strengthens": "2018-01",
        "https://moz.gov.ua/uk/nacionalnij-katalog-cin": None,
    }
    for url, expected in cases.items():
        assert extract_record(page, url).published_at == expected, url


def test_static_page_stays_undated() -> None:
    html = ("<html><body><div id='content'><h1>Біз жөнүндө</h1><p>" + "Фонд 1993-жылы түзүлгөн. " * 10
            + "</p></div><footer>© 2019 Сорос-Кыргызстан. Бишкек, 2019</footer></body></html>")
    assert extract_record(html, "https://soros.kg/ky/home/who-we-are/about-us/").published_at is None


def test_label_in_its_own_element_and_a_date_split_over_spans() -> None:
    body = ('<article><h1>Новина</h1><div class="meta"><div><b>06</b> <span>вересня</span> 2023</div>'
            '<div><span>Оновлено:</span> <span>8.09.2023</span></div></div><p>' + "Текст новини. " * 20 + "</p></article>")
    record = extract_record(f"<html><body>{body}</body></html>", "https://moz.gov.ua/uk/x", UA)
    assert (record.published_at, record.modified_at) == ("2023-09-06", "2023-09-08")
    assert record.body_text == ("Текст новини. " * 20).strip()


def test_a_sentence_with_a_date_under_the_title_is_not_a_date_line() -> None:
    body = ("<article><h1>Анонс</h1><p>Семінар відбудеться 12 жовтня 2023 року в Києві.</p><p>"
            + "Реєстрація відкрита для всіх охочих. " * 10 + "</p></article>")
    assert extract_record(f"<html><body>{body}</body></html>", "https://moz.gov.ua/uk/x", UA).published_at is None


def test_a_title_starting_with_updated_does_not_make_the_date_a_modification() -> None:
    html = ('<html><body><article><h1>Оновлено Національний перелік основних лікарських засобів</h1>'
            f'<div class="date">05.06.2025</div><div class="editor">{BODY}</div></article></body></html>')
    record = extract_record(html, "https://moz.gov.ua/uk/onovleno", UA)
    assert (record.published_at, record.modified_at) == ("2025-06-05", None)


def test_time_elements_of_a_list_are_not_the_page_date() -> None:
    related = "".join(f'<li><time datetime="2023-09-0{d}">0{d}.09.2023</time> <a href="/n{d}">Новина {d}</a></li>'
                      for d in (3, 4, 5))
    html = f"<html><body><div><p>{'Текст сторінки без дати. ' * 10}</p></div><ul>{related}</ul></body></html>"
    assert extract_record(html, "https://moz.gov.ua/uk/x", UA).published_at is None


def test_numeric_date_closing_the_heading() -> None:
    html = ("<html><body><div class='news'><h1>ინფორმაცია გრიპის შესახებ 02.07.2015</h1><p>"
            + "ტექსტი. " * 30 + "</p></div></body></html>")
    record = extract_record(html, "http://ncdc.ge/Category/Article/3030", Hints(timezone="Asia/Tbilisi"))
    assert record.published_at == "2015-07-02"


def test_sidebar_between_heading_and_text_is_not_read() -> None:
    html = ("<html><body><div class='page'><div class='title-bar'><h1>Новина без дати</h1></div>"
            "<div class='sidebar-news'><div><span>05.09.2023</span> <a href='/a'>Інша новина</a></div>"
            "<div><span>04.09.2023</span> <a href='/b'>Ще одна новина</a></div></div>"
            "<div class='content'><p>" + "Текст новини без дати на сторінці. " * 8 + "</p></div>"
            "<div class='footer-copy'>© 2024 МОЗ України, оновлено 01.02.2024</div></div></body></html>")
    record = extract_record(html, "https://moz.gov.ua/uk/x", UA)
    assert record.published_at is None
    assert record.modified_at is None


def test_the_date_readers_see_beats_a_different_one_in_structured_data() -> None:
    head = '<meta property="article:published_time" content="{}">'
    page = moz_page("Новина", "7 вересня 2023", BODY).replace("<head>", "<head>" + head.format("2021-02-22T10:47:49+01:00"))
    assert extract_record(page, "https://moz.gov.ua/uk/novyna", UA).published_at == "2023-09-07"
    # the same day: the structured value keeps its time
    page = moz_page("Новина", "7 вересня 2023", BODY).replace("<head>", "<head>" + head.format("2023-09-07T10:00:00+03:00"))
    assert extract_record(page, "https://moz.gov.ua/uk/novyna", UA).published_at == "2023-09-07T10:00:00+03:00"


def test_a_utc_stamp_a_day_off_the_url_date_is_the_urls_day() -> None:
    meta = '<html><head><meta property="article:published_time" content="{}"></head><body><h1>Mayor</h1></body></html>'
    url = "https://news.example.com/2023/11/08/a-new-mayor/"
    assert extract_record(meta.format("2023-11-09T05:30:59+00:00"), url).published_at == "2023-11-08"
    # a written local offset, or two days off, is not a time-zone shift: kept
    assert extract_record(meta.format("2023-11-09T05:30:59+01:00"), url).published_at == "2023-11-09T05:30:59+01:00"
    assert extract_record(meta.format("2023-11-10T05:30:59+00:00"), url).published_at == "2023-11-10T05:30:59+00:00"


def test_date_lines_whose_label_fits_only_without_the_month_name_and_a_menu_before_the_heading() -> None:
    """'Опубліковано на сайті: 12 березня 2024' is a date line only once the month name is not
    counted as its label; a modified date before the heading is found past the menu items
    ('<li><a>…</a></li>', whose parents add nothing to their text) that are no dates."""
    menu = "".join(f'<li><a href="/s{i}">{w}</a></li>' for i, w in enumerate(("Головна", "Новини", "Контакти")))
    body = (f'<ul>{menu}</ul><div class="meta"><p><span>Оновлено: 14.03.2024</span></p></div>'
            '<h1>Новина про щеплення</h1><div><span>Опубліковано на сайті: 12 березня 2024</span></div><p>'
            + "Текст новини про щеплення. " * 10 + "</p>")
    record = extract_record(f"<html><body>{body}</body></html>", "https://moz.gov.ua/uk/x", UA)
    assert (record.published_at, record.modified_at) == ("2024-03-12", "2024-03-14")
    longer = body.replace("на сайті:", "на офіційному сайті:")  # 26 letters besides the month: a sentence
    assert extract_record(f"<html><body>{longer}</body></html>", "https://moz.gov.ua/uk/x", UA).published_at is None
