"""Titles: the article's own heading, site suffixes cut, rubric lines and logos ignored."""
from __future__ import annotations

import pytest

from scrapers.extract import extract_record

BODY = "<p>" + "Текст новини про охорону здоров'я. " * 8 + "</p>"


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    "head, body, expected",
    [
        # <h1> agrees with <title>: the <h1>, without ' | МОЗ України'
        ("<title>МОЗ оновив перелік ліків | МОЗ України</title>",
         f"<header><h1 class='logo'>МОЗ України</h1></header><main><h1>МОЗ оновив перелік ліків</h1>{BODY}</main>",
         "МОЗ оновив перелік ліків"),
        # no <h1>: <title> with the site suffix stripped (pipe)
        ("<title>Конкурс жарыяланды | Сорос-Кыргызстан</title>", BODY, "Конкурс жарыяланды"),
        # dash suffix stripped only when it is the site's declared name
        ("<title>Программа жарыяланды – Сорос-Кыргызстан</title>"
         "<meta property='og:site_name' content='Сорос-Кыргызстан'>", BODY, "Программа жарыяланды"),
        # a dash inside a real title stays
        ("<title>Медициналық көмектің сапасын арттыру – күн тәртібінде</title>", BODY,
         "Медициналық көмектің сапасын арттыру – күн тәртібінде"),
        # the rubric line above the heading is not the title
        ("<title>Денсаулық</title>",
         f"<div class='news'><div class='rubric'>Денсаулық</div><h1>Медициналық көмектің сапасын арттыру – күн тәртібінде</h1>{BODY}</div>",
         "Медициналық көмектің сапасын арттыру – күн тәртібінде"),
        # og:title wins over a generic <title>, then the matching <h1> is used
        ("<title>Новини</title><meta property='og:title' content='Вакцинація від кору: нові дані'>",
         f"<h1>Вакцинація від кору: нові дані</h1>{BODY}", "Вакцинація від кору: нові дані"),
        # a heading with <br> becomes one line
        ("", f"<h1>Перший рядок<br>другий рядок</h1>{BODY}", "Перший рядок другий рядок"),
        # <title> in another script than the page heading is a site name
        ("<title>Partners for Health</title>",
         f"<td><h2><strong>არასამთავრობო ორგანიზაცია - კავშირი<br>„პარტნიორები ჯანმრთელობისათვის“ (პჯ)</strong></h2>{BODY}</td>",
         "არასამთავრობო ორგანიზაცია - კავშირი „პარტნიორები ჯანმრთელობისათვის“ (პჯ)"),
        # hidden headings are not titles
        ("<title>Справжній заголовок | МОЗ</title>",
         f"<h1 style='display:none'>Прихований</h1><h1>Справжній заголовок</h1>{BODY}", "Справжній заголовок"),
        ("", BODY, None),
    ],
)
def test_title(head: str, body: str, expected: str | None) -> None:
    assert extract_record(page(head, body), "https://example.org/a").title == expected


@pytest.mark.parametrize(
    "title, url, expected",
    [
        ("Программа жарыяланды – Сорос-Кыргызстан", "https://soros.kg/ky/p/", "Программа жарыяланды"),
        ("Конкурс – Soros Foundation Kyrgyzstan", "https://soros.kg/en/p/", "Конкурс"),
        ("Вакцинація від кору – МОЗ України", "https://moz.gov.ua/uk/x", "Вакцинація від кору"),
        ("Вакцинація – Міністерство охорони здоровʼя України", "https://moz.gov.ua/uk/x", "Вакцинація"),
        ("Вакцинація – МОЗ попереджає", "https://moz.gov.ua/uk/x", "Вакцинація – МОЗ попереджає"),
        ("Медициналық көмектің сапасын арттыру – күн тәртібінде", "https://www.gov.kz/x",
         "Медициналық көмектің сапасын арттыру – күн тәртібінде"),
    ],
)
def test_dash_suffix_naming_the_host_is_cut(title: str, url: str, expected: str) -> None:
    assert extract_record(page(f"<title>{title}</title>", BODY), url).title == expected


def test_heading_and_rubric_are_not_in_the_body() -> None:
    html = page("<title>x</title>",
                f"<div class='news'><div class='rubric'>Денсаулық</div><h1>Заголовок новини</h1>{BODY}</div>")
    record = extract_record(html, "https://example.org/a")
    assert record.title == "Заголовок новини"
    assert record.body_text == ("Текст новини про охорону здоров'я. " * 8).strip()


def test_logo_h1_without_declared_site_name_is_not_the_title() -> None:
    html = page("<title>Вакцинація від кору: нові дані | МОЗ України</title>",
                "<div class='top'><h1><a href='/uk/'>МОЗ України</a></h1></div><div class='content'><h2>Вакцинація від кору</h2>"
                + BODY + "</div>")
    assert extract_record(html, "https://moz.gov.ua/x").title == "Вакцинація від кору: нові дані"


TABLE_PAGE = ("<table><tr><td><font size=5><b>КНП «Степанівська центральна районна лікарня»</b></font>"
              "</td></tr><tr><td class=menu><a href='/'>Головна</a><br><a href='/novyny.php'>Новини</a></td>"
              "<td><table><tr><td class=title><font size=4><b>{headline}</b></font></td></tr>"
              "<tr><td>" + "Лікарня нагадує про щеплення дітей проти кору.<br><br>" * 6 + "</td></tr></table>"
              "</td></tr></table>")


def test_a_title_part_shown_alone_on_the_page_is_the_headline() -> None:
    """No heading element and a site name the host does not spell: the part of <title> that
    the page shows as an element of its own is the headline, and it leaves the body."""
    headline = "Щеплення дітей проти кору: графік на травень"
    html = page(f"<title>{headline} - КНП «Степанівська ЦРЛ»</title>", TABLE_PAGE.format(headline=headline))
    record = extract_record(html, "https://stepanivka-crl.com.ua/novyny.php?id=61")
    assert record.title == headline
    assert headline not in record.body_text


def test_two_title_parts_shown_alone_decide_nothing() -> None:
    """When the site's name is also shown on its own (not as a link home), neither part is
    chosen by being shown: the <title> stays whole rather than lose the wrong part."""
    headline = "Щеплення дітей проти кору: графік на травень"
    site = "КНП «Степанівська ЦРЛ» Сумської області"
    html = page(f"<title>{headline} - {site}</title>",
                f"<p>{site}</p>" + TABLE_PAGE.format(headline=headline))
    assert extract_record(html, "https://stepanivka-crl.com.ua/novyny.php?id=61").title == f"{headline} - {site}"
