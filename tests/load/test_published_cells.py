"""Rows judged as the rules say whatever the input form (#15.2, #15.6): the same published
rows as an inline YAML case, a flat CSV, a flat XLSX sheet and the official form give
the same judgement — a text target without 指标性质 is 定性 and a published score inside
its tier's band is the rule's (no `reported-score-differs`); `2024.04` in a budget or a
numeric cell is a number; a row with no comparator whose name reads lower-is-better
(`发生率`) is scored `≤` with `comparator-inferred` [info]."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import audit, evaluate, load_case
from scoring.load.tables import load_cases
from scoring.model.case import Case

openpyxl = pytest.importorskip("openpyxl")

from layouts import MOF_2020, write_form  # noqa: E402

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
          "得分", "未完成原因分析"]
KEYS = ("level1", "level2", "name", "comparator", "target", "unit", "actual", "weight",
        "reported_score", "reason")
Row = list[str]
ROWS: list[Row] = [
    # a text target, 指标性质 blank, published 9 of 10: inside 达成's band [8, 10]
    ["效益指标", "社会效益指标", "群众认可", "", "达成年度指标", "", "达成年度指标", "10", "9", ""],
    # 2024.04 as a number (not April 2024) in a numeric row
    ["产出指标", "数量指标", "产量", "≥", "2024.04", "吨", "1012.02", "70", "", "市场波动"],
    # no comparator anywhere, a name that reads lower-is-better
    ["效益指标", "生态效益指标", "森林火灾发生率", "", "5", "%", "6", "10", "", "气候干旱"],
]
BUDGET = ("2024.04", "1012.02", "10")  # 全年预算数, 执行数, 权重


def _yaml(tmp_path: Path) -> Path:
    lines = ["project: {name: 测试项目, year: 2023}", "scheme: sichuan-2023",
             f"budget: {{adjusted: '{BUDGET[0]}', executed: '{BUDGET[1]}'}}",
             f"budget_execution: {{weight: {BUDGET[2]}}}", "indicators:"]
    for row in ROWS:
        cells = ", ".join(f"{k}: '{v}'" for k, v in zip(KEYS, row, strict=True) if v)
        lines.append(f"  - {{{cells}}}")
    path = tmp_path / "case.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _lines() -> list[Row]:
    budget = ["预算执行情况", "", "", "", BUDGET[0], "", BUDGET[1], BUDGET[2], "", ""]
    return [HEADER, budget, *ROWS]


def _csv(tmp_path: Path) -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(_lines())
    path = tmp_path / "table.csv"
    path.write_text(text.getvalue(), "utf-8")
    return path


def _xlsx(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    for r, line in enumerate(_lines(), start=1):
        for c, text in enumerate(line, start=1):
            if text:
                wb.active.cell(r, c, text).data_type = "s"  # typed as printed: `2024.04`
    path = tmp_path / "table.xlsx"
    wb.save(path)
    return path


def _form(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    write_form(wb.active, load_case(_yaml(tmp_path)), MOF_2020)
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


FORMS: dict[str, Callable[[Path], Path]] = {
    "yaml": _yaml, "csv": _csv, "xlsx": _xlsx, "form": _form}


def _case(tmp_path: Path, form: str) -> Case:
    [case] = load_cases(FORMS[form](tmp_path), None if form == "yaml" else "sichuan-2023")
    return case


@pytest.mark.parametrize("form", FORMS)
def test_a_text_target_without_comparator_is_qualitative_and_its_band_the_rules(
        tmp_path: Path, form: str) -> None:
    case = _case(tmp_path, form)
    result = evaluate(case)
    row = result.indicator("群众认可")
    assert row.explain.startswith("“达成年度指标”→") and row.score == 10
    codes = {(f.code, f.indicator) for f in audit(case).audit.findings}
    assert ("reported-score-differs", "群众认可") not in codes
    assert ("qualitative-score-outside-band", "群众认可") not in codes


@pytest.mark.parametrize("form", FORMS)
def test_2024_04_in_a_budget_or_numeric_cell_is_a_number(tmp_path: Path, form: str) -> None:
    result = evaluate(_case(tmp_path, form))
    assert result.budget is not None
    assert (result.budget.adjusted, result.budget.score) == (Decimal("2024.04"), 5)
    amount = result.indicator("产量")
    assert (amount.status, amount.score) == ("partial", 35)
    assert amount.explain.startswith("1012.02 ÷ 2024.04 × 70 = 35")


@pytest.mark.parametrize("form", FORMS)
def test_a_lower_is_better_name_without_comparator_is_inferred(tmp_path: Path,
                                                               form: str) -> None:
    result = evaluate(_case(tmp_path, form))
    rate = result.indicator("森林火灾发生率")
    assert (rate.status, rate.score) == ("partial", Decimal("8.3"))  # 10 × 5 ÷ 6, 1 place
    [found] = [f for f in result.findings if f.code == "comparator-inferred"]
    assert (found.indicator, found.severity) == ("森林火灾发生率", "info")
    assert found.location is not None and found.location.line > 0
