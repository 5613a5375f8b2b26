"""#15.2 / #14.7: `2024.04` in a budget, weight or numeric cell is a number; a dotted month
is a date only against a date written as one (cells.py, row_kinds.py), in YAML and tables."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D
from pathlib import Path

from builders import make_case, row
from conftest import run_cli

from scoring import evaluate, load_case
from scoring.load.tables import load_cases
from scoring.read.cells import read_cell, read_number

HEADER = "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分,未完成原因分析\n"


def test_a_dotted_month_alone_is_a_number_that_may_be_a_month() -> None:
    cell = read_cell("2024.04")
    assert (cell.kind, cell.value, cell.date) == ("number", D("2024.04"), dt.date(2024, 4, 30))
    assert read_number("2024.04") == D("2024.04")
    assert read_number("2024.4") == D("2024.4")
    assert read_cell("2024.4.30").kind == "date"  # two dots: no number, a date
    assert read_number("2024.4.30") is None
    assert read_cell("2024.06前").kind == "date"  # a date word: a date


def test_yaml_budget_weight_and_numeric_row_read_2024_04_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("project: {name: 测试, year: 2023}\nscheme: mof-2020\n"
                    "budget: {adjusted: 2024.04, executed: 1012.02}\n"
                    "budget_execution: {weight: 10}\nindicators:\n"
                    "  - {level1: 产出指标, level2: 数量指标, name: 产量, comparator: '≥',"
                    " target: 2024.04, actual: 1012.02, weight: 90}\n", encoding="utf-8")
    result = evaluate(load_case(path))
    assert result.budget is not None
    assert (result.budget.adjusted, result.budget.score) == (D("2024.04"), D("5.00"))
    amount = result.indicator("产量")
    assert (amount.status, amount.score) == ("partial", D("45.00"))
    assert amount.explain == "1012.02 ÷ 2024.04 × 90 = 45 → 45.00"


def test_csv_budget_weight_and_numeric_row_read_2024_04_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "预算执行情况,,,,2024.04,,1012.02,10,,\n"
                    "产出指标,数量指标,产量,≥,2024.04,吨,1012.02,2024.04,,\n"
                    "产出指标,数量指标,个数,≥,10,个,10,80,,\n", encoding="utf-8")
    [case] = load_cases(path)
    result = evaluate(case)
    assert "bad-budget" not in [f.code for f in result.findings]
    assert result.budget is not None and result.budget.score == D("5.00")
    amount = result.indicator("产量")
    assert (amount.weight, amount.status, amount.score) == \
        (D("2024.04"), "partial", D("1012.02"))


def test_a_dotted_month_against_a_date_is_a_date() -> None:
    rows = [row("按期", "≤", "2023年12月", "2023.11"), row("逾期", "≤", "2023-12-31", "2024.01"),
            row("目标点号", "≤", "2023.12", "2023-11-30"), row("两点", "≤", "2023.12", "2024.1.31")]
    result = evaluate(make_case(rows))
    assert [(r.status, r.score) for r in result.indicators] == \
        [("met", D("10.00")), ("unmet", D("0.00")), ("met", D("10.00")), ("unmet", D("0.00"))]


def test_real_dates_still_compare_as_dates() -> None:
    rows = [row("月", "≤", "2023年12月", "2023-12-15"), row("日", "≤", "2023-12-31", "2024-01-02")]
    result = evaluate(make_case(rows))
    assert [(r.status, r.score) for r in result.indicators] == \
        [("met", D("10.00")), ("unmet", D("0.00"))]


def test_two_dotted_months_are_numbers_in_yaml_and_csv(tmp_path: Path) -> None:
    """Neither side is a date written as one: both are numbers (2024.2 ≥ 2024.12; as months,
    February is before December and the row would be unmet)."""
    in_yaml = evaluate(make_case([row("a", "≥", D("2024.12"), D("2024.2"))]))
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "产出指标,数量指标,a,≥,2024.12,,2024.2,10,,\n", encoding="utf-8")
    [case] = load_cases(path)
    in_csv = evaluate(case)
    for result in (in_yaml, in_csv):
        first = result.indicators[0]
        assert (first.status, first.score, first.explain) == \
            ("met", D("10.00"), "2024.2 ≥ 2024.12 → 10")


def test_batch_scores_a_table_with_a_2024_04_budget(tmp_path: Path) -> None:
    """The batch (the columnar core, `batch/columnar.py`) reads it as a number too."""
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "预算执行情况,,,,2024.04,,1012.02,10,,\n"
                    "产出指标,数量指标,个数,≥,10,个,10,90,,\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = run_cli("batch", str(path), "-o", str(out), "--quiet")
    assert run.code == 0, run.err
    [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["total"] == "95.00"
