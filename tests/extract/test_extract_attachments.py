"""Attachments: document links in the article, absolute, typed, de-duplicated."""
from __future__ import annotations

from scrapers.extract import Attachment, extract_record

PAGE = """<html><head><base href="https://moz.gov.ua/uk/"></head><body>
<nav><a href="/files/menu-report.pdf">Звіт (меню)</a></nav>
<main><h1>Наказ МОЗ</h1>
<div class="content"><p>Затверджено новий порядок. Текст наказу додається нижче, разом із додатками до нього.</p>
<p><a href="/uploads/2024/nakaz-1368.PDF">Наказ № 1368</a></p>
<ul><li><a href="docs/dodatok%201.docx">Додаток 1</a></li>
<li><a href="https://cdn.moz.gov.ua/tables/stat.xlsx?download=1">Статистика</a></li>
<li><a href="files/old.doc">Стара форма</a></li><li><a href="files/t.xls" title="Таблиця"></a></li>
<li><a href="files/form.odt">Форма</a></li>
<li><a href="/uploads/2024/nakaz-1368.PDF">Наказ № 1368 (ще раз)</a></li>
<li><a href="/news/pdf-viewer">Переглядач</a></li><li><a href="mailto:a@moz.gov.ua">Пошта</a></li></ul></div>
</main><footer><a href="/files/footer-rules.pdf">Правила</a></footer></body></html>"""


def test_attachments() -> None:
    record = extract_record(PAGE, "https://moz.gov.ua/uk/nakaz")
    assert record.attachments == (
        Attachment("https://moz.gov.ua/uploads/2024/nakaz-1368.PDF", "Наказ № 1368", "pdf"),
        Attachment("https://moz.gov.ua/uk/docs/dodatok%201.docx", "Додаток 1", "docx"),
        Attachment("https://cdn.moz.gov.ua/tables/stat.xlsx?download=1", "Статистика", "xlsx"),
        Attachment("https://moz.gov.ua/uk/files/old.doc", "Стара форма", "doc"),
        Attachment("https://moz.gov.ua/uk/files/t.xls", "Таблиця", "xls"),
        Attachment("https://moz.gov.ua/uk/files/form.odt", "Форма", "odt"),
    )


def test_no_attachments_on_a_plain_page() -> None:
    assert extract_record("<html><body><p>Текст без файлів.</p></body></html>", "https://x.org/").attachments == ()
