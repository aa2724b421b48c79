"""Versions of one announcement in other languages are linked, with their evidence, when the
archive saves them; unrelated announcements of the same day are not."""
from __future__ import annotations

import json
from pathlib import Path

from archive.db import open_db
from archive.links import Signature, best_links, score
from archive.store import save_announcement, sync_sources

SOURCE = {"id": "kz_dsm", "name": "ДСМ", "name_en": "MoH", "country": "KZ", "kind": "ministry",
          "languages": ["kk", "ru"], "homepage": "https://example.kz/"}


def record(n: int, language: str, body: str, day: str = "2026-04-02") -> dict:
    url = f"https://example.kz/{language}/news/{n}"
    return {"source_id": "kz_dsm", "country": "KZ", "url": url, "canonical_url": url,
            "title": None, "published_at": day, "language": language, "body_text": body}


def test_translations_of_one_release_are_linked_both_ways(tmp_path: Path) -> None:
    db = open_db(tmp_path / "archive.db")
    sync_sources(db, [SOURCE])
    now = "2026-04-02T10:00:00+00:00"
    with db.atomic():
        save_announcement(db, record(1, "kk", "Шымкентте қызылшамен 46 бала ауырды, 12 ауруханада."), now)
        save_announcement(db, record(2, "ru", "Грипп: в Актобе за неделю 300 обращений."), now)
        save_announcement(db, record(3, "ru", "В Шымкенте корью заболели 46 детей, 12 в больнице."), now)
        save_announcement(db, record(4, "ru", "В Шымкенте корью заболели 46 детей.", "2026-04-03"), now)
    rows = db.execute("SELECT announcement_id, linked_id, kind, evidence FROM links").fetchall()
    ids = {n: db.execute("SELECT id FROM announcements WHERE url LIKE ?", [f"%/{n}"]).fetchone()[0]
           for n in (1, 2, 3)}
    assert {(a, b, kind) for a, b, kind, _ in rows} == {(ids[1], ids[3], "translation"),
                                                        (ids[3], ids[1], "translation")}
    evidence = json.loads(rows[0][3])
    assert evidence == {"concepts": ["KZ-shymkent", "hospitals", "measles"], "numbers": ["12", "46"]}
    db.close()


def test_the_best_candidate_per_language_above_the_threshold_is_linked() -> None:
    own = Signature(frozenset({"measles", "KZ-shymkent"}), frozenset({"46"}))
    same = Signature(frozenset({"measles", "KZ-shymkent"}), frozenset({"46"}))
    near = Signature(frozenset({"measles"}), frozenset({"46"}))
    other = Signature(frozenset({"influenza"}), frozenset({"300"}))
    assert score(own, same)[0] == 1.0 > score(own, near)[0] > score(own, other)[0] == 0.0
    links = best_links(own, [("a", "ru", near), ("b", "ru", same), ("c", "ky", other)])
    assert [key for key, _, _ in links] == ["b"]
