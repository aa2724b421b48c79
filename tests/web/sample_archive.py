"""A small real archive for the web tests: inflected words in seven languages, a hostile
record, an edited record with three versions, a removed one, crawl runs and a WARC capture."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.db import open_db
from archive.runs import add_written, close_run, open_run
from archive.search import reindex
from archive.store import announcement_id, mark_removed, save_announcement, sync_sources

SOURCES = [
    {"id": "ua_moz", "name": "Міністерство охорони здоров'я України", "name_en": "Ministry of Health of Ukraine",
     "country": "UA", "kind": "ministry", "languages": ["uk"], "homepage": "https://moz.gov.ua/"},
    {"id": "kz_zhambyl", "name": "Жамбыл облысы денсаулық сақтау басқармасы", "name_en": "Zhambyl Health Department",
     "country": "KZ", "kind": "regional", "languages": ["kk", "ru"], "homepage": "https://www.gov.kz/"},
    {"id": "kg_soros", "name": "Сорос-Кыргызстан", "name_en": "Soros Foundation Kyrgyzstan",
     "country": "KG", "kind": "ngo", "languages": ["ky", "ru", "en"], "homepage": "https://soros.kg/"},
    {"id": "ge_pfh", "name": "პარტნიორები ჯანმრთელობისთვის", "name_en": "Partners for Health",
     "country": "GE", "kind": "ngo", "languages": ["ka", "en"], "homepage": "https://pfh.org.ge/"},
    {"id": "am_moh", "name": "ՀՀ առողջապահության նախարարություն", "name_en": "Ministry of Health of Armenia",
     "country": "AM", "kind": "ministry", "languages": ["hy"], "homepage": "https://moh.am/"},
]

HOSTILE_TITLE = "Hostile <script>alert(1)</script> notice"
HOSTILE_BODY = (
    "Paragraph one <img src=x onerror=alert(1)> with measles.\n"
    "<script>document.title='pwned'</script>\n"
    "Click javascript:alert(document.cookie) or <a href=\"javascript:alert(2)\">here</a>."
)
WARC_RECORD_ID = "<urn:uuid:3f1c2a9e-0000-4000-8000-00000000c0de>"

RECORDS = [
    ("ua_moz", "UA", "uk", "https://moz.gov.ua/news/1", "Вакцинація проти кору: нові правила",
     "2026-10-01", "Батьки мають подбати про вакцинацію дітей.\nПісля вакцинації лікарі спостерігають дитину."),
    ("ua_moz", "UA", "uk", "https://moz.gov.ua/news/2", "Лікарні готові до грипу",
     "2026-09-15", "У лікарнях області достатньо ліків."),
    ("kz_zhambyl", "KZ", "kk", "https://www.gov.kz/zhambyl/news/1", "Облыстық ауруханасында жаңа бөлім ашылды",
     "2026-10-03", "Ауруханада қызылшаға қарсы екпе жүргізілді.\nАуруханалардың дәрігерлері балаларды тексерді."),
    ("kz_zhambyl", "KZ", "ru", "https://www.gov.kz/zhambyl/news/2", "В больницах области прошла вакцинация от кори",
     "2026-10-04", "Вакцинации подлежат дети. Против кори привито 500 детей."),
    ("kg_soros", "KG", "ky", "https://soros.kg/ky/news/1", "Ооруканаларда кызамыкка каршы эмдөө башталды",
     "2026-10-05", "Ооруканада дарыгерлер балдарды эмдешти.\nКызамыктын белгилери жөнүндө маалымат."),
    ("ge_pfh", "GE", "ka", "https://pfh.org.ge/news/1", "ჯანმრთელობის დაცვის ახალი პროგრამა",
     "2026-10-06", "პროგრამა ემსახურება მოსახლეობის ჯანმრთელობას.\nსაავადმყოფოში ექიმები უფასოდ გასინჯავენ."),
    ("am_moh", "AM", "hy", "https://moh.am/news/1", "Առողջության պահպանման նոր ծրագիր",
     "2026-10-07", "Պատվաստումը անվճար է հիվանդանոցներում։\nԱռողջությամբ զբաղվող մասնագետներ։"),
    ("kg_soros", "KG", "en", "https://soros.kg/en/news/1", "Hospitals report measles vaccinations",
     "2026-10-08", "Children were vaccinated in two hospitals.\nThe vaccination campaign continues."),
    ("ge_pfh", "GE", "en", "https://pfh.org.ge/news/hostile", HOSTILE_TITLE, "2026-10-09", HOSTILE_BODY),
]
EDITED_URL = "https://moz.gov.ua/news/1"
REMOVED_URL = "https://moz.gov.ua/news/2"
HOSTILE_URL = "https://pfh.org.ge/news/hostile"


def record(source: str, country: str, language: str, url: str, title: str, date: str, body: str,
           **extra: object) -> dict[str, object]:
    return {"source_id": source, "country": country, "language": language, "url": url,
            "canonical_url": url, "title": title, "published_at": date, "body_text": body,
            "attachments": [], **extra}


def write_warc(directory: Path) -> str:
    """A WARC with one hostile response record; returns its capture reference."""
    path = directory / "warc" / "run1" / "ge_pfh.warc.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    page = (b"<html><head><script>alert('warc')</script><style>body{}</style></head><body>"
            b"<h1>Archived hostile page</h1><p onclick=\"alert(3)\">Text kept</p>"
            b"<img src=x onerror=alert(4)><a href=\"javascript:alert(5)\">bad link</a>"
            b"<a href=\"/news/2\">relative link</a></body></html>")
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        warc = writer.create_warc_record(HOSTILE_URL, "response", payload=BytesIO(page),
                                         http_headers=headers,
                                         warc_headers_dict={"WARC-Record-ID": WARC_RECORD_ID})
        writer.write_record(warc)
    return f"run1/ge_pfh.warc.gz#{WARC_RECORD_ID}"


def build(path: Path) -> Path:
    """Create the sample archive at `path` (a file named archive.db, beside a warc/ folder)."""
    db = open_db(path)
    sync_sources(db, SOURCES)
    capture = write_warc(path.parent)
    with db.conn:
        for row in RECORDS:
            extra: dict[str, object] = {}
            if row[3] == HOSTILE_URL:
                extra = {"capture": capture, "attachments": [
                    {"url": "javascript:alert('attachment')", "text": "<b onmouseover=alert(6)>report</b>", "type": "pdf"},
                    {"url": "https://pfh.org.ge/files/report.pdf", "text": "Report (PDF)", "type": "pdf"},
                ]}
            save_announcement(db, record(*row, **extra), "2026-10-10T08:00:00+00:00")
        edited = next(r for r in RECORDS if r[3] == EDITED_URL)
        for n, extra_text in enumerate(("Вакцинацію проводять безкоштовно.",
                                        "Вакцинацію проводять безкоштовно в усіх лікарнях."), start=2):
            body = edited[6] + "\n" + extra_text
            save_announcement(db, record(*edited[:6], body), f"2026-10-1{n}T08:00:00+00:00")
        mark_removed(db, REMOVED_URL, "2026-10-20T08:00:00+00:00")
    reindex(db)
    runs = [("ua_moz", "ok", 10), ("ua_moz", "failed", 3), ("ua_moz", "failed", 3),
            ("kz_zhambyl", "ok", 5), ("kg_soros", "blocked", 0), ("ge_pfh", "ok", 0)]
    for n, (source, status, discovered) in enumerate(runs):
        with db.atomic():
            open_run(db, f"run{n}", source, "hourly", f"2026-10-2{n}T08:00:00+00:00")
            add_written(db, f"run{n}", source, {"new": discovered})
            close_run(db, f"run{n}", source, {"discovered": discovered}, status, None, True,
                      f"2026-10-2{n}T08:05:00+00:00")
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


EDITED_ID = announcement_id(EDITED_URL)
HOSTILE_ID = announcement_id(HOSTILE_URL)
