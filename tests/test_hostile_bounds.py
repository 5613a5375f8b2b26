"""Declared bounds hold for permitted input (issue 12.7): big but allowed files, bounded.

The caps of docs/security.md must imply its time and memory bounds. Each
input here is as large as a cap allows or just beyond one, run through the
CLI in a subprocess limited to 1 GiB of address space and 20 s
(`hostile.run_bounded`): it finishes, or it is refused with the cap in one
located line. Before the caps, the 8 MiB YAML of four million nodes and the
200 000-row project ended in `MemoryError`, and the 100 000-indicator set and
the million-row sheet ran past the time limit.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hostile import LINE, run_bounded

from scoring.read.columns import columns
from scoring.read.source import MAX_FILE_BYTES

HEAD = ("项目名称,项目编码,主管部门,年度,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,"
        "完成值,权重,得分,未完成原因分析,年初预算,人工评分")
BUDGET = "大项目,X1,某部门,2023,预算执行情况,,预算执行率,,100,,100,10,10,,100,"


def yaml_case(count: int, *, full: bool) -> str:
    """An inline case of `count` indicators (weights adding up to 90, plus 10 budget)."""
    weight = 90 / count
    lines = ["project: {name: 大项目, code: X1, year: 2023}", "scheme: mof-2020",
             "budget: {initial: 100, adjusted: 100, executed: 100}",
             "budget_execution: {weight: 10}", "indicators:"]
    fields = ', level1: 产出指标, level2: 数量指标, comparator: "≥", unit: 个' if full else ""
    lines += [f"  - {{name: 指标{i}, target: 10, weight: {weight:.10f}{fields}}}"
              for i in range(count)]
    lines += ["actuals:", *(f"  指标{i}: {i % 13}" for i in range(count))]
    return "\n".join(lines) + "\n"


def csv_project(rows: int) -> str:
    weight = 90 / rows
    body = (f"大项目,X1,某部门,2023,产出指标,数量指标,指标{i},≥,10,个,{i % 13},{weight:.10f},,,,"
            for i in range(rows))
    return "\n".join([HEAD, BUDGET, *body]) + "\n"


def sheet_of_rows(path: Path, rows: int) -> None:
    """A workbook whose one sheet has `rows` rows of one cell, written as a stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="S" '
                   'sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(b"<worksheet><sheetData>")
            for start in range(1, rows + 1, 10_000):
                out.write("".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
                                  for r in range(start, min(start + 10_000, rows + 1))).encode())
            out.write(b"</sheetData></worksheet>")


def refused(tmp_path: Path, name: str, code: str) -> str:
    run = run_bounded(("score", name), tmp_path)
    assert "Traceback" not in run.err, run.err[-2000:]
    assert run.code == 1, run.err[-2000:]
    [line] = run.err.strip().splitlines()
    assert LINE.match(line) and line.endswith(f"({code})"), line
    return line


def test_yaml_at_the_size_cap_of_tiny_nodes_is_refused(tmp_path: Path) -> None:
    text = "a: [" + "1," * (MAX_FILE_BYTES // 2 - 8) + "1]\n"
    assert len(text) <= MAX_FILE_BYTES
    (tmp_path / "case.yaml").write_text(text, "utf-8")
    refused(tmp_path, "case.yaml", "too-many-nodes")


def test_hundred_thousand_indicators_are_refused(tmp_path: Path) -> None:
    text = yaml_case(100_000, full=False)
    assert len(text.encode()) <= MAX_FILE_BYTES
    (tmp_path / "case.yaml").write_text(text, "utf-8")
    refused(tmp_path, "case.yaml", "too-many-nodes")


def test_indicators_beyond_the_cap_are_refused_at_their_list(tmp_path: Path) -> None:
    count = columns().max_indicators + 1
    (tmp_path / "case.yaml").write_text(yaml_case(count, full=False), "utf-8")
    assert refused(tmp_path, "case.yaml", "too-many-indicators").startswith("case.yaml:6:")


@pytest.mark.parametrize("full", [False, True], ids=["plain", "all-fields"])
def test_indicators_at_the_cap_finish_within_the_bounds(tmp_path: Path, full: bool) -> None:
    (tmp_path / "case.yaml").write_text(yaml_case(columns().max_indicators, full=full), "utf-8")
    run = run_bounded(("score", "--format", "json", "case.yaml"), tmp_path)
    assert run.code == 0, run.err[-2000:]


def test_a_project_of_200k_rows_is_refused(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text(csv_project(200_000), "utf-8")
    cap = columns().max_indicators
    line = refused(tmp_path, "t.csv", "too-many-indicators")
    assert line.startswith(f"t.csv:{cap + 3}:"), line  # header, budget, `cap` rows


def test_a_million_row_sheet_is_refused_before_openpyxl(tmp_path: Path) -> None:
    sheet_of_rows(tmp_path / "t.xlsx", 1_000_000)
    line = refused(tmp_path, "t.xlsx", "sheet-too-large")
    assert line.startswith(f"t.xlsx:S!A{columns().max_xlsx_rows + 1}:"), line
