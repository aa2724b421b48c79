"""An archive for a journalist's journey: the sample archive (sample_archive) plus enough
dated announcements about measles from two publishers to filter by date and publisher and to
page through the results, each with an archived copy in a WARC file."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import sample_archive
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.db import open_db
from archive.search import reindex
from archive.store import save_announcement

# (source, country, language, url, title, date, body)
EXTRA: list[tuple[str, str, str, str, str, str, str]] = [
    *(("ua_moz", "UA", "uk", f"https://moz.gov.ua/news/measles-{n}",
       f"Кір в області: звіт №{n}", f"2026-{1 + n % 9:02d}-{1 + n % 27:02d}",
       f"Лікарі зареєстрували нові випадки кору. Звіт №{n}.\nЩеплення захищає від кору.")
      for n in range(1, 46)),
    *(("kg_soros", "KG", "ky", f"https://soros.kg/ky/news/measles-{n}",
       f"Кызамык боюнча кабар №{n}", f"2026-{1 + n % 9:02d}-{2 + n % 25:02d}",
       f"Кызамыктын жаңы учурлары катталды. Кабар №{n}.\nЭмдөө кызамыктан коргойт.")
      for n in range(1, 26)),
]


def _write_warc(directory: Path) -> dict[str, str]:
    """One WARC file with a response record per extra announcement: url -> capture reference."""
    path = directory / "warc" / "run2" / "journey.warc.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    captures = {}
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n, (_, _, _, url, title, _, body) in enumerate(EXTRA):
            record_id = f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>"
            page = (f"<html><body><h1>{title}</h1><p>{body}</p></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(page), http_headers=headers,
                warc_headers_dict={"WARC-Record-ID": record_id}))
            captures[url] = f"run2/journey.warc.gz#{record_id}"
    return captures


def build(path: Path) -> Path:
    sample_archive.build(path)
    captures = _write_warc(path.parent)
    db = open_db(path)
    with db.conn:
        for row in EXTRA:
            save_announcement(db, sample_archive.record(*row, capture=captures[row[3]]),
                              "2026-10-15T08:00:00+00:00")
    reindex(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def matching(source: str | None = None, date_from: str = "", date_to: str = "",
             language: str | None = None) -> list[tuple[str, ...]]:
    """The extra announcements a filter keeps (the sample's own are counted by the tests)."""
    return [r for r in EXTRA
            if (source is None or r[0] == source) and (language is None or r[2] == language)
            and (not date_from or r[5] >= date_from) and (not date_to or r[5] <= date_to)]
