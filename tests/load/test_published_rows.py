"""A published table is evidence (#15.1): a row with a blank 权重 is shown and not scored
(`row-unweighted`), a row without a 三级指标 is named by its place (`row-unnamed`), a table
whose actuals are all blank, or that has only its budget row, is scored 0 row by row
(`table-unfilled`), never refused, in every input form: an inline YAML case, a flat CSV,
a flat XLSX and an official-form workbook, read from the same rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import evaluate, load_case, load_indicator_set
from scoring.errors import LoadError
from scoring.load.tables import load_cases
from scoring.model.result import Result

openpyxl = pytest.importorskip("openpyxl")

from layouts import MOF_2020, write_form  # noqa: E402

Row = tuple[str, str, str | None, str, str, str | None, str | None, str | None]
# 一级, 二级, 三级, 指标性质, 指标值, 完成值, 权重, 原因
ROWS: list[Row] = [
    ("产出指标", "数量指标", "培训人次", "≥", "100", "90", "60", "部分学员延期"),
    ("产出指标", "数量指标", "其中：线上培训人次", "≥", "40", "50", None, None),
    ("效益指标", "社会效益指标", None, "≥", "95%", "96%", "40", None),
]
HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "完成值", "权重",
          "未完成原因分析"]


def _yaml(tmp_path: Path, rows: list[Row], budget: bool) -> Path:
    lines = ["project: {name: 培训项目, year: 2023}", "scheme: mof-2020"]
    if budget:
        lines += ["budget: {adjusted: 100, executed: 90}", "budget_execution: {weight: 10}"]
    lines.append("indicators:" + ("" if rows else " []"))
    for l1, l2, name, comp, target, actual, weight, reason in rows:
        cells = {"level1": l1, "level2": l2, "name": name, "comparator": comp,
                 "target": target, "actual": actual, "weight": weight, "reason": reason}
        # a blank cell is left out, or written blank (`name:`), as a person types it
        given = ", ".join(f'{k}: "{v}"' if v is not None else f"{k}: "
                          for k, v in cells.items() if v is not None or k == "name")
        lines.append(f"  - {{{given}}}")
    path = tmp_path / "case.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _table(rows: list[Row], budget: bool) -> list[list[str | None]]:
    out: list[list[str | None]] = [HEADER]
    if budget:
        out.append(["预算执行情况", None, None, None, "100", "90", "10", None])
    out += [list(r) for r in rows]
    return out


def _csv(tmp_path: Path, rows: list[Row], budget: bool) -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(_table(rows, budget))
    path = tmp_path / "table.csv"
    path.write_text(text.getvalue(), "utf-8")
    return path


def _xlsx(tmp_path: Path, rows: list[Row], budget: bool) -> Path:
    wb = openpyxl.Workbook()
    for line in _table(rows, budget):
        wb.active.append(line)
    path = tmp_path / "table.xlsx"
    wb.save(path)
    return path


def _form(tmp_path: Path, rows: list[Row], budget: bool) -> Path:
    """The official form (MOF 2020 layout) of the same rows, a blank name left blank."""
    case = load_case(_yaml(tmp_path, rows, budget))
    wb = openpyxl.Workbook()
    write_form(wb.active, case, MOF_2020)
    for line in wb.active.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("第 ") and \
                    cell.value.endswith(" 行"):
                cell.value = None  # the row as published: no 三级指标
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


FORMS: dict[str, Callable[[Path, list[Row], bool], Path]] = {
    "yaml": _yaml, "csv": _csv, "xlsx": _xlsx, "form": _form}


def _score(tmp_path: Path, form: str, rows: list[Row], budget: bool = False) -> Result:
    [case] = load_cases(FORMS[form](tmp_path, rows, budget))
    return evaluate(case)


def _codes(result: Result, code: str) -> list[str]:
    return [f.indicator for f in result.findings if f.code == code]


@pytest.mark.parametrize("form", FORMS)
def test_a_row_without_weight_is_shown_judged_and_not_scored(tmp_path: Path, form: str) -> None:
    result = _score(tmp_path, form, ROWS)
    sub = result.indicator("其中：线上培训人次")
    assert (sub.weight, sub.score, sub.status) == (None, None, "met")
    assert sub.completion == 1 and "不计分" in sub.explain
    assert _codes(result, "row-unweighted") == ["其中：线上培训人次"]
    assert [f.severity for f in result.findings if f.code == "row-unweighted"] == ["info"]
    assert (result.total, result.max_total) == (Decimal("94.00"), 100)  # 54 + 40
    assert "weights-do-not-sum" not in {f.code for f in result.findings}


@pytest.mark.parametrize("form", FORMS)
def test_a_row_without_name_is_named_by_its_place(tmp_path: Path, form: str) -> None:
    result = _score(tmp_path, form, ROWS)
    unnamed = result.indicator("第 3 行")
    assert (unnamed.score, unnamed.status) == (Decimal("40.00"), "met")
    [found] = [f for f in result.findings if f.code == "row-unnamed"]
    assert (found.indicator, found.severity) == ("第 3 行", "warning")
    assert found.location is not None and found.location == unnamed.location


@pytest.mark.parametrize("form", FORMS)
def test_an_unfilled_table_is_scored_zero_with_one_finding(tmp_path: Path, form: str) -> None:
    blank = [(*r[:5], None, r[6], None) for r in ROWS]
    result = _score(tmp_path, form, blank)
    assert [r.status for r in result.indicators] == ["missing"] * 3
    assert result.total == 0
    assert [(f.code, f.severity) for f in result.findings if f.severity == "error"] == [
        ("table-unfilled", "error")]


@pytest.mark.parametrize("form", FORMS)
def test_a_table_with_only_its_budget_row_is_scored(tmp_path: Path, form: str) -> None:
    result = _score(tmp_path, form, [], budget=True)
    assert result.indicators == ()
    assert result.budget is not None and result.budget.score == Decimal("9.00")
    assert (result.total, _codes(result, "table-unfilled")) == (Decimal("9.00"), ["合计"])


@pytest.mark.parametrize("form", ["yaml", "csv", "xlsx"])
def test_a_table_without_rows_or_budget_is_still_refused(tmp_path: Path, form: str) -> None:
    with pytest.raises(LoadError) as info:
        load_cases(FORMS[form](tmp_path, [], False))
    assert {d.code for d in info.value.diagnostics} <= {"no-indicator-rows", "no-data-rows"}


def test_a_set_file_stays_strict_about_a_blank_weight(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("indicators:\n  - {name: a, comparator: ≥, target: 1, weight: }\n", "utf-8")
    from scoring import load_indicator_set

    with pytest.raises(LoadError) as info:
        load_indicator_set(path)
    [problem] = info.value.diagnostics
    assert (problem.code, problem.location.line) == ("bad-weight", 2)


@pytest.mark.parametrize("form", FORMS)
def test_a_table_without_weights_is_judged_without_points(tmp_path: Path, form: str) -> None:
    weightless = [(*r[:6], None, r[7]) for r in ROWS]
    result = _score(tmp_path, form, weightless)
    assert [(r.status, r.weight, r.score) for r in result.indicators] == [
        ("partial", None, None), ("met", None, None), ("met", None, None)]
    assert [r.completion for r in result.indicators] == [Decimal("0.9"), 1, 1]
    assert (result.total, result.max_total, result.grade) == (None, None, None)
    assert _codes(result, "no-weights") == ["合计"]
    assert "weights-do-not-sum" not in {f.code for f in result.findings}


def _drop_weight_column(tmp_path: Path, form: str) -> Path:
    """The weightless table with no 权重/分值 column at all (the form's header cell and
    its column left empty, as a layout without it prints them)."""
    weightless = [(*r[:6], None, r[7]) for r in ROWS]
    if form == "form":
        path = _form(tmp_path, weightless, False)
        wb = openpyxl.load_workbook(path)
        [head] = [row for row in wb.active.iter_rows() if any(c.value == "三级指标" for c in row)]
        [col] = [c.column for c in head if c.value == "分值"]
        for r in range(head[0].row, wb.active.max_row + 1):
            wb.active.cell(r, col).value = None
        wb.save(path)
        return path
    rows = [line[:6] + line[7:] for line in _table(weightless, False)]
    path = tmp_path / f"bare.{form}"
    if form == "csv":
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        path.write_text(text.getvalue(), "utf-8")
    else:
        wb = openpyxl.Workbook()
        for line in rows:
            wb.active.append(line)
        wb.save(path)
    return path


@pytest.mark.parametrize("form", ["csv", "xlsx", "form"])
def test_a_table_without_a_weight_column_is_the_blank_weights_case(tmp_path: Path,
                                                                  form: str) -> None:
    """#15.1: a layout without 权重/分值 reads as a table whose weights are all blank."""
    blank = _score(tmp_path, form, [(*r[:6], None, r[7]) for r in ROWS])
    path = _drop_weight_column(tmp_path, form)
    if form != "form":
        assert "权重" not in path.read_bytes().decode("utf-8", "replace")
    [case] = load_cases(path)
    result = evaluate(case)
    assert [(r.status, r.completion, r.weight, r.score) for r in result.indicators] == [
        (r.status, r.completion, r.weight, r.score) for r in blank.indicators]
    assert [r.status for r in result.indicators] == ["partial", "met", "met"]
    assert (result.total, result.max_total, result.grade) == (None, None, None)
    assert _codes(result, "no-weights") == ["合计"]
    assert sorted((f.code, f.indicator) for f in result.findings) == sorted(
        (f.code, f.indicator) for f in blank.findings)


def test_a_near_miss_of_the_weight_header_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "near.csv"
    path.write_text("三级指标,指标值,完成值,权值\n培训人次,100,90,60\n", "utf-8")
    with pytest.raises(LoadError) as info:
        load_cases(path)
    [problem] = info.value.diagnostics
    assert (problem.code, str(problem.location)) == ("missing-column", f"{path}:1:4")
    assert "（表头“权值”是否应为“权重”？）" in problem.message


def test_audit_reads_a_table_without_a_weight_column(tmp_path: Path) -> None:
    from conftest import run_cli

    run = run_cli("audit", str(_drop_weight_column(tmp_path, "csv")), "--format", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert (data["total"], data["grade"]) == (None, None)
    assert [i["status"] for i in data["indicators"]] == ["partial", "met", "met"]
    assert "no-weights" in {f["code"] for f in data["findings"]}
    assert data["audit"]["recomputed_grade"] is None


def test_an_unknown_comparator_in_an_inline_case_is_a_row_finding_in_a_set_an_error(
        tmp_path: Path) -> None:
    """A published table (an inline case) is evidence: a comparator no spelling knows is
    the row's `unparsed-cell` at its cell, the rest scores; an indicator set the user
    writes stays strict (`bad-comparator` at its cell)."""
    rows = ("  - {level1: 产出指标, level2: 数量指标, name: 甲, comparator: 大约, target: 100,"
            " weight: 50, actual: 90}\n"
            "  - {level1: 产出指标, level2: 质量指标, name: 乙, comparator: '≥', target: 100,"
            " weight: 40, actual: 100}\n")
    case = tmp_path / "case.yaml"
    case.write_text("project: {name: 测试, year: 2023}\nindicators:\n" + rows, "utf-8")
    result = evaluate(load_case(case))
    first, second = result.indicators
    assert (first.status, first.score, second.score) == ("unparsed", 0, 40)
    [unparsed] = [f for f in result.findings if f.code == "unparsed-cell"]
    assert unparsed.location is not None and unparsed.location.line == 3
    iset = tmp_path / "set.yaml"
    iset.write_text("indicators:\n" + rows.replace(", actual: 90", "")
                    .replace(", actual: 100", ""), "utf-8")
    with pytest.raises(LoadError) as refused:
        load_indicator_set(iset)
    assert any(d.location.line == 2 for d in refused.value.diagnostics)


def _bad_weight_rows(weight: str) -> list[Row]:
    """培训人次 with `weight` for its 权重, and a named 满意度 row of weight 40."""
    l1, l2, name, comp, target, actual, _w, reason = ROWS[0]
    s1, s2, _n, s_comp, s_target, s_actual, s_weight, s_reason = ROWS[2]
    return [(l1, l2, name, comp, target, actual, weight, reason),
            (s1, s2, "满意度", s_comp, s_target, s_actual, s_weight, s_reason)]


@pytest.mark.parametrize("weight", ["十分", "-5", "0"])
@pytest.mark.parametrize("form", ["yaml", "csv", "xlsx"])
def test_a_weight_not_a_positive_number_is_the_rows_finding(tmp_path: Path, form: str,
                                                            weight: str) -> None:
    """A published 权重 that is text, negative or 0 (#15.1) is `bad-weight` [warning] at
    its cell; the row is judged, not scored, and the table is not refused."""
    rows = _bad_weight_rows(weight)
    result = _score(tmp_path, form, rows)
    row = result.indicator("培训人次")
    assert (row.weight, row.score, row.status) == (None, None, "partial")
    assert row.completion == Decimal("0.9") and f"权重“{weight}”" in row.explain
    [bad] = [f for f in result.findings if f.code == "bad-weight"]
    assert (bad.indicator, bad.severity) == ("培训人次", "warning")
    assert bad.location is not None and bad.location.line == (4 if form == "yaml" else 2)
    assert "row-unweighted" not in {f.code for f in result.findings}
    assert (result.total, result.max_total) == (Decimal("40.00"), 40)  # only weighed rows
    assert result.indicator("满意度").score == 40


@pytest.mark.parametrize("weight", ["十分", "-5", "0"])
def test_a_set_file_stays_strict_about_a_bad_weight(tmp_path: Path, weight: str) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("indicators:\n  - {name: 培训人次, comparator: '≥', target: 100, "
                    f"weight: '{weight}'}}\n", "utf-8")
    with pytest.raises(LoadError) as err:
        load_indicator_set(path)
    [d] = err.value.diagnostics
    assert (d.code, d.location.line) == ("bad-weight", 2)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_batch_gives_a_bad_weight_row_as_scoring_score_does(tmp_path: Path,
                                                                form: str) -> None:
    from scoring.batch.run import run_batch
    from scoring.report.json import result_to_dict

    rows = _bad_weight_rows("十分")
    table = FORMS[form](tmp_path, rows, True)
    out = tmp_path / "out.jsonl"
    assert run_batch([str(table)], str(out), jobs=1, quiet=True) == 0
    [line] = out.read_text("utf-8").splitlines()
    [case] = load_cases(table)
    assert json.loads(line) == result_to_dict(evaluate(case))
    assert "bad-weight" in {f["code"] for f in json.loads(line)["findings"]}
