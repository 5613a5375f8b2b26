"""The flat 自评表 from XLSX (scoring/read/xlsxtable.py, dispatch in scoring/io)."""

from __future__ import annotations

import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_cli

from scoring import evaluate
from scoring.errors import LoadError, Location, format_diagnostic
from scoring.load.tables import iter_cases, load_cases
from scoring.model.case import Case
from scoring.read.xlsxtable import column_letter, open_workbook

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
          "得分", "未完成原因分析"]


def workbook(path: Path, rows: list[list[object]], title: str = "自评表",
             merges: tuple[str, ...] = (), percent: tuple[str, ...] = ()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in percent:
        ws[ref].number_format = "0%"
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def test_merged_levels_are_inherited_and_cells_are_placed(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [
        ["部门预算项目支出绩效自评表（2023年度）"],
        HEADER,
        ["产出指标", "数量指标", "招引项目个数", "≧", 16, "个", 21, 30, 30, None],
        [None, None, "协议金额", "≥", 240, "亿元", 184.2, 30, 23, "无超大项目"],
        [None, "质量指标", "合格率", None, "≥95%", None, 0.98, 20, None, None],
        ["满意度指标", "满意度指标", "群众满意度", "≥", 0.95, None, "约九成", 20, None, None],
    ], merges=("A3:A5", "B3:B4"), percent=("G5", "E6"))
    [case] = load_cases(path)
    inds = case.indicator_set.indicators
    assert [(i.level1, i.level2) for i in inds] == [
        ("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"),
        ("满意度指标", "满意度指标")]
    assert [str(i.target) for i in inds] == ["16", "240", "≥95%", "95%"]
    assert [str(case.actuals[i.name].value) for i in inds] == ["21", "184.2", "98%", "约九成"]
    assert inds[1].location == Location(str(path), 4, 3, "自评表!C4")
    assert str(inds[1].field_locations["target"]) == f"{path}:自评表!E4"
    result = evaluate(case)
    [unparsed] = [f for f in result.findings if f.code == "unparsed-cell"]
    assert str(unparsed.location) == f"{path}:自评表!G6"
    assert result.indicators[1].score == Decimal("23.03")


def test_one_project_per_sheet_and_sheets_without_a_header_are_skipped(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本工作簿为自评表"])
    for title, actual in (("甲", 1), ("乙", 0)):
        ws = wb.create_sheet(title)
        ws.append(["项目名称", *HEADER])
        ws.append([f"项目{title}", "产出指标", "数量指标", "a", "≥", 1, None, actual, 100])
    wb.save(tmp_path / "two.xlsx")
    cases = load_cases(tmp_path / "two.xlsx", "sichuan-2023")
    assert [(c.project.name, c.scheme) for c in cases] == [("项目甲", "sichuan-2023"),
                                                          ("项目乙", "sichuan-2023")]
    assert [str(evaluate(c).total) for c in cases] == ["100.0", "0.0"]


def test_missing_columns_name_the_sheet_cell(tmp_path: Path) -> None:
    path = workbook(tmp_path / "m.xlsx", [["一级指标", "二级指标", "三级指标", "目标值 ", "权值"],
                                          ["产出指标", "数量指标", "a", 1, 10]], title="Sheet1")
    with pytest.raises(LoadError) as info:
        load_cases(path)
    assert [format_diagnostic(d) for d in info.value.diagnostics] == [
        f"{path}:Sheet1!E1: 缺少必需的列 权重（weight）（表头“权值”是否应为“权重”？） "
        "(missing-column)"]


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(LoadError) as info:
        open_workbook(path)
    assert [(d.code, d.location) for d in info.value.diagnostics] == [
        ("not-xlsx", Location(str(path)))]
    with pytest.raises(LoadError) as info:  # whichever reader sees it first says so
        load_cases(path)
    assert [d.location for d in info.value.diagnostics] == [Location(str(path))]
    run = run_cli("score", str(path))
    assert run.code == 1 and run.err.startswith(f"{path}: ") and "Traceback" not in run.err


def test_official_form_reader_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row: list[object] = ["产出指标", "数量指标", "a", "≥", 1, None, 1, 100]
    path = workbook(tmp_path / "f.xlsx", [HEADER, row])
    flat = load_cases(path)
    form = types.ModuleType("scoring.load.form")
    calls: list[Path] = []

    def read_form_workbook(p: Path) -> list[Case] | None:
        calls.append(p)
        return None if p.name == "f.xlsx" else flat

    form.read_form_workbook = read_form_workbook  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "scoring.load.form", form)
    assert [c.indicator_set.indicators for c in load_cases(path)] == [
        c.indicator_set.indicators for c in flat]
    other = path.with_name("g.xlsx")
    other.write_bytes(b"")  # never opened as a flat table: the form reader answered
    assert [c.scheme for c in load_cases(other, "hubei-2020")] == ["hubei-2020"]
    assert calls == [path, other]


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == [
        "A", "Z", "AA", "AZ", "ZZ", "AAA"]


def test_cli_scores_an_xlsx_table(tmp_path: Path) -> None:
    row: list[object] = ["产出指标", "数量指标", "a", "≥", 1, None, 1, 90]
    path = workbook(tmp_path / "t.xlsx", [HEADER, row])
    run = run_cli("score", str(path), "--format", "json")
    assert run.code == 0, run.err
    assert '"total": "90.00"' in run.out
    assert sum(1 for _ in iter_cases(path)) == 1
