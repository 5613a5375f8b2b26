"""Evaluate: one small function per formula of RULES.md §1 and §4.

Each takes the numbers of one row and returns the unrounded score with the
text of its derivation; rounding and status are the engine's job. Formulas
are picked from registries by kind, so a scheme key (`reverse: linear`)
selects a function, never an `if` in the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from typing import Any, NamedTuple

from ..decimals import ONE, ZERO, fmt, fmt_exact
from ..model.rule import Rule
from ..read.packaged import data_file

# The derivations' words (data/derivations.yaml), shared with the core's columns_explain.py:
# the formulas' texts, a row's texts by its kind (row_kinds.py), its cells as findings name them
WORDS: dict[str, Any] = data_file("derivations.yaml")["formulas"]
KINDS: dict[str, Any] = data_file("derivations.yaml")["kinds"]
FIELDS: dict[str, str] = data_file("derivations.yaml")["fields"]
_POS, _RATIO, _LINEAR = WORDS["positive"], WORDS["ratio"], WORDS["linear"]
_ZERO, _EXACT, _DEDUCT = WORDS["zero_target"], WORDS["exact"], WORDS["deduct"]
_BANDS, _CHECK = WORDS["bands"], WORDS["checklist"]


class Scored(NamedTuple):
    """An unrounded score in [0, w] and how it was derived (a named tuple: made per row)."""

    raw: Decimal
    explain: str


Formula = Callable[[Decimal, Decimal, Decimal], Scored]


def positive(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F2: a ≥ t → w; else w × a / t; negative a counts as 0; t ≤ 0 is met.

    A negative actual counts as 0, so against a target of 0 (or below) it is met, and
    the derivation says that it was counted as 0.
    """
    if a >= t:
        return Scored(w, _POS["met"].format(a=fmt(a), t=fmt(t), w=fmt(w)))
    if t <= 0:
        return Scored(w, _POS["zero_target"].format(a=fmt(a), t=fmt(t), w=fmt(w)))
    if a <= 0:
        return Scored(ZERO, _POS["not_positive"].format(a=fmt(a)))
    raw = w * a / t
    return Scored(raw, _POS["share"].format(a=fmt(a), t=fmt(t), w=fmt(w), q=fmt_exact(raw)))


def reverse_ratio(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F3 ratio: a ≤ t → w; else w × t / a; t = 0: a ≤ 0 → w, else 0."""
    if a <= t:
        return Scored(w, _RATIO["met"].format(a=fmt(a), t=fmt(t), w=fmt(w)))
    if t <= 0:
        return Scored(ZERO, _RATIO["zero_target"].format(a=fmt(a), t=fmt(t)))
    raw = w * t / a
    return Scored(raw, _RATIO["share"].format(a=fmt(a), t=fmt(t), w=fmt(w), q=fmt_exact(raw)))


def reverse_linear(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F3 linear: a ≤ t → w; t < a < 2t → w × (1 − (a − t)/t); a ≥ 2t → 0."""
    if a <= t:
        return Scored(w, _LINEAR["met"].format(a=fmt(a), t=fmt(t), w=fmt(w)))
    if t <= 0 or a >= 2 * t:
        return Scored(ZERO, _LINEAR["double"].format(a=fmt(a), t=fmt(t)))
    raw = w * (ONE - (a - t) / t)
    return Scored(raw, _LINEAR["share"].format(a=fmt(a), t=fmt(t), w=fmt(w), q=fmt_exact(raw)))


def _zero_target(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F4 with t ≤ 0 (RULES.md: t = 0): a ≤ 0 → w, otherwise 0."""
    if a <= 0:
        return Scored(w, _ZERO["met"].format(a=fmt(a), t=fmt(t), w=fmt(w)))
    return Scored(ZERO, _ZERO["unmet"].format(a=fmt(a), t=fmt(t)))


def equal_as_positive(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F4 as_positive: scored like ≥ (F2), and said so; t = 0: a ≤ 0 → w, else 0."""
    if t == 0:
        return _zero_target(a, t, w)
    raw, explain = positive(a, t, w)
    return Scored(raw, WORDS["as_positive"].format(explain=explain))


def equal_exact(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F4 exact: a = t → w; else w × max(0, 1 − |a − t| / t); t = 0: a ≤ 0 → w."""
    if a == t:
        return Scored(w, _EXACT["met"].format(a=fmt(a), t=fmt(t), w=fmt(w)))
    if t <= 0:
        return _zero_target(a, t, w)
    raw = max(ZERO, w * (ONE - abs(a - t) / t))
    return Scored(raw, _EXACT["share"].format(a=fmt(a), t=fmt(t), w=fmt(w), q=fmt_exact(raw)))


def in_range(a: Decimal, lo: Decimal, hi: Decimal, w: Decimal) -> Scored:
    """F5: inside [lo, hi] → w; below → F2 on lo; above → F3 (ratio) on hi."""
    if lo <= a <= hi:
        return Scored(w, WORDS["in_range"].format(a=fmt(a), lo=fmt(lo), hi=fmt(hi), w=fmt(w)))
    if a < lo:
        return positive(a, lo, w)
    return reverse_ratio(a, hi, w)


POSITIVE: dict[str, Formula] = {"≥": positive, ">": positive}
REVERSE: dict[str, Formula] = {"ratio": reverse_ratio, "linear": reverse_linear}
EQUAL: dict[str, Formula] = {"as_positive": equal_as_positive, "exact": equal_exact}


def _floor_at_zero(w: Decimal, lost: Decimal, how: str) -> Scored:
    raw = w - lost
    if raw <= 0:
        return Scored(ZERO, WORDS["floored"].format(how=how, raw=fmt(raw)))
    return Scored(raw, WORDS["left"].format(how=how, q=fmt_exact(raw)))


def apply_deduct(rule: Rule, a: Decimal, w: Decimal) -> Scored:
    """§4 deduct: max(0, w − points × units beyond threshold); `whole` floors the units."""
    d = rule.deduct
    assert d is not None
    above = d.direction == "above"
    beyond = (a - d.threshold) if above else (d.threshold - a)
    if beyond <= 0:
        return Scored(w, _DEDUCT["within"].format(a=fmt(a), op="≤" if above else "≥",
                                                  threshold=fmt(d.threshold), w=fmt(w)))
    units = beyond / d.per
    if d.whole:
        units = units.to_integral_value(rounding=ROUND_FLOOR)
    per = _DEDUCT["per"].format(per=fmt(d.per), points=fmt(d.points)) + (
        _DEDUCT["whole"] if d.whole else "")
    how = _DEDUCT["how"].format(a=fmt(a), side=_DEDUCT["side"][d.direction],
                                threshold=fmt(d.threshold), per=per, w=fmt(w),
                                points=fmt(d.points), units=fmt(units))
    return _floor_at_zero(w, d.points * units, how)


def apply_bands(rule: Rule, a: Decimal, w: Decimal) -> Scored:
    """§4 bands: the first band from the top whose min ≤ a (or < a) scores."""
    assert rule.bands is not None
    for band in rule.bands:
        if a > band.min or (band.inclusive and a == band.min):
            return Scored(min(band.points, w), _BANDS["band"].format(
                a=fmt(a), op="≥" if band.inclusive else ">", min=fmt(band.min),
                points=fmt(band.points)))
    return Scored(ZERO, _BANDS["below_all"].format(a=fmt(a)))


def apply_count_deduct(rule: Rule, a: Decimal, w: Decimal) -> Scored:
    """§4 count_deduct: max(0, w − per × count)."""
    assert rule.count_deduct is not None
    count = max(a, ZERO)
    per = rule.count_deduct.per
    how = WORDS["count_deduct"].format(count=fmt(count), per=fmt(per), w=fmt(w))
    return _floor_at_zero(w, per * count, how)


def apply_checklist(rule: Rule, items: tuple[str, ...], w: Decimal) -> Scored:
    """§4 checklist: Σ points of the items satisfied (never above w)."""
    assert rule.checklist is not None
    done = set(items)
    got = [i for i in rule.checklist if i.item in done]
    missed = [i.item for i in rule.checklist if i.item not in done]
    raw = min(w, sum((i.points for i in got), ZERO))
    parts = _CHECK["plus"].join(_CHECK["item"].format(item=i.item, points=fmt(i.points))
                                for i in got) or _CHECK["none"]
    lacking = _CHECK["lacking"].format(items=_CHECK["separator"].join(missed)) if missed else ""
    return Scored(raw, _CHECK["sum"].format(parts=parts, raw=fmt(raw), lacking=lacking))


NUMERIC_RULES: dict[str, Callable[[Rule, Decimal, Decimal], Scored]] = {
    "deduct": apply_deduct, "bands": apply_bands, "count_deduct": apply_count_deduct,
}
