"""Score (budget): the fund-source rows under the budget total, read as numbers.

The official form splits the budget total into 其中：财政资金, 财政专户管理资金,
单位资金 and 其他资金, each with 年初预算数, 调整后预算数 and 执行数. They are
shown, not scored: the budget score is the total row's (F1). Each row given is
read once as Cells when the case was validated and gets its 执行率
(执行数 ÷ 调整后预算数) when both are numbers and the budget is above 0. Rows
that add up to more than the total, or all four not adding up to it, are a
finding (`fund-sources-do-not-sum`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..decimals import fmt
from ..errors import Location
from ..model.case import FUND_KEYS, FundRow, FundSources
from ..model.findings import Finding, finding
from ..model.result import BudgetResult, FundSourceResult
from ..read.packaged import data_file


def fund_source(key: str, row: FundRow) -> FundSourceResult:
    """One row given in the case, its figures read and its rate worked out."""
    initial, adjusted, executed = row.initial.number, row.adjusted.number, row.executed.number
    rate = executed / adjusted if adjusted and adjusted > 0 and executed is not None else None
    return FundSourceResult(key=key, initial=initial, adjusted=adjusted, executed=executed,
                            rate=rate)


def fund_sources(sources: FundSources | None) -> tuple[FundSourceResult, ...]:
    """The rows given, in the form's order (rows not given are left out)."""
    if sources is None:
        return ()
    return tuple(fund_source(key, row) for key in FUND_KEYS
                 if (row := getattr(sources, key)) is not None)


def fund_findings(budget: BudgetResult, row: str, where: Location) -> Iterator[Finding]:
    """`fund-sources-do-not-sum`, per column: the rows given add up to more than the total,
    or all four are given and do not add up to it (rows left out may hold the rest)."""
    for field, (zh, en) in data_file("form.yaml")["source_columns"].items():
        total: Decimal | None = getattr(budget, field)
        figures = [getattr(s, field) for s in budget.sources if getattr(s, field) is not None]
        if total is None or not figures:
            continue
        given = sum(figures, Decimal(0))
        complete = len(figures) == len(FUND_KEYS)
        if given > total or (complete and given != total):
            yield finding("fund-sources-do-not-sum", row, where, column_zh=zh, column_en=en,
                          sum=fmt(given), total=fmt(total))
