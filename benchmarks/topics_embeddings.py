#!/usr/bin/env python3
"""Would a sentence-embedding model that ships inside its PyPI package find translation links
better than the archive's own method (archive.links: shared topics, places and numbers)?

The candidate is wordllama, the one package the registry lists whose wheel carries its
weights (16 MB, 256 dimensions) and runs without a model hub (its loader is pointed at the
wheel's own folder and forbidden to download). Every text of the evaluation set
(topics_eval/announcements.yaml) is embedded; each text's nearest text in every other
language is its link when their cosine reaches a threshold, and is right when the two are
versions of one announcement. Prints precision and recall per threshold (the same truth as
topics.py's part (c)), how often the nearest text is the translation, per language, and the
model's cost per text and in memory. Not a project dependency: install it to run this.

Run:  .venv/bin/pip install wordllama && .venv/bin/python benchmarks/topics_embeddings.py
"""
from __future__ import annotations

import resource
import time
from pathlib import Path

import numpy as np
import yaml

EVAL = Path(__file__).resolve().parent / "topics_eval" / "announcements.yaml"


def main() -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import wordllama

    start = time.perf_counter()
    model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent,
                                     disable_download=True)
    loaded = time.perf_counter() - start
    scenarios = yaml.safe_load(EVAL.read_text("utf-8"))["scenarios"]
    items = [(n, language, text) for n, s in enumerate(scenarios)
             for language, text in s["texts"].items()]
    group = np.array([n for n, _, _ in items])
    languages = np.array([language for _, language, _ in items])
    start = time.perf_counter()
    vectors = model.embed([text for _, _, text in items], norm=True)
    per_text = (time.perf_counter() - start) / len(items)
    similarity = vectors @ vectors.T
    # (text, other language) -> its nearest text there and their cosine
    nearest = {}
    for i in range(len(items)):
        for language in set(languages) - {languages[i]}:
            there = np.flatnonzero(languages == language)
            j = there[np.argmax(similarity[i, there])]
            nearest[i, language] = (j, similarity[i, j])
    pairs = sum(int((group == g).sum()) * (int((group == g).sum()) - 1) for g in set(group))
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9):
        linked = [(i, j) for (i, _), (j, cosine) in nearest.items() if cosine >= threshold]
        right = sum(group[i] == group[j] for i, j in linked)
        print(f"cosine >= {threshold}: precision {right / max(1, len(linked)):.3f}, "
              f"recall {right / pairs:.3f}")
    for language in sorted(set(languages)):
        own = [(j, group[i]) for (i, _), (j, _) in nearest.items() if languages[i] == language]
        print(f"{language}: the nearest text is the translation for "
              f"{sum(group[j] == g for j, g in own) / len(own):.1%}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    print(f"load {loaded:.2f} s, {per_text * 1000:.2f} ms a text, +{rss / 1024:.0f} MB resident, "
          f"{vectors.shape[1]} dimensions, {len(items)} texts")


if __name__ == "__main__":
    main()
