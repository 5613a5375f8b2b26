"""Reading the official form back: blocks found by their labels, merged cells, one case
per sheet, every value located at its cell, and the round trip of our own export."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED

openpyxl = pytest.importorskip("openpyxl")

from scoring import LoadError, evaluate, load_case  # noqa: E402
from scoring.load.form import read_form_workbook  # noqa: E402
from scoring.model.case import Case  # noqa: E402
from scoring.read.cell import Cell  # noqa: E402
from scoring.report.xlsx import render_xlsx  # noqa: E402


def _export(tmp_path: Path, case: Case, name: str = "seed.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(render_xlsx(evaluate(case)))
    return path


def _num(cell: Cell) -> Decimal | None:
    return cell.number


def test_round_trip_gives_the_same_case_and_total(tmp_path: Path) -> None:
    original = load_case(SEED)
    [back] = read_form_workbook(_export(tmp_path, original)) or []
    assert back.project.model_dump() == original.project.model_dump()
    assert back.scheme == "sichuan-2023"  # read from the footer
    assert back.budget is not None and original.budget is not None
    for field in ("initial", "adjusted", "executed"):
        assert _num(getattr(back.budget, field)) == _num(getattr(original.budget, field))
    a_set, b_set = original.indicator_set, back.indicator_set
    assert _num(b_set.budget_execution.weight) == _num(a_set.budget_execution.weight)  # type: ignore[union-attr]
    assert [i.key for i in b_set.indicators] == [i.key for i in a_set.indicators]
    for a, b in zip(a_set.indicators, b_set.indicators, strict=True):
        assert (b.level1, b.level2, b.name, b.unit) == (a.level1, a.level2, a.name, a.unit)
        assert b.comparator.comparator == a.comparator.comparator
        assert (_num(b.target), _num(b.weight)) == (_num(a.target), _num(a.weight))
        act_a, act_b = original.actuals[a.key], back.actuals[b.key]
        assert _num(act_b.value) == _num(act_a.value), a.key
        assert (act_b.reason, act_b.manual) == (act_a.reason, act_a.manual), a.key
    first, second = evaluate(original), evaluate(back)
    assert (str(second.total), second.grade) == ("97.7", "优秀") == (str(first.total),
                                                                     first.grade)
    assert [r.score for r in second.indicators] == [r.score for r in first.indicators]
    assert [r.status for r in second.indicators] == [r.status for r in first.indicators]
    assert sorted(f.code for f in second.findings) == sorted(f.code for f in first.findings)


def test_manual_scores_are_read_back_from_the_scoring_note(tmp_path: Path) -> None:
    [back] = read_form_workbook(_export(tmp_path, load_case(SEED))) or []
    manual = {k: a.manual for k, a in back.actuals.items() if a.manual is not None}
    assert manual == {"创造GDP产值": 10, "完成税收": 5, "创造就业岗位": 5}
    result = evaluate(back)
    assert result.indicator("完成税收").status == "manual"


def test_values_and_findings_are_located_at_their_cells(tmp_path: Path) -> None:
    path = _export(tmp_path, load_case(SEED))
    [back] = read_form_workbook(path) or []
    ws = openpyxl.load_workbook(path).active
    sheet = f"'{ws.title}'"  # starts with a digit: quoted as in Excel
    ind = next(i for i in back.indicator_set.indicators if i.name == "协议金额")
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "协议金额")
    assert str(ind.location) == f"{path}:{sheet}!C{row}"
    assert ind.field_locations["target"].cell == f"{sheet}!E{row}"
    assert ind.field_locations["weight"].cell == f"{sheet}!H{row}"
    actual = back.actuals["协议金额"]
    assert actual.field_locations["value"].cell == f"{sheet}!G{row}"
    assert actual.field_locations["reason"].cell == f"{sheet}!J{row}"
    assert actual.field_locations["reported_score"].cell == f"{sheet}!I{row}"
    gdp = next(f for f in evaluate(back).findings if f.indicator == "创造GDP产值")
    assert gdp.location is not None and gdp.location.cell == f"{sheet}!G{row + 3}"


def test_text_that_looks_like_a_formula_reads_back_as_text(tmp_path: Path) -> None:
    case = load_case(SEED)
    evil = "=1+2"
    case = case.model_copy(update={"project": case.project.model_copy(
        update={"name": evil, "department": "@部门"})})
    [back] = read_form_workbook(_export(tmp_path, case)) or []
    assert (back.project.name, back.project.department) == (evil, "@部门")


def _department_form(ws: Any, name: str = "乡村教师培训") -> None:
    """A form as a department fills it: other columns, other words, merges, blanks."""
    ws.merge_cells("A1:J1")
    ws["A1"] = "部门预算项目支出绩效自评表"
    ws.merge_cells("A2:J2")
    ws["A2"] = "（2022年度）"
    ws["A3"], ws["B3"] = "项目名称", name
    ws.merge_cells("B3:J3")
    ws["A4"], ws["B4"], ws["F4"], ws["G4"] = "主管部门", "某县教育局", "实施单位", "某县进修学校"
    ws.merge_cells("A5:A6")
    ws["A5"] = "项目资金\n（万元）"
    for col, text in zip("CDEFGH", ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
                                    "得分"), strict=True):
        ws[f"{col}5"] = text
    ws["B6"], ws["C6"], ws["D6"], ws["E6"], ws["F6"], ws["G6"], ws["H6"] = (
        "年度资金总额", 100, 120, 108, 10, 0.9, 9)
    ws["G6"].number_format = "0.00%"
    ws.merge_cells("A7:A12")
    ws["A7"] = "绩效指标"
    heads = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
             "偏差原因分析及改进措施")
    for col, text in zip("BCDEFGHI", heads, strict=True):
        ws[f"{col}7"] = text
    rows = [("产出指标", "数量指标", "培训人数", "≥200人", 180, 30, 27, "部分教师因病缺训"),
            (None, None, "培训课时", "≥40", 40, 20, 20, None),
            (None, "质量指标", "结业率", "≥95%", "98%", 20, 20, None),
            ("满意度指标", "满意度指标", "参训教师满意度", "≥90%", "", 10, 10, None)]
    for i, values in enumerate(rows, start=8):
        for col, value in zip("BCDEFGHI", values, strict=True):
            if value is not None:
                ws[f"{col}{i}"] = value
    ws.merge_cells("B8:B10")  # 产出指标 merged down; 数量指标 blank below (= above)
    ws.merge_cells("B12:F12")
    ws["B12"], ws["G12"], ws["H12"] = "总分", 90, 86
    ws["A13"], ws["B13"] = "自评等级", "良"


def test_a_department_form_is_found_by_its_labels(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _department_form(wb.active)
    path = tmp_path / "dept.xlsx"
    wb.save(path)
    [case] = read_form_workbook(path) or []
    assert case.scheme is None  # the caller decides
    assert (case.project.name, case.project.unit, case.project.year) == (
        "乡村教师培训", "某县进修学校", 2022)
    assert case.budget is not None
    assert (case.budget.adjusted.given, case.budget.executed.given,
            case.budget.rate.given) == (Decimal(120), Decimal(108), "90.00%")
    assert case.indicator_set.budget_execution is not None
    assert [(i.level1, i.level2, i.name) for i in case.indicator_set.indicators] == [
        ("产出指标", "数量指标", "培训人数"), ("产出指标", "数量指标", "培训课时"),
        ("产出指标", "质量指标", "结业率"), ("满意度指标", "满意度指标", "参训教师满意度")]
    assert case.indicator_set.indicators[0].target.given == "≥200人"  # original text kept
    assert case.actuals["培训人数"].reason == "部分教师因病缺训"
    assert case.actuals["参训教师满意度"].value.kind == "blank"  # blank, not 0
    assert case.reported is not None
    assert (case.reported.total.given, case.reported.grade,
            case.reported.budget_execution.given) == (Decimal(86), "良", Decimal(9))
    result = evaluate(case, "mof-2020")
    assert result.indicator("培训人数").score == Decimal("27.00")
    assert result.budget is not None and result.budget.score == Decimal("9.00")
    missing = next(f for f in result.findings if f.code == "missing-actual")
    assert missing.location is not None and missing.location.cell == "Sheet!F11"


def test_one_case_per_form_sheet_and_other_sheets_ignored(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _department_form(wb.active, "项目甲")
    _department_form(wb.create_sheet("第二张"), "项目乙")
    notes = wb.create_sheet("说明")
    notes["A1"] = "填表说明：三级指标 指标值 权重"
    path = tmp_path / "two.xlsx"
    wb.save(path)
    cases = read_form_workbook(path, scheme="mof-2020") or []
    assert [c.project.name for c in cases] == ["项目甲", "项目乙"]
    assert {c.scheme for c in cases} == {"mof-2020"}
    assert cases[1].indicator_set.indicators[0].location.cell == "第二张!D8"


def test_a_flat_table_or_a_sheet_without_a_form_is_not_a_form(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重"])
    ws.append(["甲", "产出指标", "数量指标", "人数", "10", "10", "100"])
    path = tmp_path / "flat.xlsx"
    wb.save(path)
    assert read_form_workbook(path) is None
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    assert read_form_workbook(empty) is None


def test_a_form_without_rows_or_an_unreadable_file_is_a_located_error(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    _department_form(wb.active)
    for row in range(8, 12):
        for col in "DEFGHI":
            wb.active[f"{col}{row}"] = None
    path = tmp_path / "norows.xlsx"
    wb.save(path)
    [budget_only] = read_form_workbook(path) or []  # only its budget: scored (#15.1)
    assert "table-unfilled" in {f.code for f in evaluate(budget_only).findings}
    wb.active.unmerge_cells("A5:A6")
    for row in (5, 6):
        for col in "ABCDEFGH":
            wb.active[f"{col}{row}"] = None
    wb.save(path)
    with pytest.raises(LoadError) as info:
        read_form_workbook(path)
    assert info.value.diagnostics[0].code == "no-indicator-rows"
    assert info.value.diagnostics[0].location.cell == "Sheet!D7"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(LoadError) as info:
        read_form_workbook(bad)
    assert str(bad) in str(info.value)


def test_export_of_every_result_is_readable_in_memory() -> None:
    data = render_xlsx(evaluate(load_case(SEED)))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.active["A1"].value.startswith("部门预算项目支出绩效自评表")


MARKERS_CASE = """\
project: {name: 标记往返, year: 2023}
scheme: mof-2020
budget: {initial: "100", adjusted: "100", executed: "80", reason: 尾款未付}
budget_execution: {weight: 10}
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 人数, comparator: "≥", target: 100, unit: 人,
     weight: 30, actual: 90, deduction: 2, reason: 台账不全}
  - {level1: 产出指标, level2: 质量指标, name: 合格率, comparator: "≥", target: "95%",
     weight: 30, actual: "96%"}
  - {level1: 效益指标, level2: 社会效益指标, name: 宣传, comparator: 定性, target: 有效,
     weight: 20, not_applicable: true, reason: 本年度未开展}
  - {level1: 满意度指标, level2: 满意度指标, name: 满意度, comparator: "≥", target: 90,
     weight: 10, manual_score: 8, reason: 抽样不足}
"""


def test_deduction_not_applicable_and_manual_markers_round_trip(tmp_path: Path,
                                                                write_yaml: Any) -> None:
    original = load_case(write_yaml("markers.yaml", MARKERS_CASE))
    [back] = read_form_workbook(_export(tmp_path, original, "markers.xlsx")) or []
    assert back.scheme == "mof-2020"
    assert back.actuals["人数"].deducted == 2
    assert back.actuals["宣传"].not_applicable
    assert back.actuals["满意度"].manual == 8
    assert back.budget is not None and back.budget.reason == "尾款未付"
    first, second = evaluate(original), evaluate(back)
    assert second.rescaled and first.rescaled
    assert (second.total, second.grade) == (first.total, first.grade)
    assert [(r.score, r.status) for r in second.indicators] == [
        (r.score, r.status) for r in first.indicators]
    assert second.budget is not None and first.budget is not None
    assert second.budget.score == first.budget.score
