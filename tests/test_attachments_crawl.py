"""Attachments kept in the archive: a crawl through the real engine fetches the documents an
announcement links, once per URL, size-capped, into the WARC captures; the site serves them
back by checksum.

A local site publishes one announcement (sitemap) linking a small PDF and a file over the cap
(ATTACHMENT_MAXSIZE lowered to 1 MB for the test). After the first crawl the PDF's row holds
the SHA-256 of the bytes served and the big file is recorded as too large, its bytes not in
the WARC files. The announcement is then edited to link a third document as well: the next
hourly run archives the new version and fetches only the new document. Last, the archive's
Datasette serves the PDF at /-/attachment/<sha256> with the same bytes and checksum header,
and the record page links it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.helpers import FAST, health_archive, rows, serving
from tests.live_site import LiveSite, article_page, registry_entry, sitemap
from tests.news_site import article

T0 = datetime.fromisoformat("2026-03-02T08:00:00+00:00")
A = article(1)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
DOCX = b"PK\x03\x04" + os.urandom(3000)
BIG = os.urandom(2 << 20)  # incompressible: if it were kept, the WARC files would show it
CAP = 1 << 20
FILES = {"/files/nakaz-1.pdf": (PDF, "application/pdf"),
         "/files/zvit.pdf": (BIG, "application/pdf"),
         "/files/dodatok.docx": (DOCX, "application/vnd.openxmlformats-officedocument."
                                       "wordprocessingml.document")}


class FileSite(LiveSite):
    """LiveSite, also serving binary files."""

    def answer(self, path: str, etag: str | None) -> tuple[int, dict[str, str], bytes]:
        if path in self.files:
            body, content_type = self.files[path]
            return 200, {"Content-Type": content_type}, body
        return super().answer(path, etag)

    files: dict[str, tuple[bytes, str]] = {}


def body(*paths: str) -> str:
    links = " ".join(f"<a href='{p}'>Документ {n} (PDF)</a>" for n, p in enumerate(paths, 1))
    return A["body"] + f"\n\nДокументи: {links}"


def crawl(registry: Path, db: Path, at: datetime) -> None:
    result = health_archive("crawl", "--sources", str(registry), "--db", str(db), "--allow-local",
                            *FAST, "--set", f"ATTACHMENT_MAXSIZE={CAP}",
                            "--set", f"CRAWL_CLOCK={at.isoformat()}")
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[list[str]]]]:
    """The archive after both runs, and the paths each run downloaded."""
    root = tmp_path_factory.mktemp("attachments")
    site = FileSite()
    site.files = dict(FILES)
    downloads: list[list[str]] = []
    with site.serve():
        origin = site.origin
        site.set(A["path"], article_page(A["title"], A["date"], body("/files/nakaz-1.pdf", "/files/zvit.pdf")))
        site.set("/sitemap.xml", sitemap(origin, [(A["path"], "2024-01-01")]), "application/xml")
        registry = root / "sources.yaml"
        registry.write_text(registry_entry("ua_attachments", f"{origin}/",
                                           sitemaps=[f"{origin}/sitemap.xml"]), encoding="utf-8")
        db = root / "archive.db"
        crawl(registry, db, T0)
        downloads.append(site.requests())
        site.clear_log()
        site.set(A["path"], article_page(A["title"], A["date"],
                                         "Графік щеплень змінено: вакцинація проходить щосуботи з 9:00 до 14:00.\n\n"
                                         + body("/files/nakaz-1.pdf", "/files/zvit.pdf", "/files/dodatok.docx")))
        site.set("/sitemap.xml", sitemap(origin, [(A["path"], "2026-03-02T08:30:00+00:00")]), "application/xml")
        crawl(registry, db, T0 + timedelta(hours=1))
        downloads.append(site.requests())
    yield db, downloads


def files(db: Path) -> dict[str, tuple]:
    return {url.rsplit("/", 1)[-1]: tuple(rest) for url, *rest in rows(
        db, "SELECT url, status, sha256, size, content_type, capture FROM attachment_files")}


def test_the_pdf_is_archived_with_the_checksum_of_the_bytes_served(archive):
    db, downloads = archive
    pdf = files(db)["nakaz-1.pdf"]
    assert pdf[:4] == ("archived", hashlib.sha256(PDF).hexdigest(), len(PDF), "application/pdf")
    assert pdf[4] and "#<urn:uuid:" in pdf[4]
    assert "/files/nakaz-1.pdf" in downloads[0]


def test_a_file_over_the_cap_is_recorded_as_too_large_and_not_kept(archive):
    db, _ = archive
    assert files(db)["zvit.pdf"] == ("too_large", None, None, None, None)
    warc_bytes = sum(f.stat().st_size for f in (db.parent / "warc").rglob("*.warc.gz"))
    assert warc_bytes < CAP


def test_the_next_run_fetches_only_attachments_not_archived_yet(archive):
    db, downloads = archive
    assert rows(db, "SELECT version_count, attachment_count FROM announcements") == [(2, 3)]
    second = [p for p in downloads[1] if p.startswith("/files/")]
    assert second == ["/files/dodatok.docx"]
    assert files(db)["dodatok.docx"][1] == hashlib.sha256(DOCX).hexdigest()


@pytest.fixture(scope="module")
def served(archive) -> Iterator[httpx.Client]:
    db, _ = archive
    with serving(db) as client:
        yield client


def test_the_site_serves_the_archived_pdf_with_its_checksum(archive, served):
    sha = hashlib.sha256(PDF).hexdigest()
    answer = served.get(f"/-/attachment/{sha}")
    assert answer.status_code == 200
    assert answer.content == PDF
    assert answer.headers["x-content-sha256"] == sha
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("inline")
    assert "sandbox" in answer.headers["content-security-policy"]
    docx = served.get(f"/-/attachment/{hashlib.sha256(DOCX).hexdigest()}")
    assert docx.content == DOCX and docx.headers["content-disposition"].startswith("attachment")
    assert served.get(f"/-/attachment/{'0' * 64}").status_code == 404


def test_the_record_page_links_the_archived_copy(archive, served):
    db, _ = archive
    (key,) = rows(db, "SELECT id FROM announcements")[0]
    page = served.get(f"/archive/announcements/{key}").text
    assert f"/-/attachment/{hashlib.sha256(PDF).hexdigest()}" in page
    assert "SHA-256" in page


def test_only_pdfs_and_images_are_shown_inline_never_html():
    from archive.web.attachments import answer_headers

    kind, headers = answer_headers("https://moz.gov.ua/f/%D0%BD%D0%B0%D0%BA%D0%B0%D0%B7.html",
                                   "text/html; charset=utf-8", "ab" * 32)
    assert kind == "application/octet-stream"
    assert headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%D0%BD%D0%B0%D0%BA%D0%B0%D0%B7.html" in headers["content-disposition"]
    assert answer_headers("https://x/a.svg", "image/svg+xml", "0" * 64)[0] == "application/octet-stream"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert answer_headers("https://x/a.docx", docx, "0" * 64)[1]["content-disposition"].startswith("attachment")
    assert answer_headers("https://x/a.pdf", "application/pdf", "0" * 64)[1]["content-disposition"].startswith("inline")
