"""The XLSX form: layout of the published 自评表, typed numbers, text never a formula,
A4 page setup, marks for the audit workbook, reproducible bytes."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import SEED

openpyxl = pytest.importorskip("openpyxl")

from scoring import RenderError, evaluate, load_case  # noqa: E402
from scoring.model.result import Result  # noqa: E402
from scoring.report import render, render_many  # noqa: E402
from scoring.report.table import build_table  # noqa: E402
from scoring.report.workbook import SEVERITY_FILL  # noqa: E402
from scoring.report.xlsx import (  # noqa: E402
    render_xlsx,
    render_xlsx_many,
    write_form_sheet,
)


@pytest.fixture(scope="module")
def seed() -> Result:
    return evaluate(load_case(SEED))


@pytest.fixture(scope="module")
def sheet(seed: Result) -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(seed))).active


def _find(ws: Any, text: str) -> Any:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not in sheet")


def _merged(ws: Any) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_title_and_header_block(sheet: Any) -> None:
    assert sheet["A1"].value == "部门预算项目支出绩效自评表（2023年度）"
    assert "A1:K1" in _merged(sheet)
    label = _find(sheet, "项目名称")
    assert sheet.cell(label.row, 3).value == "2023招商引资"
    code = _find(sheet, "项目编码")
    assert sheet.cell(code.row, code.column + 2).value == "51090423T000008717642"
    assert sheet.cell(code.row, code.column + 2).data_type == "s"  # a code is not a number


def test_level_cells_are_merged_down_like_the_published_form(sheet: Any) -> None:
    first = _find(sheet, "招引项目个数").row
    merged = _merged(sheet)
    assert f"A{first}:A{first + 3}" in merged          # 产出指标 over 4 rows
    assert f"B{first}:B{first + 1}" in merged          # 数量指标 over 2 rows
    assert f"A{first + 8}:A{first + 13}" in merged     # 成本指标 over 6 rows
    assert f"B{first + 8}:B{first + 13}" in merged
    assert sheet[f"A{first}"].value == "产出指标"
    assert sheet[f"A{first + 1}"].value is None  # covered cells are empty


def test_numbers_are_numbers_at_the_schemes_places(sheet: Any, seed: Result) -> None:
    row = _find(sheet, "协议金额").row
    score = sheet.cell(row, 9)
    assert score.value == pytest.approx(7.7) and score.number_format == "0.0"
    assert sheet.cell(row, 8).value == 10 and sheet.cell(row, 7).value == pytest.approx(184.2)
    total = sheet.cell(_find(sheet, "合计").row, 9)
    assert total.value.startswith("=SUM(") and total.number_format == "0.0"  # a formula …
    cached = openpyxl.load_workbook(io.BytesIO(render_xlsx(seed)), data_only=True).active
    assert cached[total.coordinate].value == pytest.approx(97.7)  # … with its value cached
    rate = sheet.cell(_find(sheet, "执行率").row + 1, 7)
    assert rate.value == 1 and rate.number_format == "0.00%"
    initial = sheet.cell(_find(sheet, "年初预算数").row + 1, 3)
    assert initial.value == 300 and initial.number_format == "0.00"  # 300.00 as printed


def test_two_places_scheme_gives_two_decimal_format() -> None:
    result = evaluate(load_case(SEED), "mof-2020")
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(result))).active
    assert ws.cell(_find(ws, "协议金额").row, 9).number_format == "0.00"


def test_grade_conclusion_and_footer(sheet: Any, seed: Result) -> None:
    grade = _find(sheet, "评价等级")
    assert sheet.cell(grade.row, 3).value == "优秀"
    assert _find(sheet, "评价结论")
    footer = next(c for row in sheet.iter_rows() for c in row
                  if isinstance(c.value, str) and c.value.startswith("评分规则："))
    assert seed.scheme.id in footer.value


def test_wrapped_text_borders_and_widths(sheet: Any) -> None:
    cell = sheet.cell(_find(sheet, "创造GDP产值").row, 10)
    assert cell.value == "未完全投产，无法计算"
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    assert sheet.column_dimensions["C"].width >= 18
    assert sheet.column_dimensions["K"].width >= 30


def test_page_setup_is_a4_fitted_to_width_with_print_titles(sheet: Any) -> None:
    header = _find(sheet, "三级指标").row
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${header}:${header}"
    last = max(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value)
    assert str(sheet.print_area).endswith(f"!$A$1:$K${last}")


def test_user_text_is_never_a_formula(tmp_path: Any) -> None:
    case = load_case(SEED)
    evil = {"name": "=HYPERLINK(\"http://x\",\"y\")", "department": "+1+1",
            "unit": "-2+3", "code": "@SUM(A1)"}
    case = case.model_copy(update={"project": case.project.model_copy(update=evil)})
    ws = openpyxl.load_workbook(io.BytesIO(render_xlsx(evaluate(case)))).active
    for text in evil.values():
        cell = _find(ws, text)  # read back verbatim, as text
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text
    path = tmp_path / "evil.xlsx"
    path.write_bytes(render_xlsx(evaluate(case)))
    import zipfile
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    formulas = re.findall(r"<f>([^<]*)</f>", sheet_xml)  # no formula but the two totals
    assert "<f " not in sheet_xml and len(formulas) == 2
    assert all(re.fullmatch(r"SUM\([HI]\d+,[HI]\d+:[HI]\d+\)", f) for f in formulas)


def test_comparator_equals_sign_stays_text(sheet: Any) -> None:
    cell = sheet.cell(_find(sheet, "完成时间").row, 4)
    assert cell.value == "=" and cell.data_type == "s"


def test_marks_fill_and_comment_cells(seed: Result) -> None:
    wb = openpyxl.Workbook()
    marks = {("协议金额", "得分"): ("error", "得分应为 7.7"),
             ("创造GDP产值", "完成值"): ("warning", "没有完成值"),
             ("预算执行率", "执行率"): ("info", "执行率 100%"),
             ("合计", "得分"): ("error", "合计不符"),
             ("差旅费", "一级指标"): ("warning", "成本指标")}
    write_form_sheet(wb.active, build_table(seed), marks)
    ws = openpyxl.load_workbook(_save(wb)).active
    checks = [(_find(ws, "协议金额").row, 9, "error", "得分应为 7.7"),
              (_find(ws, "创造GDP产值").row, 7, "warning", "没有完成值"),
              (_find(ws, "执行率").row + 1, 7, "info", "执行率 100%"),
              (_find(ws, "合计").row, 9, "error", "合计不符"),
              (_find(ws, "参加或举办大型活动").row, 1, "warning", "成本指标")]  # merged 一级
    for row, col, severity, text in checks:
        cell = ws.cell(row, col)
        assert cell.fill.fgColor.rgb.endswith(SEVERITY_FILL[severity]), (row, col)
        assert cell.comment is not None and cell.comment.text == text
    unmarked = ws.cell(_find(ws, "招引项目个数").row, 9)
    assert unmarked.comment is None and unmarked.fill.fill_type is None


def test_unknown_mark_is_a_render_error(seed: Result) -> None:
    wb = openpyxl.Workbook()
    with pytest.raises(RenderError, match="没有行"):
        write_form_sheet(wb.active, build_table(seed), {("不存在", "得分"): ("error", "x")})
    with pytest.raises(RenderError, match="严重程度"):
        write_form_sheet(openpyxl.Workbook().active, build_table(seed),
                         {("协议金额", "得分"): ("fatal", "x")})


def _save(wb: Any) -> io.BytesIO:
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_same_result_gives_the_same_bytes(seed: Result) -> None:
    assert render_xlsx(seed) == render_xlsx(seed)


def test_registry_returns_bytes_and_many_results_make_many_sheets(seed: Result) -> None:
    data = render(seed, "xlsx")
    assert isinstance(data, bytes) and data[:2] == b"PK"
    other = evaluate(load_case(SEED), "mof-2020")
    many = render_many([seed, other], "xlsx")
    assert isinstance(many, bytes) and many == render_xlsx_many([seed, other])
    wb = openpyxl.load_workbook(io.BytesIO(many))
    assert len(wb.sheetnames) == 3 and len(set(wb.sheetnames)) == 3  # two forms, the review
    assert wb.sheetnames[-1] == "复核信息"
    assert isinstance(render(seed, "text"), str)


def test_total_is_exact_decimal_text_in_the_xml(seed: Result) -> None:
    import zipfile
    xml = zipfile.ZipFile(io.BytesIO(render_xlsx(seed))).read(
        "xl/worksheets/sheet1.xml").decode()
    assert '<v>97.7</v>' in xml  # written from the Decimal's text, no binary float
    assert Decimal("97.7") == seed.total


@pytest.mark.parametrize("case", ["anju-2023-investment", "anju-2023-department",
                                  "026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021"])
def test_every_markable_cell_is_drawn_and_named(case: str) -> None:
    from conftest import CASES

    from scoring.report.xlsx import markable_cells

    table = build_table(evaluate(load_case(CASES / f"{case}.yaml")))
    wb = openpyxl.Workbook()
    drawn = write_form_sheet(wb.active, table)
    assert set(drawn) == markable_cells(table)
    own = [c for (_, column), c in drawn.items() if column not in ("一级指标", "二级指标")]
    assert len(set(own)) == len(own)  # one cell per (row, column), but merged 一级/二级
    from openpyxl.cell.cell import MergedCell

    for coordinate in drawn.values():  # a merged 一级/二级 names the range's first cell
        assert not isinstance(wb.active[coordinate], MergedCell), coordinate
    for (key, column), coordinate in drawn.items():
        if key not in ("预算执行率", "合计") and column == "三级指标":
            assert wb.active[coordinate].value == table.indicators.rows[
                table.indicators.keys.index(key)][2]
