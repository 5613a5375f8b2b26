"""The layouts departments publish (#15.3), read by their labels: the central MOF 2020 form,
the 衔接资金 绩效目标自评表 (分值 before the targets), the 湖北 20-point execution form and
the 部门整体 form. Each scores exactly as its case in cases/, from a workbook built here with
openpyxl (tests/layouts.py) and from its flat example in cases/layouts/ (CSV, and the same
rows as an XLSX sheet)."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES

openpyxl = pytest.importorskip("openpyxl")

from layouts import (  # noqa: E402
    CHONGQING,
    DEPARTMENT,
    HUBEI_2020,
    MOF_2020,
    XIANJIE,
    Layout,
    write_form,
)

from scoring import audit, evaluate, load_case  # noqa: E402
from scoring.load.form import read_form_workbook  # noqa: E402
from scoring.load.tables import load_cases  # noqa: E402
from scoring.model.case import Case  # noqa: E402
from scoring.model.result import Result  # noqa: E402

EXAMPLES: dict[str, tuple[str, Layout]] = {
    "mof-2020": ("layout-mof-2020-weituo-2022", MOF_2020),
    "xianjie": ("008-sichuan-zhongjiang-slj-shuibiaochi-xianjie-2022", XIANJIE),
    "hubei-20": ("layout-hubei-20-xuesheng-zizhu-2021", HUBEI_2020),
    "department": ("layout-department-wenlv-2022", DEPARTMENT),
    "chongqing": ("026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021", CHONGQING),
}


def _scheme(case: Case) -> str:
    scheme = case.scheme or case.indicator_set.scheme
    assert scheme is not None
    return scheme


def _same(got: Result, expected: Result) -> None:
    assert got.scheme.id == expected.scheme.id
    assert (got.total, got.grade, got.max_total) == (expected.total, expected.grade,
                                                     expected.max_total)
    assert [(r.name, r.score, r.status) for r in got.indicators] == [
        (r.name, r.score, r.status) for r in expected.indicators]
    assert got.budget is not None and expected.budget is not None
    assert (got.budget.score, got.budget.rate, got.budget.weight) == (
        expected.budget.score, expected.budget.rate, expected.budget.weight)
    assert sorted(f.code for f in got.findings) == sorted(f.code for f in expected.findings)


def _same_audit(case: Case, original: Case) -> None:
    """The audit of the table finds what the audit of its case finds (published scores,
    total and grade read from their cells)."""
    got, expected = audit(case, _scheme(original)), audit(original)
    assert sorted((f.code, f.indicator) for f in got.audit.findings) == sorted(
        (f.code, f.indicator) for f in expected.audit.findings)
    assert got.published_grade == expected.published_grade


def _form(tmp_path: Path, case: Case, layout: Layout) -> Path:
    book = openpyxl.Workbook()
    write_form(book.active, case, layout)
    path = tmp_path / "form.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("which", EXAMPLES)
def test_the_official_form_of_each_layout_scores_as_its_case(tmp_path: Path, which: str) -> None:
    stem, layout = EXAMPLES[which]
    original = load_case(CASES / f"{stem}.yaml")
    [case] = read_form_workbook(_form(tmp_path, original, layout)) or []
    assert case.scheme is None  # no footer: the caller names the scheme
    assert case.indicator_set.kind == ("department" if which == "chongqing" else  # its title
                                       original.indicator_set.kind)
    assert case.project.name == original.project.name
    _same(evaluate(case, _scheme(original)), evaluate(original))
    _same_audit(case, original)
    assert case.reported is not None and original.reported is not None
    assert Decimal(str(case.reported.total)) == Decimal(str(original.reported.total))


@pytest.mark.parametrize("which", EXAMPLES)
def test_the_flat_example_in_cases_layouts_scores_as_its_case(tmp_path: Path,
                                                              which: str) -> None:
    stem, _ = EXAMPLES[which]
    original = load_case(CASES / f"{stem}.yaml")
    expected = evaluate(original)
    table = CASES / "layouts" / f"{stem}.csv"
    [case] = load_cases(table, _scheme(original))
    _same(evaluate(case), expected)
    _same_audit(case, original)
    book = openpyxl.Workbook()  # the same rows as a sheet
    with table.open(encoding="utf-8", newline="") as handle:
        for r, row in enumerate(csv.reader(handle), start=1):
            for c, text in enumerate(row, start=1):
                if text:
                    book.active.cell(r, c, text).data_type = "s"  # `=100%` is text
    sheet = tmp_path / "flat.xlsx"
    book.save(sheet)
    [case] = load_cases(sheet, _scheme(original))
    _same(evaluate(case), expected)


def test_every_layout_example_has_its_case_and_flat_table() -> None:
    stems = {p.stem for p in (CASES / "layouts").glob("*.csv")}
    assert stems == {stem for stem, _ in EXAMPLES.values()}
    assert all((CASES / f"{stem}.yaml").exists() for stem in stems)


def _cell(case: Case, name: str, field: str) -> str | None:
    ind = next(i for i in case.indicator_set.indicators if i.name == name)
    if field in ind.field_locations:
        return ind.field_locations[field].cell
    return case.actuals[ind.key].field_locations[field].cell


def test_the_mof_form_keeps_the_comparator_in_the_target_and_places_every_cell(
        tmp_path: Path) -> None:
    original = load_case(CASES / "layout-mof-2020-weituo-2022.yaml")
    [case] = read_form_workbook(_form(tmp_path, original, MOF_2020)) or []
    ind = next(i for i in case.indicator_set.indicators if i.name == "项目总成本")
    assert (ind.comparator.given, ind.target.given) == (None, "≤90万元")  # as printed
    # 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 from B
    row = int((_cell(case, "项目总成本", "name") or "").removeprefix("Sheet!D"))
    assert [_cell(case, "项目总成本", f) for f in ("target", "value", "weight",
                                                  "reported_score", "reason")] == [
        f"Sheet!{col}{row}" for col in "EFGHI"]
    assert (case.project.goals, case.project.goal_completion) == (
        original.project.goals, original.project.goal_completion)  # 预期目标 | 实际完成情况
    assert case.budget is not None and case.budget.sources is None  # source rows without figures
    result = evaluate(case, "mof-2020")
    assert result.indicator("报告提交时间").score == Decimal("10.00")  # 11月 ≤ 12月底前
    assert result.indicator("基建项目审计覆盖率").score == Decimal("13.80")  # `=100%` as text


def test_the_xianjie_form_reads_the_weight_before_the_targets(tmp_path: Path) -> None:
    original = load_case(CASES / "008-sichuan-zhongjiang-slj-shuibiaochi-xianjie-2022.yaml")
    [case] = read_form_workbook(_form(tmp_path, original, XIANJIE)) or []
    name = _cell(case, "安装坡面水标尺", "name") or ""
    row = name.removeprefix("Sheet!D")
    assert [_cell(case, "安装坡面水标尺", f) for f in ("weight", "target", "value")] == [
        f"Sheet!E{row}", f"Sheet!F{row}", f"Sheet!G{row}"]


def test_the_hubei_form_takes_the_budget_weight_from_its_label(tmp_path: Path) -> None:
    original = load_case(CASES / "layout-hubei-20-xuesheng-zizhu-2021.yaml")
    path = _form(tmp_path, original, HUBEI_2020)
    [case] = read_form_workbook(path) or []
    spec = case.indicator_set.budget_execution
    assert spec is not None and spec.weight.given == Decimal(20)
    ws = openpyxl.load_workbook(path).active
    label = next(c for row in ws.iter_rows() for c in row
                 if c.value == "预算执行情况（万元）（20分）")
    assert spec.location.cell == f"Sheet!{label.coordinate}"
    result = evaluate(case, "hubei-2020")
    assert result.budget is not None and (result.budget.weight, result.budget.score) == (
        Decimal(20), Decimal("19.2"))
    assert result.total == Decimal("96.0")
    # under the 10-point scheme the table is still read at its own 20 points, and said so
    other = evaluate(case, "mof-2020")
    assert other.budget is not None and other.budget.weight == Decimal(20)
    assert "weights-do-not-sum" in {f.code for f in other.findings}


def test_the_department_form_is_a_department_case(tmp_path: Path) -> None:
    original = load_case(CASES / "layout-department-wenlv-2022.yaml")
    [case] = read_form_workbook(_form(tmp_path, original, DEPARTMENT)) or []
    assert case.indicator_set.kind == "department"  # 部门（单位）整体支出绩效自评表
    assert (case.project.name, case.project.year) == ("某县文化和旅游局", 2022)
    assert case.budget is not None
    assert (case.budget.initial.given, case.budget.adjusted.given,
            case.budget.executed.given) == (Decimal("2860.5"), Decimal("3102.8"), Decimal("3015.6"))


def test_labels_not_positions_find_the_blocks(tmp_path: Path) -> None:
    """The MOF form with its indicator columns in another order and a column of another
    word (备注) between: the same scores."""
    original = load_case(CASES / "layout-mof-2020-weituo-2022.yaml")
    shuffled = Layout(**{**MOF_2020.__dict__, "columns": (
        ("一级指标", "level1"), ("备注", "note"), ("二级指标", "level2"), ("三级指标", "name"),
        ("分值", "weight"),
        ("实际完成值", "actual"), ("年度指标值", "target"), ("偏差原因分析及改进措施", "reason"),
        ("得分", "score"))})
    book = openpyxl.Workbook()
    ws = book.active
    write_form(ws, original, shuffled)
    path = tmp_path / "moved.xlsx"
    book.save(path)
    [case] = read_form_workbook(path) or []
    _same(evaluate(case, "mof-2020"), evaluate(original))


def test_a_row_problem_in_a_recognised_layout_is_a_row_finding(tmp_path: Path) -> None:
    original = load_case(CASES / "layout-mof-2020-weituo-2022.yaml")
    book = openpyxl.Workbook()
    ws: Any = book.active
    write_form(ws, original, MOF_2020)
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "委托业务报告合格率")
    ws.cell(row, 6).value = "见附件"  # 实际完成值 that is no number nor phrase
    path = tmp_path / "row.xlsx"
    book.save(path)
    [case] = read_form_workbook(path) or []
    result = evaluate(case, "mof-2020")
    assert result.indicator("委托业务报告合格率").status == "unparsed"
    bad = next(f for f in result.findings if f.code == "unparsed-cell")
    assert bad.location is not None and bad.location.cell == f"Sheet!F{row}"
    assert result.total == Decimal("84.30")  # the rest still scores


def test_the_chongqing_table_takes_the_adjusted_target_when_filled(tmp_path: Path) -> None:
    """重庆 部门整体: no 一级/二级 columns; 调整指标值 when filled, else 年初指标值; the
    budget row named in 指标名称."""
    path = tmp_path / "cq.csv"
    path.write_text("指标名称,指标性质,年初指标值,调整指标值,全年完成值,指标权重(分),指标得分(分)\n"
                    "预算执行率,,,,90%,10,9\n"
                    "培训人次,≥,100,120,110,45,41.25\n"
                    "覆盖率,≥,95%,,95%,45,45\n", "utf-8")
    [case] = load_cases(path)
    first, second = case.indicator_set.indicators
    assert (first.level1, first.target.given, second.target.given) == (None, "120", "95%")
    assert (first.field_locations["target"].col, second.field_locations["target"].col) \
        == (4, 3)
    result = evaluate(case)
    assert result.budget is not None and result.budget.score == Decimal("9.00")
    assert [r.score for r in result.indicators] == [Decimal("41.25"), Decimal("45.00")]


@pytest.mark.parametrize("mark", ["—", "/", "-"])
def test_a_budget_figure_printed_as_a_dash_is_blank(tmp_path: Path, mark: str) -> None:
    """The official form marks a figure it has none of with a dash or a slash (年初预算数
    of a project added during the year): blank, not a refused table."""
    original = load_case(CASES / "layout-mof-2020-weituo-2022.yaml")
    book = openpyxl.Workbook()
    ws: Any = book.active
    write_form(ws, original, MOF_2020)
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "年度资金总额")
    ws.cell(row, 3).value = mark  # 年初预算数
    path = tmp_path / "dash.xlsx"
    book.save(path)
    [case] = read_form_workbook(path) or []
    assert case.budget is not None and case.budget.initial.given is None
    _same(evaluate(case, "mof-2020"), evaluate(original))
    table = tmp_path / "dash.csv"
    table.write_text((CASES / "layouts" / "layout-mof-2020-weituo-2022.csv").read_text(
        "utf-8").replace(",10,10,,90\n", f",10,10,,{mark}\n", 1), "utf-8")
    assert f",预算执行率,90,89.97,10,10,,{mark}\n" in table.read_text("utf-8")
    [flat] = load_cases(table)
    assert flat.budget is not None and flat.budget.initial.given is None
    _same(evaluate(flat), evaluate(original))


@pytest.mark.parametrize("weight", ["十分", "-5", "0"])
@pytest.mark.parametrize("which", ["mof-2020", "xianjie"])
def test_a_bad_weight_on_the_form_is_what_the_flat_table_gives(tmp_path: Path, which: str,
                                                               weight: str) -> None:
    """A 权重 printed as text, negative or 0 on the official form (#15.1): the row's
    `bad-weight` [warning] at its 分值 cell, judged and not scored, exactly as the same row
    of the flat table; the rest of the table scores."""
    stem, layout = EXAMPLES[which]
    scheme = _scheme(load_case(CASES / f"{stem}.yaml"))
    with (CASES / "layouts" / f"{stem}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("分值")
    name = rows[2][rows[0].index("三级指标")]
    rows[2][at] = weight  # the first indicator row after the budget row
    flat = tmp_path / "flat.csv"
    with flat.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    [table] = load_cases(flat, scheme)
    [form] = read_form_workbook(_form(tmp_path, table, layout)) or []
    got, expected = evaluate(form, scheme), evaluate(table)
    row = got.indicator(name)
    assert (row.weight, row.score, row.status) == (None, None,
                                                   expected.indicator(name).status)
    assert [(r.name, r.score, r.status, r.weight) for r in got.indicators] == [
        (r.name, r.score, r.status, r.weight) for r in expected.indicators]
    assert (got.total, got.grade, got.max_total) == (expected.total, expected.grade,
                                                     expected.max_total)
    assert sorted((f.code, f.indicator, f.severity) for f in got.findings) == sorted(
        (f.code, f.indicator, f.severity) for f in expected.findings)
    [bad] = [f for f in got.findings if f.code == "bad-weight"]
    assert bad.location is not None and bad.location.cell == _cell(form, name, "weight")
    assert sorted(f.code for f in audit(form, scheme).audit.findings) == sorted(
        f.code for f in audit(table).audit.findings)
