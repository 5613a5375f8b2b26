"""Read (forms): the 预算执行情况 block of the official form → `Budget`.

Beside `form.py`: the budget header row (年初预算数, 调整后预算数, 预算执行数,
执行率, 分值, 得分 …, spellings in `data/form.yaml`), the total row (the first
row below it with a figure), the fund-source rows under it (其中：财政资金,
财政专户管理资金, 单位资金, 其他资金, found by the label in the block's first
column), and a budget row written inside the indicator block (a flat table's
预算执行情况 row). Every value keeps its cell's text and place.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from ..model.case import Budget, BudgetExecution, FundRow, FundSources
from ..read.formgrid import Grid, header_columns, labels

BudgetParts = tuple[Budget | None, BudgetExecution | None, str | None]


def read_budget(grid: Grid, head: int) -> BudgetParts:
    found = header_columns(grid, "budget", range(1, head))
    if found is None:
        return None, None, None
    hr, cols = found
    money = [cols[f] for f in ("initial", "adjusted", "executed", "rate") if f in cols]
    for r in range(hr + 1, head):
        if any(grid.get(r, c) not in (None, grid.get(hr, c)) for c in money):
            break
    else:
        return None, None, None
    values: dict[str, Any] = {}
    places: dict[str, Location] = {}
    for field in ("initial", "adjusted", "executed", "rate", "reason"):
        if field in cols and grid.get(r, cols[field]) is not None:
            values[field], places[field] = grid.get(r, cols[field]), grid.place(r, cols[field])
    where = grid.place(r, money[0])
    sources = read_sources(grid, r, head, cols)
    if sources is not None:
        values["sources"] = sources
    budget = Budget(**values, location=where, field_locations=places)
    weight = grid.get(r, cols.get("weight"))
    spec = None if weight is None else BudgetExecution(
        weight=weight, location=grid.place(r, cols["weight"]),
        field_locations={"weight": grid.place(r, cols["weight"])})
    return budget, spec, grid.get(r, cols.get("score"))


def read_sources(grid: Grid, total: int, head: int, cols: dict[str, int]) -> FundSources | None:
    """The fund-source rows under the budget total (其中：财政资金 …), by their label in the
    columns left of the figures; None when the form has none with a figure. A figure
    written `/` (as the official form marks a row that has none) is blank."""
    first = min(cols.values())
    money = min(cols[f] for f in ("initial", "adjusted", "executed", "rate") if f in cols)
    rows: dict[str, FundRow] = {}
    for r in range(total + 1, head):
        key = next((k for c in range(first, money) if (k := labels().field(
            "sources", grid.get(r, c))) is not None), None)  # its label, left of the figures
        if key is None or key in rows:
            continue
        blank = labels().raw["blank_marks"]
        figures = {f: text for f in ("initial", "adjusted", "executed")
                   if f in cols and (text := grid.get(r, cols[f])) is not None
                   and text not in blank}
        if figures:
            rows[key] = FundRow(**figures, location=grid.place(r, first),
                                field_locations={f: grid.place(r, cols[f]) for f in figures})
    return FundSources(**rows, location=grid.place(total + 1, first)) if rows else None


def read_budget_row(grid: Grid, r: int, cols: dict[str, int]) -> BudgetParts:
    """A budget row inside the indicator block: 指标值 = 调整后, 完成值 = 执行数."""
    values: dict[str, Any] = {}
    places: dict[str, Location] = {}
    for field, col in (("adjusted", "target"), ("executed", "actual"), ("reason", "reason")):
        if col in cols and grid.get(r, cols[col]) is not None:
            values[field], places[field] = grid.get(r, cols[col]), grid.place(r, cols[col])
    where = grid.place(r, cols["name"])
    weight = grid.get(r, cols.get("weight"))
    spec = None if weight is None else BudgetExecution(weight=weight, location=where)
    return Budget(**values, location=where, field_locations=places), spec, grid.get(
        r, cols.get("score"))
