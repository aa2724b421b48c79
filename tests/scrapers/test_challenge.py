"""Challenge and block pages are never archived, and show as `blocked` in source health.

moz.gov.ua sits behind Cloudflare; the replica's challenge switch (ReplicaState.challenge_hosts)
answers every request with the 403 "Just a moment..." page, as scripted clients get it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scrapers.middlewares.challenge import is_challenge
from scrapers.registry import DEFAULT_REGISTRY
from replicas.catalog import articles
from replicas.server import ReplicaServer
from replicas.state import ReplicaState
from tests.helpers import FAST, health_archive, rows, run_cli

MOZ = next(e for e in yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8")) if e["id"] == "ua_moz")


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "moz.yaml"
    path.write_text(yaml.safe_dump([MOZ], allow_unicode=True), encoding="utf-8")
    return path


def crawl(db: Path, registry: Path, origin: str, *extra: str) -> str:
    result = health_archive("crawl", "--db", str(db), "--sources", str(registry),
                            "--replica-origin", origin, *FAST, *extra)
    return result.stdout + result.stderr


@pytest.mark.parametrize(("status", "headers", "body"), [
    (403, {b"cf-mitigated": b"challenge"}, b"<html><title>Just a moment...</title>"),
    (200, {}, b"<html><head><title>Attention Required! | Cloudflare</title></head>"),
    (200, {}, b'<html><body><form id="challenge-form"><div class="g-recaptcha"></div></form>'),
    (403, {b"Content-Type": b"text/html"}, b"<html><body><h1>403 Forbidden</h1>nginx</body></html>"),
])
def test_block_pages_are_recognised(status: int, headers: dict, body: bytes):
    assert is_challenge(status, headers, body)


@pytest.mark.parametrize(("status", "headers", "body"), [
    (200, {b"Content-Type": b"text/html"}, "<html><title>МОЗ підтримає медзаклади</title><p>Текст</p>".encode()),
    (403, {b"Content-Type": b"application/json"}, b'{"code": "rest_forbidden"}'),  # an API's refusal
    (404, {b"Content-Type": b"text/html"}, b"<html><h1>Not Found</h1></html>"),
])
def test_content_and_api_refusals_are_not_block_pages(status: int, headers: dict, body: bytes):
    assert not is_challenge(status, headers, body)


def test_challenged_source_is_blocked_and_archives_nothing(registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    with ReplicaServer(state=ReplicaState(challenge_hosts={"moz.gov.ua"})) as server:
        output = crawl(db, registry, server.origin)
    assert "ua_moz: blocked" in output, output
    assert rows(db, "SELECT count(*) FROM announcements") == [(0,)]
    [(status, blocked, message)] = rows(db, "SELECT status, blocked, message FROM crawl_runs")
    assert status == "blocked" and blocked >= 1 and "challenge" in message
    health = run_cli("status", "--db", str(db)).stdout
    assert [line.split()[:2] for line in health.splitlines()[1:]] == [["ua_moz", "blocked"]]


def test_challenge_on_recheck_never_replaces_archived_text(registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    state = ReplicaState()
    with ReplicaServer(state=state) as server:
        assert "ua_moz: ok" in crawl(db, registry, server.origin)
        before = rows(db, "SELECT id, content_hash, version_count, status FROM announcements ORDER BY id")
        assert len(before) == len(articles("ua_moz"))
        state.challenge_hosts.add("moz.gov.ua")
        output = crawl(db, registry, server.origin, "--recheck")
    assert "ua_moz: blocked" in output, output
    assert rows(db, "SELECT id, content_hash, version_count, status FROM announcements ORDER BY id") == before
    assert rows(db, "SELECT count(*) FROM announcements WHERE body_text LIKE '%Just a moment%' "
                    "OR title LIKE '%Just a moment%'") == [(0,)]
    assert rows(db, "SELECT status FROM crawl_runs ORDER BY id") == [("ok",), ("blocked",)]
    assert rows(db, "SELECT blocked > 0 FROM crawl_runs ORDER BY id DESC LIMIT 1") == [(1,)]
