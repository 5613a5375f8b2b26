"""Evaluate one row: read its cells, pick its formula, score, explain, find.

`score_row` is the hot loop of the engine: cells are read through the cached
reader of `cells.py`, the formula comes from a registry of `rules.py`, and
the result is one `IndicatorResult` plus the findings about that row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .cells import Cell, Comparator, match_phrase, normalize, read_cell, read_comparator, \
    read_number
from .decimals import HUNDRED, ZERO, fmt, fmt_places, plain, round_half_up
from .expr import evaluate_expression
from .findings import Finding, finding
from .errors import Location
from .model import Actual, Indicator
from .result import IndicatorResult, Status
from .rules import EQUAL, NUMERIC_RULES, POSITIVE, REVERSE, Scored, apply_checklist, in_range
from .scheme import Scheme

_NO_ACTUAL = Actual()
TIER_LABEL = {"achieved": "达成年度指标", "partial": "部分达成年度指标并具有一定效果",
              "unmet": "未达成年度指标且效果较差"}


@dataclass(slots=True)
class RowOutcome:
    """A row's result, its findings, and whether it counts in the total."""

    result: IndicatorResult
    findings: list[Finding]
    applicable: bool
    scored: bool


def _cell(value: Decimal | str | None, year: int | None) -> Cell:
    if isinstance(value, Decimal):
        return Cell(plain(value), "number", value)
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


def score_row(ind: Indicator, actual: Actual | None, scheme: Scheme,
              year: int | None, reported: Decimal | str | None = None) -> RowOutcome:
    """Score one indicator against its actual under `scheme` (F2–F7, F9–F11)."""
    act = actual or _NO_ACTUAL
    name = ind.name
    loc = _place(act, "value") or _place(ind, "target") or ind.location
    w = read_number(ind.weight) or ZERO
    target = _cell(ind.target, year)
    value = _cell(act.value, year)
    found: list[Finding] = []
    comp = read_comparator(ind.comparator) or target.comparator
    if act.not_applicable:
        found.append(finding("not-applicable", name, loc, applicable="（见合计）"))
        return _outcome(ind, act, comp, target, value, w, ZERO, "not-applicable",
                        "不适用，剔除 → —", found, reported, applicable=False, scored=False)
    scored, status = _rule_score(ind, act, comp, target, value, w, scheme, found, loc)
    if act.manual_score is not None:
        rule_score = fmt(round_half_up(scored.raw, scheme.places)) if status not in (
            "missing", "unparsed") else "无"
        code = "manual-score-without-actual" if value.kind == "blank" else "manual-score"
        found[:] = [f for f in found if f.code not in ("missing-actual", "unparsed-cell")]
        found.append(finding(code, name, loc, score=fmt(act.manual_score),
                             rule_score=rule_score, reason=act.reason or "（未说明）"))
        scored = Scored(act.manual_score, f"人工评分 {fmt(act.manual_score)}"
                        + (f"（{act.reason}）" if act.reason else ""))
        status = "manual"
    if act.deduction:
        raw = max(ZERO, scored.raw - act.deduction)
        scored = Scored(raw, f"{scored.explain}；扣减 {fmt(act.deduction)}（{act.reason}）"
                        f" = {fmt(raw)}")
    score = round_half_up(scored.raw, scheme.places)
    if status not in ("manual", "missing", "unparsed"):
        status = "met" if score >= w else ("partial" if score > 0 else "unmet")
        if score < w and not (act.reason or "").strip():
            found.append(finding("reason-missing", name, loc, score=fmt(score), weight=fmt(w)))
    explain = scored.explain
    if not explain.endswith(f"→ {fmt(score)}"):
        explain = f"{explain} → {fmt_places(score, scheme.places)}"
    return _outcome(ind, act, comp, target, value, w, score, status, explain, found, reported,
                    applicable=True, scored=status not in ("missing", "unparsed"))


def _rule_score(ind: Indicator, act: Actual, comp: Comparator | None, target: Cell,
                value: Cell, w: Decimal, scheme: Scheme, found: list[Finding],
                loc: Location) -> tuple[Scored, Status]:
    name = ind.name
    where = loc
    if ind.rule is not None:
        return _per_indicator_rule(ind, act, value, w, found, where)
    if comp is Comparator.QUALITATIVE or (comp is None and target.kind == "text"):
        return _qualitative(ind, act, target, value, w, scheme, found, where)
    if value.kind == "blank":
        if act.manual_score is None:
            found.append(finding("missing-actual", name, where))
        return Scored(ZERO, "完成值空缺 → 0"), "missing"
    if target.kind == "date" and value.kind == "date":
        assert target.date and value.date
        late = value.date > target.date if comp in (None, Comparator.LE, Comparator.LT, \
            Comparator.EQ) else value.date < target.date
        if late:
            found.append(finding("date-late", name, where, actual=value.date, target=target.date))
            return Scored(ZERO, f"{value.date} 晚于 {target.date} → 0"), "unmet"
        return Scored(w, f"{value.date} 不晚于 {target.date} → {fmt(w)}"), "met"
    if target.kind not in ("number", "range"):
        field, text = ("指标值", target.text) if target.kind != "blank" else ("指标值", "（空）")
        found.append(finding("unparsed-cell", name, _place(ind, "target") or where, field=field,
                             text=text))
        return Scored(ZERO, f"指标值“{target.text}”无法识别 → 0"), "unparsed"
    if value.kind == "text" or value.kind == "date":
        verdict = match_phrase(value.text, scheme.quantitative_phrases, whole=True)
        if verdict is None:
            found.append(finding("unparsed-cell", name, where, field="完成值", text=value.text))
            return Scored(ZERO, f"完成值“{value.text}”无法识别 → 0"), "unparsed"
        found.append(finding("text-actual", name, where, actual=value.text,
                             verdict="完成" if verdict == "met" else "未完成"))
        raw = w if verdict == "met" else ZERO
        return Scored(raw, f"完成值“{value.text}”视为{'完成' if raw else '未完成'} → "
                      f"{fmt(raw)}"), "met"
    if value.kind == "range":
        found.append(finding("unparsed-cell", name, where, field="完成值", text=value.text))
        return Scored(ZERO, f"完成值“{value.text}”是区间，不是实际数 → 0"), "unparsed"
    assert value.value is not None and target.value is not None
    a, t = value.value, target.value
    if value.comparator is not None:
        found.append(finding("actual-is-bound", name, where, actual=value.text, value=fmt(a)))
    _check_units(ind, target, value, found, where)
    if target.kind == "range":
        assert target.upper is not None
        return in_range(a, t, target.upper, w), "met"
    if comp is None:
        if scheme.default_comparator is None:
            found.append(finding("unparsed-cell", name, where, field="指标性质", text="（空）"))
            return Scored(ZERO, "未填写指标性质 → 0"), "unparsed"
        comp = Comparator(scheme.default_comparator)
        found.append(finding("comparator-assumed", name, where, comparator=comp.value))
    if comp in (Comparator.GE, Comparator.GT):
        scored = POSITIVE[comp.value](a, t, w)
        limit = scheme.target_too_low.positive
        if limit is not None and t > 0 and a * HUNDRED >= t * limit:
            found.append(finding("target-possibly-too-low", name, where, actual=fmt(a),
                                 target=fmt(t), ratio=f"{fmt(round_half_up(a / t * HUNDRED, 1))}%"))
    elif comp in (Comparator.LE, Comparator.LT):
        scored = REVERSE[scheme.reverse](a, t, w)
        limit = scheme.target_too_low.reverse
        if limit is not None and t > 0 and a * HUNDRED <= t * limit:
            found.append(finding("target-possibly-too-low", name, where, actual=fmt(a),
                                 target=fmt(t), ratio=f"{fmt(round_half_up(a / t * HUNDRED, 1))}%"))
    else:
        scored = EQUAL[scheme.equal](a, t, w)
    return scored, "met"


def _check_units(ind: Indicator, target: Cell, value: Cell, found: list[Finding],
                 where: Location) -> None:
    a, t = value.value, target.value
    assert a is not None and t is not None
    is_percent = target.percent or "%" in (ind.unit or "")
    if is_percent and t > 1 and 0 < a <= 1 and not value.percent:
        found.append(finding("unit-suspect", ind.name, where,
                             detail=f"单位为 %，指标值 {fmt(t)}，完成值 {fmt(a)} 像是小数比率"))
    elif target.unit and value.unit and normalize(target.unit) != normalize(value.unit):
        found.append(finding("unit-suspect", ind.name, where,
                             detail=f"指标值单位“{target.unit}”与完成值单位“{value.unit}”不同"))


def _qualitative(ind: Indicator, act: Actual, target: Cell, value: Cell, w: Decimal,
                 scheme: Scheme, found: list[Finding], where: Location) -> tuple[Scored, Status]:
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
                        found: list[Finding], loc: Location) -> tuple[Scored, Status]:
    rule = ind.rule
    assert rule is not None
    where = loc
    if rule.checklist is not None:
        return apply_checklist(rule, act.items, w), "met"
    if rule.expression is not None:
        return evaluate_expression(ind, act, value, w, found, where)
    if value.kind != "number" or value.value is None:
        if value.kind == "blank":
            if act.manual_score is None:
                found.append(finding("missing-actual", ind.name, where))
            return Scored(ZERO, "完成值空缺 → 0"), "missing"
        found.append(finding("unparsed-cell", ind.name, where, field="完成值", text=value.text))
        return Scored(ZERO, f"完成值“{value.text}”无法识别 → 0"), "unparsed"
    return NUMERIC_RULES[rule.kind](rule, value.value, w), "met"


def _outcome(ind: Indicator, act: Actual, comp: Comparator | None, target: Cell, value: Cell,
             w: Decimal, score: Decimal, status: Status, explain: str, found: list[Finding],
             reported: Decimal | str | None, *, applicable: bool, scored: bool) -> RowOutcome:
    if reported is None:
        reported = act.reported_score
    result = IndicatorResult(
        id=ind.key, level1=ind.level1, level2=ind.level2, name=ind.name,
        comparator=comp.value if comp else "", target=_shown(target), unit=ind.unit,
        actual=_shown(value), weight=w, score=score, status=status, explain=explain,
        reported_score=fmt(reported) if isinstance(reported, Decimal) else reported,
        reason=act.reason, location=ind.location if ind.location.line else act.location)
    return RowOutcome(result, found, applicable, scored)
