"""The official form whole (#16.2): 项目年度目标 / 年度目标完成情况 / 项目实施内容 and the
fund-source rows in the case format and every renderer, `--publish`, the review apart from
the form, and every exported form reading back to the same total, grade and row scores."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES, SEED, run_cli

from scoring import LoadError, evaluate, load_case
from scoring.load.scheme import builtin_ids
from scoring.model.result import Result
from scoring.report import render, render_many

openpyxl = pytest.importorskip("openpyxl")

from scoring.load.form import read_form_workbook  # noqa: E402

WHOLE = """\
project:
  name: 全表示例
  department: 示例局
  year: 2023
  goals: 完成 21 个招商项目的洽谈与签约
  goal_completion: 签约 21 个，协议金额 184.2 亿元
  content: 组织招商推介会 6 场
indicator_set: {iset}
budget:
  initial: 300.00
  adjusted: 349.78
  executed: 349.78
  sources:
    fiscal: {{initial: 300.00, adjusted: 329.78, executed: 329.78}}
    unit: {{initial: 0, adjusted: "20万元", executed: 10}}
actuals:
  招引项目个数: 21
  协议金额: {{value: 184.2, reason: 无超大项目}}
"""
ISET = (CASES.parent / "indicator_sets" / "anju-2023-investment.yaml").resolve()


@pytest.fixture
def whole(write_yaml: Any) -> Path:
    path: Path = write_yaml("whole.yaml", WHOLE.format(iset=ISET))
    return path


@pytest.fixture
def result(whole: Path) -> Result:
    return evaluate(load_case(whole))


def test_the_case_format_holds_the_new_blocks(result: Result) -> None:
    p = result.project
    assert (p.goals, p.goal_completion, p.content) == (
        "完成 21 个招商项目的洽谈与签约", "签约 21 个，协议金额 184.2 亿元", "组织招商推介会 6 场")
    assert result.budget is not None
    fiscal, unit = result.budget.sources
    assert (fiscal.key, fiscal.adjusted, fiscal.executed, fiscal.rate) == (
        "fiscal", Decimal("329.78"), Decimal("329.78"), Decimal(1))
    assert (unit.key, unit.adjusted, unit.rate) == ("unit", Decimal(20), Decimal("0.5"))


def test_json_gains_them_additively(result: Result) -> None:
    data = json.loads(render(result, "json"))
    assert data["project"]["goals"] == "完成 21 个招商项目的洽谈与签约"
    assert data["budget_execution"]["sources"]["unit"] == {
        "initial": "0", "adjusted": "20", "executed": "10", "rate": "0.5000"}
    plain = json.loads(render(evaluate(load_case(SEED)), "json"))
    assert "goals" not in plain["project"] and "sources" not in plain["budget_execution"]


@pytest.mark.parametrize(("text", "where", "code"), [
    ("    unit: {initial: 0, adjusted: 二十, executed: 10}", "15:34", "bad-budget"),
    ("    unit: {initial: 0, adjusted: -1, executed: 10}", "15:34", "bad-budget"),
    ("    unit: {initial: 0, adjusted: 20, excuted: 10}", "15:38", "unknown-key"),
    ("    own: {initial: 0, adjusted: 20, executed: 10}", "15:5", "unknown-key"),
])
def test_bad_source_rows_are_located(write_yaml: Any, text: str, where: str,
                                     code: str) -> None:
    lines = WHOLE.format(iset=ISET).splitlines()
    lines[14] = text  # the `unit:` row
    path = write_yaml("bad.yaml", "\n".join(lines) + "\n")
    with pytest.raises(LoadError) as err:
        load_case(path)
    [diagnostic] = err.value.diagnostics
    assert (f"{diagnostic.location.line}:{diagnostic.location.col}", diagnostic.code) == (
        where, code)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_text_renderer_prints_the_blocks_in_the_form(result: Result, fmt: str) -> None:
    out = render(result, fmt)  # type: ignore[call-overload]
    order = ["项目年度目标", "完成 21 个招商项目的洽谈与签约", "年度目标完成情况", "项目实施内容",
             "年度资金总额", "其中：财政资金", "329.78", "财政专户管理资金", "单位资金", "50.00%",
             "其他资金", "绩效指标"]
    places = [out.index(word) for word in order]
    assert places == sorted(places), fmt


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_blank_blocks_are_printed_empty(fmt: str) -> None:
    out = render(evaluate(load_case(SEED)), fmt)  # type: ignore[call-overload]
    for label in ("项目年度目标", "年度目标完成情况", "项目实施内容", "其中：财政资金",
                  "财政专户管理资金", "单位资金", "其他资金"):
        assert label in out, (fmt, label)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_the_review_follows_the_form_and_publish_leaves_it_out(fmt: str) -> None:
    seed = evaluate(load_case(SEED))
    whole = render(seed, fmt)  # type: ignore[call-overload]
    review = whole.index("复核信息（不属于自评表）")
    assert whole.index("评价等级") < review < whole.index("复核发现")
    assert whole.index("内容哈希") > review and whole.index(str(SEED)) > review
    published = render(seed, fmt, publish=True)  # type: ignore[call-overload]
    for absent in ("复核", "内容哈希", seed.scheme.content_hash[:12], str(SEED), "manual-score"):
        assert absent not in published, (fmt, absent)
    assert "评分规则：sichuan-2023" in published and "97.7" in published


def test_json_is_the_data_either_way() -> None:
    seed = evaluate(load_case(SEED))
    assert render(seed, "json", publish=True) == render(seed, "json")


def _texts(ws: Any) -> list[str]:
    return [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_xlsx_review_is_a_second_sheet_and_publish_has_none(result: Result) -> None:
    book = openpyxl.load_workbook(io.BytesIO(render(result, "xlsx")))
    form, review = book.worksheets
    assert review.title == "复核信息"
    assert not any("哈希" in t or "复核发现" in t or "whole.yaml" in t for t in _texts(form))
    footer = f"（版本 2023.1；评分规则与指标体系的内容哈希 {result.scheme.content_hash}）"
    assert any(t.startswith("评分规则：sichuan-2023 ") and t.endswith(footer)
               for t in _texts(review))  # the footer of earlier exports, moved off the form
    assert any(t.startswith("[警告]") or t.startswith("[提示]") for t in _texts(review))
    published = openpyxl.load_workbook(io.BytesIO(render(result, "xlsx", publish=True)))
    assert published.sheetnames == [form.title]
    assert _texts(published.active) == _texts(form)  # the same form, nothing else


def test_cli_publish(tmp_path: Path) -> None:
    out = tmp_path / "自评表.xlsx"
    assert run_cli("score", str(SEED), "--format", "xlsx", "-o", str(out), "--publish").code == 0
    assert openpyxl.load_workbook(out).sheetnames == ["2023招商引资"]
    run = run_cli("score", str(SEED), "--publish")
    assert run.code == 0 and "复核" not in run.out and "哈希" not in run.out


def _read_back(data: bytes, tmp_path: Path, scheme: str | None) -> list[Result]:
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    return [evaluate(case) for case in read_form_workbook(path, scheme) or []]


def _same(got: Result, expected: Result) -> None:
    assert (got.total, got.grade, got.max_total) == (expected.total, expected.grade,
                                                     expected.max_total)
    assert [(r.name, r.score) for r in got.indicators] == [
        (r.name, r.score) for r in expected.indicators]
    assert (got.budget and got.budget.score) == (expected.budget and expected.budget.score)


@pytest.mark.parametrize("publish", [False, True], ids=["form", "published"])
@pytest.mark.parametrize("case_path", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_exported_form_reads_back(case_path: Path, publish: bool, tmp_path: Path) -> None:
    original = load_case(case_path)
    expected = evaluate(original)
    scheme = original.scheme or original.indicator_set.scheme
    [got] = _read_back(render(expected, "xlsx", publish=publish), tmp_path,
                       None if scheme in builtin_ids() else scheme)
    _same(got, expected)


def test_several_forms_in_one_workbook_read_back(tmp_path: Path) -> None:
    results = [evaluate(load_case(p)) for p in sorted(CASES.glob("*.yaml"))
               if "department" in p.stem]
    data = render_many(results, "xlsx")
    assert isinstance(data, bytes)
    got = _read_back(data, tmp_path, None)
    assert len(got) == len(results)
    for g, e in zip(got, results, strict=True):
        _same(g, e)


def test_the_new_blocks_read_back(result: Result, tmp_path: Path) -> None:
    path = tmp_path / "whole.xlsx"
    path.write_bytes(render(result, "xlsx"))
    [case] = read_form_workbook(path) or []
    p = case.project
    assert (p.goals, p.goal_completion, p.content) == (
        result.project.goals, result.project.goal_completion, result.project.content)
    assert p.place("goals").cell.endswith("!C4")
    back = evaluate(case)
    assert back.budget is not None and result.budget is not None
    assert back.budget.sources == result.budget.sources


def test_an_empty_goal_does_not_take_the_next_label(tmp_path: Path) -> None:
    path = tmp_path / "seed.xlsx"
    path.write_bytes(render(evaluate(load_case(SEED)), "xlsx"))
    [case] = read_form_workbook(path) or []
    assert (case.project.goals, case.project.goal_completion, case.project.content) == (
        None, None, None)
    assert case.budget is not None and case.budget.sources is None


def test_a_rescaled_total_is_a_formula_of_the_applicable_weights(write_yaml: Any,
                                                                 tmp_path: Path) -> None:
    text = WHOLE.format(iset=ISET).replace(
        "  招引项目个数: 21", "  招引项目个数: {value: 21, not_applicable: true, reason: 停办}")
    expected = evaluate(load_case(write_yaml("na.yaml", text)))
    assert expected.rescaled
    data = render(expected, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    formula = next(c for row in book.active.iter_rows() for c in row
                   if isinstance(c.value, str) and c.value.startswith("=ROUND("))
    assert "SUMPRODUCT(ISNUMBER(" in formula.value and formula.value.endswith("*100,1)")
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True).active
    assert Decimal(str(cached[formula.coordinate].value)) == expected.total
    [got] = _read_back(data, tmp_path, None)
    _same(got, expected)


def _codes(result: Result) -> list[str]:
    return [f.code for f in result.findings if f.code == "fund-sources-do-not-sum"]


def test_fund_sources_that_do_not_add_up_are_found(write_yaml: Any) -> None:
    base = WHOLE.format(iset=ISET)
    assert _codes(evaluate(load_case(write_yaml("ok.yaml", base)))) == []  # 2 of 4 rows, below
    over = base.replace("executed: 10}", "executed: 30}")  # 329.78 + 30 > 349.78
    [found] = [f for f in evaluate(load_case(write_yaml("over.yaml", over))).findings
               if f.code == "fund-sources-do-not-sum"]
    assert "执行数之和 359.78 与总额 349.78 不符" in found.message_in("zh")
    assert found.location is not None and found.location.line == 14  # the `sources:` rows
    four = base.replace('    unit: {initial: 0, adjusted: "20万元", executed: 10}\n',
                        '    unit: {initial: 0, adjusted: 10, executed: 10}\n'
                        "    special_account: {initial: 0, adjusted: 0, executed: 0}\n"
                        "    other: {initial: 0, adjusted: 0, executed: 0}\n")
    result = evaluate(load_case(write_yaml("four.yaml", four)))  # adjusted 339.78, executed 339.78
    assert sorted(f.message_in("en") for f in result.findings
                  if f.code == "fund-sources-do-not-sum") == [
        "the fund-source rows' adjusted budget add up to 339.78, not to the total 349.78",
        "the fund-source rows' executed amounts add up to 339.78, not to the total 349.78"]


def _published_layout(path: Path) -> Path:
    """A form laid out as 四川 departments publish it (大英县, 2023): 项目基本情况 with
    项目年度目标 | 年度目标完成情况 as headers over their texts, the budget block's labels
    in column B beside a merged 预算执行情况(10分), fund rows with `/` for no figure."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "安可替代"

    def put(cell: str, value: object, merge: str | None = None) -> None:
        ws[cell] = value
        if merge:
            ws.merge_cells(f"{cell}:{merge}")

    put("A1", "部门预算项目支出绩效自评表（2023年度）", "K1")
    put("A2", "项目名称"), put("B2", "2023年全县安可替代补助资金项目", "K2")
    put("A3", "主管部门"), put("B3", "大英县司法局部门", "E3"), put("F3", "实施单位")
    put("G3", "大英县司法局", "K3")
    put("A4", "项目基本情况", "A6"), put("B4", "1.项目年度目标完成情况", "B5")
    put("C4", "项目年度目标", "F4"), put("G4", "年度目标完成情况", "K4")
    put("C5", "根据要求购买安可设备，并完成项目资金支付。", "F5"), put("G5", "完成", "K5")
    put("B6", "2.项目实施内容及过程概述"), put("C6", "2023年购买13台安可电脑。", "K6")
    put("A7", "预算执行情况(10分)", "A12")
    for col, text in zip("BCDEFGHI", ["年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数",
                                      "预算执行率", "权重", "得分", "原因"], strict=True):
        put(f"{col}7", text)
    rows = [("总额", 0, 3.36, 3.36, "100.00%", 10, 10), ("其中:财政资金", 0, 3.36, 3.36,
            "100.00%", "/", "/"), ("财政专户管理资金", 0, 0, 0, "0.00%", "/", "/"),
            ("单位资金", 0, 0, 0, "0.00%", "/", "/"), ("其他资金", "/", "/", "/", "", "/", "/")]
    for r, values in enumerate(rows, start=8):
        for col, value in zip("BCDEFGH", values, strict=True):
            if value != "":
                put(f"{col}{r}", value)
    put("A13", "绩效指标(90分)", "A14")
    for col, text in zip("BCDEFGHIJK", ["一级指标", "二级指标", "三级指标", "指标性质", "指标值",
                                        "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
                         strict=True):
        put(f"{col}13", text)
    for col, value in zip("BCDEFGHIJ", ["产出指标", "质量指标", "完成安可产品购买", "＝", 100,
                                       "%", 100, 90, 90], strict=True):
        put(f"{col}14", value)
    put("A15", "合计", "H15"), put("I15", 100), put("J15", 100)
    wb.save(path)
    return path


def test_a_published_sichuan_layout_reads_its_blocks(tmp_path: Path) -> None:
    [case] = read_form_workbook(_published_layout(tmp_path / "daying.xlsx")) or []
    p = case.project
    assert (p.goals, p.goal_completion, p.content) == (
        "根据要求购买安可设备，并完成项目资金支付。", "完成", "2023年购买13台安可电脑。")
    assert p.place("goals").cell == "安可替代!C5"
    assert case.budget is not None and case.budget.sources is not None
    s = case.budget.sources
    assert s.fiscal is not None and (s.fiscal.adjusted.given, s.fiscal.executed.given) == (
        Decimal("3.36"),) * 2
    assert s.fiscal.place("adjusted").cell == "安可替代!D9"
    assert s.special_account is not None and s.unit is not None and s.other is None  # all `/`
    result = evaluate(case, "sichuan-2023")
    assert (result.total, result.grade) == (Decimal("100.0"), "优秀")
    assert [f.code for f in result.findings if f.code == "fund-sources-do-not-sum"] == []
