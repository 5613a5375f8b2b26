"""Load (tables): the budget row and the number cells of a published table the rules
cannot take, each its row's finding.

A published table is evidence (FORMATS.md §5): a budget figure that is no number, a
budget weight that is no number ≥ 0, or a number past what a cell may hold
(10^±`MAX_EXPONENT`) is a problem of its row, not of the table. Read from a published
table (an inline case, a flat CSV/XLSX, the official form, a Word or PDF table):

- `bad-budget` [warning]: a budget figure (年初预算数, 调整后预算数, 执行数, a printed
  执行率, a fund-source row's) that is text, negative or out of range is left blank,
  so F1 scores the budget row as it scores a blank figure (an adjusted budget blank:
  `budget-zero`; an executed figure blank: `budget-executed-missing`; 0 either way);
- `bad-weight` [warning] on the budget row: a 预算执行 weight that is no number ≥ 0 is
  read as a blank one, so budget execution is not scored, not in any total;
- `bad-number` [warning]: a number past the bounds in a row's 指标值, 完成值 or a
  published score is kept unread (the row is `unparsed` there, `unparsed-cell`); in a
  扣减 it is not applied; a 人工评分 past them is `bad-manual-score`, not used. (A 权重
  past them is the row's `bad-weight`, judged, not scored: `checks.bad_weight`.)

The findings go on the case (`Case.noted`); the number check then leaves these cells
to them (`number_checks.PUBLISHED_CELLS`). A case file of an indicator set, written by
its user, stays strict: the same cells are located diagnostics there.
"""

from __future__ import annotations

from typing import Any

from ..model.case import FUND_KEYS, Actual, Budget, Case, FundRow, FundSources
from ..model.cell_types import number_of
from ..model.findings import Finding, finding
from ..model.result import BUDGET_ROW
from ..read.cell import Cell, out_of_range
from ..read.cells import cell_of
from ..read.columns import columns

BUDGET_FIGURES = ("initial", "adjusted", "executed", "rate")
_SHOWN_CHARS = 24


def shown(text: str) -> str:
    """A cell's text as a finding quotes it (a number of a thousand digits cut short)."""
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"


def published_budget(case: Case) -> Case:
    """`case` with its unusable budget figures blank, a budget weight that is no number ≥ 0
    left out, and its rows' numbers past the bounds noted, each named by a row finding;
    `case` itself when it has none."""
    noted: list[Finding] = []
    update: dict[str, Any] = {}
    if case.budget is not None:
        budget = _figures(case.budget, BUDGET_FIGURES, noted)
        if case.budget.sources is not None:
            sources = _sources(case.budget.sources, noted)
            if sources is not case.budget.sources:
                budget = budget.model_copy(update={"sources": sources})
        if budget is not case.budget:
            update["budget"] = budget
    spec = case.indicator_set.budget_execution
    if spec is not None:
        weight = spec.weight.number
        if weight is None or weight < 0:
            noted.append(finding("budget-bad-weight", BUDGET_ROW, spec.place("weight"),
                                 weight=shown(str(spec.weight))))
            update["indicator_set"] = case.indicator_set.model_copy(
                update={"budget_execution": None})
    _unreadable_rows(case, noted)
    actuals = {key: kept for key, actual in case.actuals.items()
               if (kept := _actual(key, actual, noted)) is not actual}
    if actuals:
        update["actuals"] = {**case.actuals, **actuals}
    if not noted:
        return case
    return case.model_copy(update={**update, "noted": (*case.noted, *noted)})


def _figures(row: Budget | FundRow, fields: tuple[str, ...], noted: list[Finding],
             prefix: str = "") -> Any:
    """`row` with each figure of `fields` that is no number ≥ 0 blank, at its place."""
    blanked: dict[str, Cell] = {}
    for field in fields:
        cell: Cell = getattr(row, field)
        if cell.given is None:
            continue
        number = cell.number
        if cell.kind == "unreadable" or (number is not None and number < 0) or (
                number is None and field != "rate" and cell.kind != "blank"):
            noted.append(finding("bad-budget", BUDGET_ROW, row.place(field),
                                 field=prefix + field, text=shown(cell.text)))
            blanked[field] = cell_of(None, row.place(field))
    return row.model_copy(update=blanked) if blanked else row


def _sources(sources: FundSources, noted: list[Finding]) -> FundSources:
    rows = {key: _figures(row, ("initial", "adjusted", "executed"), noted, f"{key}.")
            for key in FUND_KEYS if (row := getattr(sources, key)) is not None}
    changed = {k: r for k, r in rows.items() if r is not getattr(sources, k)}
    return sources.model_copy(update=changed) if changed else sources


def _unreadable_rows(case: Case, noted: list[Finding]) -> None:
    """`bad-number` for each row's 指标值 past the bounds (its 权重: the row's `bad-weight`)."""
    for ind in case.indicator_set.indicators:
        if ind.target.kind == "unreadable":
            noted.append(finding("bad-number", ind.key, ind.place("target"),
                                 field=_label("target"), text=shown(ind.target.text)))


def _actual(key: str, actual: Actual, noted: list[Finding]) -> Actual:
    """`actual` with its numbers past the bounds noted: a 完成值 or a published score kept
    unread, a 人工评分 or a 扣减 not used."""
    for field, column in (("value", "actual"), ("reported_score", "reported_score")):
        cell: Cell = getattr(actual, field)
        if cell.kind == "unreadable":
            noted.append(finding("bad-number", key, actual.place(field), field=_label(column),
                                 text=shown(cell.text)))
    left: dict[str, None] = {}
    if actual.manual_score is not None and out_of_range(number_of(actual.manual_score)):
        noted.append(finding("bad-manual-score", key, actual.place("manual_score"),
                             manual=shown(str(actual.manual_score))))
        left["manual_score"] = None
    if actual.deduction is not None and out_of_range(number_of(actual.deduction)):
        noted.append(finding("bad-number", key, actual.place("deduction"),
                             field=_label("deduction"), text=shown(str(actual.deduction))))
        left["deduction"] = None
    return actual.model_copy(update=left) if left else actual


def _label(field: str) -> str:
    """A row field as a finding names it: its column's header (`指标值`), else its key."""
    return columns().official.get(field, field)
