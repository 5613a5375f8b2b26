"""Evaluate one row: read its cells, pick its formula, score, explain, find.

`score_row` is the hot loop of the engine: cells are read through the cached
reader of `cells.py`, the formula comes from a registry of `rules.py`, and
the result is one `IndicatorResult` plus the findings about that row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .cells import (
    Cell,
    Comparator,
    match_phrase,
    normalize,
    read_cell,
    read_comparator,
    read_number,
)
from .decimals import HUNDRED, ZERO, fmt, fmt_places, plain, round_half_up
from .errors import Location
from .expr_rule import score_expression
from .findings import Finding, finding
from .model import Actual, Indicator
from .result import IndicatorResult, Status
from .rules import EQUAL, NUMERIC_RULES, REVERSE, Scored, apply_checklist, in_range, positive
from .scheme import Scheme

_NO_ACTUAL = Actual()
TIER_LABEL = {"achieved": "达成年度指标", "partial": "部分达成年度指标并具有一定效果",
              "unmet": "未达成年度指标且效果较差"}


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
    return Cell(plain(value), "number", value)


def _cell(value: Decimal | str | None, year: int | None) -> Cell:
    if isinstance(value, Decimal):
        return _decimal_cell(str(value))
    return read_cell(value, year)


def _shown(cell: Cell) -> str | None:
    if cell.kind == "blank":
        return None
    if cell.kind == "number" and cell.comparator is None and cell.value is not None:
        return plain(cell.value)
    return cell.text


def _place(obj: Indicator | Actual, field: str) -> Location | None:
    """Where a cell of a row was read, or the row itself, or None if unknown."""
    here = obj.field_locations.get(field) or obj.location
    return here if (here.line or here.cell) else None


@dataclass(frozen=True, slots=True)
class Plan:
    """What an indicator's own cells say, read once and shared by every evaluation."""

    weight: Decimal
    comparator: Comparator | None
    comparator_text: str
    target: Cell
    target_shown: str | None
    percent_unit: bool
    numeric: bool  # a number target, a comparator other than 定性, no rule: the fast path


_PLANS: dict[tuple[object, ...], Plan] = {}
MAX_PLANS = 100_000


def _key(value: Decimal | str | None) -> object:
    return ("#", str(value)) if isinstance(value, Decimal) else value


_BY_ID: dict[int, tuple[Indicator, int | None, Plan]] = {}


def plan_for(ind: Indicator, year: int | None) -> Plan:
    """The `Plan` of an indicator: its cells read once.

    Two bounded caches: by object (the entry keeps the indicator alive, so its id cannot
    be reused while cached) for repeated evaluation of one loaded set, and by the cells'
    values for the many projects of a region that share indicator rows.
    """
    entry = _BY_ID.get(id(ind))
    if entry is not None and entry[0] is ind and entry[1] == year:
        return entry[2]
    key = (ind.comparator, _key(ind.target), _key(ind.weight), ind.unit, year)
    plan = _PLANS.get(key)
    if plan is None:
        target = _cell(ind.target, year)
        comparator = read_comparator(ind.comparator) or target.comparator
        plan = Plan(read_number(ind.weight) or ZERO, comparator,
                    comparator.value if comparator else "", target,
                    _shown(target), target.percent or "%" in (ind.unit or ""),
                    ind.rule is None and target.kind == "number" and comparator is not None
                    and comparator is not Comparator.QUALITATIVE)
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
    if plan.numeric and act.manual_score is None and not act.not_applicable \
            and not act.deduction:
        # the common row, a number against a number target: straight to the formula
        a = act.value
        cell = None
        if type(a) is str:
            cell = read_cell(a, year)
            a = cell.value if cell.kind == "number" and cell.comparator is None else None
        if type(a) is Decimal:
            found: list[Finding] = []
            target = plan.target
            t = target.value
            assert t is not None and plan.comparator is not None
            if cell is None:
                if plan.percent_unit and t > 1 and 0 < a <= 1:
                    found.append(_unit_percent(ind, t, a))
            elif plan.percent_unit or (target.unit and cell.unit):
                _check_units(ind, target, cell, found, None)
            scored = _compare(ind.name, plan.comparator, a, t, plan.weight, scheme, found, None)
            return _finish(ind, act, plan, plan.comparator, plain(a), scored, "met", found,
                           scheme, reported)
    return _score(ind, act, plan, scheme, year, reported)


def _score(ind: Indicator, act: Actual, plan: Plan, scheme: Scheme, year: int | None,
           reported: Decimal | str | None) -> RowOutcome:
    w, comp = plan.weight, plan.comparator
    value = _cell(act.value, year)
    loc = None  # the row's place, filled in by _placed only when there is a finding
    found: list[Finding] = []
    if act.not_applicable:
        loc = _place(act, "value") or _place(ind, "target") or ind.location
        found.append(finding("not-applicable", ind.name, loc, applicable="（见合计）"))
        return _outcome(ind, act, comp, plan, _shown(value), w, ZERO, "not-applicable",
                        "不适用，剔除 → —", found, reported, applicable=False, scored=False)
    scored, status = _rule_score(ind, act, comp, plan, value, w, scheme, found, loc)
    if act.manual_score is not None:
        scored, status = _manual(ind, act, value, scored, status, scheme, found, loc)
    if act.deduction:
        raw = max(ZERO, scored.raw - act.deduction)
        scored = Scored(raw, f"{scored.explain}；扣减 {fmt(act.deduction)}（{act.reason}）"
                        f" = {fmt(raw)}")
    return _finish(ind, act, plan, comp, _shown(value), scored, status, found, scheme, reported)


def _finish(ind: Indicator, act: Actual, plan: Plan, comp: Comparator | None,
            shown: str | None, scored: Scored, status: Status, found: list[Finding],
            scheme: Scheme, reported: Decimal | str | None) -> RowOutcome:
    """Round (F11), set the status, check the reason, end the derivation with the score."""
    w = plan.weight
    score = round_half_up(scored.raw, scheme.places)
    if status not in _UNSCORED:
        status = "met" if score >= w else ("partial" if score > 0 else "unmet")
        if score < w and not (act.reason or "").strip():
            found.append(finding("reason-missing", ind.name, None, score=fmt(score),
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


def _unit_percent(ind: Indicator, t: Decimal, a: Decimal) -> Finding:
    return finding("unit-suspect", ind.name, None,
                   detail=f"单位为 %，指标值 {fmt(t)}，完成值 {fmt(a)} 像是小数比率")


def _placed(found: list[Finding], ind: Indicator, act: Actual) -> list[Finding]:
    """Give findings made without a place the row's place (the actual cell, else the row
    of the actual, else the target cell, else the row): worked out only for rows that
    have findings."""
    if all(f.location is not None for f in found):
        return found
    loc = _place(act, "value") or _place(ind, "target") or ind.location
    return [f if f.location is not None else Finding(f.code, f.severity, f.indicator, f.params,
                                                      loc) for f in found]


_UNSCORED = frozenset(("manual", "missing", "unparsed"))
_MISSING = frozenset(("missing", "unparsed"))


def _manual(ind: Indicator, act: Actual, value: Cell, scored: Scored, status: Status,
            scheme: Scheme, found: list[Finding], loc: Location | None) -> tuple[Scored, Status]:
    """A manual score replaces the rule's, always marked (F10)."""
    assert act.manual_score is not None
    rule_score = fmt(round_half_up(scored.raw, scheme.places)) if status not in _MISSING \
        else "无"
    code = "manual-score-without-actual" if value.kind == "blank" and not (
        act.evidence or "").strip() and not act.items else "manual-score"
    found[:] = [f for f in found if f.code not in ("missing-actual", "unparsed-cell")]
    found.append(finding(code, ind.name, loc, score=fmt(act.manual_score),
                         rule_score=rule_score, reason=act.reason or act.evidence or "（未说明）"))
    why = "；".join([*([act.reason] if act.reason else []),
                    *([f"依据：{act.evidence}"] if act.evidence else [])])
    return Scored(act.manual_score, f"人工评分 {fmt(act.manual_score)}"
                  + (f"（{why}）" if why else "")), "manual"


def _rule_score(ind: Indicator, act: Actual, comp: Comparator | None, plan: Plan,
                value: Cell, w: Decimal, scheme: Scheme, found: list[Finding],
                loc: Location | None) -> tuple[Scored, Status]:
    name = ind.name
    target = plan.target
    if ind.rule is not None:
        return _per_indicator_rule(ind, act, value, w, found, loc)
    if comp is Comparator.QUALITATIVE or (comp is None and target.kind == "text"):
        return _qualitative(ind, act, target, value, w, scheme, found, loc)
    vkind = value.kind
    if vkind == "number" and target.kind == "number" and value.comparator is None and comp:
        a, t = value.value, target.value
        assert a is not None and t is not None
        if plan.percent_unit or (target.unit and value.unit):
            _check_units(ind, target, value, found, loc)
        return _compare(name, comp, a, t, w, scheme, found, loc), "met"
    if vkind == "blank":
        if act.manual_score is None:
            found.append(finding("missing-actual", name, loc))
        return Scored(ZERO, "完成值空缺 → 0"), "missing"
    if target.kind == "date" and vkind == "date":
        assert target.date and value.date
        if comp is Comparator.GE or comp is Comparator.GT:  # not before the date
            if value.date < target.date:
                found.append(finding("date-early", name, loc, actual=value.date,
                                     target=target.date))
                return Scored(ZERO, f"{value.date} 早于 {target.date} → 0"), "unmet"
            return Scored(w, f"{value.date} 不早于 {target.date} → {fmt(w)}"), "met"
        if value.date > target.date:  # ≤ < = or blank: not after the date
            found.append(finding("date-late", name, loc, actual=value.date, target=target.date))
            return Scored(ZERO, f"{value.date} 晚于 {target.date} → 0"), "unmet"
        return Scored(w, f"{value.date} 不晚于 {target.date} → {fmt(w)}"), "met"
    if target.kind not in ("number", "range"):
        text = target.text if target.kind != "blank" else "（空）"
        found.append(finding("unparsed-cell", name, _place(ind, "target") or loc, field="指标值",
                             text=text))
        return Scored(ZERO, f"指标值“{text}”无法识别 → 0"), "unparsed"
    if vkind == "text" or vkind == "date":
        verdict = match_phrase(value.text, scheme.quantitative_phrases, whole=True)
        if verdict is None:
            found.append(finding("unparsed-cell", name, loc, field="完成值", text=value.text))
            return Scored(ZERO, f"完成值“{value.text}”无法识别 → 0"), "unparsed"
        found.append(finding("text-actual", name, loc, actual=value.text,
                             verdict="完成" if verdict == "met" else "未完成"))
        raw = w if verdict == "met" else ZERO
        return Scored(raw, f"完成值“{value.text}”视为{'完成' if raw else '未完成'} → "
                      f"{fmt(raw)}"), "met"
    if vkind == "range":
        found.append(finding("unparsed-cell", name, loc, field="完成值", text=value.text))
        return Scored(ZERO, f"完成值“{value.text}”是区间，不是实际数 → 0"), "unparsed"
    a, t = value.value, target.value
    assert a is not None and t is not None
    if value.comparator is not None:
        found.append(finding("actual-is-bound", name, loc, actual=value.text, value=fmt(a)))
    _check_units(ind, target, value, found, loc)
    if target.kind == "range":
        assert target.upper is not None
        return in_range(a, t, target.upper, w), "met"
    if comp is None:
        if scheme.default_comparator is None:
            found.append(finding("unparsed-cell", name, loc, field="指标性质", text="（空）"))
            return Scored(ZERO, "未填写指标性质 → 0"), "unparsed"
        comp = Comparator(scheme.default_comparator)
        found.append(finding("comparator-assumed", name, loc, comparator=comp.value))
    return _compare(name, comp, a, t, w, scheme, found, loc), "met"


def _compare(name: str, comp: Comparator, a: Decimal, t: Decimal, w: Decimal, scheme: Scheme,
             found: list[Finding], loc: Location | None) -> Scored:
    """F2–F4 by comparator, with the target-possibly-too-low finding."""
    if comp is Comparator.GE or comp is Comparator.GT:
        limit = scheme.target_too_low.positive
        if limit is not None and t > 0 and a * HUNDRED >= t * limit:
            found.append(finding("target-possibly-too-low", name, loc, actual=fmt(a),
                                 target=fmt(t), ratio=f"{fmt(round_half_up(a / t * HUNDRED, 1))}%"))
        return positive(a, t, w)
    if comp is Comparator.LE or comp is Comparator.LT:
        limit = scheme.target_too_low.reverse
        if limit is not None and t > 0 and a * HUNDRED <= t * limit:
            found.append(finding("target-possibly-too-low", name, loc, actual=fmt(a),
                                 target=fmt(t), ratio=f"{fmt(round_half_up(a / t * HUNDRED, 1))}%"))
        return REVERSE[scheme.reverse](a, t, w)
    return EQUAL[scheme.equal](a, t, w)


def _check_units(ind: Indicator, target: Cell, value: Cell, found: list[Finding],
                 where: Location | None) -> None:
    a, t = value.value, target.value
    assert a is not None and t is not None
    is_percent = target.percent or "%" in (ind.unit or "")
    if is_percent and t > 1 and 0 < a <= 1 and not value.percent:
        found.append(_unit_percent(ind, t, a))
    elif target.unit and value.unit and normalize(target.unit) != normalize(value.unit):
        found.append(finding("unit-suspect", ind.name, where,
                             detail=f"指标值单位“{target.unit}”与完成值单位“{value.unit}”不同"))


def _qualitative(ind: Indicator, act: Actual, target: Cell, value: Cell, w: Decimal,
                 scheme: Scheme, found: list[Finding],
                 where: Location | None) -> tuple[Scored, Status]:
    name = ind.name
    loc = where
    if value.kind == "blank":
        if act.manual_score is None:
            found.append(finding("missing-actual", name, loc))
        return Scored(ZERO, "完成值空缺 → 0"), "missing"
    if target.kind != "blank" and normalize(value.text) == normalize(target.text):
        tier: str | None = "achieved"
    else:
        tier = match_phrase(value.text, scheme.qualitative_phrases, whole=False)
    if tier is None:
        if act.manual_score is None:
            found.append(finding("unparsed-cell", name, loc, field="完成值", text=value.text))
        return Scored(ZERO, f"完成值“{value.text}”无法归入定性档次 → 0"), "unparsed"
    q = scheme.qualitative
    share: Decimal = getattr(q.default_shares, tier)
    if act.manual_score is not None:
        lo = {"achieved": q.bands.achieved, "partial": q.bands.partial, "unmet": ZERO}[tier]
        hi = {"achieved": HUNDRED, "partial": q.bands.achieved, "unmet": q.bands.partial}[tier]
        pct = act.manual_score * HUNDRED / w if w else ZERO
        inside = lo <= pct <= hi if tier == "achieved" else lo <= pct < hi
        if not inside:
            band = f"[{fmt(w * lo / HUNDRED)}, {fmt(w * hi / HUNDRED)}" + \
                ("]" if tier == "achieved" else ")")
            found.append(finding("qualitative-score-outside-band", name, loc,
                                 tier=TIER_LABEL[tier], band=band, score=fmt(act.manual_score)))
    raw = w * share / HUNDRED
    return Scored(raw, f"“{value.text}”→ {TIER_LABEL[tier]}，{fmt(share)}% × {fmt(w)} = "
                  f"{fmt(raw)}"), "met"


def _per_indicator_rule(ind: Indicator, act: Actual, value: Cell, w: Decimal,
                        found: list[Finding], loc: Location | None) -> tuple[Scored, Status]:
    rule = ind.rule
    assert rule is not None
    where = loc
    if rule.checklist is not None:
        if "items" not in act.model_fields_set and act.value is None:
            if act.manual_score is None:
                found.append(finding("missing-actual", ind.name, where))
            return Scored(ZERO, "未列出满足的条目 → 0"), "missing"
        return apply_checklist(rule, act.items, w), "met"
    if rule.expression is not None:
        return score_expression(ind, act, value, w, found, where)
    if value.kind != "number" or value.value is None:
        if value.kind == "blank":
            if act.manual_score is None:
                found.append(finding("missing-actual", ind.name, where))
            return Scored(ZERO, "完成值空缺 → 0"), "missing"
        found.append(finding("unparsed-cell", ind.name, where, field="完成值", text=value.text))
        return Scored(ZERO, f"完成值“{value.text}”无法识别 → 0"), "unparsed"
    if rule.count_deduct is not None and (value.value < 0 or value.value !=
                                          value.value.to_integral_value()):
        found.append(finding("unparsed-cell", ind.name, where, field="完成值（次数）",
                             text=value.text))
        return Scored(ZERO, f"次数“{value.text}”不是非负整数 → 0"), "unparsed"
    return NUMERIC_RULES[rule.kind](rule, value.value, w), "met"


def _outcome(ind: Indicator, act: Actual, comp: Comparator | None, plan: Plan, shown: str | None,
             w: Decimal, score: Decimal, status: Status, explain: str, found: list[Finding],
             reported: Decimal | str | None, *, applicable: bool, scored: bool,
             raw: Decimal | None = None) -> RowOutcome:
    if reported is None:
        reported = act.reported_score
    result = IndicatorResult(
        ind.key, ind.level1, ind.level2, ind.name,
        plan.comparator_text if comp is plan.comparator else (comp.value if comp else ""),
        plan.target_shown, ind.unit, shown, w, score, status, explain,
        fmt(reported) if isinstance(reported, Decimal) else reported, act.reason,
        ind.location if ind.location.line else act.location, raw, act.evidence)
    return RowOutcome(result, found, applicable, scored)
