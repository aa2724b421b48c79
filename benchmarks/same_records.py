"""Same records before and after a change: the demo crawl, the unseen-sites crawls and a
re-extraction, each run by one revision's own code, exported canonically and compared.

    .venv/bin/python benchmarks/same_records.py [--base REV] [--head REV] [--steps demo,unseen,reextract]
                                                [--keep DIR] [--diffs N] [--ignore FIELDS]

A restructuring must not change what the archive holds. Each side is a checkout of its
revision (`git worktree add` under a temporary folder; the head is the working tree unless
`--head REV` is given) run with the shared virtualenv and `PYTHONPATH=<that checkout>`, so
every import, the crawls' subprocesses included, comes from that revision; the first line of
each side prints where `scrapers`, `archive` and `tests` were imported from, and a side whose
imports resolve elsewhere stops the comparison.

Steps, each into a fresh archive:

1. demo: the command `make demo` runs in that revision (read from its Makefile), with
   `--no-serve --db`: the bundled replica sites crawled through the real engine;
2. unseen: the scenario `benchmarks/unseen_sites.py` plays (tests/unseen_sites/scenario.py:
   six cron-like runs over nine sites, changing state, over nine simulated days), its clock
   fixed to the same start on both sides;
3. reextract: `health-archive reextract` over a copy of the demo archive and its captures.

Records are exported per announcement (keyed by canonical URL): the announcement's fields,
every version, attachments (and archived attachment files), aliases, topics, places and
links; never run ids, wall-clock times or capture file names. Printed per step: records on
each side, identical ones, and the first differences (field, URL, before/after excerpt).
Exit status 1 when anything differs, 2 when a side could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
DEFAULT_BASE = "557b44d"  # the last commit before the crawler's restructuring (issue 21)
STEPS = ("demo", "unseen", "reextract")
PACKAGES = ("scrapers", "archive", "tests")

# Announcement columns that are book-keeping, not the record: the times the crawler saw,
# changed, checked or removed a page, the HTTP validators and capture file of one fetch, and
# `discovered_via` (a page both a feed and a listing link is credited to whichever concurrent
# request came back first, so two crawls of the same revision differ there). Every other
# column both sides have is compared.
BOOKKEEPING_COLUMNS = {
    "first_seen_at", "last_seen_at", "last_changed_at", "last_checked_at", "removed_at", "gone_since",
    "unlisted_at", "etag", "last_modified", "capture", "discovered_via",
}
# Of an archived attachment file, not its SHA-256: the replicas' DOCX files are zipped at each
# request, stamped with the time, so the same revision archives different bytes each run.
FILE_COLUMNS = ("status", "size", "content_type")
VERSION_COLUMNS = ("version", "title", "published_at", "body_text", "content_hash")


# --- one side: run in a subprocess with the revision's tree first on the path ----------------

def side_main(tree: Path, out: Path, steps: list[str], start: str) -> None:
    """Run `steps` with the code of `tree` into `out`; called as `same_records.py _side ...`."""
    import importlib

    for name in PACKAGES:
        module = importlib.import_module(name)
        origin = Path(module.__file__ or next(iter(module.__path__))).resolve()  # tests/ has no __init__
        print(f"{name}.__file__ = {origin}", flush=True)
        if not origin.is_relative_to(tree.resolve()):
            sys.exit(f"{name} resolves to {origin}, outside {tree}")
    if "demo" in steps or "reextract" in steps:
        demo(tree, out / "demo")
    if "reextract" in steps:
        shutil.copytree(out / "demo", out / "reextract", ignore=shutil.ignore_patterns("dumps"))
        run([health_archive(), "reextract", "--db", str(out / "reextract" / "archive.db")])
    if "unseen" in steps:
        unseen(out / "unseen", datetime.fromisoformat(start))


def health_archive() -> str:
    return str(Path(sys.executable).parent / "health-archive")


def run(command: list[str]) -> None:
    print("$ " + shlex.join(command), flush=True)
    process = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    print(process.stdout + process.stderr[-3000:], flush=True)
    if process.returncode:
        sys.exit(f"exit {process.returncode}: {shlex.join(command)}")


def demo(tree: Path, folder: Path) -> None:
    """The revision's `make demo` command (its Makefile's recipe), building without serving."""
    lines = (tree / "Makefile").read_text().splitlines()
    recipe = lines[next(i for i, line in enumerate(lines) if line.startswith("demo:")) + 1]
    command = shlex.split(recipe.strip().replace("$(BIN)", str(Path(sys.executable).parent)))
    folder.mkdir(parents=True)
    run([*command, "--no-serve", "--db", str(folder / "archive.db")])


def unseen(folder: Path, start: datetime) -> None:
    """The unseen-sites scenario (its crawls are `health-archive crawl` subprocesses, which
    inherit this process's PYTHONPATH), its clock starting at `start` whenever it is played."""
    from tests.unseen_sites import scenario
    from tests.unseen_sites.sites import all_sites

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return start - timedelta(days=1)

    scenario.datetime = Clock  # type: ignore[misc]
    folder.mkdir(parents=True)
    outcome = scenario.play(folder, all_sites())
    for result in outcome.results:
        print(f"{result.run.name}: exit {result.process.returncode}, {len(result.rows)} rows", flush=True)
        if result.process.returncode:
            sys.exit(f"{result.run.name}: crawl exited {result.process.returncode}\n"
                     f"{result.process.stderr[-3000:]}")


# --- the comparison ----------------------------------------------------------------------------

@dataclass
class Side:
    label: str
    rev: str
    tree: Path
    out: Path


@contextmanager
def checkout(rev: str | None, scratch: Path, label: str) -> Iterator[Path]:
    """A worktree of `rev` under `scratch` (removed on exit), or the working tree for None."""
    if rev is None:
        yield REPO
        return
    path = scratch / f"tree-{label}"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--quiet", "--detach", str(path), rev],
                   check=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(path)], check=False)


def play_side(side: Side, steps: list[str], start: datetime) -> bool:
    """Run the steps with `side`'s code; its output goes to out/log.txt and is echoed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTH_ARCHIVE_")}
    env["PYTHONPATH"] = str(side.tree)
    side.out.mkdir(parents=True, exist_ok=True)
    print(f"\n# {side.label}: {side.rev} ({side.tree})", flush=True)
    # -P: the benchmarks folder is not put on the path, so only the tree's modules are imported.
    command = [str(PYTHON), "-P", str(Path(__file__).resolve()), "_side", str(side.tree), str(side.out),
               ",".join(steps), start.isoformat()]
    with (side.out / "log.txt").open("w", buffering=1) as log:
        process = subprocess.Popen(command, cwd=side.tree, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        assert process.stdout is not None
        for line in process.stdout:
            log.write(line)
            print("   " + line.rstrip(), flush=True)
        process.wait()
    if process.returncode:
        print(f"   {side.label} failed (exit {process.returncode}); its output is in {side.out / 'log.txt'}")
    return process.returncode == 0


def table_columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def export(db: Path) -> dict[str, dict]:
    """Every announcement of `db` as a plain dict keyed by canonical URL: its columns but the
    book-keeping ones, its versions, attachments, aliases, topics, places and links."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    has = {t: table_columns(conn, t) for t in ("announcements", "versions", "attachments", "aliases",
                                                "announcement_topics", "announcement_places", "links",
                                                "attachment_files")}

    def select(table: str, columns: tuple[str, ...], key: str, order: str) -> dict[str, list[dict]]:
        """Rows of `table` grouped by their announcement id; a column a side lacks is None."""
        grouped: dict[str, list[dict]] = {}
        if not has[table]:
            return grouped
        chosen = ", ".join(c if c in has[table] else f"NULL AS {c}" for c in columns)
        for row in conn.execute(f"SELECT {key} AS _key, {chosen} FROM {table} ORDER BY {order}"):
            grouped.setdefault(row["_key"], []).append({c: row[c] for c in columns})
        return grouped

    versions = select("versions", VERSION_COLUMNS, "announcement_id", "announcement_id, version")
    attachments = select("attachments", ("url", "link_text", "type"), "announcement_id", "announcement_id, url")
    aliases = select("aliases", ("url",), "announcement_id", "announcement_id, url")
    topics = select("announcement_topics", ("topic_id", "field", "term"), "announcement_id",
                    "announcement_id, topic_id, field, term")
    places = select("announcement_places", ("place_id", "field", "term"), "announcement_id",
                    "announcement_id, place_id, field, term")
    canonical = {row[0]: row[1] for row in conn.execute("SELECT id, canonical_url FROM announcements")}
    links = select("links", ("linked_id", "kind", "score", "evidence"), "announcement_id",
                   "announcement_id, linked_id")
    files = {}
    if has["attachment_files"]:
        files = {row["url"]: {c: row[c] for c in FILE_COLUMNS}
                 for row in conn.execute("SELECT * FROM attachment_files")}
    records = {}
    for row in conn.execute("SELECT * FROM announcements ORDER BY canonical_url"):
        record = {k: row[k] for k in row.keys() if k not in BOOKKEEPING_COLUMNS}
        key = record["id"]
        record["versions"] = versions.get(key, [])
        record["attachments"] = [{**a, "file": files.get(a["url"])} for a in attachments.get(key, [])]
        record["aliases"] = [a["url"] for a in aliases.get(key, [])]
        record["announcement_topics"] = topics.get(key, [])
        record["announcement_places"] = places.get(key, [])
        record["links"] = sorted(
            ({**link, "linked_id": canonical.get(link["linked_id"], link["linked_id"]),
              "score": round(link["score"], 6)} for link in links.get(key, [])),
            key=lambda link: (link["linked_id"], link["kind"]))
        records[record["canonical_url"]] = record
    conn.close()
    return records


def excerpt(before: object, after: object, width: int = 70) -> tuple[str, str]:
    """Both values around the first character where they differ."""
    a, b = json.dumps(before, ensure_ascii=False), json.dumps(after, ensure_ascii=False)
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    begin = max(0, at - width // 3)

    def cut(text: str) -> str:
        return ("…" if begin else "") + text[begin:begin + width] + ("…" if len(text) > begin + width else "")
    return cut(a), cut(b)


def compare(step: str, base: dict[str, dict], head: dict[str, dict], shown: int, ignored: set[str]) -> bool:
    """Print the step's counts and its first differences, leaving out the `ignored` fields and
    the fields only the head has (a new column is no change to the records before); return
    whether they are identical. A field only the base has is a difference in every record."""
    added = {k for r in head.values() for k in r} - {k for r in base.values() for k in r}
    base, head = ({url: {k: v for k, v in r.items() if k not in ignored | added} for url, r in side.items()}
                  for side in (base, head))
    same = [url for url in base if url in head and base[url] == head[url]]
    lines = []
    fields: dict[str, int] = {}
    for url in sorted(set(base) | set(head)):
        if url not in head:
            lines.append(f"   only before: {url} ({base[url]['title']!r})")
        elif url not in base:
            lines.append(f"   only after:  {url} ({head[url]['title']!r})")
        elif base[url] != head[url]:
            for field in base[url]:
                if base[url][field] != head[url].get(field):
                    fields[field] = fields.get(field, 0) + 1
                    old, new = excerpt(base[url][field], head[url].get(field))
                    lines.append(f"   {field} of {url}\n      before: {old}\n      after:  {new}")
    print(f"\n## {step}: {len(base)} records before, {len(head)} after, {len(same)} identical")
    if added:
        print(f"   new fields after, not compared: {', '.join(sorted(added))}")
    if fields:
        print("   records differing per field: " + ", ".join(f"{k} {v}" for k, v in sorted(fields.items())))
    for line in lines[:shown]:
        print(line)
    if len(lines) > shown:
        print(f"   … and {len(lines) - shown} more differences")
    return len(same) == len(base) == len(head)


def databases(out: Path) -> dict[str, Path]:
    return {"demo": out / "demo" / "archive.db", "unseen": out / "unseen" / "archive.db",
            "reextract": out / "reextract" / "archive.db"}


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "_side":
        tree, out, steps, start = sys.argv[2:6]
        side_main(Path(tree), Path(out), steps.split(","), start)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"revision before (default {DEFAULT_BASE})")
    parser.add_argument("--head", help="revision after (default: the working tree)")
    parser.add_argument("--steps", default=",".join(STEPS), help="comma-separated, of: " + ", ".join(STEPS))
    parser.add_argument("--keep", type=Path, help="keep the archives and exports here (default: a temporary folder)")
    parser.add_argument("--diffs", type=int, default=12, help="differences shown per step")
    parser.add_argument("--ignore", default="", metavar="FIELDS",
                        help="comma-separated record fields left out of the comparison (e.g. "
                             "announcement_places,links while a vocabulary changes on purpose)")
    args = parser.parse_args()
    steps = [s for s in args.steps.split(",") if s]
    if unknown := set(steps) - set(STEPS):
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    # The scenario's start as the unseen-sites scenario picks it (tomorrow 06:00 UTC), fixed
    # once so both sides see the same days even if midnight passes between them.
    start = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0) + timedelta(days=1)
    with tempfile.TemporaryDirectory(prefix="same-records-") as scratch_name:
        scratch = Path(scratch_name)
        work = args.keep or scratch
        exports: dict[str, dict[str, dict[str, dict]]] = {}
        for label, rev in (("before", args.base), ("after", args.head)):
            with checkout(rev, scratch, label) as tree:
                described = subprocess.run(["git", "-C", str(tree), "describe", "--always", "--dirty"],
                                           capture_output=True, text=True).stdout.strip()
                side = Side(label, f"{rev or 'working tree'} = {described}", tree, work / label)
                if side.out.exists():
                    shutil.rmtree(side.out)
                if not play_side(side, steps, start):
                    return 2
            exports[label] = {step: export(db) for step, db in databases(side.out).items() if step in steps}
            for step, records in exports[label].items():
                with (side.out / f"{step}.jsonl").open("w") as f:
                    f.writelines(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records.values())
        ignored = {f for f in args.ignore.split(",") if f}
        results = {step: compare(step, exports["before"][step], exports["after"][step], args.diffs, ignored)
                   for step in steps}
    print("\n" + ", ".join(f"{step}: {'identical' if ok else 'DIFFERENT'}" for step, ok in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
