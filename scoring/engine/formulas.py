"""Evaluate: one small function per formula of RULES.md §1 and §4.

Each takes the numbers of one row and returns the unrounded score with the
text of its derivation; rounding and status are the engine's job. Formulas
are picked from registries by kind, so a scheme key (`reverse: linear`)
selects a function, never an `if` in the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from typing import NamedTuple

from ..decimals import ONE, ZERO, fmt, fmt_exact
from ..model.rule import Rule


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
        return Scored(w, f"{fmt(a)} ≥ {fmt(t)} → {fmt(w)}")
    if t <= 0:
        return Scored(w, f"{fmt(a)} 按 0 计，0 ≥ {fmt(t)} → {fmt(w)}")
    if a <= 0:
        return Scored(ZERO, f"{fmt(a)} ≤ 0 → 0")
    raw = w * a / t
    return Scored(raw, f"{fmt(a)} ÷ {fmt(t)} × {fmt(w)} {fmt_exact(raw)}")


def reverse_ratio(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F3 ratio: a ≤ t → w; else w × t / a; t = 0: a ≤ 0 → w, else 0."""
    if a <= t:
        return Scored(w, f"{fmt(a)} ≤ {fmt(t)} → {fmt(w)}")
    if t <= 0:
        return Scored(ZERO, f"{fmt(a)} > {fmt(t)} → 0")
    raw = w * t / a
    return Scored(raw, f"{fmt(t)} ÷ {fmt(a)} × {fmt(w)} {fmt_exact(raw)}")


def reverse_linear(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F3 linear: a ≤ t → w; t < a < 2t → w × (1 − (a − t)/t); a ≥ 2t → 0."""
    if a <= t:
        return Scored(w, f"{fmt(a)} ≤ {fmt(t)} → {fmt(w)}")
    if t <= 0 or a >= 2 * t:
        return Scored(ZERO, f"{fmt(a)} ≥ 2 × {fmt(t)} → 0")
    raw = w * (ONE - (a - t) / t)
    return Scored(raw, f"{fmt(w)} × (1 − ({fmt(a)} − {fmt(t)}) ÷ {fmt(t)}) {fmt_exact(raw)}")


def _zero_target(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F4 with t ≤ 0 (RULES.md: t = 0): a ≤ 0 → w, otherwise 0."""
    if a <= 0:
        return Scored(w, f"指标值 {fmt(t)}：{fmt(a)} ≤ 0 → {fmt(w)}")
    return Scored(ZERO, f"指标值 {fmt(t)}：{fmt(a)} > 0 → 0")


def equal_as_positive(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F4 as_positive: scored like ≥ (F2), and said so; t = 0: a ≤ 0 → w, else 0."""
    if t == 0:
        return _zero_target(a, t, w)
    raw, explain = positive(a, t, w)
    return Scored(raw, f"“=”按 ≥ 计：{explain}")


def equal_exact(a: Decimal, t: Decimal, w: Decimal) -> Scored:
    """F4 exact: a = t → w; else w × max(0, 1 − |a − t| / t); t = 0: a ≤ 0 → w."""
    if a == t:
        return Scored(w, f"{fmt(a)} = {fmt(t)} → {fmt(w)}")
    if t <= 0:
        return _zero_target(a, t, w)
    raw = max(ZERO, w * (ONE - abs(a - t) / t))
    return Scored(raw, f"{fmt(w)} × (1 − |{fmt(a)} − {fmt(t)}| ÷ {fmt(t)}) {fmt_exact(raw)}")


def in_range(a: Decimal, lo: Decimal, hi: Decimal, w: Decimal) -> Scored:
    """F5: inside [lo, hi] → w; below → F2 on lo; above → F3 (ratio) on hi."""
    if lo <= a <= hi:
        return Scored(w, f"{fmt(a)} 在 {fmt(lo)}–{fmt(hi)} 之间 → {fmt(w)}")
    if a < lo:
        return positive(a, lo, w)
    return reverse_ratio(a, hi, w)


POSITIVE: dict[str, Formula] = {"≥": positive, ">": positive}
REVERSE: dict[str, Formula] = {"ratio": reverse_ratio, "linear": reverse_linear}
EQUAL: dict[str, Formula] = {"as_positive": equal_as_positive, "exact": equal_exact}


def _floor_at_zero(w: Decimal, lost: Decimal, how: str) -> Scored:
    raw = w - lost
    if raw <= 0:
        return Scored(ZERO, f"{how} = {fmt(raw)}，扣完为止 → 0")
    return Scored(raw, f"{how} {fmt_exact(raw)}")


def apply_deduct(rule: Rule, a: Decimal, w: Decimal) -> Scored:
    """§4 deduct: max(0, w − points × units beyond threshold); `whole` floors the units."""
    d = rule.deduct
    assert d is not None
    above = d.direction == "above"
    beyond = (a - d.threshold) if above else (d.threshold - a)
    if beyond <= 0:
        op = "≤" if above else "≥"
        return Scored(w, f"{fmt(a)} {op} {fmt(d.threshold)}，不扣分 → {fmt(w)}")
    units = beyond / d.per
    if d.whole:
        units = units.to_integral_value(rounding=ROUND_FLOOR)
    side = "超过" if above else "低于"
    per = f"每 {fmt(d.per)} 扣 {fmt(d.points)}" + ("，不足一档不扣" if d.whole else "")
    how = f"{fmt(a)} {side} {fmt(d.threshold)}（{per}）：{fmt(w)} − {fmt(d.points)} × {fmt(units)}"
    return _floor_at_zero(w, d.points * units, how)


def apply_bands(rule: Rule, a: Decimal, w: Decimal) -> Scored:
    """§4 bands: the first band from the top whose min ≤ a (or < a) scores."""
    assert rule.bands is not None
    for band in rule.bands:
        if a > band.min or (band.inclusive and a == band.min):
            op = "≥" if band.inclusive else ">"
            return Scored(min(band.points, w), f"{fmt(a)} {op} {fmt(band.min)}，该档 "
                          f"{fmt(band.points)} 分")
    return Scored(ZERO, f"{fmt(a)} 低于所有档次 → 0")


def apply_count_deduct(rule: Rule, a: Decimal, w: Decimal) -> Scored:
    """§4 count_deduct: max(0, w − per × count)."""
    assert rule.count_deduct is not None
    count = max(a, ZERO)
    per = rule.count_deduct.per
    how = f"{fmt(count)} 次（每次扣 {fmt(per)}）：{fmt(w)} − {fmt(per)} × {fmt(count)}"
    return _floor_at_zero(w, per * count, how)


def apply_checklist(rule: Rule, items: tuple[str, ...], w: Decimal) -> Scored:
    """§4 checklist: Σ points of the items satisfied (never above w)."""
    assert rule.checklist is not None
    done = set(items)
    got = [i for i in rule.checklist if i.item in done]
    missed = [i.item for i in rule.checklist if i.item not in done]
    raw = min(w, sum((i.points for i in got), ZERO))
    parts = " + ".join(f"{i.item} {fmt(i.points)}" for i in got) or "无一满足"
    lacking = f"；未满足：{'、'.join(missed)}" if missed else ""
    return Scored(raw, f"{parts} = {fmt(raw)}{lacking}")


NUMERIC_RULES: dict[str, Callable[[Rule, Decimal, Decimal], Scored]] = {
    "deduct": apply_deduct, "bands": apply_bands, "count_deduct": apply_count_deduct,
}
