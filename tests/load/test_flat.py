"""The flat 自评表 from CSV (scoring/io: flat.py, csvtable.py, columns.py)."""

from __future__ import annotations

import dataclasses
import tracemalloc
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_cli

import scoring.read.csvtable as csvtable
from scoring import evaluate
from scoring.errors import LoadError, Location, format_diagnostic
from scoring.load.flat import year_of
from scoring.load.tables import iter_cases, load_cases
from scoring.read.columns import columns

ZH = "一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分,未完成原因分析\n"


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def errors(path: Path, scheme: str | None = None) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_cases(path, scheme)
    return [format_diagnostic(d) for d in info.value.diagnostics]


def test_done_when_gb18030_real_cells_score_without_unparsed_cell(tmp_path: Path) -> None:
    """Issue 3: ≧, ═, ≥95%, 98%, 完成 and blank actuals, GB18030, nothing unparsed."""
    path = write(tmp_path, ZH
                 + "预算执行情况,,,,100.00,,98.00,10,,\n"
                 + "产出指标,数量指标,学生受资助人数,≧,735,人次,735,20,,\n"
                 + ",质量指标,政策知晓率,═,100,%,98%,20,,宣传不足\n"
                 + ",,合格率,,≥95%,,98%,20,,\n"
                 + ",时效指标,按时完成,≤,30,万元,完成,20,,\n"
                 + "效益指标,社会效益指标,群众满意度,≥,90,%,,10,,\n", "gb18030")
    [case] = load_cases(path)
    result = evaluate(case)
    assert [f.code for f in result.findings if f.code == "unparsed-cell"] == []
    by_name = {r.name: r for r in result.indicators}
    assert [by_name[n].status for n in by_name] == ["met", "partial", "met", "met", "missing"]
    assert by_name["政策知晓率"].score == Decimal("19.60")
    assert by_name["群众满意度"].score == 0  # blank is missing, not 0 … and says so:
    missing = [f for f in result.findings if f.code == "missing-actual"]
    assert [str(f.location) for f in missing] == [f"{path}:7:7"]
    assert result.budget is not None and result.budget.score == Decimal("9.80")
    assert case.scheme == "mof-2020"
    run = run_cli("score", str(path), "--lang", "en")
    assert run.code == 0, run.err
    assert "missing-actual" in run.out and "unparsed-cell" not in run.out + run.err


def test_english_aliases_and_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufefflevel1,level2,name,comparator,target,unit,actual,weight,"
                 "reported_score,reason\n产出指标,数量指标,招引项目个数,≥,16,个,21,100,100,\n")
    [case] = load_cases(path)
    [ind] = case.indicator_set.indicators
    assert (ind.level1, ind.level2, ind.name, ind.comparator.given, ind.target.given, ind.unit,
            ind.weight.given) == ("产出指标", "数量指标", "招引项目个数", "≥", "16", "个", "100")
    actual = case.actuals["招引项目个数"]
    assert (actual.value.given, actual.reported_score.given) == ("21", "100")


def test_headers_match_loosely_and_unknown_columns_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "部门预算项目支出绩效自评表\n序号,一级指标,二级 指标,三级指标,指标值,"
                 "权重（分）,完成值,得分系数\n1,产出指标,数量指标,个数,16,100,21,100%\n")
    [case] = load_cases(path)
    assert case.indicator_set.indicators[0].weight.given == "100"
    assert case.actuals["个数"].location == Location(str(path), 3, 4)


def test_cell_text_and_places_survive(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + '产出指标,数量指标,"长\n名称",≧,≥95%,%, 98% ,１０,,"甲,乙"\n'
                 "产出指标,数量指标,次行,,１００,,约九成,10,,\n")
    [case] = load_cases(path)
    first, second = case.indicator_set.indicators
    assert (first.name, first.target.given, first.weight.given) == ("长\n名称", "≥95%", "１０")
    assert (case.actuals["长\n名称"].value.given, case.actuals["长\n名称"].reason) == (
        "98%", "甲,乙")
    assert second.target.given == "１００"
    assert first.target.place == Location(str(path), 2, 5)  # each cell knows its place
    assert first.location == Location(str(path), 2, 3)
    assert first.field_locations["target"] == Location(str(path), 2, 5)
    assert first.field_locations["weight"] == Location(str(path), 2, 8)
    assert second.location == Location(str(path), 4, 3)  # physical line after a 2-line record
    act = case.actuals["次行"]
    assert act.field_locations["value"] == Location(str(path), 4, 7)
    assert act.field_locations["reported_score"] == Location(str(path), 4, 9)
    result = evaluate(case)
    [unparsed] = [f for f in result.findings if f.code == "unparsed-cell"]
    assert unparsed.location == Location(str(path), 4, 7) and "约九成" in unparsed.message


def test_blank_levels_take_the_value_above(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + "产出指标,数量指标,a,≥,1,,1,25,,\n,,b,≥,1,,1,25,,\n"
                 ",质量指标,c,≥,1,,1,25,,\n效益指标,,d,≥,1,,1,25,,\n")
    [case] = load_cases(path)
    levels = [(i.level1, i.level2) for i in case.indicator_set.indicators]
    assert levels == [("产出指标", "数量指标"), ("产出指标", "数量指标"), ("产出指标", "质量指标"),
                      ("效益指标", None)]


def test_budget_total_and_grade_rows(tmp_path: Path) -> None:
    path = write(tmp_path, ZH.rstrip("\n") + ",年初预算,评价等级\n"
                 "预算执行情况,,预算执行率,,349.78,,300.00,10,9,执行慢,300,\n"
                 "产出指标,数量指标,a,≥,1,,1,90,90,,,\n合计,,,,,,,100,99,,,\n"
                 "评价等级,,,,,,优秀,,,,,\n")
    [case] = load_cases(path)
    b = case.budget
    assert b is not None
    assert (b.initial.given, b.adjusted.given, b.executed.given, b.rate.given, b.reason) == (
        "300", "349.78", "300.00", None, "执行慢")
    assert b.field_locations["adjusted"] == Location(str(path), 2, 5)
    assert case.indicator_set.budget_execution is not None
    assert case.indicator_set.budget_execution.weight.given == "10"
    assert case.reported is not None
    assert (case.reported.budget_execution.given, case.reported.total.given,
            case.reported.grade) == ("9", "99", "优秀")
    assert [i.name for i in case.indicator_set.indicators] == ["a"]


def test_budget_row_with_a_printed_rate_and_no_weight(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + "预算执行率,,,,,,76%,10,7.6,\n产出指标,数量指标,a,≥,1,,1,90,,\n")
    [case] = load_cases(path)
    assert case.budget is not None and (case.budget.rate.given, case.budget.executed.given) == (
        "76%", None)
    result = evaluate(case)
    assert result.budget is not None and result.budget.score == Decimal("7.60")
    path = write(tmp_path, ZH + "预算执行情况,,,,,,109.8万元,,,\n"
                 "产出指标,数量指标,a,≥,1,,1,100,,\n")
    [case] = load_cases(path)
    assert case.budget is not None and case.budget.executed.given == "109.8万元"
    assert case.indicator_set.budget_execution is None


def test_several_projects_consecutive_or_sharing_a_name(tmp_path: Path) -> None:
    path = write(tmp_path, "项目名称,项目编码,一级指标,二级指标,三级指标,指标值,完成值,权重\n"
                 "甲,,产出指标,数量指标,a,1,1,50\n,,产出指标,数量指标,b,1,1,50\n"
                 "乙,X1,产出指标,数量指标,a,1,0,100\n"
                 "甲,,效益指标,社会效益指标,c,1,1,50\n")
    cases = load_cases(path)
    # in the order of their first rows (甲 comes back after 乙 and is merged)
    assert [(c.project.name, c.project.code) for c in cases] == [("甲", None), ("乙", "X1")]
    assert [i.name for i in cases[0].indicator_set.indicators] == ["a", "b", "c"]
    assert [str(evaluate(c).total) for c in cases] == ["150.00", "0.00"]


def test_a_bad_project_does_not_stop_the_good_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "项目名称,一级指标,二级指标,三级指标,指标值,完成值,权重\n"
                 "甲,产出指标,数量指标,a,1,1,100\n乙,合计,,,,,\n"
                 "丙,产出指标,数量指标,a,1,1,100\n")  # 乙: nothing published but its total
    seen: list[str | None] = []
    with pytest.raises(LoadError) as info:
        for case in iter_cases(path):
            seen.append(case.project.name)
    assert seen == ["甲", "丙"]
    assert [format_diagnostic(d) for d in info.value.diagnostics] == [
        f"{path}:3:1: 该项目没有指标行（三级指标） (no-indicator-rows)"]


def test_manual_score_column(tmp_path: Path) -> None:
    path = write(tmp_path, ZH.rstrip("\n") + ",人工评分\n"
                 "效益指标,经济效益指标,GDP,≥,30,亿元,,50,50,未完全投产，无法计算,50\n"
                 "产出指标,数量指标,a,≥,1,,1,50,,,\n")
    [case] = load_cases(path)
    manual = case.actuals["GDP"].manual_score
    assert manual is not None and manual.value == Decimal("50")  # a Cell, at its own cell
    assert (manual.place.line, manual.place.col) == (2, 11)
    result = evaluate(case)
    assert result.indicators[0].status == "manual" and result.total == Decimal("100")
    bad = write(tmp_path, ZH.rstrip("\n") + ",manual_score\n产出指标,数量指标,a,≥,1,,,10,,x,很好\n",
                name="bad.csv")
    [case] = load_cases(bad)  # a row finding (tests/load/test_published_refusals.py)
    assert [(f.code, str(f.location)) for f in case.noted] == [
        ("bad-manual-score", f"{bad}:2:11")]


def test_missing_columns_are_named_with_did_you_mean(tmp_path: Path) -> None:
    path = write(tmp_path, "一级指标,二级指标,三级指标,指标 目标,权值\n产出指标,数量指标,a,1,10\n")
    assert errors(path) == [
        f"{path}:1:4: 缺少必需的列 指标值（target）（表头“指标 目标”是否应为“指标值”？） "
        "(missing-column)",
        f"{path}:1:5: 缺少必需的列 权重（weight）（表头“权值”是否应为“权重”？） (missing-column)"]
    path = write(tmp_path, "一级指标,三级指标,备注\n产出指标,a\n", name="u.csv")
    assert errors(path) == [f"{path}:1:1: 缺少必需的列 指标值（target） (missing-column)"]
    # 二级 may be absent, and so may 权重 (no weights: `no-weights`) when no cell comes close


def test_ragged_rows_are_located(tmp_path: Path) -> None:
    """A ragged row is its row's finding (#15.1; tests/load/test_published_ragged.py): a
    short one read with its missing cells blank, a long one shown unread; a row whose
    extra cells are blank is no ragged row."""
    path = write(tmp_path, ZH + "产出指标,数量指标,a,≥,1,,1,50,,\n产出指标,数量指标,b,≥,1\n"
                 "产出指标,数量指标,c,≥,1,,1,50,,,,多余\n产出指标,数量指标,d,≥,1,,1,50,,,,\n")
    [case] = load_cases(path)
    assert [(f.code, str(f.location), f.message.split("：", 1)[0]) for f in case.noted
            if f.code == "ragged-row"] == [
        ("ragged-row", f"{path}:3:6", "第 3 行只有 5 列，表头有 10 列"),
        ("ragged-row", f"{path}:4:12", "第 4 行有 12 列，比表头多（表头 10 列）")]
    assert [i.name for i in case.indicator_set.indicators] == ["a", "b", "第 3 行", "d"]


def test_binary_content_in_a_csv(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + "产出指标,数量指标,a\x00,≥,1,,1,50,,\n")
    assert errors(path) == [
        f"{path}:2:28: 不是文本表格（含 NUL 字节，可能是二进制文件） (not-text)"]


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    assert errors(write(tmp_path, "")) == [f"{tmp_path / 't.csv'}:1:1: 文件为空 (empty-file)"]
    path = write(tmp_path, ZH + ",,,,,,,,,\n", name="h.csv")
    assert errors(path) == [f"{path}:1:1: 表头之后没有数据行 (no-data-rows)"]


def test_caps_on_columns_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wide = write(tmp_path, ZH.rstrip("\n") + "," + ",".join(f"c{i}" for i in range(300)) + "\n")
    assert errors(wide) == [f"{wide}:1:201: 列数过多（310 列，上限 200 列） (too-many-columns)"]
    small = dataclasses.replace(columns(), max_csv_bytes=10)
    monkeypatch.setattr(csvtable, "columns", lambda: small)
    path = write(tmp_path, ZH, name="big.csv")
    assert errors(path) == [f"{path}: 文件过大（{path.stat().st_size} 字节，上限 10 字节） "
                            "(file-too-large)"]


def test_rows_without_a_name_or_weight(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + "产出指标,数量指标,,≥,1,,1,50,,\n生态效益,生态效益指标,,,,,,,,\n"
                 "产出指标,数量指标,b,≥,1,,1,,,\n产出指标,数量指标,c,≥,1,,1,50,,\n"
                 "产出指标,数量指标,c,≥,1,,1,50,,\n")
    # a blank name or weight (test_published_rows), a name given twice (test_rowkeys): row
    # findings, and the table loads
    [case] = load_cases(path)
    assert [ind.key for ind in case.indicator_set.indicators] == [
        "第 1 行", "b", "c", "c（第 6 行）"]
    assert [(f.code, f.indicator, str(f.location)) for f in case.noted] == [
        ("row-unnamed", "第 1 行", f"{path}:2:3"),
        ("duplicate-indicator", "c（第 6 行）", f"{path}:6:3")]


def test_a_table_with_no_actual_is_scored_and_named_unfilled(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + "产出指标,数量指标,a,≥,1,,,100,,\n")
    [case] = load_cases(path)
    result = evaluate(case)
    assert (result.indicator("a").status, result.total) == ("missing", 0)
    assert [f.code for f in result.findings if f.severity == "error"] == ["table-unfilled"]


def test_scheme_is_given_or_mof_2020(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + "产出指标,数量指标,a,≥,1,,1,90,,\n")
    assert [c.scheme for c in load_cases(path)] == ["mof-2020"]
    assert [c.scheme for c in load_cases(path, "sichuan-2023")] == ["sichuan-2023"]
    assert evaluate(load_cases(path, "sichuan-2023")[0]).scheme.id == "sichuan-2023"


def test_projects_stream_in_bounded_memory(tmp_path: Path) -> None:
    rows = ["项目编码,一级指标,二级指标,三级指标,指标值,完成值,权重,未完成原因分析"]
    for p in range(3000):
        rows += [f"P{p},产出指标,数量指标,a,1,1,50,", f",产出指标,数量指标,b,10,8,50,原因{p}"]
    path = write(tmp_path, "\n".join(rows) + "\n", "gb18030")
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_cases(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 3000
    assert peak < 4_000_000  # all 3000 cases at once would take tens of MB


def test_cli_scores_and_checks_a_table(tmp_path: Path) -> None:
    path = write(tmp_path, ZH + "产出指标,数量指标,a,≧,95%,,98%,90,,\n", "gb18030")
    run = run_cli("score", str(path), "--scheme", "sichuan-2023")
    assert run.code == 0, run.err
    assert "总分：90.0" in run.out
    run = run_cli("check", str(path))
    assert (run.code, run.out.strip()) == (0, f"{path}: ok")
    bad = write(tmp_path, ZH.replace("权重", "权值") + "产出指标,数量指标,a,≥,1,,1,50,,\n",
                name="bad.csv")
    for command in ("score", "check"):
        run = run_cli(command, str(bad))
        assert run.code == 1 and "Traceback" not in run.err
        assert f"{bad}:1:8: 缺少必需的列 权重（weight）" in run.err


def test_an_unknown_comparator_in_a_table_makes_its_row_unparsed_not_the_table(
        tmp_path: Path) -> None:
    path = write(tmp_path, "项目名称,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,"
                 "权重\nP1,产出指标,数量指标,a,≥,10,个,10,50\nP1,产出指标,数量指标,b,大约,10,个,10,50\n")
    [case] = load_cases(path)  # FORMATS.md §5: the rest of the table still scores
    result = evaluate(case)
    b = result.indicator("b")
    assert (b.status, b.score, b.comparator, b.explain) == (
        "unparsed", Decimal("0.00"), "大约", "指标性质“大约”无法识别 → 0")
    [found] = [f for f in result.findings if f.code == "unparsed-cell"]
    assert (str(found.location), dict(found.params)["field"]) == (f"{path}:3:5", "指标性质")
    assert result.total == Decimal("50.00")
    out = tmp_path / "out.csv"
    assert run_cli("batch", str(path), "-o", str(out), "--quiet").code == 0
    assert ",50.00," in out.read_text("utf-8-sig")  # the batch scores it the same way


def test_a_year_cell_is_a_whole_year_within_the_bounds_of_the_data() -> None:
    """`year_of`, the importer's and the columnar core's reading of a 年度 cell: with or
    without its suffix (data/cells.yaml `year`), a whole number from 1900 to 2200."""
    assert [year_of(t) for t in ("2023", "2023年", "２０２３年", "1900", "2200")] == [
        2023, 2023, 2023, 1900, 2200]
    assert [year_of(t) for t in ("1899", "2201", "2023.5", "二〇二三", "约2023", "")] == [
        None] * 6
