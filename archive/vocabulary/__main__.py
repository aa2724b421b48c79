"""Rewrite compiled.json, the topics' stemmed index, after a change of the vocabulary or of
the stemmers:  python -m archive.vocabulary"""
from pathlib import Path

from archive.topics import vocabulary
from archive.vocabulary import COMPILED, compile_index

compile_index(vocabulary(), Path(__file__).with_name(COMPILED))
