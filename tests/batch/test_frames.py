"""`scoring.score_table`: a DataFrame, an Arrow table or a path in, three Arrow tables out
(#14.4), the same scores as the row engine, `row N` places, exact decimals."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from shipped import region

import scoring
from scoring.errors import LoadError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frames") / "region.csv"
    region.write_region(path, 30, seed=5)
    return path


def _totals(result: scoring.TableResult) -> list[tuple[str, Decimal, str]]:
    return [(r["project"], r["total"], r["grade"]) for r in result.projects.to_pylist()]


def test_a_dataframe_scores_as_its_file_with_row_places(table: Path) -> None:
    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    in_memory, from_file = scoring.score_table(frame), scoring.score_table(table)
    expected = [(r.project.name, r.total, r.grade)
                for r in map(scoring.evaluate, scoring.load_cases(table))]
    assert _totals(in_memory) == _totals(from_file) == expected
    assert in_memory.fallback_rows == 0 and in_memory.total_rows == len(frame)
    # row N of the frame is line N + 2 of the file (after its header line)
    assert Counter((f["code"], int(f["place"].removeprefix("row ")) + 2)
                   for f in in_memory.findings.to_pylist()) == Counter(
        (f["code"], int(f["place"].split(":")[1])) for f in from_file.findings.to_pylist())


def test_english_aliases_polars_and_arrow(table: Path) -> None:
    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    english = {"主管部门": "department", "项目名称": "project", "项目编码": "code",
               "一级指标": "level1", "二级指标": "level2", "三级指标": "name",
               "指标性质": "comparator", "指标值": "target", "度量单位": "unit", "完成值": "actual",
               "权重": "weight", "得分": "reported_score", "未完成原因分析": "reason"}
    polars_frame = pl.from_pandas(frame.rename(columns=english))
    want = _totals(scoring.score_table(frame))
    assert _totals(scoring.score_table(polars_frame)) == want
    assert _totals(scoring.score_table(polars_frame.to_arrow())) == want


def test_cells_are_stripped_and_typed_columns_read_as_their_text(table: Path) -> None:
    """Blanks around a cell are stripped (a blank one is empty); a column of numbers,
    dates or booleans is read as the text polars prints, with nothing to strip."""
    text = pl.read_csv(table, infer_schema=False)
    want = scoring.score_table(text)
    padded = text.with_columns(pl.col("项目名称") + "\u3000", " " + pl.col("一级指标"),
                               pl.col("未完成原因分析").fill_null(" \t"))
    typed = pl.read_csv(table)  # 权重 and 得分 as integers
    assert typed.schema["权重"] == pl.Int64
    for frame in (padded, typed):
        got = scoring.score_table(frame)
        assert (got.projects, got.rows, got.findings) == (want.projects, want.rows,
                                                          want.findings)


def test_a_frame_strips_what_a_file_strips(table: Path, tmp_path: Path) -> None:
    """The characters `str.strip` strips, U+001C–U+001F among them (polars' own default
    keeps them), are stripped from a frame's cells as from a file's: the same table
    scores the same from either."""
    text = pl.read_csv(table, infer_schema=False)
    padded = text.with_columns(("\x1c" + pl.col("项目名称") + "\x1f\u3000").alias("项目名称"),
                               pl.col("三级指标") + "\x1e",
                               ("\x1d " + pl.col("一级指标")).alias("一级指标"))
    path = tmp_path / "padded.csv"
    padded.write_csv(path)
    in_memory, from_file = scoring.score_table(padded), scoring.score_table(path)
    assert _totals(in_memory) == _totals(from_file) == _totals(scoring.score_table(text))
    assert in_memory.rows.column("indicator") == from_file.rows.column("indicator")
    assert [f["message"] for f in in_memory.findings.to_pylist()] == [
        f["message"] for f in from_file.findings.to_pylist()]


def test_exact_decimal_columns_and_the_published_schema(table: Path) -> None:
    result = scoring.score_table(table)
    schemas = scoring.table_schema()
    assert result.projects.schema == schemas.projects
    assert result.rows.schema == schemas.rows
    assert result.findings.schema == schemas.findings
    assert result.projects.schema.field("total").type == pa.decimal128(38, 6)
    pandas_projects = result.to_pandas().projects
    assert isinstance(pandas_projects["total"][0], Decimal)
    assert result.to_polars().rows.schema["score"] == pl.Decimal(38, 6)


def test_explain_gives_the_row_engines_derivations(table: Path) -> None:
    rows = scoring.score_table(table, explain=True).rows.to_pylist()
    want = [row.explain for case in scoring.load_cases(table)
            for row in scoring.evaluate(case).indicators]
    assert [r["explain"] for r in rows] == want


def test_audit_adds_the_audits_findings(table: Path) -> None:
    codes = Counter(f["code"] for f in scoring.score_table(table, audit=True)
                    .findings.to_pylist())
    want = Counter(f.code for case in scoring.load_cases(table)
                   for f in scoring.audit(case).findings)
    assert codes == want and codes["reported-score-differs"] > 0


def test_a_table_of_refused_projects_is_findings() -> None:
    """A project with nothing published but its total row is refused (no cell to score)."""
    result = scoring.score_table(pd.DataFrame({"三级指标": ["合计"], "权重": [""],
                                               "指标值": [""]}))
    assert [(f["code"], f["place"]) for f in result.findings.to_pylist()] == [
        ("no-indicator-rows", "row 0")]
    assert [p["total"] for p in result.projects.to_pylist()] == [None]


def test_a_bad_project_is_findings_the_rest_is_scored(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    region.write_region(path, 3, seed=5)
    lines = path.read_text("utf-8").splitlines()
    lines[20] = lines[20].replace(",5,", ",1e999,", 1)  # a weight of project 2 past the cap
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = scoring.score_table(pd.read_csv(path, dtype=str, keep_default_na=False))
    projects = result.projects.to_pylist()
    assert [p["engine"] for p in projects] == ["columns", "rows", "columns"]
    # the row's problem is its finding (#15.1): project 2 scored by the row engine
    assert all(p["total"] is not None for p in projects)
    assert any(f["code"] == "bad-weight" and f["severity"] == "warning" and
               f["place"] == "row 19" for f in result.findings.to_pylist())
    assert result.fallback_rows == 16


def _mixed(table: Path) -> pd.DataFrame:
    """Four projects of the region and one refused (nothing but its 合计 row) before the
    third; the second has a 人工评分 (the row engine scores it), the others the core."""
    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    names = list(dict.fromkeys(frame["项目名称"]))[:4]
    frame = frame[frame["项目名称"].isin(names)].reset_index(drop=True)
    frame["人工评分"] = ""
    frame.loc[frame.index[frame["项目名称"] == names[1]][2], "人工评分"] = "4"
    refused = pd.DataFrame([{**dict.fromkeys(frame.columns, ""), "项目名称": "只有合计",
                             "三级指标": "合计"}])
    third = frame.index[frame["项目名称"] == names[2]][0]
    return pd.concat([frame.iloc[:third], refused, frame.iloc[third:]], ignore_index=True)


@pytest.mark.parametrize("audit", [False, True])
def test_findings_come_in_project_order_whichever_engine_scored_them(table: Path,
                                                                     audit: bool) -> None:
    """The core's projects and the row engine's (one with a manual score, one refused)
    mixed: the findings are in the order of `.projects`, each project's as that project
    scored alone gives them, in its order (not the core's projects first)."""
    frame = _mixed(table)
    result = scoring.score_table(frame, audit=audit)
    projects = result.projects.column("project").to_pylist()
    assert result.projects.column("engine").to_pylist() == [
        "columns", "rows", "rows", "columns", "columns"]
    want = []
    for name in projects:
        alone = scoring.score_table(frame[frame["项目名称"] == name], audit=audit)
        want += [(name, f["code"], f["indicator"], f["message"])
                 for f in alone.findings.to_pylist()]
    got = [(f["project"], f["code"], f["indicator"], f["message"])
           for f in result.findings.to_pylist()]
    assert got == want and len({name for name, *_ in got}) == len(projects)


def test_a_frame_without_a_required_column_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        scoring.score_table(pd.DataFrame({"完成值": ["5"], "指标值": ["1"]}))
    assert {d.code for d in caught.value.diagnostics} == {"missing-column"}


def test_a_frame_without_weights_is_judged_not_scored() -> None:
    """No 权重 column (#15.1): each row judged, no total, a `no-weights` warning."""
    result = scoring.score_table(pd.DataFrame({"三级指标": ["a"], "完成值": ["5"],
                                               "指标值": ["1"]}))
    assert result.projects.column("total").to_pylist() == [None]
    assert result.rows.column("status").to_pylist() == ["met"]
    assert ("no-weights", "warning") in zip(result.findings.column("code").to_pylist(),
                                            result.findings.column("severity").to_pylist(),
                                            strict=True)


def test_the_cli_imports_no_polars() -> None:
    code = "import sys, scoring.cli.main, scoring; print('polars' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["False"]


def test_each_sheet_of_a_workbook_keeps_its_own_findings(tmp_path: Path) -> None:
    """Two sheets, one project each: every finding and count belongs to its own sheet's
    project (the projects of each sheet are numbered after the previous sheet's), as
    each sheet scored alone gives them."""
    openpyxl = pytest.importorskip("openpyxl")
    sources = [ROOT / "cases/tables/000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv",
               ROOT / "cases/tables/008-sichuan-zhongjiang-slj-shuibiaochi-xianjie-2022.csv"]
    book = openpyxl.Workbook()
    book.remove(book.active)
    alone = []
    for number, source in enumerate(sources):
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="gb18030")
        sheet = book.create_sheet(f"S{number}")
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append(list(row))
        alone.append(scoring.score_table(frame))
    path = tmp_path / "two.xlsx"
    book.save(path)
    both = scoring.score_table(path)
    for number, one in enumerate(alone):
        name = one.projects.column("project")[0].as_py()
        mine = [f for f in both.findings.to_pylist() if f["project"] == name]
        assert sorted(f["code"] for f in mine) == \
            sorted(one.findings.column("code").to_pylist())
        assert {f["place"].split("!")[0] for f in mine} == {f"{path}:S{number}"}
        counts = next(p for p in both.projects.to_pylist() if p["project"] == name)
        assert counts["warnings"] == one.projects.column("warnings")[0].as_py()


def test_tables_are_the_same_where_pyarrow_cannot_cast_string_views(
        table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before pyarrow 18 (which pyproject allows) strings are handed over as large strings
    (`frames.STRINGS`), not as views pyarrow could not cast: the same tables."""
    from scoring.batch import frames

    want = scoring.score_table(table)
    monkeypatch.setattr(frames, "STRINGS", pl.CompatLevel.oldest())
    got = scoring.score_table(table)
    assert (got.projects, got.rows, got.findings) == (want.projects, want.rows, want.findings)
    assert got.projects.schema == scoring.table_schema().projects


def test_a_table_read_whole_by_the_importers_rules_counts_its_findings(tmp_path: Path) -> None:
    """A 重庆 部门整体 table (no 一级指标: read whole, by the row engine) gives its
    project's counts of findings, and in a workbook after a sheet the core reads, its
    project and findings come after that sheet's (numbered in the order of its cases)."""
    openpyxl = pytest.importorskip("openpyxl")
    whole = ROOT / "cases/layouts/026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021.csv"
    alone = scoring.score_table(whole)
    severities = Counter(alone.findings.column("severity").to_pylist())
    [project] = alone.projects.to_pylist()
    assert severities["warning"] > 0 and (project["errors"], project["warnings"],
                                          project["infos"]) == (
        severities["error"], severities["warning"], severities["info"])
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, source, encoding in (
            ("A", ROOT / "cases/tables/000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv",
             "gb18030"), ("B", whole, "utf-8-sig")):
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding=encoding)
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append(list(row))
    path = tmp_path / "two.xlsx"
    book.save(path)
    both = scoring.score_table(path)
    assert both.projects.column("project").to_pylist() == ["2023招商引资", None]
    sheets = [f["place"].split("!")[0].rsplit(":", 1)[1] for f in both.findings.to_pylist()]
    assert sheets == sorted(sheets) and set(sheets) == {"A", "B"}  # A's, then B's
    assert both.projects.column("warnings").to_pylist()[1] == project["warnings"]
