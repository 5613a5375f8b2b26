"""formbudget.py: the 预算执行情况 block of the official form → a budget, every cell placed."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from scoring.load.formbudget import read_budget
from scoring.read.formgrid import Grid

ROWS = [
    ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    [None, "年度资金总额", 300, 349.78, 349.78, 10, "100%", 10],
    [None, "其中：财政资金", 300, 349.78, 349.78, None, None, None],
    [None, "其他资金", "/", "/", "/", None, None, None],
    ["年度总体目标"],
]


def _grid(rows: list[list[object]]) -> Grid:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评表"
    for row in rows:
        ws.append(row)
    return Grid(ws, Path("f.xlsx"))


def test_the_total_row_gives_the_budget_its_weight_and_published_score() -> None:
    budget, spec, score = read_budget(_grid(ROWS), head=5)
    assert budget is not None and spec is not None
    assert [str(getattr(budget, f)) for f in ("initial", "adjusted", "executed", "rate")] == [
        "300", "349.78", "349.78", "100%"]
    assert str(budget.place("adjusted")) == "f.xlsx:自评表!D2"
    assert (str(spec.weight), score) == ("10", "10")


def test_fund_source_rows_are_read_and_a_slash_is_blank() -> None:
    budget, _, _ = read_budget(_grid(ROWS), head=5)
    assert budget is not None and budget.sources is not None
    assert str(budget.sources.fiscal.executed) == "349.78"  # type: ignore[union-attr]
    assert budget.sources.other is None  # 其他资金: `/` in every figure


def test_no_budget_when_the_next_block_comes_before_any_figure() -> None:
    rows = [ROWS[0], ["年度总体目标"], ROWS[1]]
    assert read_budget(_grid(rows), head=3) == (None, None, None)
