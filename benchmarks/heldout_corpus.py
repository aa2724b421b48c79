#!/usr/bin/env python3
"""Build the held-out extraction corpus outside the repository from fetched git mirrors.

The 181-page benchmark was the extractor's development set, so its figures flatter it. This
script assembles public annotated pages of other sites and languages into
`~/.cache/health-archive/heldout/` (or `$HEALTH_ARCHIVE_HELDOUT`), one folder per collection:

- `wcxb`: WCXB (Murrough-Foley/web-content-extraction-benchmark, CC-BY-4.0): 2,008 pages of
  2025, one per domain, with a whole-body ground truth (scored like the 181 pages: token
  4-gram shingles) and a publication date; only pages of type `article` are kept.
- `trafilatura`: trafilatura's evaluation set (adbar/trafilatura `tests/`, repository
  Apache-2.0, no licence stated for the pages): 990 pages, mostly German, with `with`/
  `without` snippets and a publication date.

Every page gets its split from a hash of its id, fixed before any result was looked at:
`held` when the first byte of SHA-1("<collection>/<id>") is odd, else `dev`. Tuning may look at
`dev` only.

Run:  .venv/bin/python benchmarks/heldout_corpus.py --wcxb GITDIR --trafilatura GITDIR [--out DIR]

GITDIR is a bare git directory (a mirror of the repository); the pages are read with
`git cat-file`, nothing is downloaded.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

DEFAULT_DIR = Path.home() / ".cache" / "health-archive" / "heldout"
MAX_PAGE_BYTES = 8 << 20  # a larger capture is a dump, not an article page


def corpus_dir() -> Path:
    """Where the corpus lives: $HEALTH_ARCHIVE_HELDOUT, else the user's cache."""
    return Path(os.environ.get("HEALTH_ARCHIVE_HELDOUT") or DEFAULT_DIR)


def split_of(collection: str, page_id: str) -> str:
    """'held' or 'dev', decided by the page id alone."""
    return "held" if hashlib.sha1(f"{collection}/{page_id}".encode()).digest()[0] % 2 else "dev"


class GitReader:
    """Blobs of one commit of a bare repository, through one `git cat-file --batch` process."""

    def __init__(self, git_dir: Path, rev: str = "HEAD") -> None:
        self.rev = rev
        self.proc = subprocess.Popen(
            ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        self.git_dir = git_dir

    def commit(self) -> str:
        return subprocess.run(["git", "--git-dir", str(self.git_dir), "rev-parse", self.rev],
                              capture_output=True, text=True, check=True).stdout.strip()

    def paths(self, folder: str) -> list[str]:
        out = subprocess.run(["git", "--git-dir", str(self.git_dir), "ls-tree", "-r", "--name-only", "-z",
                              self.rev, folder], capture_output=True, check=True).stdout
        return [p.decode("utf-8") for p in out.split(b"\0") if p]

    def read(self, path: str) -> bytes | None:
        """The blob at `path`, or None when it is missing (files over the mirror's size limit)."""
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(f"{self.rev}:{path}\n".encode())
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            return None
        size = int(header[2])
        data = self.proc.stdout.read(size)
        self.proc.stdout.read(1)
        return data

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


def wcxb_pages(git: GitReader) -> Iterator[tuple[dict, bytes]]:
    """WCXB article pages: (entry, gzipped html); a page in both upstream splits comes once."""
    seen: set[str] = set()
    for split in ("dev", "test"):
        for path in git.paths(f"{split}/ground-truth"):
            raw = git.read(path)
            if raw is None:
                continue
            doc = json.loads(raw)
            kind = ((doc.get("_internal") or {}).get("page_type") or {}).get("primary")
            truth = doc.get("ground_truth") or {}
            if kind != "article" or not truth.get("main_content"):
                continue
            page_id = doc.get("file_id") or Path(path).stem
            html = git.read(f"{split}/html/{page_id}.html.gz")
            if html is None or page_id in seen:
                continue
            seen.add(page_id)
            yield {
                "id": page_id, "url": doc.get("url") or "", "body": truth["main_content"],
                "date": (truth.get("publish_date") or None), "title": truth.get("title"),
                "with": truth.get("with") or [], "without": truth.get("without") or [],
                "upstream_split": split,
            }, html


def trafilatura_pages(git: GitReader) -> Iterator[tuple[dict, bytes]]:
    """trafilatura's evaluation pages: (entry, gzipped html)."""
    raw = git.read("tests/evaldata.json")
    if raw is None:
        raise SystemExit("no tests/evaldata.json in the trafilatura mirror")
    for url, entry in json.loads(raw).items():
        html = None
        for folder in ("tests/eval", "tests/cache"):
            html = git.read(f"{folder}/{entry['file']}")
            if html is not None:
                break
        if html is None or len(html) > MAX_PAGE_BYTES:
            continue
        yield {
            "id": entry["file"], "url": url, "with": entry.get("with") or [],
            "without": entry.get("without") or [], "date": entry.get("date") or None,
            "title": entry.get("title"), "comments": entry.get("comments") or [],
        }, gzip.compress(html)


SOURCES = {
    "wcxb": (wcxb_pages, "Murrough-Foley/web-content-extraction-benchmark", "CC-BY-4.0"),
    "trafilatura": (trafilatura_pages, "adbar/trafilatura tests/", "Apache-2.0 repository; pages unlicensed"),
}


def build(name: str, git_dir: Path, out: Path) -> int:
    reader, origin, licence = SOURCES[name]
    git = GitReader(git_dir)
    folder = out / name
    (folder / "html").mkdir(parents=True, exist_ok=True)
    count = 0
    with (folder / "index.jsonl").open("w", encoding="utf-8") as index:
        for entry, html_gz in reader(git):
            entry["split"] = split_of(name, entry["id"])
            entry["file"] = f"html/{count:05d}.html.gz"
            (folder / entry["file"]).write_bytes(html_gz)
            index.write(json.dumps(entry, ensure_ascii=False) + "\n")
            count += 1
    (folder / "SOURCE.json").write_text(json.dumps(
        {"origin": origin, "commit": git.commit(), "licence": licence, "pages": count}, indent=1))
    git.close()
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wcxb", type=Path, help="git dir of Murrough-Foley/web-content-extraction-benchmark")
    ap.add_argument("--trafilatura", type=Path, help="git dir of adbar/trafilatura")
    ap.add_argument("--out", type=Path, default=corpus_dir())
    args = ap.parse_args()
    if not (args.wcxb or args.trafilatura):
        ap.error("give --wcxb and/or --trafilatura")
    for name in SOURCES:
        git_dir = getattr(args, name)
        if git_dir:
            print(f"{name}: {build(name, git_dir, args.out)} pages -> {args.out / name}", file=sys.stderr)


if __name__ == "__main__":
    main()
