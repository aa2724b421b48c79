"""`health-archive demo --no-serve`: the one command a newcomer runs builds the whole archive."""

from __future__ import annotations

import json
from pathlib import Path

from archive.topics import topic_match
from replicas.catalog import articles
from replicas.server import HOSTS
from tests.helpers import health_archive, rows


def test_demo_builds_an_archive_of_every_replica_publisher_and_a_dump(tmp_path: Path):
    db = tmp_path / "archive.db"
    result = health_archive("demo", "--no-serve", "--db", str(db), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    sources = sorted(set(HOSTS.values()))
    assert all(f"{source}: ok" in result.stdout for source in sources), result.stdout
    counts = dict(rows(db, "SELECT source_id, count(*) FROM announcements GROUP BY source_id"))
    assert counts == {s: len(articles(s)) for s in sources}
    manifest = json.loads((tmp_path / "dumps" / "latest.json").read_text())
    assert manifest["row_counts"]["announcements"] == sum(counts.values())
    # A topic searched in English finds its records in every language the demo has them in.
    for topic, query in (("measles", "measles"), ("tuberculosis", "tuberculosis")):
        tagged = set(rows(db, "SELECT DISTINCT a.language FROM announcement_topics t JOIN announcements a "
                              "ON a.id = t.announcement_id WHERE t.topic_id = ?", (topic,)))
        found = set(rows(db, "SELECT DISTINCT a.language FROM announcements_stems s JOIN announcements a "
                             "ON a.rowid = s.rowid WHERE announcements_stems MATCH ?", (topic_match(query),)))
        assert len(tagged) >= 4 and tagged <= found, (topic, tagged, found)
