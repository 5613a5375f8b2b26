"""Evaluate one row: read its cells, pick its formula, score, explain, find.

`score_row` is the hot loop of the engine. A number against a number target
(the common row) goes straight to its formula; any other row has its cells
read through the cached reader of `cells.py` and is scored by its kind
(`row_kinds.py`). Then the manual score (F10), the deduction, the rounding
(F11), the status, and one `IndicatorResult` with the findings about the row,
placed at its cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ..decimals import ZERO, fmt, fmt_places, plain, round_half_up
from ..errors import Location
from ..model.case import Actual, Indicator
from ..model.findings import Finding, finding
from ..model.result import IndicatorResult, Status
from ..model.scheme import Scheme
from ..read.cells import Cell, Comparator, read_cell, read_comparator, read_number
from .formulas import Scored
from .row_kinds import check_units, compare, score_kind
from .unweighted import NOMINAL_WEIGHT, unweighted

_NO_ACTUAL = Actual.model_construct()  # (validating it would build its schema)


class RowOutcome(NamedTuple):
    """A row's result, its findings, and whether it counts in the total."""

    result: IndicatorResult
    findings: list[Finding]
    applicable: bool
    scored: bool


@lru_cache(maxsize=65536)
def _decimal_cell(text: str) -> Cell:
    # keyed by text: Decimal("300.00") == Decimal("300") but prints differently
    value = Decimal(text)
    cell = read_cell(plain(value))  # YAML `2024.04` may be a dotted month, as in a table
    return cell if cell.date is not None else Cell(plain(value), "number", value)


def _cell(value: Decimal | str | None, year: int | None) -> Cell:
    if isinstance(value, Decimal):
        return _decimal_cell(str(value))
    return read_cell(value, year)


def _shown(cell: Cell) -> str | None:
    """A cell as printed (`98%`, `１２０户`, `≥95%`)."""
    return None if cell.kind == "blank" else cell.text


def _place(obj: Indicator | Actual, field: str) -> Location | None:
    """Where a cell of a row was read, or the row itself, or None if unknown."""
    here = obj.field_locations.get(field) or obj.location
    return here if (here.line or here.cell) else None


@dataclass(frozen=True, slots=True)
class Plan:
    """What an indicator's own cells say, read once and shared by every evaluation."""

    weight: Decimal
    comparator: Comparator | None
    target: Cell
    target_shown: str | None
    # the straight path: (comparator, target number) of a row with a number target, a
    # comparator other than 定性 and no rule of its own; None for any other row
    numeric: tuple[Comparator, Decimal] | None
    unreadable: bool = False  # a comparator cell of a table that is no known spelling


_PLANS: dict[tuple[object, ...], Plan] = {}
_BY_ID: dict[int, tuple[Indicator, int | None, Plan]] = {}
MAX_PLANS = 100_000


def _key(value: Decimal | str | None) -> tuple[type, str]:
    # by type and text: Decimal("300.00") == Decimal("300") but prints differently
    return (type(value), str(value))


def plan_for(ind: Indicator, year: int | None) -> Plan:
    """The `Plan` of an indicator: its cells read once.

    Two bounded caches: by object (the entry keeps the indicator alive, so its id cannot
    be reused while cached) for repeated evaluation of one loaded set, and by the cells'
    values for the many projects of a region that share indicator rows.
    """
    entry = _BY_ID.get(id(ind))
    if entry is not None and entry[0] is ind and entry[1] == year:
        return entry[2]
    plain_row = ind.rule is None
    key = (ind.comparator, _key(ind.target), _key(ind.weight), ind.unit, year, plain_row)
    plan = _PLANS.get(key)
    if plan is None:
        target = _cell(ind.target, year)
        try:
            comparator, unreadable = read_comparator(ind.comparator) or target.comparator, False
        except ValueError:  # only a table lets one through (checks.run_set_checks)
            comparator, unreadable = None, True
        numeric = (comparator, target.value) if plain_row and target.kind == "number" and \
            not target.approximate and comparator is not None and \
            comparator is not Comparator.QUALITATIVE and target.value is not None else None
        weight = NOMINAL_WEIGHT if ind.weight is None else read_number(ind.weight) or ZERO
        plan = Plan(weight, comparator, target, _shown(target),
                    numeric, unreadable)
        if len(_PLANS) >= MAX_PLANS:
            _PLANS.clear()
        _PLANS[key] = plan
    if len(_BY_ID) >= MAX_PLANS:
        _BY_ID.clear()
    _BY_ID[id(ind)] = (ind, year, plan)
    return plan


def clear_plans() -> None:
    """Forget every cached plan (tests that compare cold and warm runs)."""
    _PLANS.clear()
    _BY_ID.clear()


def score_row(ind: Indicator, actual: Actual | None, scheme: Scheme,
              year: int | None, reported: Decimal | str | None = None) -> RowOutcome:
    """Score one indicator against its actual under `scheme` (F2–F7, F9–F11)."""
    act = actual or _NO_ACTUAL
    plan = plan_for(ind, year)
    if ind.weight is None:  # a published row without 权重: judged, not scored
        outcome = _score(ind, act, plan, scheme, year, reported)
        result, kept = unweighted(outcome.result, outcome.findings)
        return RowOutcome(result, kept, outcome.applicable, scored=False)
    straight = plan.numeric
    if straight is not None and act.manual_score is None and not act.not_applicable \
            and not act.deduction:
        # the common row, a number against a number target: straight to the formula
        a = act.value
        percent, unit, shown = False, "", None
        if type(a) is str:
            cell = read_cell(a)  # a plain number needs no year
            a = cell.value if cell.kind == "number" and cell.comparator is None \
                and not cell.approximate else None
            percent, unit, shown = cell.percent, cell.unit, cell.text
        if type(a) is Decimal:
            found: list[Finding] = []
            comp, t = straight
            check_units(ind, plan.target, t, a, percent, unit, found)
            scored = compare(ind.name, comp, a, t, plan.weight, scheme, found)
            return _finish(ind, act, plan, comp, shown or plain(a), scored, None, found,
                           scheme, reported)  # None: the score decides the status
    return _score(ind, act, plan, scheme, year, reported)


def _score(ind: Indicator, act: Actual, plan: Plan, scheme: Scheme, year: int | None,
           reported: Decimal | str | None) -> RowOutcome:
    w, comp = plan.weight, plan.comparator
    value = _cell(act.value, year)
    found: list[Finding] = []
    if act.not_applicable:
        found = _placed([finding("not-applicable", ind.name, applicable="（见合计）")],
                        ind, act)
        return _outcome(ind, act, comp, plan, _shown(value), w, ZERO, "not-applicable",
                        "不适用，剔除 → —", found, reported, applicable=False, scored=False)
    status: Status | None
    if plan.unreadable:
        found.append(finding("unparsed-cell", ind.name, _place(ind, "comparator"),
                             field="指标性质", text=ind.comparator or ""))
        scored, status = Scored(ZERO, f"指标性质“{ind.comparator}”无法识别 → 0"), "unparsed"
    else:
        scored, status = score_kind(ind, act, comp, plan.target, value, w, scheme, found,
                                    _place(ind, "target"))
    if act.manual_score is not None:
        scored, status = _manual(ind, act, value, scored, status, scheme, found)
    if act.deduction:
        raw = max(ZERO, scored.raw - act.deduction)
        scored = Scored(raw, f"{scored.explain}；扣减 {fmt(act.deduction)}（{act.reason}）"
                        f" = {fmt(raw)}")
    return _finish(ind, act, plan, comp, _shown(value), scored, status, found, scheme, reported)


def _finish(ind: Indicator, act: Actual, plan: Plan, comp: Comparator | None,
            shown: str | None, scored: Scored, status: Status | None, found: list[Finding],
            scheme: Scheme, reported: Decimal | str | None) -> RowOutcome:
    """Round (F11), set the status (None: by the score), check the reason, end the
    derivation with the score."""
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
    return _outcome(ind, act, comp, plan, shown, w, score, status, explain, found, reported,
                    applicable=True, scored=status not in _MISSING, raw=scored.raw)


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
    assert act.manual_score is not None
    rule_score = fmt(round_half_up(scored.raw, scheme.places)) if status not in _MISSING \
        else "—"  # no rule score: the actual is blank or unreadable
    code = "manual-score-without-actual" if value.kind == "blank" and not (
        act.evidence or "").strip() and not act.items else "manual-score"
    found[:] = [f for f in found if f.code != "unparsed-cell"]  # (missing-actual: never made)
    found.append(finding(code, ind.name, score=fmt(act.manual_score),
                         rule_score=rule_score, reason=act.reason or act.evidence or "（未说明）"))
    why = "；".join([*([act.reason] if act.reason else []),
                    *([f"依据：{act.evidence}"] if act.evidence else [])])
    return Scored(act.manual_score, f"人工评分 {fmt(act.manual_score)}"
                  + (f"（{why}）" if why else "")), "manual"


def _outcome(ind: Indicator, act: Actual, comp: Comparator | None, plan: Plan, shown: str | None,
             w: Decimal, score: Decimal, status: Status, explain: str, found: list[Finding],
             reported: Decimal | str | None, *, applicable: bool, scored: bool,
             raw: Decimal | None = None) -> RowOutcome:
    if reported is None:
        reported = act.reported_score
    result = IndicatorResult(
        ind.key, ind.level1, ind.level2, ind.name,
        comp.value if comp else (ind.comparator or "") if plan.unreadable else "",
        plan.target_shown, ind.unit, shown, w, score, status, explain,
        fmt(reported) if isinstance(reported, Decimal) else reported, act.reason,
        ind.location if ind.location.line else act.location, raw, act.evidence,
        ind.rule.kind if ind.rule is not None else None)
    return RowOutcome(result, found, applicable, scored)
