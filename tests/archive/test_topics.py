"""Health topics and places are found in every language through the archive's stemmers,
written on save (in their tables and as lists in the announcement's row), recomputed when a
vocabulary's version changes, and named in every language of the interface."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from archive import migrations
from archive.db import open_db
from archive.places import gazetteer
from archive.store import save_announcement, sync_sources
from archive.topics import record_tags, retag, topic_of_query, vocabulary

# Measles inflected in each language: none of these forms is a term of the vocabulary.
INFLECTED_MEASLES = {
    "uk": "Зареєстровано три випадки кору серед дітей",
    "ru": "В области выросла заболеваемость корью",
    "kk": "Облыста қызылшаның жаңа жағдайлары тіркелді",
    "ky": "Шаарда кызамыктын жаңы учурлары катталды",
    "ka": "რეგიონში წითელას ახალი შემთხვევები დაფიქსირდა",
    "hy": "Մարզում գրանցվել են կարմրուկի նոր դեպքեր",
    "az": "Rayonda qızılcanın yeni halları qeydə alınıb",
    "ro": "Au fost înregistrate noi cazuri de rujeolă în raion",
    "uz": "Viloyatda qizamiqning yangi holatlari qayd etildi",
    "tg": "Дар ноҳия ҳолатҳои нави сурхчаро ба қайд гирифтанд",
    "en": "New measles cases were registered in the district",
}


def ids(matches) -> set[str]:
    return {m.concept for m in matches}


@pytest.mark.parametrize("language", sorted(INFLECTED_MEASLES))
def test_inflected_forms_find_the_topic_in_every_language(language: str) -> None:
    assert ids(vocabulary().match(None, INFLECTED_MEASLES[language], language)) == {"measles"}


@pytest.mark.parametrize(("language", "text", "topic"), [
    ("ru", "Двое заболели сибирской язвой после забоя скота", "anthrax"),
    ("ru", "Случай крымской геморрагической лихорадки", "cchf"),
    ("kk", "Конго-Қырым геморрагиялық қызбасының алдын алу", "cchf"),
    ("uk", "Вакцинація від гепатиту В для новонароджених", "hepatitis_b"),
    ("en", "Whooping cough is rising among infants", "pertussis"),
])
def test_a_term_of_several_words_matches_as_a_sequence_of_stems(language: str, text: str,
                                                                  topic: str) -> None:
    assert topic in ids(vocabulary().match(None, text, language))


def test_words_that_only_contain_a_term_do_not_match() -> None:
    assert not ids(vocabulary().match("Спидометр и вичуга", "Ремонт спидометров", "ru"))
    assert not ids(vocabulary().match("Hive", "The hives of a beekeeper; a tuberose; Kiroviy", "en"))
    # The words of a two-word term apart from each other are not the term.
    assert "anthrax" not in ids(vocabulary().match(None, "Сибирская тайга. Язва желудка", "ru"))


def test_the_field_and_the_term_that_matched_are_kept() -> None:
    found = vocabulary().match("Корь в Бишкеке", "Прививка защищает от кори.", "ru")
    assert {(m.concept, m.field, m.term) for m in found} == {
        ("measles", "title", "корь"), ("measles", "body", "корь"), ("vaccination", "body", "прививка")}


def test_a_place_of_several_words_is_not_also_its_city() -> None:
    assert ids(gazetteer().match(None, "Алматы облысында екпе басталды", "kk")) == {"KZ-almaty-region"}
    assert ids(gazetteer().match(None, "Вакцинация в Алматинской области и в Алматы", "ru")) == {
        "KZ-almaty-region", "KZ-almaty"}
    assert ids(gazetteer().match(None, "У Львові та Києві", "uk")) == {"UA-lviv", "UA-kyiv"}


@pytest.mark.parametrize("query", ["measles", "корь", "кызамык", "წითელა", "сурхча", "Кір"])
def test_a_query_in_any_language_names_its_topic(query: str) -> None:
    assert topic_of_query(query) == "measles"


def test_a_query_that_is_more_than_a_topic_names_none() -> None:
    assert topic_of_query("корь в школе") is None


SOURCE = {"id": "kz_dsm", "name": "ДСМ", "name_en": "MoH", "country": "KZ", "kind": "ministry",
          "languages": ["kk", "ru"], "homepage": "https://example.kz/"}


def record(n: int, body: str, language: str = "ru") -> dict:
    url = f"https://example.kz/news/{n}"
    return {"source_id": "kz_dsm", "country": "KZ", "url": url, "canonical_url": url,
            "title": f"Новость {n}", "published_at": "2024-03-12", "language": language,
            "body_text": body}


def test_topics_and_places_are_written_on_save_and_follow_the_text(tmp_path: Path) -> None:
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [SOURCE])
    now = "2024-03-12T10:00:00+00:00"
    with db.atomic():
        save_announcement(db, record(1, "Вспышка кори в Шымкенте"), now)
        save_announcement(db, record(2, "Шымкентте қызылша өршіді", "kk"), now)
    rows = db.execute("SELECT announcement_id, topic_id, field, term FROM announcement_topics "
                      "ORDER BY term").fetchall()
    assert [(r[1], r[2], r[3]) for r in rows] == [("measles", "body", "корь"),
                                                  ("measles", "body", "қызылша")]
    assert db.execute("SELECT DISTINCT place_id FROM announcement_places").fetchall() == [
        ("KZ-shymkent",)]
    with db.atomic():
        save_announcement(db, record(1, "Грипп в Актобе"), now)
    assert db.execute("SELECT topic_id FROM announcement_topics WHERE term != 'қызылша'"
                      ).fetchall() == [("influenza",)]
    db.close()


def test_the_writer_writes_the_tags_an_item_carries(tmp_path: Path) -> None:
    """A crawl's extraction worker tags the text (AnnouncementItem.tags): the writer writes
    those and finds none itself; an item without tags is tagged by the writer alike."""
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [SOURCE])
    now = "2024-03-12T10:00:00+00:00"
    carried = record_tags("Новость 1", "Грипп в Актобе", "ru")
    with db.atomic():
        save_announcement(db, {**record(1, "Вспышка кори в Шымкенте"), "tags": carried}, now)
        save_announcement(db, record(2, "Грипп в Актобе"), now)
    by_record = dict(db.execute("SELECT url, topics || places || countries || regions "
                                "FROM announcements").fetchall())
    assert by_record[record(1, "")["url"]] == by_record[record(2, "")["url"]]
    assert json.loads(db.execute("SELECT topics FROM announcements").fetchone()[0]) == ["influenza"]
    assert db.execute("SELECT DISTINCT topic_id FROM announcement_topics").fetchall() == [("influenza",)]
    db.close()


def test_a_changed_text_with_the_same_tags_keeps_its_tag_rows(tmp_path: Path) -> None:
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [SOURCE])
    now = "2024-03-12T10:00:00+00:00"

    def tag_rows() -> list[tuple]:  # record 1's, with their rowids: a rewrite gives new ones
        return db.execute("SELECT rowid, topic_id FROM announcement_topics WHERE term = 'корь' "
                          "UNION ALL SELECT rowid, place_id FROM announcement_places "
                          "WHERE place_id != 'KZ-aktobe' ORDER BY 2").fetchall()

    with db.atomic():
        save_announcement(db, record(1, "Вспышка кори в Шымкенте"), now)
        save_announcement(db, record(2, "Грипп в Актобе"), now)
    first = tag_rows()
    with db.atomic():
        assert save_announcement(db, record(1, "Вспышка кори в Шымкенте: 12 случаев"), now) == "changed"
    assert tag_rows() == first and [t for _, t in first] == ["KZ-shymkent", "measles"]
    with db.atomic():
        save_announcement(db, record(1, "Вспышка кори в Таразе"), now)
    assert [t for _, t in tag_rows()] == ["KZ-taraz", "measles"]
    assert json.loads(db.execute("SELECT places FROM announcements").fetchone()[0]) == ["KZ-taraz"]
    db.close()


def test_reindex_recomputes_the_tags_when_a_vocabulary_version_changed(tmp_path: Path) -> None:
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [SOURCE])
    with db.atomic():
        save_announcement(db, record(1, "Бруцеллез в Таразе"), "2024-03-12T10:00:00+00:00")
    # An archive tagged by a writer of another vocabulary version (or by none: an upgraded one).
    with db.atomic():
        db.execute("DELETE FROM announcement_topics")
        db.execute("DELETE FROM announcement_places")
    assert retag(db) == 1  # no version applied yet
    assert db.execute("SELECT topic_id FROM announcement_topics").fetchall() == [("brucellosis",)]
    assert db.execute("SELECT place_id FROM announcement_places").fetchall() == [("KZ-taraz",)]
    assert retag(db) == 0  # versions now applied: nothing to do
    with db.atomic():
        db.execute("DELETE FROM announcement_topics")
        db.execute("UPDATE vocabulary_versions SET version = version - 1 WHERE name = 'topics'")
    assert retag(db) == 1
    assert db.execute("SELECT topic_id FROM announcement_topics").fetchall() == [("brucellosis",)]
    db.close()


@pytest.mark.parametrize(("language", "text", "place"), [
    ("ru", "Во Львове открыли центр", "UA-lviv"),  # the lemmatiser would read Львов as лев
    ("kk", "Қарағандыдағы аурухана", "KZ-karaganda"),
    ("ka", "თბილისიდან ჩამოვიდა", "GE-tbilisi"),
    ("ru", "В Жамбылской области", "KZ-zhambyl-region"),
])
def test_inflected_place_names_are_found(language: str, text: str, place: str) -> None:
    assert ids(gazetteer().match(None, text, language)) == {place}


def test_place_names_do_not_match_longer_words_or_abbreviations_inside_words() -> None:
    assert not ids(gazetteer().match(None, "Ошибка в отчете скорой помощи", "ru"))  # Ош, СКО
    assert not ids(gazetteer().match(None, "Ошол эле күнү", "ky"))  # Ош


def test_the_compiled_index_is_current() -> None:
    """compiled.json (python -m archive.vocabulary) spares the writer the dictionaries: it
    must be what a fresh build gives for today's vocabulary and stemmers."""
    import json
    from importlib.resources import files

    from archive.vocabulary import COMPILED

    stored = json.loads(files("archive.vocabulary").joinpath(COMPILED).read_text("utf-8"))["topics"]
    assert stored["digest"] == vocabulary().digest, "run: python -m archive.vocabulary"
    assert vocabulary()._indexes == vocabulary().build()


@pytest.mark.parametrize(("language", "text", "place", "region"), [
    ("kk", "Байзақ ауданында қызылша тіркелді", "KZ-baizak-district", "KZ-zhambyl-region"),
    ("ru", "В Кордайском районе открыли пункт вакцинации", "KZ-kordai-district", "KZ-zhambyl-region"),
    ("uk", "У Криворізькому районі зросла захворюваність", "UA-kryvyi-rih-district",
     "UA-dnipropetrovsk-region"),
    ("ru", "В Медеуском районе прошла вакцинация", "KZ-almaty-medeu", None),
    ("ka", "საბურთალოში გაიხსნა ამბულატორია", "GE-tbilisi-saburtalo", None),
    ("az", "Yasamal rayonunda peyvəndləmə", "AZ-baku-yasamal", None),
    ("uz", "Chilonzor tumanida emlash", "UZ-tashkent-chilonzor", None),
    ("ro", "În sectorul Botanica s-a deschis un centru", "MD-chisinau-botanica", None),
])
def test_districts_are_found_and_name_their_region(language: str, text: str, place: str,
                                                   region: str | None) -> None:
    found = ids(gazetteer().match(None, text, language))
    assert found == {place}
    assert gazetteer().regions(found) == ([region] if region else [])
    assert gazetteer().countries(found) == [place[:2]]


def test_a_city_names_its_region_unless_it_is_one() -> None:
    assert gazetteer().regions(["KZ-taraz", "GE-batumi"]) == ["GE-adjara", "KZ-zhambyl-region"]
    assert gazetteer().regions(["KZ-almaty", "KG-bishkek", "KZ"]) == []


def test_a_district_name_other_cities_share_needs_its_city() -> None:
    assert not ids(gazetteer().match(None, "У Шевченківському районі Харкова", "uk")) & {
        "UA-kyiv-shevchenkivskyi"}
    assert ids(gazetteer().match(None, "У Шевченківському районі Києва", "uk")) == {
        "UA-kyiv-shevchenkivskyi"}


def test_the_row_lists_its_topics_places_countries_and_regions(tmp_path: Path) -> None:
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [SOURCE])
    with db.atomic():
        save_announcement(db, record(1, "Корь в Байзакском районе и в Шымкенте. Вакцинация идёт."),
                          "2024-03-12T10:00:00+00:00")
        save_announcement(db, record(2, "Отчёт за неделю."), "2024-03-12T10:00:00+00:00")
    rows = db.execute("SELECT topics, places, countries, regions FROM announcements ORDER BY url")
    assert [[json.loads(v) for v in row] for row in rows] == [
        [["measles", "vaccination"], ["KZ-baizak-district", "KZ-shymkent"], ["KZ"],
         ["KZ-zhambyl-region"]],
        [[], [], [], []]]
    db.close()


def test_an_upgraded_archive_gets_the_columns_filled_by_reindex(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    old = sqlite_utils.Database(path)
    migrations.migrations.apply(old, stop_before="m013_announcement_topic_and_place_columns")
    old.close()
    db = open_db(path)  # upgraded: the columns exist, not yet filled
    sync_sources(db, [SOURCE])
    with db.atomic():
        save_announcement(db, record(1, "Бруцеллез в Таразе"), "2024-03-12T10:00:00+00:00")
        save_announcement(db, record(2, "Корь в Актобе"), "2024-03-12T10:00:00+00:00")
    retag(db)  # the vocabularies' versions recorded
    with db.atomic():  # one announcement as an archive of version 12 held it
        db.execute("UPDATE announcements SET topics = NULL, places = NULL, countries = NULL, "
                   "regions = NULL WHERE url LIKE '%/1'")
    assert retag(db) == 1  # the versions are current: only the untagged one
    assert retag(db) == 0
    assert db.execute("SELECT topics, places, countries, regions FROM announcements "
                      "WHERE url LIKE '%/1'").fetchone() == (
        '["brucellosis"]', '["KZ-taraz"]', '["KZ"]', '["KZ-zhambyl-region"]')  # Taraz is its centre
    db.close()


UI_LANGUAGES = ("uk", "ru", "kk", "ky", "ka", "hy", "az", "ro", "uz", "tg")


def test_every_topic_has_a_label_in_every_interface_language() -> None:
    for topic, entry in vocabulary().entries.items():
        assert entry["label"], topic
        assert set(entry["labels"]) == set(UI_LANGUAGES), topic
    assert [vocabulary().label("measles", lang) for lang in ("en", "ky", "hy", "az", "xx")] == [
        "Measles", "Кызамык", "Կարմրուկ", "Qızılca", "Measles"]
    assert vocabulary().label("no_such_topic", "ru") == "no_such_topic"


def test_a_place_is_named_as_the_interface_language_writes_it() -> None:
    assert [gazetteer().label("KZ-shymkent", lang) for lang in ("kk", "ka", "en", "hy")] == [
        "Шымкент", "შიმკენტი", "Shymkent", "Շիմքենթ"]
    # no name in that language: the English label
    assert gazetteer().label("KZ-baizak-district", "ka") == "Baizak District"
