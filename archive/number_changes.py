"""Changes that matter between two versions of a text: the numbers that changed, each named by
the word beside it ("cases 12 → 15", "випадків 12 → 15", "შემთხვევა 3 → 4").

Pure and bounded: each text's numbers (counts, decimals, percentages, dates, times; "1 200"
is one number) are read with one regex pass over at most MAX_CHARS characters, each keyed by
its context, the word just after it and the word just before it within its clause. The two
sequences of (context, value) are aligned with difflib; inside a replaced stretch an old
number pairs with the first unpaired new one of the same context. A number that did not
change (a year, a date, a phone number) never shows, and a number in a sentence that was
added or removed whole has nothing to pair with, so it does not show either.
Context words are compared by their first CONTEXT_PREFIX letters, lowercased, so an
inflection that follows the number (1 випадок, 5 випадків; 1 случай, 5 случаев) still pairs.
"""

from __future__ import annotations

import difflib
import re
from collections import deque
from dataclasses import dataclass

MAX_CHARS = 200_000  # of each text
MAX_NUMBERS = 3_000  # of each text, aligned
MAX_CHANGES = 20  # reported
CONTEXT_CHARS = 40  # how far from a number its context word may be
CONTEXT_PREFIX = 5

_NUMBER = re.compile(
    r"(?<![\w.,])(?:"
    r"\d{4}-\d{2}-\d{2}"  # ISO date
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}"  # 12.03.2026, 12/03/26
    r"|\d{1,2}:\d{2}"  # time
    r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?"  # 1 200, 12 345,5
    r"|\d+(?:[.,]\d+)?"  # 12, 1,200 (grouping or decimal), 3.5
    r")(?:\s?%)?(?![\w])")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CLAUSE_END = re.compile(r"[.!?;\n\d]")  # a context word is not across these


@dataclass(frozen=True)
class NumberChange:
    """One number that changed: `word` is its context word as the new text writes it."""

    word: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.word} {self.old} → {self.new}".strip()


@dataclass(frozen=True)
class _Number:
    key: tuple[str, str]
    value: str
    word: str


def _normal(value: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]", "", value)


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """The word just before and just after the number text[start:end], within its clause."""
    before = after = ""
    gap = text[max(0, start - CONTEXT_CHARS):start]
    words = list(_WORD.finditer(gap))
    if words and not _CLAUSE_END.search(gap[words[-1].end():]):
        before = words[-1].group()
    gap = text[end:end + CONTEXT_CHARS]
    word = _WORD.search(gap)
    if word and not _CLAUSE_END.search(gap[:word.start()]):
        after = word.group()
    return before, after


def aligned_numbers(text: str) -> list[_Number]:
    """The numbers number_changes aligns for a text: at most MAX_NUMBERS of them, from its
    first MAX_CHARS characters. The alignment (difflib) is quadratic at worst, so this cap is
    what bounds the work a hostile or huge page can cause."""
    text = text[:MAX_CHARS]
    found = []
    for match in _NUMBER.finditer(text):
        before, after = _context(text, match.start(), match.end())
        # "15 cases", "15 випадків": a word right after the number is what it counts;
        # otherwise ("cases: 15", "Deaths - 2") the word before names it.
        rest = text[match.end():match.end() + CONTEXT_CHARS]
        adjacent = bool(after) and rest.lstrip(" \u00a0\u202f").startswith(after)
        word = after if adjacent or not before else before
        key = (before.lower()[:CONTEXT_PREFIX], after.lower()[:CONTEXT_PREFIX])
        found.append(_Number(key, _normal(match.group()), word))
        if len(found) >= MAX_NUMBERS:
            break
    return found


def number_changes(old: str | None, new: str | None) -> list[NumberChange]:
    """The numbers of `old` that `new` changed, in the new text's order (at most MAX_CHANGES)."""
    a, b = aligned_numbers(old or ""), aligned_numbers(new or "")
    if not a or not b:
        return []
    changes: list[NumberChange] = []
    matcher = difflib.SequenceMatcher(None, [(n.key, n.value) for n in a],
                                      [(n.key, n.value) for n in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace":
            continue
        unpaired: dict[tuple[str, str], deque[int]] = {}
        for j in range(j1, j2):
            unpaired.setdefault(b[j].key, deque()).append(j)
        for i in range(i1, i2):
            old_number = a[i]
            queue = unpaired.get(old_number.key)
            if not any(old_number.key) or not queue:
                continue  # a bare number has no word to name it
            j = queue.popleft()
            if b[j].value != old_number.value:
                changes.append(NumberChange(b[j].word, old_number.value, b[j].value))
                if len(changes) >= MAX_CHANGES:
                    return changes
    return changes
