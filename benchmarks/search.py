#!/usr/bin/env python3
"""Search benchmark: latency of full-text queries through Datasette's HTTP API, at scale.

For each size (100,000 and 1,000,000 announcements by default) an archive is generated once
and cached under /tmp: ~3 KB bodies in six languages with long-tailed vocabularies
(benchmarks/corpus.py), rowids in publication order. Generation is bulk: rows inserted with
the FTS triggers dropped, one FTS5 'rebuild', the stems index filled from precomputed stems
(the words' stems are computed once per vocabulary word with archive.stemming.stem_word, so the
index holds what the writer would have written), then the triggers restored.

The 200 queries (one and two words) are harsh on purpose, like performance.md's: 25 are
common words matching 10% of the archive or more, the rest mid- and low-frequency words.
Each runs twice (the first pass warms the page cache; figures are from the second):

* baseline: raw sqlite3 in this process, `MATCH ? ORDER BY rank LIMIT 100` on the plain
  index (no snippet, no join, no HTTP): BM25 over every match, as both canned queries did;
* exact: the canned query `exact` (plain FTS5 phrase, rank, snippet, join) over HTTP;
* search: the canned query `search` (stem_query over the stems index, highlight), by
  relevance, then with sort=newest, then by relevance with a country filter. Both canned
  queries rank a word's matches among the RANKED_MATCHES most recently archived
  (archive.search); sort=newest also reads the LATEST_PUBLISHED latest publications.

The country row is the costly case: a common word with few matches in the country (a word of
another country's language) makes the walk read every match's row before it finds
RANKED_MATCHES in the country, or all of them.

Datasette runs as `health-archive serve` would (archive.serving.datasette_command: metadata,
plugin, sql_time_limit_ms 3000). Target: p95 < 200 ms at 1M for `exact` and `search` (both
sorts, no filter; the country row is printed beside it).

Run:  .venv/bin/python benchmarks/search.py [--sizes 100000,1000000] [--cache DIR]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.db import open_db  # noqa: E402
from archive.search import RANKED_MATCHES, stem_query  # noqa: E402
from archive.stemming import stem_word  # noqa: E402
from archive.serving import datasette_command  # noqa: E402
from archive.store import sync_sources  # noqa: E402
from benchmarks.corpus import COUNTRIES, HEAD, LANGUAGES, Vocabulary, vocabulary  # noqa: E402

CHUNK = 20_000
POOL = 20_000  # sentences per language to draw bodies from
SENTENCES_PER_BODY = 12
TRIGGERS = ("announcements_ai", "announcements_ad", "announcements_au")
SOURCES = {language: f"{COUNTRIES[language].lower()}_bench_{language}" for language in LANGUAGES}


# --- generating an archive --------------------------------------------------------------------

def sentence_pool(vocab: Vocabulary, rng: random.Random) -> list[tuple[str, str]]:
    """(text, stemmed text) sentences; stems per word, as archive.stemming.stem_text makes them."""
    stems = {w: stem_word(w.lower(), vocab.language) for w in vocab.words}
    pool = []
    for _ in range(POOL):
        words = vocab.sample(rng, rng.randint(6, 16))
        text = " ".join(words)
        pool.append((text[0].upper() + text[1:] + ". ", " ".join(stems[w] for w in words)))
    return pool


def build_archive(path: Path, size: int) -> None:
    """Generate `size` announcements into a fresh archive at `path` (see module docstring)."""
    rng = random.Random(size)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{path.name}*"):
        stale.unlink()
    db = open_db(path)
    sync_sources(db, ({"id": s, "name": s, "name_en": s, "country": COUNTRIES[lang], "kind": "agency",
                       "languages": [lang], "homepage": f"https://{lang}.example.org/"}
                      for lang, s in SOURCES.items()))
    triggers = [sql for (sql,) in db.execute(
        f"SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN {TRIGGERS}").fetchall()]
    for name in TRIGGERS:
        db.execute(f"DROP TRIGGER {name}")
    pools = {lang: sentence_pool(vocabulary(lang), rng) for lang in LANGUAGES}
    started = time.perf_counter()
    conn = db.conn
    # A throwaway build: no journal, no fsync, a 2 GiB page cache; WAL again at the end.
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -2000000")
    for first in range(0, size, CHUNK):
        rows, stems = [], []
        for n in range(first, min(size, first + CHUNK)):
            lang = LANGUAGES[n % len(LANGUAGES)]
            picked = rng.choices(pools[lang], k=SENTENCES_PER_BODY + 1)
            title, title_stems = picked[0][0].strip(" ."), picked[0][1]
            body = "".join(p[0] for p in picked[1:]).strip()
            body_stems = " ".join(p[1] for p in picked[1:])
            url = f"https://{lang}.example.org/news/{n}"
            digest = hashlib.sha256(f"{title}\x1f{body}".encode()).hexdigest()
            day = f"20{10 + n * 16 // size:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            rows.append((n + 1, hashlib.sha1(url.encode()).hexdigest()[:16], SOURCES[lang], url,
                         url, title, day, lang, COUNTRIES[lang], body, digest, day))
            stems.append((n + 1, title_stems, body_stems, digest))
        with conn:
            conn.executemany(
                "INSERT INTO announcements (rowid, id, source_id, url, canonical_url, title, "
                "published_at, language, country, body_text, content_hash, first_seen_at, "
                "last_seen_at, last_changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(*r[:11], r[11], r[11], r[11]) for r in rows])
            conn.executemany("INSERT INTO announcements_stems (rowid, title_stems, body_stems, "
                             "content_hash) VALUES (?,?,?,?)", stems)
        done = min(size, first + CHUNK)
        if done % (CHUNK * 10) == 0 or done == size:
            print(f"    {done:>9,} rows and stems in {time.perf_counter() - started:5.0f} s", flush=True)
    t0 = time.perf_counter()
    with conn:
        conn.execute("INSERT INTO announcements_fts(announcements_fts) VALUES ('rebuild')")
        for sql in triggers:
            conn.execute(sql)
    print(f"    FTS5 rebuild in {time.perf_counter() - t0:.0f} s", flush=True)
    conn.execute("PRAGMA journal_mode = WAL")
    db.close()


def cached_archive(cache: Path, size: int) -> Path:
    path = cache / f"search-{size}" / "archive.db"
    marker = path.parent / ".complete"
    if not marker.exists():
        print(f"  generating {size:,} announcements into {path} (once; cached) …", flush=True)
        started = time.perf_counter()
        build_archive(path, size)
        marker.touch()
        print(f"  generated in {time.perf_counter() - started:.0f} s, "
              f"{path.stat().st_size / 2**30:.1f} GiB", flush=True)
    return path


# --- queries ----------------------------------------------------------------------------------

def queries(count: int = 200, common: int = 25, seed: int = 3) -> list[str]:
    """`common` frequent real words (HEAD ranks 8-40), then mid/low-frequency one- and two-word
    queries from every language's vocabulary (ranks 40-5000)."""
    rng = random.Random(seed)
    vocabs = {lang: vocabulary(lang) for lang in LANGUAGES}
    frequent = [w for lang in LANGUAGES for w in HEAD[lang].split()[8:40] if "'" not in w]
    chosen = rng.sample(frequent, common)
    while len(chosen) < count:
        words = vocabs[rng.choice(LANGUAGES)].words
        pick = [words[rng.randint(40, 5000)] for _ in range(rng.choice((1, 1, 2)))]
        chosen.append(" ".join(pick))
    return chosen


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
            f"max {ordered[-1] * 1000:7.0f} ms")


def time_direct(db_path: Path, qs: list[str]) -> list[float]:
    conn = sqlite3.connect(db_path)
    times = []
    for q in qs:
        t0 = time.perf_counter()
        conn.execute("SELECT rowid FROM announcements_fts WHERE announcements_fts MATCH ? "
                     "ORDER BY rank LIMIT 100", ['"' + q.replace('"', '""') + '"']).fetchall()
        times.append(time.perf_counter() - t0)
    conn.close()
    return times


def over_bound(db_path: Path, qs: list[str]) -> int:
    """How many of the queries match more than RANKED_MATCHES announcements (ranked among
    their newest matches only)."""
    conn = sqlite3.connect(db_path)
    conn.create_function("stem_query", 2, stem_query, deterministic=True)
    count = sum(conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM announcements_stems WHERE announcements_stems "
        "MATCH stem_query(?, NULL) LIMIT ?)", [q, RANKED_MATCHES + 1]).fetchone()[0] > RANKED_MATCHES
        for q in qs)
    conn.close()
    return count


def time_http(client: httpx.Client, path: str, qs: list[str], extra: dict[str, str]) -> tuple[list[float], int]:
    times, errors = [], 0
    for q in qs:
        t0 = time.perf_counter()
        response = client.get(path, params={"q": q, **extra, "_shape": "objects"})
        times.append(time.perf_counter() - t0)
        errors += response.status_code != 200
    return times, errors


@contextmanager
def served(db_path: Path, headers: dict[str, str] | None = None) -> Iterator[httpx.Client]:
    """Datasette serving `db_path` as `health-archive serve` does, and a client for it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(datasette_command(db_path, port=port), cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60, headers=headers)
        deadline = time.monotonic() + 120  # the plugin loads its dictionaries first
        while True:
            try:
                client.get("/-/versions.json")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("datasette did not start")
                time.sleep(0.2)
        yield client
    finally:
        server.terminate()
        server.wait(timeout=10)


def bench_size(cache: Path, size: int, qs: list[str]) -> None:
    db_path = cached_archive(cache, size)
    with served(db_path) as client:
        search = {"lang": "", "country": "", "sort": ""}
        lines = {
            "baseline: raw sqlite3, MATCH + rank": lambda: (time_direct(db_path, qs), 0),
            "exact: canned `exact` over HTTP": lambda: time_http(
                client, "/archive/exact.json", qs, {"country": ""}),
            "search: canned `search` over HTTP": lambda: time_http(
                client, "/archive/search.json", qs, search),
            "search, sort=newest": lambda: time_http(
                client, "/archive/search.json", qs, {**search, "sort": "newest"}),
            "search, country=UA (beside the target)": lambda: time_http(
                client, "/archive/search.json", qs, {**search, "country": "UA"}),
        }
        print(f"\nsearch: {size:,} announcements ({db_path.stat().st_size / 2**30:.1f} GiB), "
              f"{len(qs)} queries ({over_bound(db_path, qs)} match more than "
              f"{RANKED_MATCHES:,}), warm cache (second pass)")
        base = None
        verdicts = {}
        for name, run in lines.items():
            run()  # warm-up pass
            times, errors = run()
            p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
            base = base or p95
            target = ""
            if size >= 1_000_000 and name != next(iter(lines)):
                met = p95 < 0.2 and not errors
                if "beside the target" not in name:
                    verdicts[name] = met
                target = f"  (p95 < 200 ms: {'met' if met else 'MISSED'})"
            print(f"  {name:38} {percentiles(times)}   p95 {p95 / base:5.1f}x baseline"
                  + (f", {errors} errors" if errors else "") + target, flush=True)
            print(f"  {'':38} 25 common words: {percentiles(times[:25])}")
            print(f"  {'':38} other 175:       {percentiles(times[25:])}")
        if verdicts:
            print(f"  target (issue 8), `exact` and `search` (either sort) p95 < 200 ms at "
                  f"{size:,}: {'met' if all(verdicts.values()) else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000",
                        help="comma-separated archive sizes (default: 100000,1000000)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "health-archive-bench")
    args = parser.parse_args()
    qs = queries()
    print(f"search benchmark: sizes {args.sizes}; archives cached under {args.cache}", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        bench_size(args.cache, size, qs)


if __name__ == "__main__":
    main()
