"""A CSV row with more or fewer cells than the header (#15.1) is its row's `ragged-row`
finding, never its project's refusal. (Only a CSV can be ragged: a sheet, a Word or PDF
table is a grid, an inline case has no columns.) A row that ends early is read with its
missing cells blank; a row with more cells (an unquoted comma, `1,234`) cannot be put in
its columns: shown unread, named by its place, not scored. Every other row scores as in
the table without the problem; the batch and the columnar core say what `scoring score`
says."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from published_forms import batch_and_core_agree, table_rows

from scoring import evaluate
from scoring.load.tables import load_cases
from scoring.model.result import Result
from scoring.report.json import result_to_dict


def _csv(tmp_path: Path, lines: list[str], name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _lines() -> list[str]:
    return [",".join(row) for row in table_rows(None)]


def _scored(path: Path) -> Result:
    [case] = load_cases(path, "mof-2020")
    return evaluate(case)


def _rows(result: Result) -> list[tuple[str, Decimal | None]]:
    return [(r.name, r.score) for r in result.indicators]


def test_a_row_that_ends_early_is_read_with_the_rest_blank(tmp_path: Path) -> None:
    lines = _lines()
    clean = _scored(_csv(tmp_path, lines, "clean.csv"))
    assert lines[3].endswith(",20,,")
    lines[3] = lines[3].removesuffix(",,")  # 合格率: no 年初预算, no reason cell
    path = _csv(tmp_path, lines)
    result = _scored(path)
    [found] = [f for f in result.findings if f.code == "ragged-row"]
    assert (str(found.location), found.severity) == (f"{path}:4:10", "warning")
    assert found.message.startswith("第 4 行只有 9 列，表头有 11 列")
    assert _rows(result) == _rows(clean) and result.total == clean.total


def test_a_row_cut_before_its_weight_is_an_unweighted_row(tmp_path: Path) -> None:
    lines = _lines()
    lines[3] = lines[3].removesuffix(",20,,")
    result = _scored(_csv(tmp_path, lines))
    row = result.indicator("合格率")
    assert (row.weight, row.score, row.status) == (None, None, "met")
    assert {"ragged-row", "row-unweighted"} <= {f.code for f in result.findings}


def test_a_row_with_more_cells_is_shown_unread(tmp_path: Path) -> None:
    lines = _lines()
    clean = _scored(_csv(tmp_path, lines, "clean.csv"))
    assert ",83," in lines[2]
    lines[2] = lines[2].replace(",83,", ",1,234,")  # an unquoted comma: 12 cells, not 11
    path = _csv(tmp_path, lines)
    result = _scored(path)
    [found] = [f for f in result.findings if f.code == "ragged-row"]
    assert (str(found.location), found.severity) == (f"{path}:3:12", "warning")
    assert found.message.startswith("第 3 行有 12 列，比表头多（表头 11 列）")
    assert found.indicator == "第 1 行"  # its cells unread: named by its place
    row = result.indicator("第 1 行")
    assert (row.weight, row.score, row.status) == (None, None, "missing")
    others = [r for r in _rows(clean) if r[0] != "培训人次"]
    assert _rows(result)[1:] == others
    assert clean.total is not None and result.total == clean.total - clean.indicator(
        "培训人次").score
    assert result.budget is not None and clean.budget is not None
    assert result.budget.score == clean.budget.score


def test_a_long_row_stays_in_the_project_above(tmp_path: Path) -> None:
    lines = _lines()
    lines.insert(3, "乙项目,2023,产出指标,数量指标,x,≥,1,1,10,,多余")  # 乙 as read, 11+1 cells
    lines[3] = lines[3] + ",再多"
    cases = load_cases(_csv(tmp_path, lines), "mof-2020")
    assert [c.project.name for c in cases] == ["培训项目"]
    assert [i.name for i in cases[0].indicator_set.indicators] == [
        "培训人次", "第 2 行", "合格率", "满意度"]


def test_the_batch_and_the_core_score_it_as_scoring_score(tmp_path: Path) -> None:
    lines = _lines()
    lines[2] = lines[2].replace(",83,", ",1,234,")
    lines[3] = lines[3].removesuffix(",,")
    path = _csv(tmp_path, lines)
    expected = result_to_dict(_scored(path))
    batch_and_core_agree(path, expected, tmp_path)
