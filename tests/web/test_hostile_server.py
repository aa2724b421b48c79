"""The public server under attack, over HTTP on loopback: `health-archive serve --public`
serving a dated snapshot from a read-only folder, each attack asserting its bound (status,
the server's peak RSS from /proc, one log line, the snapshot's checksum), then the lifecycle:
SIGTERM, a taken port, a demo on a taken port."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import httpx
import pytest
from sample_archive import HOSTILE_ID
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.serving import listening_socket
from archive.web.bounded_sql import PAGE_ROWS, RESULT_BYTES
from archive.web.capture import WarcIndex
from archive.web.public import CLIENT_LIMIT

HEALTH_ARCHIVE = str(Path(sys.executable).parent / "health-archive")
SNAPSHOT = "health-archive-2026-12-04.sqlite"
EXIT_PORT_BUSY = 69
MB = 1 << 20


@dataclass
class Server:
    process: subprocess.Popen
    client: httpx.Client
    log: Path
    folder: Path
    port: int

    def peak_rss(self) -> int:
        """The server's highest resident set size so far (VmHWM), in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines()
                        if line.startswith("VmHWM:"))) * 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _start(folder: Path, port: int) -> Server:
    log = folder.parent / f"serve-{port}.log"
    process = subprocess.Popen(
        [HEALTH_ARCHIVE, "serve", "--public", "--db", str(folder / SNAPSHOT), "--port", str(port)],
        stdout=log.open("w"), stderr=subprocess.STDOUT)
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    for _ in range(900):
        if process.poll() is not None:
            raise RuntimeError(f"serve exited: {log.read_text()}")
        try:
            if client.get("/-/versions.json").status_code == 200:
                return Server(process, client, log, folder, port)
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("serve did not start")


@pytest.fixture(scope="module")
def snapshot(archive_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A dated copy of the sample archive (in WAL mode, as the crawler leaves it) and its
    captures, in a folder made read-only."""
    folder = tmp_path_factory.mktemp("snapshot") / "public"
    folder.mkdir()
    shutil.copy(archive_path, folder / SNAPSHOT)
    shutil.copytree(archive_path.parent / "warc", folder / "warc")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    yield folder
    folder.chmod(stat.S_IRWXU)


@pytest.fixture(scope="module")
def server(snapshot: Path) -> Iterator[Server]:
    served = _start(snapshot, _free_port())
    yield served
    served.client.close()
    if served.process.poll() is None:
        served.process.terminate()
        served.process.wait(timeout=30)


def test_the_snapshot_is_served_as_archive(server: Server) -> None:
    rows = server.client.get("/archive/search.json", params={"q": "аурухана", "_shape": "array"})
    assert rows.status_code == 200 and len(rows.json()) == 1
    assert server.client.get(f"/archive/announcements/{HOSTILE_ID}").status_code == 200
    assert server.client.get(f"/-/capture/{HOSTILE_ID}").status_code == 200
    assert server.client.get("/health-archive-2026-12-04").status_code == 404


def test_errors_cost_one_log_line_at_most(server: Server) -> None:
    before = server.log.stat().st_size
    answers = [server.client.get(f"/no/such/page/{i}").status_code for i in range(20)]
    answers += [server.client.get("/archive.json", params={"sql": f"selec {i}"}).status_code
                for i in range(20)]
    answers += [server.client.get("/archive", params={"sql": "select * from nowhere"}).status_code]
    assert answers == [404] * 20 + [400] * 21
    grown = server.log.read_text(errors="replace")[before:]
    assert "Traceback" not in grown and "locals" not in grown
    assert len(grown.splitlines()) <= 2 * len(answers)  # the access line, and an SQL error line
    assert len(grown) < 300 * len(answers)


@pytest.mark.parametrize("sql", [
    "select hex(zeroblob(100000000))",
    "select length(hex(zeroblob(400000000)))",
    "select zeroblob(100000000)",
    "with recursive r(s) as (select 'x' union all select s || s from r) select length(s) from r",
    "select replace(hex(zeroblob(4000000)), '0', hex(zeroblob(1000)))",
])
def test_huge_values_fail_at_once(server: Server, sql: str) -> None:
    peak = server.peak_rss()
    answer = server.client.get("/archive.json", params={"sql": sql})
    assert answer.status_code == 400 and "too big" in answer.json()["error"]
    assert server.peak_rss() < peak + 100 * MB


def test_results_are_capped(server: Server) -> None:
    peak = server.peak_rss()
    sql = ("with recursive n(i) as (select 1 union all select i + 1 from n limit 1000) "
           "select hex(zeroblob(1000000)) as x from n")  # 2 GB in 1,000 rows of 2 MB
    for path in ("/archive.json", "/archive"):
        answer = server.client.get(path, params={"sql": sql})
        assert answer.status_code == 400 and "result too large" in answer.text
    assert server.peak_rss() < peak + 3 * RESULT_BYTES + 100 * MB
    many = server.client.get("/archive.json", params={
        "sql": "select id, title, body_text from announcements", "_shape": "array"})
    assert many.status_code == 200 and len(many.json()) == 9  # ordinary results unaffected


def test_html_pages_are_bounded_json_keeps_its_rows(server: Server) -> None:
    """An HTML page renders PAGE_ROWS rows at most (each cell costs the event loop); the JSON of
    the same query still gives max_returned_rows, a table page still links its next page."""
    sql = ("with recursive n(i) as (select 1 union all select i + 1 from n limit 500) "
           "select i from n")
    page = server.client.get("/archive", params={"sql": sql}).text
    assert page.count("<tr") <= PAGE_ROWS + 2
    rows = server.client.get("/archive.json", params={"sql": sql, "_shape": "array"}).json()
    assert len(rows) == 500
    table = server.client.get("/archive/versions", params={"_size": "max"})
    assert table.status_code == 200 and table.text.count("<tr") <= PAGE_ROWS + 2


def test_one_client_cannot_hold_every_thread(server: Server) -> None:
    """CLIENT_LIMIT slow queries from one address at once, and more: the extra ones get 429,
    while another address is answered, its search on threads the slow SQL does not use."""
    slow = {"sql": "with recursive n(i) as (select 1 union all select i + 1 from n) "
                   "select count(*) from n", "_timelimit": "300"}
    other = httpx.Client(base_url=str(server.client.base_url), timeout=60,
                         transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    with ThreadPoolExecutor(CLIENT_LIMIT + 4) as pool:
        flood = [pool.submit(server.client.get, "/archive.json", params=slow)
                 for _ in range(CLIENT_LIMIT + 4)]
        while not any(f.done() for f in flood):  # a 429 comes back while the others wait
            time.sleep(0.05)
        search = other.get("/archive/search.json", params={"q": "вакцинація", "_shape": "array"})
        statuses = sorted(f.result().status_code for f in flood)
    other.close()
    assert search.status_code == 200 and search.json()
    assert statuses.count(429) >= 1 and statuses.count(400) >= CLIENT_LIMIT - 1
    assert set(statuses) <= {400, 429}


PAGES = ["/", "/archive", "/archive/announcements", f"/archive/announcements/{HOSTILE_ID}",
         "/archive/search?q=measles", "/archive.json", "/-/versions.json", "/nowhere",
         "/archive.json?sql=selec", f"/-/capture/{HOSTILE_ID}"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_page(server: Server, path: str) -> None:
    headers = server.client.get(path).headers
    assert "default-src" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]
    if "capture" in path:
        assert "sandbox" in headers["content-security-policy"]  # the copy's own, stricter
    else:
        assert headers["x-frame-options"] == "DENY"
        assert "img-src 'self' data:" in headers["content-security-policy"]


def test_no_server_paths(server: Server) -> None:
    folder = str(server.folder)
    assert server.client.get("/-/databases.json").status_code == 404
    for path in ("/", "/archive", "/archive.json", "/-/metadata.json", "/-/plugins.json",
                 "/-/versions.json", "/-/settings.json", "/archive/announcements.json"):
        answer = server.client.get(path)
        assert answer.status_code == 200 and folder not in answer.text, path
    listed = server.client.get("/archive.json", params={
        "sql": "select * from pragma_database_list", "_shape": "array"}).json()
    assert listed and all(not row["file"] for row in listed)


@pytest.mark.parametrize("path", [
    "/archive/announcements.json?_sort=nowhere", "/archive/announcements?_sort_desc=nowhere",
    "/archive/announcements?_facet=nowhere", "/archive/announcements?_size=many",
    "/archive/announcements?_next=%00", "/archive/announcements?_where=1)",
    "/archive/nowhere.json", "/archive/announcements/x/y/z", "/-/nowhere", "/%FF", "/archive.db/x",
    "/-/capture/zzzz", "/-/capture/0000000000000000/99", "/archive/announcements.xml",
    "/archive/search.json?q=%22&lang=zz", "/archive/announcements?_search=%22",
    "/archive/announcements.json?_col=nowhere", "/archive/announcements.csv?_stream=x&_size=0",
])
def test_unknown_paths_are_not_server_errors(server: Server, path: str) -> None:
    assert server.client.get(path).status_code < 500


def test_markdown_aliases_render_as_text(server: Server) -> None:
    page = server.client.get("/archive", params={
        "sql": "select '![x](https://tracker.example/x.png) **bold**' as note_markdown"}).text
    assert "tracker.example/x.png" in page  # shown…
    assert "<img" not in page and "<strong>bold" not in page  # …not rendered


def test_lifecycle(server: Server) -> None:
    """Last: a second serve on the taken port, then SIGTERM, then the snapshot unchanged."""
    snapshot = server.folder / SNAPSHOT
    files = sorted(os.listdir(server.folder))
    checksum = _sha256(snapshot)
    busy = subprocess.run([HEALTH_ARCHIVE, "serve", "--public", "--db", str(snapshot),
                           "--port", str(server.port)], capture_output=True, text=True, timeout=120)
    assert busy.returncode == EXIT_PORT_BUSY
    assert busy.stderr.count("\n") == 1 and f":{server.port}" in busy.stderr
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text()
    assert children.split() == []  # serve is the server: nothing to orphan
    server.process.send_signal(signal.SIGTERM)  # uvicorn finishes, then dies of the signal
    assert server.process.wait(timeout=60) in (0, -signal.SIGTERM)
    assert "Finished server process" in server.log.read_text()
    listening_socket("127.0.0.1", server.port).close()  # free for the next serve
    assert _sha256(snapshot) == checksum and sorted(os.listdir(server.folder)) == files
    with sqlite3.connect(f"file:{snapshot}?immutable=1", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_demo_checks_its_port_before_crawling(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        demo = subprocess.run([HEALTH_ARCHIVE, "demo", "--db", str(tmp_path / "demo.db"),
                               "--port", str(port)], capture_output=True, text=True, timeout=120)
    assert demo.returncode == EXIT_PORT_BUSY and f":{port}" in demo.stderr
    assert "crawling" not in demo.stdout and not (tmp_path / "demo.db").exists()


def _write_warc(path: Path, count: int, start: int = 0) -> list[str]:
    ids = []
    with path.open("ab") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(start, start + count):
            record = writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=BytesIO(f"<p>page {i}</p>".encode()),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                              protocol="HTTP/1.1"))
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
    return ids


def test_warc_index_finds_records_by_offset_as_files_grow(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    path = tmp_path / "run.warc.gz"
    ids = _write_warc(path, 300)
    index = WarcIndex()

    def body(record_id: str) -> bytes:
        offset = index.offset(path, record_id)
        assert offset is not None
        with path.open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Record-ID") == record_id
            return record.content_stream().read()

    assert body(ids[0]) == b"<p>page 0</p>" and body(ids[299]) == b"<p>page 299</p>"
    whole = path.read_bytes()
    more = _write_warc(path, 5, start=300)  # the crawl appends; the first half of it is read
    grown = path.read_bytes()
    path.write_bytes(grown[: len(whole) + (len(grown) - len(whole)) // 2])
    assert index.offset(path, more[-1]) is None
    path.write_bytes(grown)
    assert body(more[-1]) == b"<p>page 304</p>" and body(more[0]) == b"<p>page 300</p>"
    assert index.offset(path, "<urn:uuid:not-there>") is None
