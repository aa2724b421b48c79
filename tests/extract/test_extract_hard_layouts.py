"""Failure classes of pages nobody tuned the extractor on, one test each, and the region's hard
layouts in eleven languages (region_pages.py)."""
from __future__ import annotations

import lxml.html
import pytest
from region_pages import pages

from scrapers.extract import extract_record
from scrapers.extract.body import ARTICLE_SIZED, unpruned_text
from scrapers.extract.boilerplate import is_chrome
from scrapers.extract.published import whole_page_date

LONG = ("Міністерство охорони здоров'я повідомляє про старт кампанії щеплень проти кору в усіх областях, "
        "щеплення безкоштовні для дітей від одного до шести років і проводяться в закладах первинної допомоги. ")
ARTICLE = "".join(f"<p>{LONG}{i}</p>" for i in range(6))


@pytest.mark.parametrize(("page", "html"), pages(), ids=lambda p: getattr(p, "name", ""))
def test_region_page_ends_at_the_articles_last_paragraph(page, html: str) -> None:
    record = extract_record(html, "https://example.org/news/12")
    assert record.body_text == page.body
    assert (record.title, record.published_at) == (page.title, page.date)
    for line in page.tail_lines:
        assert line not in record.body_text


def test_un_office_article_drops_press_contacts_and_goal_badges() -> None:
    page, html = next((p, h) for p, h in pages() if p.name == "en_un")
    body = extract_record(html, "https://kyrgyzstan.un.org/en/12").body_text
    assert body.endswith("by the end of 2025.")
    for chrome in ("Media contacts", "asanovaa@who.int", "Goal 3", "Goals we are supporting"):
        assert chrome not in body


def test_a_label_at_the_top_opens_nothing() -> None:
    """'Документи' before the article is a rubric, not a post-article block."""
    html = f"<html><body><div><p>Документи</p>{ARTICLE}</div></body></html>"
    assert extract_record(html, "https://example.org/a").body_text.count("кампанії щеплень") == 6


def test_a_label_line_in_running_text_is_kept() -> None:
    html = (f"<html><body><div>{ARTICLE}<p>Для довідок звертайтеся до сімейного лікаря або в центр "
            "громадського здоров'я вашої області, де вам нададуть усі роз'яснення.</p></div></body></html>")
    assert "Для довідок звертайтеся" in extract_record(html, "https://example.org/a").body_text


@pytest.mark.parametrize("label", ["Коментарі (2)", "Комментарии", "Пікірлер", "Комментарийлер", "კომენტარები",
                                   "Մեկնաբանություններ", "Şərhlər", "Comentarii", "Izohlar", "Шарҳҳо",
                                   "3 thoughts on “Measles”", "Leave a Reply"])
def test_comment_thread_after_the_article_is_left_out(label: str) -> None:
    comment = "Дякую, дуже корисна інформація для батьків, обов'язково підемо на щеплення цього тижня!"
    html = (f"<html><body><div class='x'><h1>Щеплення</h1>{ARTICLE}<h3>{label}</h3>"
            f"<div class='c'><p>{comment}</p></div><div class='c'><p>{comment}</p></div></div></body></html>")
    body = extract_record(html, "https://example.org/a").body_text
    assert body.count("кампанії щеплень") == 6
    assert comment not in body and label not in body


def test_wordpress_comment_list_and_reply_form_are_left_out() -> None:
    html = (f"<html><body><article><h1>Щеплення</h1><div class='entry-content'>{ARTICLE}</div></article>"
            "<div id='respond'><h3>Leave a Reply</h3><form><textarea></textarea></form></div>"
            "<ol class='commentlist'><li><p>Чудова новина, чекали на це дуже давно, дякуємо МОЗ!</p></li></ol>"
            "</body></html>")
    body = extract_record(html, "https://example.org/a").body_text
    assert "Чудова новина" not in body and "Leave a Reply" not in body
    assert body.count("кампанії щеплень") == 6


def test_small_forms_go_and_the_page_wide_form_stays() -> None:
    html = ("<html><body><form id='aspnetForm'><form class='x'><p>Пошук по сайту</p><input name='q'></form>"
            f"<h1>Щеплення</h1>{ARTICLE}</form></body></html>")
    body = extract_record(html, "https://example.org/a").body_text
    assert body.count("кампанії щеплень") == 6 and "Пошук по сайту" not in body


def test_a_form_around_the_article_alone_stays() -> None:
    """A shop's product form holds the text; the page's menu and sidebar hold as much again."""
    side = "".join(f"<li><a href='/c{i}'>Розділ сайту номер {i} з новинами</a></li>" for i in range(60))
    html = (f"<html><body><div class='col'><ul>{side}</ul></div><h1>Щеплення</h1><form class='productform'>"
            f"{ARTICLE}<input name='qty'></form><div class='col'><ul>{side}</ul></div></body></html>")
    assert extract_record(html, "https://example.org/a").body_text.count("кампанії щеплень") == 6


def test_an_article_pruned_away_is_read_from_the_unpruned_page() -> None:
    """Every section of the article carries an ad class and short paragraphs: chrome removal
    takes them all, and the page before pruning is read instead."""
    short = "Гриль розігрівається за десять хвилин, а решітка легко миється після кожного використання. "
    sections = "".join(f"<section class='report__section report__section--ads'><h2>Розділ {i}</h2>"
                       f"<p>{short}{i}</p><p>{short}</p></section>" for i in range(8))
    menu = "".join(f"<li><a href='/c{i}'>Категорія товарів {i}</a></li>" for i in range(40))
    html = (f"<html><body><nav><ul>{menu}</ul></nav><h1>Тест гриля</h1><div class='report'><p>Ми випробували гриль.</p>{sections}</div>"
            "<footer>© 2024 Видавництво</footer></body></html>")
    body = extract_record(html, "https://example.org/a").body_text
    assert all(f"використання. {i}" in body for i in range(8)) and "Категорія товарів" not in body


def test_an_article_sized_body_is_kept_without_the_unpruned_rescue() -> None:
    """The rescue reads the page again only for a remnant: a body of ARTICLE_SIZED characters is
    an article of its own, even on a page that holds ten times as much."""
    paragraphs = "".join(f"<p>{LONG}{i}</p>" for i in range(120))
    page = f"<html><body><div class='article'>{paragraphs}</div></body></html>"
    found = ("Перший абзац статті, яку правила знайшли цілком. " * 60)[:ARTICLE_SIZED]
    assert unpruned_text(page, "https://example.org/a", found) == found
    assert unpruned_text(page, "https://example.org/a", found[:500]).count("кампанії щеплень") == 120


def test_a_short_container_does_not_win_over_the_article() -> None:
    """The first content container holds a label; the article sits in an unnamed block."""
    html = ("<html><body><div class='entry-content'><p>Рецепт у вигляді списку:</p></div>"
            f"<div class='wrapper'>{ARTICLE}</div></body></html>")
    assert extract_record(html, "https://example.org/a").body_text.count("кампанії щеплень") == 6


def test_the_lead_alone_is_not_the_body() -> None:
    html = (f"<html><body><div class='post-content'><p>{LONG}</p></div>"
            f"<div class='rest'>{ARTICLE}{ARTICLE}</div></body></html>")
    assert extract_record(html, "https://example.org/a").body_text.count("кампанії щеплень") >= 12


def test_an_article_streamed_in_a_hidden_block_is_read() -> None:
    html = f"<html><body><div hidden id='S:0'>{ARTICLE}</div><div hidden><p>Меню</p></div></body></html>"
    body = extract_record(html, "https://example.org/a").body_text
    assert body.count("кампанії щеплень") == 6 and "Меню" not in body


def test_br_separated_paragraphs_become_paragraphs() -> None:
    html = f"<html><body><div class='txt'>{LONG}<br><br>{LONG}<br>{LONG}</div></body></html>"
    body = extract_record(html, "https://example.org/a").body_text
    assert body == f"{LONG.strip()}\n\n{LONG.strip()}\n{LONG.strip()}"


def test_a_date_in_an_ordinary_place_is_found() -> None:
    """No meta, no date line near the heading: the whole-page search finds the ISO date."""
    html = (f"<html><body><h1>Щеплення</h1>{ARTICLE}"
            "<div class='post-info'><span class='published'>2023-05-14</span></div></body></html>")
    assert extract_record(html, "https://example.org/a").published_at == "2023-05-14"


def test_a_date_in_a_style_sheet_is_not_the_pages() -> None:
    """The whole-page search reads the page, not its theme's CSS ('updated 2021/03/04' in a
    comment: htmldate alone would take it), and the style sheet is left as it was."""
    css = "/* theme updated 2021/03/04 */ .post{color:#333}"
    html = f"<html><head><style>{css}</style></head><body><h1>Щеплення</h1>{ARTICLE}</body></html>"
    assert extract_record(html, "https://example.org/a").published_at is None
    dated = html.replace("</h1>", "</h1><div class='post-info'><span class='published'>2023-05-14</span></div>")
    assert extract_record(dated, "https://example.org/a").published_at == "2023-05-14"
    root = lxml.html.fromstring(html)
    assert whole_page_date(root, "https://example.org/a", None, ()) is None
    assert root.find(".//style").text == css


def test_the_modification_date_is_not_taken_for_the_publication() -> None:
    html = ('<html><head><meta property="article:modified_time" content="2019-02-14T10:11:12+00:00"></head>'
            f"<body><h1>Про нас</h1>{ARTICLE}</body></html>")
    record = extract_record(html, "https://example.org/about")
    assert record.published_at is None
    assert record.modified_at is not None and record.modified_at.startswith("2019-02-14")


def test_a_month_in_the_url_is_refined_to_the_day_the_page_shows() -> None:
    html = (f"<html><body><h1>Щеплення</h1>{ARTICLE}"
            "<div class='post-meta'><span class='published'>2015-06-05</span></div></body></html>")
    assert extract_record(html, "https://example.org/2015/06/schcheplennia.html").published_at == "2015-06-05"
    other_month = html.replace("2015-06-05", "2016-01-09")
    assert extract_record(other_month, "https://example.org/2015/06/schcheplennia.html").published_at == "2015-06"


def test_nested_table_layout_keeps_only_the_article_cell() -> None:
    """Header row, a menu cell, the article in a nested table (bold headline cell, date cell,
    <br><br> text cell), a notices cell of plain text, a footer row; windows-1251 bytes."""
    text = "<br><br>\n".join(LONG.strip() + f" {i}" for i in range(3))
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            "<title>Щеплення - КНП «Лікарня»</title></head><body><table>"
            "<tr><td colspan=3><b>КНП «Центральна районна лікарня»</b><br>Селищної ради</td></tr>"
            '<tr><td><table><tr><td><a href="/">Головна</a></td></tr><tr><td><a href="/n">Новини</a></td></tr>'
            "</table></td><td><table><tr><td><b>Щеплення</b></td></tr><tr><td>05.02.2024</td></tr>"
            f"<tr><td>{text}</td></tr></table></td>"
            "<td><b>Оголошення</b><br>Шановні пацієнти! Змінено графік роботи рентген-кабінету.<br><br>"
            "<b>Телефон реєстратури:</b><br>(05446) 2-13-45</td></tr>"
            "<tr><td colspan=3>© 2008-2024 КНП «Лікарня». Всі права захищено.</td></tr></table></body></html>")
    body = extract_record(html.encode("cp1251"), "http://example.com.ua/novyny.php?id=57").body_text
    assert body == "\n\n".join(LONG.strip() + f" {i}" for i in range(3))


def test_a_long_comment_thread_is_left_out_however_long() -> None:
    """A thread with long comments would pass for article text; its name says what it is."""
    comment = ("Дякую за новину, але в нашій амбулаторії вакцини немає вже другий тиждень, і сімейний лікар "
               "радить чекати; хотілося б знати, коли саме привезуть препарат у район. ")
    thread = "".join(f"<li id='comment-{i}'><div class='comment-body'><p>{comment}{i}</p></div></li>"
                     for i in range(12))
    html = (f"<html><body><div id='content'><h1>Щеплення</h1><p>{LONG}</p>"
            f"<div id='comments'><ol class='commentlist'>{thread}</ol></div></div></body></html>")
    body = extract_record(html, "https://example.org/a").body_text
    assert "кампанії щеплень" in body
    assert "амбулаторії вакцини немає" not in body


def test_a_text_block_named_for_its_language_is_not_a_language_switcher() -> None:
    short = "".join(f"<p>{LONG[:120]}{i}</p>" for i in range(6))  # no long paragraph vetoes the name
    page = lxml.html.fromstring(f"<div><div class='news_lang_text'>{short}</div><ul class='langs'>"
                                "<li><a href='/uk'>Українська</a></li><li><a href='/en'>English</a></li></ul></div>")
    text_block, switcher = page
    assert not is_chrome(text_block) and is_chrome(switcher)


def test_a_short_article_does_not_win_back_its_headline_from_the_unpruned_page() -> None:
    """A one-sentence update on a page heavy with menus is a small share of the page; reading
    the unpruned page again must not bring the headline and the date line back into the body."""
    menu = "".join(f"<li><a href='/c{i}'>Розділ сайту номер {i}</a></li>" for i in range(60))
    html = (f"<html><body><nav><ul>{menu}</ul></nav><main><article><h1>Кампанія щеплень проти кору</h1>"
            "<div class='date'>02.10.2023</div><p>Текст оновлено: графік щеплень змінено.</p>"
            "</article></main><footer>© 2024 Міністерство</footer></body></html>")
    record = extract_record(html, "https://example.org/news/1")
    assert record.body_text == "Текст оновлено: графік щеплень змінено."
