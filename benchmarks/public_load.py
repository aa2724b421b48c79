#!/usr/bin/env python3
"""Public-server benchmark: honest readers' search latency while attackers send heavy and
erroneous queries, beside the same readers with no attackers, and the server's memory.

The server is `health-archive serve --public` as archive.serving starts it (the archive from
benchmarks/search.py's generator, cached under /tmp). Honest readers (HONEST threads in this
process, each from its own loopback address 127.0.0.10x) run the canned `search` query (JSON)
one after another for --seconds; then the same readers again while --attackers processes,
each from its own address 127.0.0.2x (so the per-client limit counts them apart, as it would
real attackers), send as fast as the server answers, in turn:

  bad SQL (`selec`), a 404, `hex(zeroblob(100000000))`, `length(hex(zeroblob(400000000)))`,
  an endless recursive count (cut by the time limit), 1,000 rows of 1 MB values (cut by the
  result cap), `select * from announcements` as an HTML page (1,000 rendered rows), and a
  `*_markdown` alias.

Printed: the readers' p50/p95 in both phases and their ratio (target: p95 under attack ≤ 3×
unloaded), the attackers' answers by status, and the server's RSS (idle, and peak under attack,
sampled from /proc every 100 ms, plus its VmHWM). The server idles at ~0.9 GB: the search's
lemmatiser dictionaries (archive.stemming.warm_up), loaded before the first request.

Run:  .venv/bin/python benchmarks/public_load.py [--size 20000] [--seconds 20] [--attackers 10]
      [--url http://host:port --pid PID]   # measure a server already running instead
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]

HONEST = 2
ATTACKS: list[tuple[str, dict[str, str]]] = [
    ("/archive.json", {"sql": "selec 1"}),
    ("/no/such/page", {}),
    ("/archive.json", {"sql": "select hex(zeroblob(100000000))"}),
    ("/archive.json", {"sql": "select length(hex(zeroblob(400000000)))"}),
    ("/archive.json", {"sql": "with recursive n(i) as (select 1 union all select i + 1 from n) "
                              "select count(*) from n"}),
    ("/archive.json", {"sql": "with recursive n(i) as (select 1 union all select i + 1 from n "
                              "limit 1000) select hex(zeroblob(500000)) from n"}),
    ("/archive", {"sql": "select * from announcements"}),
    ("/archive", {"sql": "select '![x](https://tracker.example/x.png)' as a_markdown"}),
]


def attacker(url: str, address: str, attacks: list[tuple[str, dict[str, str]]], seconds: float,
             ready: Any, start: Any, results: multiprocessing.Queue) -> None:
    """Send ATTACKS in turn for `seconds` once `start` is set; put the statuses on `results`."""
    statuses: Counter[str] = Counter()
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, timeout=120, transport=transport) as client:
        turn = 0
        ready.release()
        start.wait()
        stop_at = time.time() + seconds
        while time.time() < stop_at:
            path, params = attacks[turn % len(attacks)]
            turn += 1
            try:
                statuses[str(client.get(path, params=params).status_code)] += 1
            except httpx.HTTPError as exc:
                statuses[type(exc).__name__] += 1
    results.put(statuses)


def reader(url: str, address: str, qs: list[str], stop_at: float, times: list[float],
           failures: Counter[str]) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    rng = random.Random(address)
    with httpx.Client(base_url=url, timeout=120, transport=transport) as client:
        while time.time() < stop_at:
            started = time.perf_counter()
            answer = client.get("/archive/search.json", params={"q": rng.choice(qs),
                                                                "_shape": "array"})
            elapsed = time.perf_counter() - started
            if answer.status_code == 200:
                times.append(elapsed)
            else:
                failures[str(answer.status_code)] += 1


def rss(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def phase(url: str, pid: int, qs: list[str], seconds: float, attackers: int,
          attacks: list[tuple[str, dict[str, str]]] = ATTACKS) -> dict:
    """Readers for `seconds`, beside `attackers` processes started (and ready) beforehand."""
    context = multiprocessing.get_context("spawn")
    results: multiprocessing.Queue = context.Queue()
    ready, start = context.Semaphore(0), context.Event()
    processes = [context.Process(target=attacker, args=(url, f"127.0.0.{20 + i}", attacks,
                                                        seconds, ready, start, results))
                 for i in range(attackers)]
    for process in processes:
        process.start()
    for _ in processes:
        ready.acquire()
    start.set()
    stop_at = time.time() + seconds
    times: list[float] = []
    failures: Counter[str] = Counter()
    threads = [threading.Thread(target=reader, args=(url, f"127.0.0.{100 + i}", qs, stop_at,
                                                     times, failures)) for i in range(HONEST)]
    for thread in threads:
        thread.start()
    peak = 0
    while any(t.is_alive() for t in threads):
        peak = max(peak, rss(pid))
        time.sleep(0.1)
    statuses: Counter[str] = Counter()
    for _ in processes:
        statuses.update(results.get(timeout=300))
    for process in processes:
        process.join()
    return {"times": times, "failures": failures, "statuses": statuses, "peak_rss": peak}


def p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * q) - 1)] * 1000


def start_server(db: Path) -> tuple[str, subprocess.Popen]:
    from archive.serving import datasette_command

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(datasette_command(db, port=port, public=True), cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            if httpx.get(f"{url}/-/versions.json").status_code == 200:
                return url, server
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--attackers", type=int, default=10)
    parser.add_argument("--cache", type=Path,
                        default=Path(tempfile.gettempdir()) / "health-archive-bench")
    parser.add_argument("--url", help="a public server already running (with --pid)")
    parser.add_argument("--pid", type=int)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))  # here, not at import: the attackers' processes import this file
    from benchmarks.search import cached_archive, queries

    qs = queries()
    server = None
    if args.url:
        url, pid = args.url, args.pid
    else:
        url, server = start_server(cached_archive(args.cache, args.size))
        pid = server.pid
    try:
        for q in qs[:50]:  # warm the page cache, as a server that has run a while
            httpx.get(f"{url}/archive/search.json", params={"q": q}, timeout=120)
        idle = rss(pid)
        print(f"public_load: {args.size:,} announcements, {HONEST} readers, {args.seconds:.0f} s "
              f"per phase, server idle RSS {idle / 2**20:.0f} MB", flush=True)
        quiet = phase(url, pid, qs, args.seconds, 0)
        loud = phase(url, pid, qs, args.seconds, args.attackers)
        for name, result in (("no attackers", quiet), (f"{args.attackers} attackers", loud)):
            times = result["times"]
            print(f"  {name:14} searches {len(times):5}  p50 {statistics.median(times) * 1000:7.1f} ms"
                  f"  p95 {p(times, 0.95):7.1f} ms  max {max(times) * 1000:7.0f} ms"
                  f"  failed {dict(result['failures']) or 0}  peak RSS "
                  f"{result['peak_rss'] / 2**20:.0f} MB", flush=True)
        ratio = p(loud["times"], 0.95) / p(quiet["times"], 0.95)
        print(f"  p95 ratio under attack: {ratio:.2f}x (target <= 3x); attackers' answers: "
              f"{dict(sorted(loud['statuses'].items()))}")
        print(f"  server peak RSS (VmHWM) {rss(pid, 'VmHWM') / 2**20:.0f} MB, "
              f"{(loud['peak_rss'] - idle) / 2**20:+.0f} MB over idle under attack (target < 1 GB)")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
