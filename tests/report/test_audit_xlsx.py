"""report/audit_xlsx.py: the forms with questioned cells marked, the findings sheet,
the summary sheet of a multi-project audit."""

from __future__ import annotations

import io
from typing import Any

import pytest
from conftest import CASES, SEED

openpyxl = pytest.importorskip("openpyxl")

from scoring import load_case  # noqa: E402
from scoring.report.audit_xlsx import form_marks, render_audit_xlsx  # noqa: E402
from scoring.report.table import build_table  # noqa: E402
from scoring.report.workbook import SEVERITY_FILL  # noqa: E402
from scoring.review.audit import AuditResult, audit  # noqa: E402

C004 = CASES / "004-shanxi-jishan-jiandanglika-yibao-peitao-2020.yaml"


def _book(items: list[AuditResult]) -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_audit_xlsx(items)))


def _cell_of(ws: Any, row_text: str, column: str) -> Any:
    header = next(r for r in ws.iter_rows() if any(c.value == column for c in r) and
                  any(c.value == "三级指标" for c in r))
    col = next(c.column for c in header if c.value == column)
    row = next(r for r in ws.iter_rows() if any(c.value == row_text for c in r))
    return ws.cell(row=row[0].row, column=col)


def test_questioned_cells_are_filled_and_commented() -> None:
    item = audit(load_case(C004))
    ws = _book([item])[item.result.project.name]
    cell = _cell_of(ws, "指标1:全县参合人数", "得分")
    assert cell.fill.fgColor.rgb.endswith(SEVERITY_FILL["error"])
    assert "[reported-score-differs]" in cell.comment.text
    assert "公布得分 13，按规则计算为 14.86" in cell.comment.text
    untouched = _cell_of(ws, "指标1:资金是否全部纳入医 保统筹", "得分")
    assert untouched.comment is None


def test_marks_name_the_row_key_and_column_of_the_form() -> None:
    item = audit(load_case(C004))
    marks = form_marks(item, build_table(item.result))
    assert marks[("合计", "得分")][0] == "error"
    assert "reported-total-mismatch" in marks[("合计", "得分")][1]
    assert marks[("预算执行率", "得分")][0] == "error"
    assert marks[("指标1:全县参合人数", "指标性质")][0] == "info"  # comparator-assumed


def test_the_findings_sheet_lists_every_finding() -> None:
    item = audit(load_case(SEED))
    ws = _book([item])["复核发现"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("项目", "行", "位置", "代码", "严重程度", "公布值", "重算值", "说明")
    assert len(rows) - 1 == len(item.findings)
    full = next(r for r in rows if r[3] == "full-score-without-actual" and r[1] == "完成税收")
    assert full[:7] == ("2023招商引资", "完成税收", f"{SEED}:40:11",
                        "full-score-without-actual", "警告", "5", "0.0")


def test_many_projects_get_a_summary_sheet_first() -> None:
    items = [audit(load_case(SEED)), audit(load_case(C004))]
    book = _book(items)
    assert book.sheetnames == ["复核汇总", "2023招商引资", "建档立卡个人缴费县级配套资金",
                               "复核发现"]
    values = [v for r in book["复核汇总"].iter_rows(values_only=True) for v in r if v]
    assert "扣除无依据分值后等级变化的项目：" in values and "reported-score-differs" in values


def test_the_workbook_is_reproducible_and_in_english_on_request() -> None:
    items = [audit(load_case(SEED))]
    assert render_audit_xlsx(items) == render_audit_xlsx(items)
    book = openpyxl.load_workbook(io.BytesIO(render_audit_xlsx(items, "en")))
    assert book.sheetnames[-1] == "Findings"
