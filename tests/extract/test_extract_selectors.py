"""Selector overrides from the source registry win where they match, else generic extraction."""
from __future__ import annotations

from scrapers.extract import Hints, extract_record

PAGE = """<html><head><title>Сайт</title></head><body>
<div class="x-head"><span class="x-rubric">Денсаулық</span><div class="x-title">Нағыз тақырып</div>
<div class="x-when">15.04.2025 10:18</div></div>
<div class="x-text"><p>Бірінші абзац мәтіні облыс әкімдігі туралы.</p><div class="x-ad">Жарнама</div>
<p>Екінші абзац.</p></div>
<div class="x-other"><p>Басқа жаңалықтар 14.04.2025</p></div></body></html>"""
SELECTORS = {"title": ".x-title", "date": ".x-when", "body": ".x-text", "remove": ".x-ad, .x-rubric"}


def test_overrides_win() -> None:
    record = extract_record(PAGE, "https://www.gov.kz/x", Hints(timezone="Asia/Almaty", selectors=SELECTORS))
    assert record.title == "Нағыз тақырып"
    assert record.published_at == "2025-04-15T10:18:00+05:00"
    assert record.body_text == "Бірінші абзац мәтіні облыс әкімдігі туралы.\n\nЕкінші абзац."


def test_overrides_that_match_nothing_fall_back_to_generic_extraction() -> None:
    selectors = {"title": ".nope", "date": ".nope", "body": ".nope", "remove": ".x-ad"}
    html = ("<html><head><title>Жаңалық | Сайт</title></head><body><h1>Жаңалық</h1><div class='date'>15.04.2025</div>"
            "<div class='content'><p>Бірінші абзац мәтіні облыс әкімдігі туралы.</p><div class='x-ad'>Жарнама</div></div></body></html>")
    record = extract_record(html, "https://www.gov.kz/x", Hints(timezone="Asia/Almaty", selectors=selectors))
    assert (record.title, record.published_at, record.body_text) == (
        "Жаңалық", "2025-04-15", "Бірінші абзац мәтіні облыс әкімдігі туралы.")


def test_invalid_selector_is_ignored() -> None:
    record = extract_record(PAGE, "https://www.gov.kz/x", Hints(selectors={"title": "[[[", "body": ".x-text"}))
    assert record.body_text.startswith("Бірінші абзац")


def test_body_override_inside_what_looks_like_chrome() -> None:
    html = ("<html><head><title>t</title></head><body><div class='sidebar-text'><p>Мәтін сайдбар сияқты "
            "класта тұр.</p><div class='share'>Бөлісу</div></div></body></html>")
    record = extract_record(html, "https://x.kz/", Hints(selectors={"body": ".sidebar-text"}))
    assert record.body_text == "Мәтін сайдбар сияқты класта тұр."
