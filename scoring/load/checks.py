"""Check: semantic rules a file must obey beyond its shape.

A tuple of small functions, each taking the loaded case and returning
diagnostics (beancount's `ops/validation.py`). The loader runs them all and
reports every problem at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from ..errors import Diagnostic
from ..model.case import FUND_KEYS, Case, FundSources, Indicator, IndicatorSet
from ..model.result import BUDGET_ROW
from ..read.cells import read_comparator, read_number
from ..read.spelling import suggest
from .number_checks import check_case_numbers, check_set_numbers
from .rule_checks import check_expressions, check_names, check_rule_actuals, check_rule_parts
from .section_checks import check_case_sections, check_sections


def _weight(ind: Indicator) -> Decimal | None:
    return read_number(ind.weight)


def check_unique_keys(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Indicator keys (id, or name) are unique within a set."""
    seen: dict[str, Indicator] = {}
    for ind in iset.indicators:
        if ind.key in seen:
            first = seen[ind.key].location
            yield Diagnostic(ind.location, f"指标重复（第一次出现在第 {first.line} 行）；"
                             "同名指标请给出不同的 id", "duplicate-indicator", ind.key)
        seen.setdefault(ind.key, ind)


def check_weights(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every weight reads as a positive number."""
    for ind in iset.indicators:
        w = _weight(ind)
        if w is None:
            yield Diagnostic(ind.place("weight"), f"权重“{ind.weight}”不是数字", "bad-weight",
                             ind.key)
        elif not w.is_finite() or w <= 0:
            yield Diagnostic(ind.place("weight"), f"权重必须大于 0（现为 {ind.weight}）",
                             "bad-weight", ind.key)
    if iset.budget_execution is not None:
        bw = read_number(iset.budget_execution.weight)
        if bw is None or bw < 0:
            yield Diagnostic(iset.budget_execution.location,
                             f"预算执行权重“{iset.budget_execution.weight}”不是非负数字",
                             "bad-weight", BUDGET_ROW)


def check_comparators(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every comparator cell is a known spelling (FORMATS.md §5)."""
    for ind in iset.indicators:
        try:
            read_comparator(ind.comparator)
        except ValueError:
            yield Diagnostic(ind.place("comparator"), f"无法识别的指标性质“{ind.comparator}”"
                             "（可用：≥ > ≤ < = 定性）", "bad-comparator", ind.key)


def check_actual_keys(case: Case) -> Iterator[Diagnostic]:
    """Every actual names an indicator of the set."""
    keys = [ind.key for ind in case.indicator_set.indicators]
    known = set(keys)
    for key, actual in case.actuals.items():
        if key not in known:
            yield Diagnostic(actual.location, f"指标体系中没有指标“{key}”" + suggest(key, keys),
                             "unknown-indicator", key)
    if case.reported is not None:
        for key in case.reported.scores:
            if key not in known:
                yield Diagnostic(case.reported.location, f"reported.scores 中的指标“{key}”不在"
                                 "指标体系中" + suggest(key, keys), "unknown-indicator", key)


def check_manual_scores(case: Case) -> Iterator[Diagnostic]:
    """A manual score or deduction is within the row's weight."""
    weights = {ind.key: _weight(ind) for ind in case.indicator_set.indicators}
    for key, actual in case.actuals.items():
        w = weights.get(key)
        if w is None:
            continue
        if actual.manual_score is not None and actual.manual_score > w:
            yield Diagnostic(actual.location, f"人工评分 {actual.manual_score} 超过权重 {w}",
                             "manual-score-exceeds-weight", key)
        if actual.manual_score is not None and not (actual.reason or actual.evidence or
                                                    "").strip():
            yield Diagnostic(actual.location,
                             "人工评分必须说明理由（reason）或评分依据（evidence）",
                             "manual-score-without-reason", key, "warning")
        if actual.deduction is not None and not (actual.reason or "").strip():
            yield Diagnostic(actual.location, "扣减分值必须说明理由（reason）",
                             "deduction-without-reason", key)


def check_budget(case: Case) -> Iterator[Diagnostic]:
    """Budget figures, when given, read as numbers, none below 0 (a negative 执行数
    would make a negative F1 score)."""
    if case.budget is None:
        return
    b = case.budget
    for field in ("initial", "adjusted", "executed", "rate"):
        value = getattr(b, field)
        if value is None:
            continue
        number = read_number(value)
        if number is None and field != "rate":
            yield Diagnostic(b.place(field), f"预算数 {field}“{value}”不是数字", "bad-budget",
                             BUDGET_ROW)
        elif number is not None and number < 0:
            yield Diagnostic(b.place(field), f"预算数 {field}“{value}”不能为负数", "bad-budget",
                             BUDGET_ROW)
    if b.sources is not None:
        yield from _check_fund_sources(b.sources)


def _check_fund_sources(sources: FundSources) -> Iterator[Diagnostic]:
    """Each figure of a fund-source row (`budget.sources.fiscal.initial` …) is a number ≥ 0."""
    for key in FUND_KEYS:
        row = getattr(sources, key)
        if row is None:
            continue
        for field in ("initial", "adjusted", "executed"):
            value = getattr(row, field)
            number = None if value is None else read_number(value)
            if value is not None and (number is None or number < 0):
                why = "不是数字" if number is None else "不能为负数"
                yield Diagnostic(row.place(field), f"资金来源 {key}.{field}“{value}”{why}",
                                 "bad-budget", BUDGET_ROW)


SET_CHECKS: tuple[Callable[[IndicatorSet], Iterable[Diagnostic]], ...] = (
    check_unique_keys, check_weights, check_comparators, check_rule_parts, check_names,
    check_expressions, check_sections, check_set_numbers,
)
CASE_CHECKS: tuple[Callable[[Case], Iterable[Diagnostic]], ...] = (
    check_actual_keys, check_manual_scores, check_budget, check_rule_actuals,
    check_case_sections, check_case_numbers,
)


def run_set_checks(iset: IndicatorSet, *, table: bool = False) -> list[Diagnostic]:
    """Every problem of a set. Read from a published `table`, an unknown comparator is
    no load error: that row is scored `unparsed` with a finding at its cell (FORMATS.md
    §5), the rest of the table still scores; in a set file it is a typo to fix."""
    return [d for check in SET_CHECKS if not (table and check is check_comparators)
            for d in check(iset)]


def run_case_checks(case: Case) -> list[Diagnostic]:
    return [d for check in CASE_CHECKS for d in check(case)]
