"""simplemma's lemma dictionaries as memory-mapped tries on disk, shared by every process.

simplemma ships each language's dictionary lzma-compressed and decodes it into a Python dict
in every process that lemmatises: 1.1 s and 160 MB for Russian, 0.7 s and 80 MB for
Ukrainian, 25-400 MB for the others. A crawl's extraction workers, the writer, the site and
each re-extraction worker would all pay it again. The same dictionary built once into a
MARISA trie (`marisa-trie`, the structure simplemma's own `TrieDictionaryFactory` uses) is
1-9 MB a language, opens in a millisecond and is memory-mapped (the page cache holds one copy
for every process); a lookup the caches miss is 1.3-2x slower (benchmarks/lemmas.py), which the
lemmatiser's and the stemmer's caches mostly absorb. The lemmas are the dictionary's own: same
word in, same lemma out (tests/archive/test_lemmas.py checks it over thousands of words).

The tries live in the user's cache directory (`$XDG_CACHE_HOME/health-archive/lemmas/`), one
folder per simplemma version since its dictionaries change between versions. Each is written
to a temporary file and renamed into place, so concurrent processes building the same
language never read a half-written trie. Where the cache is not writable the trie is kept in
memory only: slower to start, same lemmas.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator, Mapping
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import marisa_trie
import platformdirs
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

logger = logging.getLogger(__name__)

FORMAT = "marisa-1"


def cache_directory() -> Path:
    """Where this simplemma version's tries are kept."""
    return (Path(platformdirs.user_cache_dir("health-archive")) / "lemmas"
            / f"simplemma-{version('simplemma')}-{FORMAT}")


class TrieDictionary(Mapping[str, str]):
    """A word -> lemma mapping read from a trie; what simplemma's strategies look words up in."""

    __slots__ = ("_trie",)

    def __init__(self, trie: marisa_trie.BytesTrie) -> None:
        self._trie = trie

    def __getitem__(self, word: str) -> str:
        lemma = self.get(word)
        if lemma is None:
            raise KeyError(word)
        return lemma

    def get(self, word: str, default: str | None = None) -> str | None:  # type: ignore[override]
        lemmas = self._trie.get(word)
        return lemmas[0].decode() if lemmas else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.iterkeys())

    def __len__(self) -> int:
        return len(self._trie)


def build(language: str) -> marisa_trie.BytesTrie:
    """The trie of simplemma's shipped dictionary for `language` (a few seconds)."""
    shipped = DefaultDictionaryFactory(cache_max_size=0).get_dictionary(language)
    return marisa_trie.BytesTrie((word, lemma.encode()) for word, lemma in shipped.items())


def _save(trie: marisa_trie.BytesTrie, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        trie.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class TrieDictionaryFactory:
    """simplemma's `DictionaryFactory`: each language's trie, mapped from the cache or built."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or cache_directory()

    @lru_cache(maxsize=None)  # noqa: B019 - one factory per process, tries kept for its life
    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        path = self.directory / f"{lang}.marisa"
        try:
            return TrieDictionary(marisa_trie.BytesTrie().mmap(str(path)))
        except RuntimeError:  # absent, or not a trie: build it
            pass
        trie = build(lang)  # raises ValueError for a language simplemma does not ship
        try:
            _save(trie, path)
        except OSError as error:
            logger.warning("lemma cache %s not writable (%s): keeping %s in memory",
                           self.directory, error, lang)
        return TrieDictionary(trie)


LEMMATIZER = Lemmatizer(
    lemmatization_strategy=DefaultStrategy(dictionary_factory=TrieDictionaryFactory()))


def lemmatize(word: str, language: str) -> str:
    """simplemma's lemma of `word`, looked up in the shared tries."""
    return LEMMATIZER.lemmatize(word, lang=language)
