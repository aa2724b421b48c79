"""The lemma tries give simplemma's own lemmas, and survive a missing, corrupt or unwritable cache."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import simplemma

from archive import lemmas


def _words(language: str, count: int) -> list[str]:
    """Dictionary words, and forms the dictionary lacks (so the affix and greedy strategies run)."""
    known = list(lemmas.TrieDictionaryFactory().get_dictionary(language))
    sample = random.Random(7).sample(known, count)
    return (sample + [word[:-1] for word in sample if len(word) > 2]
            + [word + "ами" for word in sample] + [word.capitalize() for word in sample])


@pytest.mark.parametrize("language", ["uk", "ru", "ka"])
def test_same_lemmas_as_simplemma(language: str) -> None:
    words = _words(language, 2000)
    ours = [lemmas.lemmatize(word, language) for word in words]
    assert ours == [simplemma.lemmatize(word, lang=language) for word in words]


def test_built_once_then_mapped(tmp_path: Path) -> None:
    first = lemmas.TrieDictionaryFactory(tmp_path).get_dictionary("en")
    stored = tmp_path / "en.marisa"
    assert stored.stat().st_size > 100_000
    assert [p.name for p in tmp_path.iterdir()] == ["en.marisa"]  # no temporary file left
    written = stored.stat().st_mtime_ns
    second = lemmas.TrieDictionaryFactory(tmp_path).get_dictionary("en")
    assert stored.stat().st_mtime_ns == written
    assert second["children"] == first["children"] == "child"
    assert second.get("qqqzx") is None and "qqqzx" not in second
    assert len(second) == len(first) > 100_000


def test_corrupt_trie_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "en.marisa").write_bytes(b"not a trie" * 100)
    assert lemmas.TrieDictionaryFactory(tmp_path).get_dictionary("en")["children"] == "child"
    assert lemmas.TrieDictionaryFactory(tmp_path).get_dictionary("en")["mice"] == "mouse"
    assert (tmp_path / "en.marisa").stat().st_size > 100_000


def test_unwritable_cache_keeps_the_trie_in_memory(tmp_path: Path,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "a-file").write_text("")
    factory = lemmas.TrieDictionaryFactory(tmp_path / "a-file" / "lemmas")
    assert factory.get_dictionary("en")["children"] == "child"
    assert "not writable" in caplog.text


def test_language_simplemma_does_not_ship(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        lemmas.TrieDictionaryFactory(tmp_path).get_dictionary("xx")
    assert not list(tmp_path.iterdir())


def test_processes_building_one_trie_at_once_leave_a_whole_one(tmp_path: Path) -> None:
    """Each writes its own temporary file and renames it into place: a reader maps one whole
    trie or the other, never a half-written one."""
    import subprocess
    import sys

    build = ("import sys; from pathlib import Path; from archive import lemmas; "
             "print(lemmas.TrieDictionaryFactory(Path(sys.argv[1])).get_dictionary('en')['mice'])")
    builders = [subprocess.Popen([sys.executable, "-c", build, str(tmp_path)], stdout=subprocess.PIPE,
                                 text=True) for _ in range(3)]
    assert [b.communicate(timeout=120)[0].strip() for b in builders] == ["mouse"] * 3
    assert [p.name for p in tmp_path.iterdir()] == ["en.marisa"]
    assert lemmas.TrieDictionaryFactory(tmp_path).get_dictionary("en")["children"] == "child"
