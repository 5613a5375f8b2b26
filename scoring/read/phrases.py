"""Phrases: the tier or verdict a cell's words say, by a scheme's phrase table.

`match_norm` finds the phrase in a cell's normalised text (`Cell.norm`, read
once with the cell); `match_phrase` takes any text and normalises it first.
The tables are scheme data, compiled by the scheme (normalised, longest first);
the negations that cancel a phrase are cell data (`data/cells.yaml`).
"""

from __future__ import annotations

import re

from .cells import normalize, spellings

_CLAUSE_END = re.compile(r"[。.，,;；!！?？、]")
_PUNCTUATION = "。.，,;；!！"


def match_phrase(text: str, phrases: tuple[tuple[str, str], ...], *, whole: bool) -> str | None:
    """The tier of the phrase `text` is (`whole`), or of the phrase found in it.

    `phrases` is (normalised phrase, tier) sorted longest first, as the scheme
    compiles it. Found in a text (RULES.md §3): a phrase after a negation in its
    clause does not count (`不好`); a phrase that starts inside an earlier one
    gives way to it (`部分达成年度指标` is 部分达成, not 达成年度指标; `未达成…` is
    未达成); of the rest the longest wins, then the first in the table.
    """
    return match_norm(normalize(text), phrases, whole=whole)


def match_norm(norm: str, phrases: tuple[tuple[str, str], ...], *, whole: bool) -> str | None:
    """`match_phrase` of a text already normalised (`Cell.norm`)."""
    norm = norm.strip(_PUNCTUATION)
    if whole:
        return next((found for phrase, found in phrases if norm == phrase), None)
    return _found_phrase(norm, phrases)


def _found_phrase(norm: str, phrases: tuple[tuple[str, str], ...]) -> str | None:
    negations = spellings().negations
    found: list[tuple[int, int, int, str]] = []  # start, end, order in the table, tier
    for order, (phrase, tier) in enumerate(phrases):
        start = norm.find(phrase)
        while start >= 0:
            clause = _CLAUSE_END.split(norm[:start])[-1]
            if not any(word in clause for word in negations):
                found.append((start, start + len(phrase), order, tier))
            start = norm.find(phrase, start + 1)
    kept = [m for m in found if not any(o[0] < m[0] < o[1] for o in found)]
    if not kept:
        return None
    return min(kept, key=lambda m: m[2])[3]  # the table is sorted longest first
