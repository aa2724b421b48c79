"""The public surface others call, and the promises around it (no network, no Scrapy)."""
from __future__ import annotations

import dataclasses
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import scrapers.extract as extract
from scrapers.extract import Attachment, Hints, Record, detect_language, extract_record, parse_date


def test_exports() -> None:
    assert {"extract_record", "Hints", "Record", "Attachment", "parse_date", "detect_language"} <= set(extract.__all__)


def test_values_are_frozen() -> None:
    record = extract_record("<html><body><p>Текст.</p></body></html>", "https://x.ua/")
    assert isinstance(record, Record)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Hints().timezone = "Asia/Almaty"  # type: ignore[misc]
    assert Attachment("https://x.ua/a.pdf", "a", "pdf") == Attachment("https://x.ua/a.pdf", "a", "pdf")


def test_no_network_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("extraction tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert detect_language("Министерство здравоохранения сообщает о новых мерах профилактики.") == "ru"
    assert detect_language("Ministerul Sănătății anunță noi măsuri de prevenire a gripei.") == "ro"
    assert parse_date("12 березня 2024", ("uk",)) == "2024-03-12"


def test_no_scrapy_import() -> None:
    package = Path(extract.__file__).parent
    for source in package.glob("*.py"):
        assert not re.search(r"^\s*(from|import)\s+scrapy", source.read_text(encoding="utf-8"), re.M), source.name
    code = "import sys, scrapers.extract; sys.exit('scrapy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=package.parents[1]).returncode == 0
