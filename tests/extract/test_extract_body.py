"""Body text: exact layout on pages modelled on the seed publishers, no chrome leaking."""
from __future__ import annotations

from extract_pages import fragment, moz_page, seed_004_menu_lines, standfirst_page, un_kg_page

from scrapers.extract import Hints, extract_body, extract_record

MOZ_BODY = """<p>МОЗ активно підтримує та заохочує українські медичні заклади у налагодженні
   співпраці з іноземними колегами.</p>
<p>&nbsp;</p>
<p>«Мета такого партнерства – створити мережу взаємопідтримки», –&nbsp;підкреслила заступниця міністра.</p>
<p>Міністерство охорони здоров’я готове допомогти медзакладам у:</p>
<ul><li>налагодженні комунікації з партнерами;</li><li>організації спільних заходів;</li>
<li>медіапідтримці.</li></ul>
<p>Перший рядок адреси<br>другий рядок адреси</p>"""
MOZ_EXPECTED = """МОЗ активно підтримує та заохочує українські медичні заклади у налагодженні співпраці з іноземними колегами.

«Мета такого партнерства – створити мережу взаємопідтримки», – підкреслила заступниця міністра.

Міністерство охорони здоров’я готове допомогти медзакладам у:

  • налагодженні комунікації з партнерами;
  • організації спільних заходів;
  • медіапідтримці.

Перший рядок адреси
другий рядок адреси"""


def test_moz_page_exact_body_and_no_menu_line() -> None:
    html = moz_page("МОЗ підтримає українські медзаклади", "06 вересня 2023, 14:30", MOZ_BODY)
    record = extract_record(html, "https://moz.gov.ua/uk/x", Hints(languages=("uk",), timezone="Europe/Kyiv"))
    assert record.body_text == MOZ_EXPECTED
    lines = set(record.body_text.splitlines())
    assert not lines & set(seed_004_menu_lines())
    for chrome in ("Гаряча лінія МОЗ", "Головна", "Читайте також", "Поділитися", "партнерство", "Грушевського"):
        assert chrome not in record.body_text
    assert record.title == "МОЗ підтримає українські медзаклади"
    assert record.canonical_url == "https://moz.gov.ua/uk/moz-pidtrimae"
    assert record.html_lang == "uk"
    assert record.language == "uk"


def test_un_kg_page_drops_the_agency_logo_line() -> None:
    body = ("<p>Кыргызстандын Бишкек шаарында жогорку деңгээлдеги саясий диалог өттү.</p>"
            "<h3>Медициналык кызмат көрсөтүүнүн негизги темалары</h3>"
            "<p>1.&nbsp;&nbsp;&nbsp; ден-соолук боюнча натыйжаларды жакшыртуу;</p>"
            "<p>2.&nbsp;&nbsp;&nbsp; башкаруу менен башка тутумдук факторлор.</p>")
    html = un_kg_page("Кыргызстан медициналык кызмат көрсөтүүнү күчөтүүдө", "Dec 20, 2017", body)
    url = "http://kg.one.un.org/content/unct/kyrgyzstan/ky/home/news/kg-news/2017/x.html"
    record = extract_record(html, url, Hints(languages=("ky", "en", "ru"), timezone="Asia/Bishkek"))
    assert record.body_text == (
        "Кыргызстандын Бишкек шаарында жогорку деңгээлдеги саясий диалог өттү.\n\n"
        "Медициналык кызмат көрсөтүүнүн негизги темалары\n\n"
        "1. ден-соолук боюнча натыйжаларды жакшыртуу;\n\n"
        "2. башкаруу менен башка тутумдук факторлор."
    )
    assert "WHO" not in record.body_text
    assert (record.title, record.published_at, record.language) == (
        "Кыргызстан медициналык кызмат көрсөтүүнү күчөтүүдө", "2017-12-20", "ky")


def test_govkz_fragment_keeps_everything_including_the_signature() -> None:
    body = ("<p>Жуырда облыс әкімдігі денсаулық сақтау басқармасы мен институт арасында кездесу өтті.</p>"
            "<p><img src=\"/uploads/2025/1.jpg\"></p>"
            "<p>Облыс әкімдігі денсаулық сақтау</p><p>басқармасының баспасөз қызметі</p>")
    record = extract_record(fragment(body), "https://www.gov.kz/memleket/entities/zhambyl-densaulyk/press/news/details/1",
                            Hints(languages=("kk", "ru"), timezone="Asia/Almaty"))
    assert record.body_text == (
        "Жуырда облыс әкімдігі денсаулық сақтау басқармасы мен институт арасында кездесу өтті.\n\n"
        "Облыс әкімдігі денсаулық сақтау\n\nбасқармасының баспасөз қызметі"
    )
    assert (record.title, record.published_at, record.language) == (None, None, "kk")


def test_short_fragment_is_returned_whole() -> None:
    assert extract_body("<html><body><p>Коротко.</p><p>Ще рядок.</p></body></html>") == "Коротко.\n\nЩе рядок."


def test_hostile_markup_yields_only_visible_text() -> None:
    html = """<html><head><style>p{}</style></head><body>
<div class="content"><h1>Заголовок</h1>
<p>Видимий абзац<script>document.write('скрипт')</script> тексту.</p>
<p style="display: none">Прихований абзац</p><p hidden>Теж прихований</p>
<div aria-hidden="true">Для екранних читачів ні</div><span class="sr-only">Тільки для читачів екрана</span>
<noscript>Увімкніть JavaScript</noscript><template><p>Шаблон</p></template>
<form><label>Пошук</label><input value="запит"><button>Знайти</button><select><option>Опція</option></select></form>
<iframe src="x">iframe</iframe><svg><text>SVG</text></svg>
<p>Другий&nbsp;&nbsp;видимий\t абзац, \u0438\u0306 → й.</p>
<!-- коментар --></div></body></html>"""
    assert extract_body(html) == "Видимий абзац тексту.\n\nДругий видимий абзац, й → й."


def test_bytes_in_windows_1251() -> None:
    html = "<html><body><h1>Новина</h1><p>Текст українською мовою про вакцинацію.</p></body></html>"
    record = extract_record(html.encode("cp1251"), "https://example.ua/x")
    assert (record.title, record.body_text) == ("Новина", "Текст українською мовою про вакцинацію.")


def test_utf8_bytes_read_as_their_text_whatever_they_declare() -> None:
    """UTF-8 bytes are parsed as they are (the crawl's fast path): the record is the one the
    decoded text gives, even under a BOM, an XML declaration or a stale <meta charset>."""
    html = ("<?xml version='1.0' encoding='iso-8859-1'?><html><head><meta charset='windows-1251'>"
            "<title>Щеплення | МОЗ</title></head><body><h1>Щеплення</h1>"
            "<p>Кампанія вакцинації триває в усіх областях України з 1 березня.</p></body></html>")
    from_text = extract_record(html, "https://moz.gov.ua/x")
    assert from_text.body_text == "Кампанія вакцинації триває в усіх областях України з 1 березня."
    for data in (html.encode(), b"\xef\xbb\xbf" + html.encode()):
        assert extract_record(data, "https://moz.gov.ua/x") == from_text


def test_bytes_that_are_not_utf8_despite_their_meta() -> None:
    html = "<html><head><meta charset='utf-8'></head><body><h1>Новина</h1><p>Текст про вакцинацію.</p>"
    record = extract_record(html.encode() + b"\xff</body></html>", "https://example.ua/x")
    assert (record.title, record.body_text) == ("Новина", "Текст про вакцинацію.\n\n\ufffd")


def test_empty_input() -> None:
    record = extract_record("", "https://example.org/")
    assert (record.title, record.body_text, record.published_at, record.attachments) == (None, "", None, ())


def test_list_layout_follows_the_seed_texts() -> None:
    html = ("<html><body><div class='content'><ol><li>Бірінші</li><li>Екінші</li></ol>"
            "<ul><li>бір</li><li>&nbsp;</li><li><b>екі</b> сөз</li></ul></div></body></html>")
    assert extract_body(html) == "  1. Бірінші\n  2. Екінші\n\n  • бір\n  • екі сөз"


def test_document_link_paragraphs_stay_in_the_body() -> None:
    html = ("<html><body><article><h1>Конкурс</h1><p>" + "Фонд жарыялайт грант сынагын. " * 6 + "</p>"
            "<p><a href='/files/conditions.pdf'>Сынактын шарттары (PDF)</a></p>"
            "<p><a href='/ky/other/'>Башка жаңылык</a></p></article></body></html>")
    record = extract_record(html, "https://soros.kg/ky/2019/03/05/konkurs/")
    assert record.body_text.endswith("Сынактын шарттары (PDF)")
    assert "Башка жаңылык" not in record.body_text


def test_broken_input_never_raises() -> None:
    for data in (b"\x00\x01\x02garbage\xff\xfe", "<", "<html>", "<?xml version='1.0'?><rss><item/></rss>",
                 "<html><body><table><tr><td>" * 300 + "x", "<div>" * 1000 + "глибоко" + "</div>" * 1000):
        record = extract_record(data, "https://example.org/")
        assert "\x01" not in record.body_text
    assert extract_body("<div>" * 1000 + "глибоко" + "</div>" * 1000) == "глибоко"


def test_related_block_recognised_by_its_heading() -> None:
    html = ("<html><head><title>Новина</title></head><body><div class='wrap'><div class='col'><h1>Новина</h1>"
            "<div class='txt'><p>" + "Основний текст новини про вакцинацію. " * 5 + "</p></div>"
            "<div class='box'><h3>Читайте також</h3><div><a href='/a'>МОЗ оновив перелік ліків</a>"
            "<p>Уряд ухвалив зміни до Національного переліку основних лікарських засобів, які підготувало МОЗ.</p></div>"
            "<div><a href='/b'>Нові дані щодо кору</a><p>Охоплення щепленнями від кору зросло у більшості областей "
            "країни за останній рік.</p></div></div></div></div></body></html>")
    record = extract_record(html, "https://moz.gov.ua/uk/x", Hints(languages=("uk",)))
    assert record.body_text == ("Основний текст новини про вакцинацію. " * 5).strip()
    assert record.published_at is None


DIV_SOUP = """<html lang="uk"><head><title>Новина | МОЗ України</title></head><body>
<div class="a11y-panel"><span>Скинути</span> <span>Контраст</span> <span>Розмір</span> <span>Сховати налаштування</span></div>
<div class="hotline"><p>Гаряча лінія МОЗ</p><p>0800 505 201</p></div>
<div class="megamenu"><div class="col"><p>Про міністерство</p><p>Стратегія Керівництво Положення про міністерство</p></div></div>
<div class="page"><div class="breadcrumbs"><span>Головна</span> › <span>Пресцентр</span> › <span>Новини</span></div>
<div class="news-item"><h1>Новина</h1><div class="news-item__date">07.09.2023</div>
<div class="editor"><p>Перший абзац новини про міжнародне медичне партнерство українських лікарень.</p>
<p>Другий абзац новини про меморандуми між медичними закладами.</p></div>
<div class="news-tags"><span>партнерство</span> <span>лікарні</span></div>
<div class="share-block"><p>Поділитися цією новиною з друзями у соціальних мережах</p></div></div>
<div class="related-news"><p>Уряд ухвалив зміни до Національного переліку основних лікарських засобів, які підготувало МОЗ.</p>
<p>Охоплення щепленнями від кору зросло у більшості областей країни за останній рік.</p></div></div>
<div class="site-footer"><p>Міністерство охорони здоровʼя України</p><p>01601, м. Київ, вул. Грушевського, 7</p>
<p>Усі матеріали сайту доступні за ліцензією Creative Commons Attribution 4.0 International.</p></div>
</body></html>"""


def test_chrome_recognised_by_class_tokens_alone() -> None:
    record = extract_record(DIV_SOUP, "https://moz.gov.ua/uk/x", Hints(languages=("uk",), timezone="Europe/Kyiv"))
    assert record.body_text == ("Перший абзац новини про міжнародне медичне партнерство українських лікарень.\n\n"
                                "Другий абзац новини про меморандуми між медичними закладами.")
    assert (record.title, record.published_at) == ("Новина", "2023-09-07")


def test_soft_hyphens_are_dropped_from_the_text() -> None:
    html = ("<html><body><h1>Ann Kiess&shy;ling</h1><p>" + "Ann Kiess&shy;ling forscht seit vier&shy;zig Jahren. " * 8
            + "</p></body></html>")
    record = extract_record(html, "https://example.org/a")
    assert "Kiessling forscht seit vierzig Jahren" in record.body_text and "\xad" not in record.body_text
    assert record.title == "Ann Kiessling"


def test_a_live_tickers_commentary_is_the_article_and_reader_comments_are_not() -> None:
    entries = "".join(f"<div class='live-match-comment'><span>{m}'</span><div class='live-match-comment-body'>"
                      f"Minute {m}: the regional hospital reports {m} new admissions after the outbreak.</div></div>"
                      for m in range(90, 60, -5))
    readers = ("<div class='comments'><h3>2 comments</h3><div class='comment'>Great news, thanks to the doctors "
               "of the region for their work this week!</div></div>")
    page = (f"<html><head><title>Outbreak live</title></head><body><main><h1>Outbreak live</h1>"
            "<p>The regional health department follows the outbreak minute by minute, with the figures of "
            "every hospital as they come in, and the advice of its doctors.</p>"
            f"<div class='live-match-comments'>{entries}</div>{readers}</main></body></html>")
    body = extract_record(page, "https://example.org/live/1").body_text
    assert "Minute 90: the regional hospital reports 90 new admissions" in body
    assert "Minute 65:" in body and "follows the outbreak minute by minute" in body
    assert "thanks to the doctors" not in body


STANDFIRST = ("The ministry opens forty vaccination points in the region this spring, and every clinic "
              "will offer the new schedule to children and adults alike.")
ARTICLE_PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the announcement explains where the vaccination points open, who may come "
    "and which documents the clinics ask for on the day of the visit.</p>" for n in range(1, 5))


def test_the_standfirst_beside_the_heading_leads_the_body() -> None:
    html = standfirst_page("Forty vaccination points open", f'<div class="article-teaser"><p>{STANDFIRST}</p></div>',
                           ARTICLE_PARAGRAPHS)
    body = extract_record(html, "https://example.org/news/1").body_text
    assert body.startswith(STANDFIRST + "\n\nParagraph 1 of the announcement")
    assert body.count(STANDFIRST) == 1 and "Health\n" not in body and "12 March" not in body


def test_a_caption_or_an_author_box_before_the_text_is_not_a_standfirst() -> None:
    caption = ("A nurse prepares a vaccine at the regional clinic on Monday morning, where the first of the "
               "forty points opened.")
    bio = ("Anna Petrova is a health reporter who covers hospitals, vaccination campaigns and the ministry's "
           "budget for the paper.")
    header = (f'<figure class="lead-image"><img src="nurse.jpg" alt=""><figcaption>{caption}</figcaption></figure>'
              f'<div class="intro-author-bio"><p>{bio}</p></div>')
    body = extract_record(standfirst_page("Forty vaccination points open", header, ARTICLE_PARAGRAPHS),
                          "https://example.org/news/2").body_text
    assert body.startswith("Paragraph 1 of the announcement")
    assert "nurse prepares" not in body and "health reporter" not in body


def test_the_standfirst_is_found_when_the_text_starts_in_bold() -> None:
    first = ("<p><b>Kyiv.</b> The ministry names the clinics where the vaccination points open first, "
             "and the hours they keep on weekdays and at weekends.</p>")
    html = standfirst_page("Forty vaccination points open", f'<p class="intro">{STANDFIRST}</p>',
                           first + ARTICLE_PARAGRAPHS)
    body = extract_record(html, "https://example.org/news/3").body_text
    assert body.startswith(STANDFIRST + "\n\nKyiv. The ministry names the clinics")


def test_a_read_also_link_between_the_paragraphs_is_not_body_text() -> None:
    related = ('<p><strong>Читайте також: </strong><a href="/news/2">МОЗ оновило календар щеплень для дітей</a></p>'
               '<p>Read more: <a href="/news/3">Clinics extend their opening hours</a></p>')
    own = ("<p>Read more: the ministry's guidance lists every document a clinic may ask for, and "
           "<a href='/guide.pdf'>the form</a> to fill in before the visit.</p>")
    paragraphs = ARTICLE_PARAGRAPHS.replace("</p>", "</p>" + related, 1) + own
    body = extract_record(standfirst_page("Forty vaccination points open", "", paragraphs),
                          "https://example.org/news/4").body_text
    assert "Paragraph 1 of the announcement" in body and "Paragraph 4 of the announcement" in body
    assert "Читайте також" not in body and "календар щеплень" not in body and "opening hours" not in body
    assert "Read more: the ministry's guidance lists every document" in body


def test_label_words_ending_a_sentence_do_not_cut_the_article() -> None:
    """'… <a>the guide</a> for more information.' ends a sentence: it opens no block after the article."""
    sentence = ('<h2>Read the <a href="/guide">vaccination guide</a> for more information.</h2>')
    paragraphs = ARTICLE_PARAGRAPHS.replace("</p>", "</p>" + sentence, 2)
    body = extract_record(standfirst_page("Forty vaccination points open", "", paragraphs),
                          "https://example.org/news/5").body_text
    assert "Paragraph 4 of the announcement" in body and "vaccination guide for more information." in body


def test_a_share_bar_between_the_articles_sections_does_not_end_it() -> None:
    long = ("The second part of the announcement explains how the clinics book appointments, which groups "
            "come first and how the ministry reports the number of doses given every week. ")
    sections = (ARTICLE_PARAGRAPHS + '<div class="row"><span>Share this</span> <a href="/fb">Facebook</a></div>'
                + f"<div class='more-sections'><p>{long}1</p><p>{long}2</p></div>")
    body = extract_record(standfirst_page("Forty vaccination points open", "", sections),
                          "https://example.org/news/6").body_text
    assert "Paragraph 4 of the announcement" in body and f"{long}1" in body and f"{long}2" in body


def test_a_comment_thread_under_a_german_heading_is_not_body_text() -> None:
    comments = ("<div class='sect'><h2>Leserkommentare</h2><ul>"
                + "".join(f"<li><p>Leser {n}: Ich finde die neuen Impfstellen sehr gut, endlich muss man nicht mehr "
                          "stundenlang in der Praxis warten.</p></li>" for n in range(3)) + "</ul></div>")
    body = extract_record(standfirst_page("Forty vaccination points open", "", ARTICLE_PARAGRAPHS + comments),
                          "https://example.org/news/7").body_text
    assert "Paragraph 4 of the announcement" in body and "Leser 0" not in body and "Leserkommentare" not in body


def test_a_comment_thread_after_a_title_bar_is_not_body_text() -> None:
    """The comments heading sits in a title bar of its own; the thread is the bar's next sibling."""
    thread = ("<div class='section'><div class='head'><h2>Leserkommentare</h2><ul><li>Sortieren</li></ul></div>"
              "<div class='entries'>" + "".join(
                  f"<p>Leser {n}: Ich finde die neuen Impfstellen sehr gut, endlich muss man nicht mehr "
                  "stundenlang in der Praxis warten.</p>" for n in range(3)) + "</div></div>")
    body = extract_record(standfirst_page("Forty vaccination points open", "", ARTICLE_PARAGRAPHS + thread),
                          "https://example.org/news/8").body_text
    assert "Paragraph 4 of the announcement" in body and "Leser 0" not in body


def test_a_credit_link_between_the_standfirst_and_the_text_does_not_hide_it() -> None:
    header = (f'<p class="intro">{STANDFIRST}</p><div class="credit"><a href="https://example.org/p/1">'
              'photo archive 2781</a></div><div class="top"><a href="#top">↑</a></div>')
    body = extract_record(standfirst_page("Forty vaccination points open", header, ARTICLE_PARAGRAPHS),
                          "https://example.org/news/9").body_text
    assert body.startswith(STANDFIRST + "\n\nParagraph 1 of the announcement") and "photo archive" not in body


def test_an_ad_slot_named_like_a_lead_is_not_a_standfirst() -> None:
    promo = ("Subscribe to the weekly health letter and get every announcement of the ministry in your inbox "
             "before anyone else does.")
    header = f'<div class="leaderboard-slot"><p>{promo}</p></div>'
    body = extract_record(standfirst_page("Forty vaccination points open", header, ARTICLE_PARAGRAPHS),
                          "https://example.org/news/10").body_text
    assert body.startswith("Paragraph 1 of the announcement") and "weekly health letter" not in body
