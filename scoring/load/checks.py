"""Check: semantic rules a file must obey beyond its shape; the one registry of checks.

Small functions with one signature, each taking the loaded thing (an indicator
set, a case, a `SchemeSource`) and returning its diagnostics (beancount's
`ops/validation.py`). They are registered here, once, as `Check`s with what
their callers need to know of them, in `SET_CHECKS`, `CASE_CHECKS` and
`SCHEME_CHECKS`; the loader runs them all (`run_checks`) and reports every
problem at once. The checks live beside what they check: here the keys,
weights, comparators, manual scores and budget; `rule_checks.py` the
per-indicator rules, `section_checks.py` department sections,
`number_checks.py` numbers out of range, `scheme_checks.py` schemes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from ..errors import Diagnostic
from ..model.case import FUND_KEYS, Case, FundSources, Indicator, IndicatorSet
from ..model.result import BUDGET_ROW
from ..read.spelling import suggest
from .number_checks import (
    check_case_numbers,
    check_published_case_numbers,
    check_published_set_numbers,
    check_set_numbers,
)
from .rule_checks import check_expressions, check_names, check_rule_actuals, check_rule_parts
from .scheme_checks import SchemeSource, check_grades, check_scheme_weights
from .section_checks import check_case_sections, check_sections


def _weight(ind: Indicator) -> Decimal | None:
    return None if ind.weight is None else ind.weight.number


def check_unique_keys(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Indicator keys (id, or name) are unique within a set file (a published table's
    rows are given distinct keys as they are read, `rowkeys.py`: duplicate-indicator)."""
    seen: dict[str, Indicator] = {}
    for ind in iset.indicators:
        if ind.key in seen:
            first = seen[ind.key].location
            yield Diagnostic(ind.location, f"指标重复（第一次出现在第 {first.line} 行）；"
                             "同名指标请给出不同的 id", "duplicate-indicator", ind.key)
        seen.setdefault(ind.key, ind)


def check_weights_given(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every indicator of a set file has a weight: a blank one in a published table is an
    unweighted row, shown and not scored (`row-unweighted`); in a set, a slip to fix."""
    for ind in iset.indicators:
        if ind.weight is None:
            yield Diagnostic(ind.place("weight"), "权重为空（指标体系文件中每个指标都要有权重）",
                             "bad-weight", ind.key)


def bad_weight(ind: Indicator) -> bool:
    """Whether a weight is given and does not read as a positive number (a number out of
    range too: in a set file `number_checks`' to say)."""
    if ind.weight is None:
        return False
    w = _weight(ind)
    return w is None or not w.is_finite() or w <= 0


def check_weights(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every weight given reads as a positive number: in a set file; in a published table
    a row with another weight is judged, not scored, with `bad-weight` at its cell."""
    for ind in iset.indicators:
        if not bad_weight(ind) or ind.weight is None or ind.weight.kind == "unreadable":
            continue
        if _weight(ind) is None:
            yield Diagnostic(ind.place("weight"), f"权重“{ind.weight}”不是数字", "bad-weight",
                             ind.key)
        else:
            yield Diagnostic(ind.place("weight"), f"权重必须大于 0（现为 {ind.weight}）",
                             "bad-weight", ind.key)


def check_budget_weight(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """The budget-execution weight, when given, is a number ≥ 0."""
    if iset.budget_execution is not None:
        bw = iset.budget_execution.weight.number
        if bw is None or bw < 0:
            yield Diagnostic(iset.budget_execution.location,
                             f"预算执行权重“{iset.budget_execution.weight}”不是非负数字",
                             "bad-weight", BUDGET_ROW)


def check_comparators(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every comparator cell is a known spelling (FORMATS.md §5)."""
    for ind in iset.indicators:
        if ind.comparator.kind == "unreadable":
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
        manual = actual.manual
        if manual is not None and manual > w:
            yield Diagnostic(actual.location, f"人工评分 {manual} 超过权重 {w}",
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
        if value.given is None or value.kind == "unreadable":
            continue  # (a number out of range: `number_checks`)
        number = value.number
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
            number = value.number
            if value.given is not None and value.kind != "unreadable" and (
                    number is None or number < 0):
                why = "不是数字" if number is None else "不能为负数"
                yield Diagnostic(row.place(field), f"资金来源 {key}.{field}“{value}”{why}",
                                 "bad-budget", BUDGET_ROW)


S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class Check(Generic[S]):
    """A registered check: `run(subject)` → its diagnostics.

    `in_tables`: False when a published table's row is scored with a finding instead
    (an unknown comparator is scored `unparsed` at its cell, FORMATS.md §5; in a set
    file it is a typo to fix). `in_inline`: False when so too in an inline case, the
    published table written as YAML (a blank weight: `row-unweighted`; a weight not a
    positive number: `bad-weight` as the row's finding; an unusable budget figure or
    budget weight, a number past the bounds: `published_budget.py`). `in_files`: False
    for a check of published tables only (a file the user writes has the strict one)."""

    run: Callable[[S], Iterable[Diagnostic]]
    in_tables: bool = True
    in_inline: bool = True
    in_files: bool = True


SET_CHECKS: tuple[Check[IndicatorSet], ...] = (
    Check(check_unique_keys, in_tables=False, in_inline=False),
    Check(check_weights, in_tables=False, in_inline=False),
    Check(check_budget_weight, in_tables=False, in_inline=False),
    Check(check_weights_given, in_tables=False, in_inline=False),
    Check(check_comparators, in_tables=False, in_inline=False),
    Check(check_rule_parts),
    Check(check_names), Check(check_expressions),
    Check(check_sections), Check(check_set_numbers, in_tables=False, in_inline=False),
    Check(check_published_set_numbers, in_files=False),
)
CASE_CHECKS: tuple[Check[Case], ...] = (
    Check(check_actual_keys), Check(check_manual_scores),
    Check(check_budget, in_tables=False, in_inline=False), Check(check_rule_actuals),
    Check(check_case_sections), Check(check_case_numbers, in_tables=False, in_inline=False),
    Check(check_published_case_numbers, in_files=False),
)
SCHEME_CHECKS: tuple[Check[SchemeSource], ...] = (
    Check(check_grades), Check(check_scheme_weights),
)


def run_checks(checks: Sequence[Check[S]], subject: S, *, table: bool = False,
               inline: bool = False) -> list[Diagnostic]:
    """Every problem `checks` find in `subject`; read from a published `table` (or an
    `inline` case), the checks not run on them (`Check.in_tables`, `in_inline`) are left
    out."""
    return [d for check in checks if (check.in_tables if table else check.in_inline
                                      if inline else check.in_files)
            for d in check.run(subject)]


def run_set_checks(iset: IndicatorSet, *, table: bool = False,
                   inline: bool = False) -> list[Diagnostic]:
    """Every problem of a set (`table`: read from a published table; `inline`: the rows
    of an inline case)."""
    return run_checks(SET_CHECKS, iset, table=table, inline=inline)


def run_case_checks(case: Case, *, table: bool = False,
                    inline: bool = False) -> list[Diagnostic]:
    """Every problem of a case, beyond its set's (`table`, `inline`: as `run_set_checks`)."""
    return run_checks(CASE_CHECKS, case, table=table, inline=inline)
