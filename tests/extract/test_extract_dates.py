"""parse_date: month names and numeric forms of the region's languages, times, zones."""
from __future__ import annotations

import pytest

from scrapers.extract import parse_date

# (text, languages, zone, expected ISO 8601)
CASES = [
    # Ukrainian: genitive and nominative months, with and without time
    ("06 вересня 2023, 14:30", ("uk",), "Europe/Kyiv", "2023-09-06T14:30:00+03:00"),
    ("7 вересня 2023", ("uk",), "Europe/Kyiv", "2023-09-07"),
    ("Опубліковано: 3 березня 2024 р.", ("uk",), "Europe/Kyiv", "2024-03-03"),
    ("12 грудня 2023 о 09:15", ("uk",), "Europe/Kyiv", "2023-12-12T09:15:00+02:00"),
    ("листопад 5, 2022", ("uk",), "Europe/Kyiv", "2022-11-05"),
    # Russian
    ("15 апреля 2025, 10:18", ("ru",), "Asia/Almaty", "2025-04-15T10:18:00+05:00"),
    ("1 января 2020 г.", ("ru",), "Europe/Moscow", "2020-01-01"),
    ("11 апрель 2019", ("ru",), "Asia/Bishkek", "2019-04-11"),
    # Kazakh: year first with 'ж.', and day-month-year
    ("2024 ж. 12 наурыз", ("kk",), "Asia/Almaty", "2024-03-12"),
    ("15 сәуір 2025, 10:18", ("kk",), "Asia/Almaty", "2025-04-15T10:18:00+05:00"),
    ("2023 жылғы 5 қыркүйек", ("kk",), "Asia/Almaty", "2023-09-05"),
    # Kyrgyz: Russian-style nominative months, hyphens, U+2011 non-breaking hyphen
    ("4-декабрь, 2017", ("ky",), "Asia/Bishkek", "2017-12-04"),
    ("23\u2011июнь 2025", ("ky",), "Asia/Bishkek", "2025-06-23"),
    ("2017-жылдын 20-декабрында", ("ky",), "Asia/Bishkek", "2017-12-20"),
    ("2025-жылдын 23-июнунда", ("ky",), "Asia/Bishkek", "2025-06-23"),
    ("2024-жылы 5-мартта", ("ky",), "Asia/Bishkek", "2024-03-05"),
    ("12 сентябр 2024", ("uz",), "Asia/Tashkent", "2024-09-12"),
    ("2024 жылғы 15 наурызда", ("kk",), "Asia/Almaty", "2024-03-15"),
    # Georgian (nominative and dative)
    ("12 მარტი, 2024", ("ka",), "Asia/Tbilisi", "2024-03-12"),
    ("2024 წლის 12 მარტს", ("ka",), "Asia/Tbilisi", "2024-03-12"),
    ("5 სექტემბერი 2023 14:00", ("ka",), "Asia/Tbilisi", "2023-09-05T14:00:00+04:00"),
    # Armenian (genitive month, and year-first official form)
    ("12 մարտի 2024", ("hy",), "Asia/Yerevan", "2024-03-12"),
    ("2024 թ. մարտի 12", ("hy",), "Asia/Yerevan", "2024-03-12"),
    # Azerbaijani, Uzbek (Latin), Romanian
    ("12 mart 2024", ("az",), "Asia/Baku", "2024-03-12"),
    ("12 avqust 2023, 11:05", ("az",), "Asia/Baku", "2023-08-12T11:05:00+04:00"),
    ("12-mart, 2024", ("uz",), "Asia/Tashkent", "2024-03-12"),
    ("2024 yil 5 sentabr", ("uz",), "Asia/Tashkent", "2024-09-05"),
    ("12 martie 2024", ("ro",), "Europe/Chisinau", "2024-03-12"),
    ("3 decembrie 2019, 16:20", ("ro",), "Europe/Chisinau", "2019-12-03T16:20:00+02:00"),
    # English
    ("Dec 20, 2017", ("en",), "Europe/Copenhagen", "2017-12-20"),
    ("April 11th, 2019", ("en",), "Asia/Bishkek", "2019-04-11"),
    ("11 November 2021", ("en",), "Europe/Copenhagen", "2021-11-11"),
    ("August 7, 2022, 22:02", ("ky", "ru", "en"), "Asia/Bishkek", "2022-08-07T22:02:00+06:00"),
    ("Posted 3:15 pm, March 3, 2019", ("en",), "America/New_York", "2019-03-03T15:15:00-05:00"),
    # numeric forms: day first, a US order only when the day cannot be a month
    ("12.03.2024", (), "UTC", "2024-03-12"),
    ("12/03/2024", (), "UTC", "2024-03-12"),
    ("03/25/2024", (), "UTC", "2024-03-25"),
    ("07.09.2023 14:30", ("uk",), "Europe/Kyiv", "2023-09-07T14:30:00+03:00"),
    ("14:30, 06.09.2023", ("uk",), "Europe/Kyiv", "2023-09-06T14:30:00+03:00"),
    ("2024-03-12", (), "UTC", "2024-03-12"),
    ("2024/03/12", (), "UTC", "2024-03-12"),
    # machine-readable values: offsets converted into the site's zone, naive ones localised
    ("2023-09-06T11:30:00Z", (), "Europe/Kyiv", "2023-09-06T14:30:00+03:00"),
    ("2023-09-06T14:30:00+03:00", (), "Asia/Almaty", "2023-09-06T17:30:00+06:00"),
    ("2025-04-15T10:18:00", (), "Asia/Almaty", "2025-04-15T10:18:00+05:00"),
    ("2019-04-11T09:00:00.000+06:00", (), "Asia/Bishkek", "2019-04-11T09:00:00+06:00"),
]


@pytest.mark.parametrize("text, languages, zone, expected", CASES)
def test_parse_date(text: str, languages: tuple[str, ...], zone: str, expected: str) -> None:
    assert parse_date(text, languages, zone) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Kazakhstan moved from UTC+6 to UTC+5 on 1 March 2024 (tzdata 2024a)
        ("29.02.2024 10:00", "2024-02-29T10:00:00+06:00"),
        ("01.03.2024 10:00", "2024-03-01T10:00:00+05:00"),
        ("2024 ж. 12 наурыз 09:30", "2024-03-12T09:30:00+05:00"),
    ],
)
def test_kazakhstan_single_time_zone_from_march_2024(text: str, expected: str) -> None:
    assert parse_date(text, ("kk",), "Asia/Almaty") == expected


@pytest.mark.parametrize(
    "text, zone, expected",
    [
        ("15.01.2024 12:00", "Europe/Kyiv", "2024-01-15T12:00:00+02:00"),  # winter time
        ("15.07.2024 12:00", "Europe/Kyiv", "2024-07-15T12:00:00+03:00"),  # summer time
        ("15.07.2024 12:00", "Asia/Tbilisi", "2024-07-15T12:00:00+04:00"),
        ("15.07.2024 12:00", "Asia/Bishkek", "2024-07-15T12:00:00+06:00"),
        ("15.07.2024 12:00", "Not/AZone", "2024-07-15T12:00:00+00:00"),  # unknown zone: UTC
    ],
)
def test_offsets_follow_the_site_zone(text: str, zone: str, expected: str) -> None:
    assert parse_date(text, (), zone) == expected


@pytest.mark.parametrize(
    "text, expected, kyiv_day",
    [
        # a late-evening post in UTC-5 stays on its readers' day (UTC would say the 9th)
        ("2023-11-08T23:30:59-05:00", "2023-11-08T23:30:59-05:00", "2023-11-09"),
        ("2023-11-08T23:30:59Z", "2023-11-08T23:30:59+00:00", "2023-11-09"),
        ("08.11.2023 23:30", "2023-11-08T23:30:00+00:00", "2023-11-08"),  # no offset written: UTC
    ],
)
def test_unknown_zone_keeps_the_written_offset(text: str, expected: str, kyiv_day: str) -> None:
    assert parse_date(text) == expected
    assert parse_date(text, (), "Europe/Kyiv")[:10] == kyiv_day  # a known zone converts


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Гаряча лінія МОЗ 0800 505 201",
        "© 2024 МОЗ України",
        "31.02.2024",  # no such day
        "12.13.2024",  # no such month
        "4-7 вересня",  # no year
        "версія 1.2.3",
        "12 березня 1850",  # outside the archive's range
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text, ("uk",), "Europe/Kyiv") is None


def test_first_date_of_the_string_wins() -> None:
    assert parse_date("Оновлено 8 вересня 2023, створено 6 вересня 2023", ("uk",)) == "2023-09-08"


def test_only_text_with_four_digits_in_a_row_may_hold_a_date() -> None:
    from scrapers.extract.dates import may_hold_date

    assert all(may_hold_date(text) for text, *_ in CASES)
    for text in ("12 березня", "Новини", "12.03.24", "2 0 2 4", ""):
        assert not may_hold_date(text)
        assert parse_date(text, ("uk",), "Europe/Kyiv") is None
