"""Builders for the row problems of a published table in every input form (#15.1): one
small table as an inline YAML case, a flat CSV, a flat XLSX, the official-form workbook, a
Word table and a PDF printed by headless Chromium, with one cell's text replaced
(tests/load/test_published_budget.py, test_inline_slips.py, test_ragged.py), and the check
that the batch and the columnar core score such a table as `scoring score` does."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from documents import CHROMIUM, add_form_table, print_pdf

from scoring import evaluate, load_case
from scoring.load.tables import load_cases
from scoring.model.result import Result
from scoring.read.xlsxcell import cell_text
from scoring.report import render
from scoring.report.html import render_html

CLEAN = """project: {name: 培训项目, year: 2023}
scheme: mof-2020
budget: {initial: 200, adjusted: 200, executed: 187.65}
budget_execution: {weight: 10}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 培训人次, comparator: "≥", target: 100, actual: 83,
     weight: 50, reason: 延期}
  - {level1: 产出指标, level2: 质量指标, name: 合格率, comparator: "≥", target: 95%,
     actual: 97.3%, weight: 20}
  - {level1: 效益指标, level2: 社会效益指标, name: 满意度, comparator: "≥", target: 90%,
     actual: 92%, weight: 20}
"""
HEADER = ["项目名称", "年度", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "完成值",
          "权重", "年初预算", "未完成原因分析"]
ROWS = [
    ["培训项目", "2023", "预算执行情况", "", "", "", "200", "187.65", "10", "200", ""],
    ["培训项目", "2023", "产出指标", "数量指标", "培训人次", "≥", "100", "83", "50", "", "延期"],
    ["培训项目", "2023", "产出指标", "质量指标", "合格率", "≥", "95%", "97.3%", "20", "", ""],
    ["培训项目", "2023", "效益指标", "社会效益指标", "满意度", "≥", "90%", "92%", "20", "", ""],
]
# the printed text of the cells a test replaces, as each form prints it (unique in each)
EXECUTED, BUDGET_WEIGHT, ACTUAL = "187.65", "10", "83"
FORMS = ("yaml", "csv", "xlsx", "form", "docx", "pdf")
Swap = tuple[str, str]  # (the printed text of one cell, its new text; "" for blank)


def _yaml_key(old: str) -> str:
    return {EXECUTED: "executed: ", BUDGET_WEIGHT: "weight: ", ACTUAL: "actual: "}[old]


def yaml_text(swap: Swap | None) -> str:
    if swap is None:
        return CLEAN
    old, new = swap
    if old == BUDGET_WEIGHT and not new:  # no weight for budget execution: none given
        return CLEAN.replace("budget_execution: {weight: 10}\n", "")
    key = _yaml_key(old)
    assert CLEAN.count(key + old) == 1
    return CLEAN.replace(key + old, key + (f"'{new}'" if new else "null"))


def table_rows(swap: Swap | None) -> list[list[str]]:
    rows = [list(r) for r in ROWS]
    if swap is not None:
        col = {EXECUTED: 7, BUDGET_WEIGHT: 8, ACTUAL: 7}[swap[0]]
        row = 1 if swap[0] == ACTUAL else 0
        assert rows[row][col] == swap[0]
        rows[row][col] = swap[1]
    return [HEADER, *rows]


def _clean_result(tmp_path: Path) -> Result:
    path = tmp_path / "clean.yaml"
    path.write_text(CLEAN, "utf-8")
    return evaluate(load_case(path))


def _csv(tmp_path: Path, swap: Swap | None) -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(table_rows(swap))
    path = tmp_path / "t.csv"
    path.write_text(text.getvalue(), "utf-8")
    return path


def _xlsx(tmp_path: Path, swap: Swap | None) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    for r, line in enumerate(table_rows(swap), start=1):
        for c, text in enumerate(line, start=1):
            if text:
                wb.active.cell(r, c, text).data_type = "s"
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return path


def _form(tmp_path: Path, swap: Swap | None) -> Path:
    import openpyxl

    data = render(_clean_result(tmp_path), "xlsx")
    assert isinstance(data, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    if swap is not None:
        [cell] = [c for row in wb.active.iter_rows() for c in row
                  if cell_text(c.value, c.number_format) == swap[0]]
        cell.value = swap[1] or None
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


def _docx(tmp_path: Path, swap: Swap | None) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("部门预算项目支出绩效自评表")
    add_form_table(document, _clean_result(tmp_path))
    if swap is not None:
        [table] = document.tables
        cells = {id(c._tc): c for row in table.rows for c in row.cells if c.text == swap[0]}
        [cell] = cells.values()
        cell.text = swap[1]
    path = tmp_path / "form.docx"
    document.save(path)
    return path


def _pdf(tmp_path: Path, swap: Swap | None) -> Path:
    html = render_html(_clean_result(tmp_path), publish=True)
    if swap is not None:
        old = f">{swap[0]}<"
        assert html.count(old) == 1
        html = html.replace(old, f">{swap[1]}<")
    return print_pdf(html, tmp_path)


BUILDERS: dict[str, Callable[[Path, Swap | None], Path]] = {
    "csv": _csv, "xlsx": _xlsx, "form": _form, "docx": _docx, "pdf": _pdf}


def published(form: str, tmp_path: Path, swap: Swap | None = None) -> tuple[Path, Result]:
    """The table in `form` with `swap` made (None: as it is), and its scoring."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    if form == "yaml":
        path = tmp_path / "case.yaml"
        path.write_text(yaml_text(swap), "utf-8")
        return path, evaluate(load_case(path))
    path = BUILDERS[form](tmp_path, swap)
    [case] = load_cases(path, "mof-2020")
    return path, evaluate(case)


def needs(form: str) -> str | None:
    """Why `form` cannot be built here (a skip reason), or None."""
    if form == "pdf" and CHROMIUM is None:
        return "chromium is not installed (.ci/run installs Debian's chromium)"
    return None


def batch_and_core_agree(path: Path, expected: dict[str, Any], tmp_path: Path) -> None:
    """`scoring batch` writes the table at `path` as `expected` (its one project's JSON
    result from `scoring score`), and the columnar core (`score_path`) gives its total
    and finding codes."""
    from scoring.batch.run import run_batch
    from scoring.engine.columns import score_path

    out = tmp_path / "out.jsonl"
    assert run_batch([str(path)], str(out), jobs=1, quiet=True, scheme="mof-2020") == 0
    [line] = out.read_text("utf-8").splitlines()
    assert json.loads(line) == expected
    outcome = score_path(path, "mof-2020")
    assert [Decimal(t) for t in outcome.projects.get_column("total").to_list()] == [
        Decimal(expected["total"])]
    assert sorted(outcome.findings.get_column("code").to_list()) == sorted(
        f["code"] for f in expected["findings"])
