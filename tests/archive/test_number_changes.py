"""Numbers that changed between two versions, named by their context word, in several languages."""

import pytest

from archive.number_changes import MAX_CHANGES, MAX_CHARS, MAX_NUMBERS, aligned_numbers, number_changes


def changes(old: str, new: str) -> list[str]:
    return [str(c) for c in number_changes(old, new)]


@pytest.mark.parametrize("old, new, expected", [
    ("As of 3 March, 12 cases of measles and 1 death were confirmed.",
     "As of 3 March, 15 cases of measles and 2 deaths were confirmed.",
     ["cases 12 → 15", "deaths 1 → 2"]),
    ("Станом на 03.03.2026 зареєстровано 12 випадків кору.",
     "Станом на 03.03.2026 зареєстровано 15 випадків кору.", ["випадків 12 → 15"]),
    ("Выявлен 1 случай кори, привито 1 200 детей.",
     "Выявлено 5 случаев кори, привито 1 350 детей.", ["случаев 1 → 5", "детей 1200 → 1350"]),
    ("Қызылшаның 7 жағдайы тіркелді.", "Қызылшаның 9 жағдайы тіркелді.", ["жағдайы 7 → 9"]),
    ("Кызамыктын 4 учуру катталды.", "Кызамыктын 6 учуру катталды.", ["учуру 4 → 6"]),
    ("დადასტურდა წითელას 3 შემთხვევა.", "დადასტურდა წითელას 4 შემთხვევა.", ["შემთხვევა 3 → 4"]),
    ("Գրանցվել է կարմրուկի 10 դեպք։", "Գրանցվել է կարմրուկի 11 դեպք։", ["դեպք 10 → 11"]),
    ("Qızılcanın 20 halı qeydə alınıb.", "Qızılcanın 25 halı qeydə alınıb.", ["halı 20 → 25"]),
    ("Au fost confirmate 8 cazuri de rujeolă.", "Au fost confirmate 9 cazuri de rujeolă.",
     ["cazuri 8 → 9"]),
    ("Qizamiqning 5 ta holati aniqlandi.", "Qizamiqning 6 ta holati aniqlandi.", ["ta 5 → 6"]),
    ("Сурхча: 30 ҳолат.", "Сурхча: 31 ҳолат.", ["ҳолат 30 → 31"]),
    ("Vaccination coverage: 85%.", "Vaccination coverage: 87 %.", ["coverage 85% → 87%"]),
    ("The campaign runs until 12.04.2026.", "The campaign runs until 19.04.2026.",
     ["until 12.04.2026 → 19.04.2026"]),
])
def test_named_changes(old: str, new: str, expected: list[str]) -> None:
    assert changes(old, new) == expected


def test_unchanged_numbers_dates_and_years_are_not_named() -> None:
    old = "In 2026, on 03.03.2026 at 10:00, the ministry (tel. 103) reported 12 cases."
    assert changes(old, old) == []
    assert changes(old, old.replace("reported", "confirmed")) == []


def test_added_or_removed_sentences_are_not_changes() -> None:
    old = "12 cases were confirmed."
    assert changes(old, old + " 40 people were vaccinated.") == []
    assert changes(old + " 40 people were vaccinated.", old) == []


def test_bare_numbers_and_empty_texts() -> None:
    assert changes("12", "15") == []
    assert changes("", "15 cases") == []
    assert number_changes(None, None) == []


def test_bounded_on_long_bodies() -> None:
    """The work is capped by what is aligned, whatever a page's length (speed: no timing here)."""
    long = " ".join(f"region {i} reported {i} cases." for i in range(20_000))
    assert len(long) > MAX_CHARS
    assert len(aligned_numbers(long)) == MAX_NUMBERS
    assert aligned_numbers("word " * (MAX_CHARS // 5) + "12 cases") == []  # past MAX_CHARS
    # A change past the cap is never aligned, so never reported.
    filler = " ".join(f"region {i} reported {i} cases." for i in range(MAX_NUMBERS))
    assert changes(filler + " 12 deaths.", filler + " 15 deaths.") == []
    assert changes("12 deaths. " + filler, "15 deaths. " + filler) == ["deaths 12 → 15"]
    many = " ".join(f"{i} cases, {i} deaths." for i in range(MAX_CHANGES * 2))
    assert len(number_changes(many, many.replace(" cases", "0 cases"))) == MAX_CHANGES
