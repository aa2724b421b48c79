"""Hostile and malformed documents: every one yields a record, none raises, and an empty body
always comes with a logged reason."""
from __future__ import annotations

import logging
import random

import pytest

from scrapers.extract import Record, extract_record

PARAGRAPH = "<p>" + "Текст новини про вакцинацію дітей у регіоні. " * 8 + "</p>"
ARTICLE = PARAGRAPH * 3

HOSTILE = {
    "control characters": "<html><body><h1>Щеплення</h1>"
                          + ARTICLE.replace("у регіоні", "у\x07 ре\x0bгіоні\x1f\x00") + "</body></html>",
    "lone surrogate in str": "<html><body>\ud800" + ARTICLE + "</body></html>",
    "5,000-deep nesting": "<html><body>" + "<div>" * 5000 + ARTICLE + "</div>" * 5000 + "</body></html>",
    "a <form> around everything": '<html><body><form id="aspnetForm" action="./a.aspx"><h1>Щеплення</h1>'
                                  + ARTICLE + "</form></body></html>",
    "comments only": '<html><body><div id="comments"><h3>Коментарі</h3><ol><li>' + PARAGRAPH
                     + "</li></ol></div></body></html>",
    "one table": "<table><tr><td>" + ARTICLE + '</td><td><a href="/">Головна</a></td></tr></table>',
    "empty bytes": b"",
    "binary junk": random.Random(22).randbytes(20_000),
    "a 5 MB text node": "<html><body><p>" + "слово " * 850_000 + "</p></body></html>",
    "unclosed everything": "<html><body><div><p><b><i>" + "Текст без кінця " * 40,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_document_yields_a_record(name: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="scrapers.extract"):
        record = extract_record(HOSTILE[name], "https://example.org/news/1")
    assert isinstance(record, Record)
    assert "\x07" not in record.body_text and "\x00" not in record.body_text
    if not record.body_text:
        assert any("empty" in r.getMessage() for r in caplog.records), "an empty body without a logged reason"


def test_text_survives_control_characters_and_a_page_wide_form() -> None:
    for name in ("control characters", "a <form> around everything", "one table"):
        body = extract_record(HOSTILE[name], "https://example.org/news/1").body_text
        assert body.count("Текст новини про вакцинацію") >= 20, name


def test_a_failing_step_gives_trafilaturas_record(monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """Any exception inside our steps: the page is kept with trafilatura's own text, and logged."""
    import scrapers.extract.record as record_module

    def broken(*args: object) -> None:
        raise RecursionError("a page no step foresaw")

    monkeypatch.setattr(record_module, "find_dates", broken)
    html = "<html><head><title>Щеплення</title></head><body><article><h1>Щеплення</h1>" + ARTICLE + "</article></body></html>"
    with caplog.at_level(logging.WARNING, logger="scrapers.extract"):
        record = extract_record(html, "https://example.org/news/1")
    assert "Текст новини про вакцинацію" in record.body_text
    assert any("RecursionError" in r.getMessage() for r in caplog.records)


def test_a_non_page_is_the_callers_error() -> None:
    with pytest.raises(TypeError):
        extract_record(None, "https://example.org/news/1")  # type: ignore[arg-type]
