"""Read (forms): the 预算执行情况 block of the official form → `Budget`.

Beside `form.py`: the budget header row (年初预算数, 调整后预算数, 预算执行数,
执行率, 分值, 得分 …, spellings in `data/form.yaml`), the total row (the first
row below it with a figure), the fund-source rows under it (其中：财政资金,
财政专户管理资金, 单位资金, 其他资金, found by the label in the block's first
column), and a budget row written inside the indicator block (a flat table's
预算执行情况 row). Every value keeps its cell's text and place.
"""

from __future__ import annotations

import re
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
    r = _total_row(grid, hr, head, money)
    if r is None:
        return None, None, None
    values: dict[str, Any] = {}
    places: dict[str, Location] = {}
    blank = labels().raw["blank_marks"]  # a figure printed `—` or `/` is blank, not a number
    for field in ("initial", "adjusted", "executed", "rate", "reason"):
        if field in cols and grid.get(r, cols[field]) not in (None, *blank):
            values[field], places[field] = grid.get(r, cols[field]), grid.place(r, cols[field])
    where = grid.place(r, money[0])
    sources = read_sources(grid, r, head, cols)
    if sources is not None:
        values["sources"] = sources
    budget = Budget(**values, location=where, field_locations=places)
    weight = grid.get(r, cols.get("weight"))
    at = None if weight is None else grid.place(r, cols["weight"])
    if weight is None:
        weight, at = _weight_in_label(grid, hr, r)
    spec = None if weight is None or at is None else BudgetExecution(
        weight=weight, location=at, field_locations={"weight": at})
    return budget, spec, grid.get(r, cols.get("score"))


def _total_row(grid: Grid, hr: int, head: int, money: list[int]) -> int | None:
    """The budget's total row: the first below its header with a figure; None when the
    next block (年度总体目标, the indicator header) comes first."""
    L = labels()
    for r in range(hr + 1, head):
        texts = [grid.get(r, c) for c in range(1, grid.cols + 1)]
        if any(L.field("basics", t) or L.field("indicators", t) for t in texts if t):
            return None
        if any(grid.get(r, c) not in (None, grid.get(hr, c)) for c in money):
            return r
    return None


def _weight_in_label(grid: Grid, hr: int, total: int) -> tuple[str | None, Location | None]:
    """The weight printed in the block's label (`预算执行情况（万元）（20分）`, data/form.yaml
    `budget_weight_in_label`), when no 分值 column holds it: its text and cell."""
    pattern = re.compile(str(labels().raw["budget_weight_in_label"]))
    for r in (hr, total):
        for c in range(1, grid.cols + 1):
            text = grid.get(r, c)
            found = pattern.search(text) if text else None
            if found is not None and grid.get(r, c - 1) != text:
                return found.group(1), grid.place(r, c)
    return None, None


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
