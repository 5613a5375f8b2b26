"""rowkeys.py: a 三级指标 a published table gives twice is a row finding, never a refused
table (#15.1): both rows are scored, the later is named by its line (`名称（第 N 行）`),
and `duplicate-indicator` [warning] is found at its 三级指标 cell naming the first. The
same in every input form (an inline YAML case, a flat CSV, a flat XLSX, the official
form, a Word table), through the batch, the columnar core and audit; an indicator-set
file stays strict."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from scoring import LoadError, evaluate, load_case, load_indicator_set
from scoring.errors import Location
from scoring.load.rowkeys import RowKeys
from scoring.load.tables import load_cases
from scoring.model.result import Result
from scoring.report.json import result_to_dict

openpyxl = pytest.importorskip("openpyxl")

from layouts import MOF_2020, write_form  # noqa: E402

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "完成值", "权重"]
# the same 三级指标 under two 二级指标, as published tables give it (数量 and 质量)
ROWS = [["产出指标", "数量指标", "培训人次", "≥", "100", "90", "30"],
        ["产出指标", "质量指标", "培训人次", "≥", "100", "100", "30"],
        ["效益指标", "社会效益指标", "满意度", "≥", "95%", "96%", "40"]]


def _yaml(tmp_path: Path) -> Path:
    lines = ["project: {name: 培训项目, year: 2023}", "scheme: mof-2020", "indicators:"]
    keys = ("level1", "level2", "name", "comparator", "target", "actual", "weight")
    lines += ["  - {" + ", ".join(f'{k}: "{v}"' for k, v in zip(keys, row, strict=True)) + "}"
              for row in ROWS]
    path = tmp_path / "case.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _csv(tmp_path: Path) -> Path:
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([HEADER, *ROWS])
    path = tmp_path / "table.csv"
    path.write_text(text.getvalue(), "utf-8")
    return path


def _xlsx(tmp_path: Path) -> Path:
    wb = openpyxl.Workbook()
    for line in [HEADER, *ROWS]:
        wb.active.append(line)
    path = tmp_path / "table.xlsx"
    wb.save(path)
    return path


def _form(tmp_path: Path) -> Path:
    """The official form (MOF 2020) of the same rows, both printed 培训人次."""
    wb = openpyxl.Workbook()
    write_form(wb.active, load_case(_yaml(tmp_path)), MOF_2020)
    for line in wb.active.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("培训人次（"):
                cell.value = "培训人次"
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


def _docx(tmp_path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    word = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for r, row in enumerate([HEADER, *ROWS]):
        for c, text in enumerate(row):
            word.cell(r, c).text = text
    path = tmp_path / "table.docx"
    document.save(str(path))
    return path


FORMS: dict[str, Callable[[Path], Path]] = {
    "yaml": _yaml, "csv": _csv, "xlsx": _xlsx, "form": _form, "docx": _docx}
LINE = {"yaml": 5, "csv": 3, "xlsx": 3, "docx": 3}  # the later row's line in each


def _result(tmp_path: Path, form: str) -> tuple[Result, Location, int]:
    """The scored case, the later row's 三级指标 cell and its line."""
    path = FORMS[form](tmp_path)
    [case] = load_cases(path)
    later = case.indicator_set.indicators[1]
    return evaluate(case), later.place("name"), LINE.get(form) or later.location.line


def test_a_key_taken_before_is_named_by_its_line() -> None:
    keys = RowKeys()
    taken = [keys.take(k, n, Location("t.csv", n, 3)) for k, n in (
        ("a", 3), ("a", 5), (None, 6), ("a（第 5 行）", 7), ("a", 5))]
    assert taken == ["a", "a（第 5 行）", "第 3 行", "a（第 5 行）（第 7 行）",
                     "a（第 5 行）（第 5 行）"]
    assert [(f.code, f.indicator, dict(f.params).get("first"), dict(f.params).get("line"),
             f.location.line) for f in keys.noted if f.location is not None] == [
        ("duplicate-indicator", "a（第 5 行）", "a", "3", 5), ("row-unnamed", "第 3 行", None,
                                                           None, 6),
        ("duplicate-indicator", "a（第 5 行）（第 7 行）", "a（第 5 行）", "5", 7),
        ("duplicate-indicator", "a（第 5 行）（第 5 行）", "a", "3", 5)]


@pytest.mark.parametrize("form", FORMS)
def test_both_rows_of_a_name_given_twice_are_scored(tmp_path: Path, form: str) -> None:
    result, cell, line = _result(tmp_path, form)
    later = f"培训人次（第 {line} 行）"
    assert [(r.id, r.name, r.score) for r in result.indicators] == [
        ("培训人次", "培训人次", Decimal("27.00")), (later, later, Decimal("30.00")),
        ("满意度", "满意度", Decimal("40.00"))]
    assert result.total == Decimal("97.00")
    [found] = [f for f in result.findings if f.code == "duplicate-indicator"]
    first = result.indicator("培训人次").location
    assert (found.indicator, found.severity) == (later, "warning")
    assert found.location is not None and found.location.line == line
    assert first is not None and f"第 {first.line} 行已出现" in found.message
    assert found.location == cell and (cell.col == 3 or form in ("yaml", "form"))
    assert not [f for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize("form", ["yaml", "csv", "form"])
def test_json_results_and_audit_keep_both_rows(tmp_path: Path, form: str) -> None:
    from conftest import run_cli

    path = FORMS[form](tmp_path)
    [case] = load_cases(path)
    data = result_to_dict(evaluate(case))
    ids = [i["id"] for i in data["indicators"]]
    names = [i["name"] for i in data["indicators"]]
    assert len(set(ids)) == len(set(names)) == 3
    run = run_cli("audit", str(path), "--format", "json")
    assert run.code == 0, run.err
    audited = json.loads(run.out)
    assert [i["id"] for i in audited["indicators"]] == ids
    assert "duplicate-indicator" in {f["code"] for f in audited["findings"]}


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_batch_and_the_columnar_core_give_what_scoring_score_gives(tmp_path: Path,
                                                                       form: str) -> None:
    """The batch memo sends a project with a name twice down the plain path, the core to
    the row engine: both give the importer's rows and finding."""
    from scoring.batch.run import run_batch
    from scoring.engine.columns import score_path

    table = FORMS[form](tmp_path)
    [case] = load_cases(table)
    expected = result_to_dict(evaluate(case))
    out = tmp_path / "out.jsonl"
    assert run_batch([str(table)], str(out), jobs=1, quiet=True) == 0
    [line] = out.read_text("utf-8").splitlines()
    assert json.loads(line) == expected
    outcome = score_path(table)
    assert outcome.fallback_rows == outcome.total_rows  # the whole project: the row engine
    assert outcome.rows.get_column("name").to_list() == [
        i["name"] for i in expected["indicators"]]
    assert outcome.findings.filter(
        outcome.findings.get_column("code") == "duplicate-indicator").height == 1


def test_an_indicator_set_file_stays_strict(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("indicators:\n"
                    "  - {name: 培训人次, comparator: '≥', target: 100, weight: 50}\n"
                    "  - {name: 培训人次, comparator: '≥', target: 90, weight: 50}\n", "utf-8")
    with pytest.raises(LoadError) as refused:
        load_indicator_set(path)
    [problem] = refused.value.diagnostics
    assert (problem.code, problem.location.line, problem.severity) == (
        "duplicate-indicator", 3, "error")


def test_an_inline_row_with_an_id_twice_is_renamed_by_its_id(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    row = "  - {id: p1, name: %s, comparator: '≥', target: 100, weight: 50, actual: %s}\n"
    path.write_text("indicators:\n" + row % ("甲", 100) + row % ("乙", 50), "utf-8")
    result = evaluate(load_case(path))
    assert [(r.id, r.name, r.score) for r in result.indicators] == [
        ("p1", "甲", Decimal("50.00")), ("p1（第 3 行）", "乙", Decimal("25.00"))]
    assert [f.indicator for f in result.findings if f.code == "duplicate-indicator"] == [
        "p1（第 3 行）"]


def test_a_scalar_actual_for_an_unknown_row_of_an_inline_case_is_placed(
        tmp_path: Path) -> None:
    """#15 item 2: `actuals: {不存在: 5}` beside inline rows is reported at its value."""
    path = tmp_path / "case.yaml"
    path.write_text("indicators:\n"
                    "  - {name: 甲, comparator: '≥', target: 100, weight: 50, actual: 100}\n"
                    "actuals:\n  不存在: 5\n  甲: {reason: 无}\n", "utf-8")
    [found] = load_case(path).noted  # a published table's slip: noted, not used (#15.1)
    assert (found.code, str(found.location)) == ("unknown-indicator", f"{path}:4:8")
