"""Evaluate one row: pick its formula from its Cells, score, explain, find.

`score_row` is the hot loop of the engine. Every cell of a row was read once,
when its model was validated (`cells.py`, `cell_types.py`); here they are only
looked at. A number against a number target (the common row) goes straight
to its formula; any other row is scored by its kind (`row_kinds.py`). Then
the manual score (F10), the deduction, the rounding (F11), the status, and
one `IndicatorResult` with the findings about the row, placed at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from ..decimals import ZERO, fmt, fmt_places, round_half_up
from ..errors import Location
from ..load.checks import bad_weight
from ..model.case import Actual, Indicator, blank_actual
from ..model.findings import Finding, finding
from ..model.result import IndicatorResult, Status
from ..model.scheme import Scheme
from ..read.cell import Cell, Comparator
from ..read.packaged import data_file
from .formulas import FIELDS, Scored
from .row_kinds import check_units, compare, score_kind
from .unweighted import NOMINAL_WEIGHT, unweighted

_WORDS: dict[str, str] = data_file("derivations.yaml")["row"]  # the derivations' words


class RowOutcome(NamedTuple):
    """A row's result, its findings, and whether it counts in the total."""

    result: IndicatorResult
    findings: list[Finding]
    applicable: bool
    scored: bool


def _shown(cell: Cell) -> str | None:
    """A cell as printed (`98%`, `１２０户`, `≥95%`)."""
    return None if cell.kind == "blank" else cell.text


def published(cell: Cell | None) -> str | None:
    """A published score as the outputs print it: a YAML number without trailing
    zeros, a cell's text as written."""
    given = None if cell is None else cell.given
    return fmt(given) if isinstance(given, Decimal) else given


def _place(obj: Indicator | Actual, field: str) -> Location | None:
    """Where a cell of a row was read, or the row itself, or None if unknown."""
    here = obj.field_locations.get(field) or obj.location
    return here if (here.line or here.cell) else None


class Row(NamedTuple):
    """A row being scored: its indicator, its actual, its plan and comparator, the scheme,
    and a published score given beside the row (else the actual's own)."""

    ind: Indicator
    act: Actual
    plan: Plan
    comp: Comparator | None
    scheme: Scheme
    reported: Cell | None


@dataclass(frozen=True, slots=True)
class Plan:
    """What an indicator's own cells say in a case's year."""

    weight: Decimal
    comparator: Comparator | None
    target: Cell
    target_shown: str | None
    # the straight path: (comparator, target number) of a row with a number target, a
    # comparator other than 定性 and no rule of its own; None for any other row
    numeric: tuple[Comparator, Decimal] | None
    unreadable: bool = False  # a comparator cell of a table that is no known spelling
    bad_weight: bool = False  # a published 权重 not a positive number: judged, not scored


def plan_for(ind: Indicator, year: int | None) -> Plan:
    """The `Plan` of an indicator in a case of `year` (a date without its year is then a
    date of that year): its Cells, looked at."""
    target = ind.target.in_year(year)
    unreadable = ind.comparator.kind == "unreadable"
    comparator = None if unreadable else ind.comparator.comparator or target.comparator
    numeric = (comparator, target.value) if ind.rule is None and target.kind == "number" and \
        not target.approximate and comparator is not None and \
        comparator is not Comparator.QUALITATIVE and target.value is not None else None
    bad = bad_weight(ind)
    weight = NOMINAL_WEIGHT if ind.weight is None or bad else ind.weight.number or ZERO
    return Plan(weight, comparator, target, _shown(target), numeric, unreadable, bad)


def score_row(ind: Indicator, actual: Actual | None, scheme: Scheme,
              year: int | None, reported: Cell | None = None) -> RowOutcome:
    """Score one indicator against its actual under `scheme` (F2–F7, F9–F11)."""
    act = actual or blank_actual()
    plan = plan_for(ind, year)
    if ind.weight is None or plan.bad_weight:  # a published row without 权重: judged, not scored
        outcome = _score(ind, act, plan, scheme, year, reported)
        result, kept = unweighted(outcome.result, outcome.findings,
                                  ind.place("weight") if plan.bad_weight else None,
                                  str(ind.weight))
        return RowOutcome(result, kept, outcome.applicable, scored=False)
    straight = plan.numeric
    if straight is not None and act.manual_score is None and not act.not_applicable \
            and not act.deducted:
        # the common row, a number against a number target: straight to the formula
        cell = act.value  # a plain number needs no year
        a = cell.number
        if a is not None:
            found: list[Finding] = []
            comp, t = straight
            check_units(ind, plan.target, t, a, cell.percent, cell.unit, found)
            scored = compare(ind.name, comp, a, t, plan.weight, scheme, found)
            row = Row(ind, act, plan, comp, scheme, reported)
            return _finish(row, cell.text, scored, None, found)  # None: by the score
    return _score(ind, act, plan, scheme, year, reported)


def _score(ind: Indicator, act: Actual, plan: Plan, scheme: Scheme, year: int | None,
           reported: Cell | None) -> RowOutcome:
    w, comp = plan.weight, plan.comparator
    row = Row(ind, act, plan, comp, scheme, reported)
    value = act.value.in_year(year)
    found: list[Finding] = []
    if act.not_applicable:
        found = _placed([finding("not-applicable", ind.name,
                                 applicable=_WORDS["applicable_in_total"])], ind, act)
        return _outcome(row, _shown(value), ZERO, "not-applicable", _WORDS["not_applicable"], found,
                        applicable=False, scored=False)
    status: Status | None
    if plan.unreadable:
        found.append(finding("unparsed-cell", ind.name, _place(ind, "comparator"),
                             field=FIELDS["comparator"], text=str(ind.comparator)))
        scored = Scored(ZERO, _WORDS["comparator_unreadable"].format(text=str(ind.comparator)))
        status = "unparsed"
    else:
        scored, status = score_kind(ind, act, comp, plan.target, value, w, scheme, found=found,
                                    target_place=_place(ind, "target"))
    if act.manual_score is not None:
        scored, status = _manual(ind, act, value, scored, status, scheme, found)
    deducted = act.deducted
    if deducted:
        raw = max(ZERO, scored.raw - deducted)
        scored = Scored(raw, _WORDS["deduction"].format(
            explain=scored.explain, points=fmt(deducted), reason=act.reason, raw=fmt(raw)))
    return _finish(row, _shown(value), scored, status, found)


def _finish(row: Row, shown: str | None, scored: Scored, status: Status | None,
            found: list[Finding]) -> RowOutcome:
    """Round (F11), set the status (None: by the score), check the reason, end the
    derivation with the score."""
    ind, act, plan, _, scheme, _ = row
    w = plan.weight
    score = round_half_up(scored.raw, scheme.places)
    if status is None:
        status = "met" if score >= w else ("partial" if score > 0 else "unmet")
        if score < w and not (act.reason or "").strip():
            found.append(finding("reason-missing", ind.name, score=fmt(score),
                                 weight=fmt(w)))
    explain = scored.explain
    if not explain.endswith(f"→ {fmt(score)}"):
        places = fmt_places(score, scheme.places)
        if not explain.endswith(f"→ {places}"):
            explain = f"{explain} → {places}"
    if found:
        found = _placed(found, ind, act)
    return _outcome(row, shown, score, status, explain, found, applicable=True,
                    scored=status not in _MISSING, raw=scored.raw)


def _placed(found: list[Finding], ind: Indicator, act: Actual) -> list[Finding]:
    """Give findings made without a place the row's place (the actual cell, else the row
    of the actual, else the target cell, else the row): worked out only for rows that
    have findings."""
    if all(f.location is not None for f in found):
        return found
    loc = _place(act, "value") or _place(ind, "target") or ind.location
    return [f if f.location is not None else Finding(f.code, f.severity, f.indicator, f.params,
                                                      loc) for f in found]


_MISSING = frozenset(("missing", "unparsed"))


def _manual(ind: Indicator, act: Actual, value: Cell, scored: Scored, status: Status | None,
            scheme: Scheme, found: list[Finding]) -> tuple[Scored, Status]:
    """A manual score replaces the rule's, always marked (F10)."""
    manual = act.manual
    assert manual is not None
    rule_score = fmt(round_half_up(scored.raw, scheme.places)) if status not in _MISSING \
        else "—"  # no rule score: the actual is blank or unreadable
    code = "manual-score-without-actual" if value.kind == "blank" and not (
        act.evidence or "").strip() and not act.items else "manual-score"
    found[:] = [f for f in found if f.code != "unparsed-cell"]  # (missing-actual: never made)
    found.append(finding(code, ind.name, score=fmt(manual), rule_score=rule_score,
                         reason=act.reason or act.evidence or _WORDS["unexplained"]))
    why = _WORDS["separator"].join([*([act.reason] if act.reason else []),
                    *([_WORDS["evidence"].format(evidence=act.evidence)] if act.evidence else [])])
    return Scored(manual, _WORDS["manual"].format(score=fmt(manual))
                  + (_WORDS["manual_why"].format(why=why) if why else "")), "manual"


def _outcome(row: Row, shown: str | None, score: Decimal, status: Status, explain: str,
             found: list[Finding], *, applicable: bool, scored: bool,
             raw: Decimal | None = None) -> RowOutcome:
    ind, act, plan, comp, _, reported = row
    if reported is None:
        reported = act.reported_score
    result = IndicatorResult(
        id=ind.key, level1=ind.level1, level2=ind.level2, name=ind.name,
        comparator=comp.value if comp else str(ind.comparator) if plan.unreadable else "",
        target=plan.target_shown, unit=ind.unit, actual=shown, weight=plan.weight,
        score=score, status=status, explain=explain, reported_score=published(reported),
        reason=act.reason, location=ind.location if ind.location.line else act.location,
        raw_score=raw, evidence=act.evidence,
        rule=ind.rule.kind if ind.rule is not None else None)
    return RowOutcome(result, found, applicable, scored)
