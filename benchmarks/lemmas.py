"""The lemma tries (archive/lemmas.py) against simplemma's own dictionaries, per language:
time to a first lemma in a fresh process, the process's memory then (Python and simplemma
included), and lemmas a second on words not seen
before (the lemmatiser's cache defeated). Also checks both give the same lemma for every word.

    .venv/bin/python benchmarks/lemmas.py [--languages uk,ru,ka,en] [--words 20000]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys

CHILD = r"""
import json, random, resource, sys, time
language, kind, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from archive import lemmas
factory = lemmas.TrieDictionaryFactory() if kind == "trie" else DefaultDictionaryFactory()
start = time.perf_counter()
lemmatizer = Lemmatizer(cache_max_size=0,
                        lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
lemmatizer.lemmatize("a", lang=language)
first = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
known = list(lemmas.TrieDictionaryFactory().get_dictionary(language))
sample = random.Random(3).sample(known, count)
words = sample + [w[:-1] for w in sample if len(w) > 2] + [w + "ами" for w in sample]
start = time.perf_counter()
out = [lemmatizer.lemmatize(w, lang=language) for w in words]
rate = len(words) / (time.perf_counter() - start)
print(json.dumps({"first": first, "rss_mb": rss,
                  "rate": rate, "lemmas": out}))
"""


def measure(language: str, kind: str, count: int) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, language, kind, str(count)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default="uk,ru,ka,en")
    parser.add_argument("--words", type=int, default=20000)
    args = parser.parse_args()
    print(f"{'lang':5} {'first lemma ms (dict/trie)':>27} {'ratio':>6} {'RSS MB (dict/trie)':>19} "
          f"{'lemmas/s (dict/trie)':>22} {'ratio':>6} same")
    for language in args.languages.split(","):
        random.seed(0)
        shipped, trie = measure(language, "dict", args.words), measure(language, "trie", args.words)
        same = shipped["lemmas"] == trie["lemmas"]
        print(f"{language:5} {shipped['first'] * 1000:13.0f} / {trie['first'] * 1000:<8.1f}"
              f"{shipped['first'] / trie['first']:8.0f}x {shipped['rss_mb']:8.0f} / {trie['rss_mb']:<6.0f}"
              f"{shipped['rate']:12.0f} / {trie['rate']:<8.0f} {trie['rate'] / shipped['rate']:5.2f}x {same}")


if __name__ == "__main__":
    main()
