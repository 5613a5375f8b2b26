"""Evaluate one row by its kind: numbers, dates, text, ranges, 定性, a rule of its own.

`score_kind` picks the formula for a row from what its cells hold (RULES.md
§1 F2–F7, §4) and returns the unrounded score with its derivation, plus a
status that `rows.py` keeps (`missing`, `unparsed`), or `BY_SCORE` (None):
the rounded score decides. Findings are appended without a place:
`rows.py` gives them the row's place once, only for rows that have some.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from ..decimals import HUNDRED, ZERO, fmt, round_half_up
from ..model.case import Actual, Indicator
from ..model.findings import Finding, finding
from ..model.result import Status
from ..model.scheme import Scheme
from ..read.cell import BLANK, UNKNOWN_YEAR, Cell, Comparator
from ..read.cells import unconverted
from ..read.phrases import match_norm
from .formulas import (
    EQUAL,
    FIELDS,
    KINDS,
    NUMERIC_RULES,
    REVERSE,
    Scored,
    apply_checklist,
    in_range,
    positive,
)

if TYPE_CHECKING:
    from ..errors import Location

BY_SCORE = None  # scored by its formula: the rounded score decides met, partial or unmet
TIER_LABEL: dict[str, str] = KINDS["tiers"]
_DATES: dict[str, str] = KINDS["dates"]
_UNITS: dict[str, str] = KINDS["units"]
Kinded = tuple[Scored, Status | None]


def score_kind(ind: Indicator, act: Actual, comp: Comparator | None, target: Cell,
               value: Cell, w: Decimal, scheme: Scheme, *, found: list[Finding],
               target_place: Location | None) -> Kinded:
    """The unrounded score of a row, by what its cells hold (F2–F7, §4)."""
    name = ind.name
    if ind.rule is not None:
        return _per_indicator_rule(ind, act, value, w, found)
    if comp is Comparator.QUALITATIVE or (comp is None and target.kind == "text"):
        return _qualitative(ind, act, target, value, w, scheme, found)
    vkind = value.kind
    if vkind == "blank":
        return _missing(name, act, found)
    if target.date is not None and value.date is not None and "date" in (target.kind, vkind):
        # a dotted month (`2024.04`) is a date only against a date written as one
        return _dates(name, comp, target.date, value.date, w, found)
    if target.kind not in ("number", "range", "date"):
        text = target.text if target.kind != "blank" else KINDS["blank"]
        field = FIELDS["target"]
        found.append(finding("unparsed-cell", name, target_place, field=field, text=text))
        return Scored(ZERO, KINDS["unreadable"].format(field=field, text=text)), "unparsed"
    if vkind == "text" or vkind == "date" or vkind == "unreadable":
        verdict = match_norm(value.norm, scheme.quantitative_phrases, whole=True)
        if verdict is None:
            return _unreadable(name, value, found), "unparsed"
        said = KINDS["verdict"][verdict]
        found.append(finding("text-actual", name, actual=value.text, verdict=said))
        raw = w if verdict == "met" else ZERO
        return Scored(raw, KINDS["text_actual"].format(text=value.text, verdict=said,
                                                       w=fmt(raw))), BY_SCORE
    if vkind == "range" or target.kind == "date":
        why = KINDS["why_not"]["range" if vkind == "range" else "date"]
        found.append(finding("unparsed-cell", name, field=FIELDS["actual"], text=value.text))
        return Scored(ZERO, KINDS["not_a_number"].format(text=value.text, why=why)), "unparsed"
    a, t = value.value, target.value
    if a is None or t is None:  # not reached: both cells read as numbers or ranges
        raise AssertionError(name)
    if value.comparator is not None:
        found.append(finding("actual-is-bound", name, actual=value.text, value=fmt(a)))
    approximate(name, target, value, found, target_place)
    check_units(ind, target, t, a, value.percent, value.unit, found)
    if target.kind == "range":
        assert target.upper is not None
        return in_range(a, t, target.upper, w), BY_SCORE
    if comp is None:  # none in the comparator cell nor the target's
        cell = ind.comparator.text or KINDS["blank_comparator"]
        # a name that reads as lower-is-better (发生率): ≤, unless the actual says a direction
        word = scheme.infer_reverse.word_in(name) if value.comparator is None else None
        if word is not None:
            comp = Comparator.LE
            found.append(finding("comparator-inferred", name, word=word, cell=cell,
                                 comparator=comp.value))
        elif scheme.default_comparator is None:
            found.append(finding("unparsed-cell", name, field=FIELDS["comparator"],
                                 text=KINDS["blank"]))
            return Scored(ZERO, KINDS["no_comparator"]), "unparsed"
        else:
            comp = Comparator(scheme.default_comparator)
            found.append(finding("comparator-assumed", name, comparator=comp.value, cell=cell))
    return compare(name, comp, a, t, w, scheme, found), BY_SCORE


def approximate(name: str, target: Cell, value: Cell, found: list[Finding],
                target_place: Location | None) -> None:
    """`approximate-value` at each cell read as a number said to be approximate
    ("约95%", "95%左右"): the number is used, never silently as exact."""
    if target.approximate:
        found.append(finding("approximate-value", name, target_place, field=FIELDS["target"],
                             text=target.text, value=fmt(target.value or ZERO)))
    if value.approximate:
        found.append(finding("approximate-value", name, field=FIELDS["actual"], text=value.text,
                             value=fmt(value.value or ZERO)))


def _missing(name: str, act: Actual, found: list[Finding], why: str | None = None) -> Kinded:
    """A blank actual: 0 and `missing-actual`, unless a manual score stands in (F10)."""
    if act.manual_score is None:
        found.append(finding("missing-actual", name))
    return Scored(ZERO, KINDS["missing"].format(why=why or KINDS["missing_why"])), "missing"


def _unreadable(name: str, value: Cell, found: list[Finding], field: str = "actual") -> Scored:
    """An actual that cannot be read: `unparsed-cell` and 0."""
    found.append(finding("unparsed-cell", name, field=FIELDS[field], text=value.text))
    return Scored(ZERO, KINDS["unreadable"].format(field=FIELDS[field], text=value.text))


def _dates(name: str, comp: Comparator | None, target: dt.date, actual: dt.date, w: Decimal,
           found: list[Finding]) -> Kinded:
    """F7: `≤` (or blank, `<`, `=`): not after the date; `≥ >`: not before it. A date
    written without a year in a case without one (`9月前`) is compared in the year of the
    other cell when that one has a year."""
    target, actual = _same_year(target, actual), _same_year(actual, target)
    a, t = _shown(actual), _shown(target)
    if comp is Comparator.GE or comp is Comparator.GT:
        if actual < target:
            found.append(finding("date-early", name, actual=a, target=t))
            return Scored(ZERO, _DATES["early"].format(a=a, t=t)), BY_SCORE
        return Scored(w, _DATES["not_early"].format(a=a, t=t, w=fmt(w))), BY_SCORE
    if actual > target:
        found.append(finding("date-late", name, actual=a, target=t))
        return Scored(ZERO, _DATES["late"].format(a=a, t=t)), BY_SCORE
    return Scored(w, _DATES["not_late"].format(a=a, t=t, w=fmt(w))), BY_SCORE


def _shown(when: dt.date) -> str:
    """`2023-12-31`, or `12月31日` in the unknown year."""
    if when.year == UNKNOWN_YEAR:
        return _DATES["no_year"].format(month=when.month, day=when.day)
    return when.isoformat()


def _same_year(when: dt.date, other: dt.date) -> dt.date:
    """`when`, moved from the unknown year into `other`'s year when that one is known (the
    month's end stays its end: 2月 is the 28th in 2023)."""
    if when.year != UNKNOWN_YEAR or other.year == UNKNOWN_YEAR:
        return when
    month_end = (when + dt.timedelta(days=1)).month != when.month
    first = dt.date(other.year, when.month, 1)
    if month_end or when.day > 28:
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return last if month_end else first.replace(day=min(when.day, last.day))
    return when.replace(year=other.year)


def compare(name: str, comp: Comparator, a: Decimal, t: Decimal, w: Decimal, scheme: Scheme,
            found: list[Finding]) -> Scored:
    """F2–F4 by comparator, with the target-possibly-too-low finding."""
    if comp is Comparator.GE or comp is Comparator.GT:
        limit = scheme.target_too_low.positive
        if limit is not None and t > 0 and a * HUNDRED >= t * limit:
            found.append(_too_low(name, a, t))
        return positive(a, t, w)
    if comp is Comparator.LE or comp is Comparator.LT:
        limit = scheme.target_too_low.reverse
        if limit is not None and t > 0 and a * HUNDRED <= t * limit:
            found.append(_too_low(name, a, t))
        return REVERSE[scheme.reverse](a, t, w)
    return EQUAL[scheme.equal](a, t, w)


def _too_low(name: str, a: Decimal, t: Decimal) -> Finding:
    return finding("target-possibly-too-low", name, actual=fmt(a), target=fmt(t),
                   ratio=f"{fmt(round_half_up(a / t * HUNDRED, 1))}%")


def check_units(ind: Indicator, target: Cell, t: Decimal, a: Decimal, percent: bool, unit: str,
                found: list[Finding]) -> None:
    """`unit-suspect`: a fraction on a % row (t, a: the target's and actual's numbers;
    `percent`, `unit`: what the actual cell says), or two different units in the cells."""
    is_percent = target.percent or (ind.unit is not None and "%" in ind.unit)
    if is_percent and t > 1 and 0 < a <= 1 and not percent:
        found.append(finding("unit-suspect", ind.name,
                             detail=_UNITS["fraction"].format(t=fmt(t), a=fmt(a))))
    elif target.unit and unit and target.unit != unit:  # (both read normalised)
        found.append(finding("unit-suspect", ind.name,
                             detail=_UNITS["differ"].format(target=target.unit, actual=unit)))
    elif unconverted(a, t, unit, (target.unit, ind.unit or "")):
        found.append(finding("unit-suspect", ind.name,
                             detail=_UNITS["unconverted"].format(
                                 a=fmt(a), target=target.text + ("" if target.unit
                                                                 else ind.unit or ""))))


def qualitative_tier(target: str, actual: str, scheme: Scheme) -> str | None:
    """F6: the tier of a 定性 actual: equal to the target is 达成, else the phrase table's.
    `target` and `actual` are normalised texts (`Cell.norm`)."""
    if actual == target:
        return "achieved"
    return match_norm(actual, scheme.qualitative_phrases, whole=False)


def outside_band(name: str, tier: str, score: Decimal, w: Decimal, scheme: Scheme,
                 location: Location | None = None) -> Finding | None:
    """`qualitative-score-outside-band` when `score` (manual or published) lies outside
    the band of its tier (F6: 达成 [80%, 100%], the others half-open), else None."""
    q = scheme.qualitative
    lo = {"achieved": q.bands.achieved, "partial": q.bands.partial, "unmet": ZERO}[tier]
    hi = {"achieved": HUNDRED, "partial": q.bands.achieved, "unmet": q.bands.partial}[tier]
    pct = score * HUNDRED / w  # w > 0: checked at load
    if lo <= pct <= hi if tier == "achieved" else lo <= pct < hi:
        return None
    band = f"[{fmt(w * lo / HUNDRED)}, {fmt(w * hi / HUNDRED)}" + \
        ("]" if tier == "achieved" else ")")
    return finding("qualitative-score-outside-band", name, location, tier=TIER_LABEL[tier],
                   band=band, score=fmt(score))


def _qualitative(ind: Indicator, act: Actual, target: Cell, value: Cell, w: Decimal,
                 scheme: Scheme, found: list[Finding]) -> Kinded:
    """F6: the tier from the phrase table (equal to the target = 达成), its default share,
    and a manual score checked against its tier's band."""
    name = ind.name
    if value.kind == "blank":
        return _missing(name, act, found)
    tier = qualitative_tier(target.norm, value.norm, scheme)  # never both blank: see above
    if tier is None:
        if act.manual_score is None:
            found.append(finding("unparsed-cell", name, field=FIELDS["actual"], text=value.text))
        return Scored(ZERO, KINDS["unplaced"].format(text=value.text)), "unparsed"
    share: Decimal = getattr(scheme.qualitative.default_shares, tier)
    manual = act.manual
    if manual is not None:
        # the score as it will be printed (F11): 4.99 is 5.0 at 1 place, outside [0, 5)
        shown = round_half_up(manual, scheme.places)
        outside = outside_band(name, tier, shown, w, scheme)
        if outside is not None:
            found.append(outside)
    raw = w * share / HUNDRED
    return Scored(raw, KINDS["qualitative"].format(text=value.text, tier=TIER_LABEL[tier],
                                                   share=fmt(share), w=fmt(w), raw=fmt(raw))
                  ), BY_SCORE


def _per_indicator_rule(ind: Indicator, act: Actual, value: Cell, w: Decimal,
                        found: list[Finding]) -> Kinded:
    """RULES.md §4: checklist, expression, and the numeric rules of `rules.py`."""
    rule = ind.rule
    assert rule is not None
    if rule.checklist is not None:
        if "items" not in act.model_fields_set and act.value.given is None:
            return _missing(ind.name, act, found, KINDS["no_items"])
        return apply_checklist(rule, act.items, w), BY_SCORE
    if rule.expression is not None:  # expressions (and simpleeval) only for a row with one
        from .expr_rule import score_expression
        return score_expression(ind, act, value, w, found, None)
    if value.kind == "blank":
        return _missing(ind.name, act, found)
    a = value.value
    if value.kind != "number" or a is None:  # a number cell always has its value
        return _unreadable(ind.name, value, found), "unparsed"
    if rule.count_deduct is not None and (a < 0 or a != a.to_integral_value()):
        found.append(finding("unparsed-cell", ind.name, field=FIELDS["count"], text=value.text))
        return Scored(ZERO, KINDS["count_not_whole"].format(text=value.text)), "unparsed"
    approximate(ind.name, BLANK, value, found, None)
    return NUMERIC_RULES[rule.kind](rule, a, w), BY_SCORE
