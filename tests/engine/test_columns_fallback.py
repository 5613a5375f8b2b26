"""engine/columns_fallback.py: projects the core leaves, scored by the importer and row engine."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from scoring.engine.columns_fallback import (
    Frames,
    Places,
    engine_frames,
    fallback_results,
    row_texts,
)
from scoring.engine.columns_format import FINDING_SCHEMA
from scoring.engine.columns_read import csv_frame
from scoring.errors import Location
from scoring.load.scheme import load_scheme
from scoring.read.csvtable import read_csv_table

SCHEME = load_scheme("mof-2020")
CSV = ("项目名称,一级指标,二级指标,三级指标,指标性质,指标值,完成值,权重\n"
       "甲项目,产出指标,数量指标,人数,≥,100,80,60\n"
       "甲项目,效益指标,社会效益,满意度,≥,90,95,40\n"
       "乙项目,产出指标,数量指标,人数,≥,400,1,10\n"
       "乙项目,效益指标,社会效益,满意度,≥,90,95,90\n")


def _table(tmp_path: Path) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(CSV, "utf-8")
    return path


def test_places_name_cells_as_the_table_kind_does(tmp_path: Path) -> None:
    path = _table(tmp_path)
    table = read_csv_table(path)
    frame = pl.DataFrame({"line": [2, 3], "col": [0, 6]})
    assert Places(table, "csv").render(frame).to_list() == [f"{path}:2:1", f"{path}:3:7"]
    assert Places(table, "frame").render(frame).to_list() == ["row 1", "row 2"]
    assert Places(table, "frame").text(Location(str(path), 5, 3)) == "row 4"
    assert Places(table, "csv").text(Location(str(path), 5, 3)) == f"{path}:5:3"
    assert Places(table, "csv").text(None) is None


def test_a_frames_row_places_are_printed_once_for_every_frame_they_name(tmp_path: Path) -> None:
    places = Places(read_csv_table(_table(tmp_path)), "frame")
    lines = [[3, None, 1], [7, 2], [5], [None]]  # later frames reach further rows, or none
    for line in lines:
        frame = pl.DataFrame({"line": line, "col": [0] * len(line)},
                             schema={"line": pl.Int64, "col": pl.Int64})
        assert places.render(frame).to_list() == [
            None if n is None else f"row {n - 1}" for n in line]


def test_row_texts_are_the_row_places_across_digit_widths_and_past_the_inline_views() -> None:
    spans = [(0, 0), (0, 1), (7, 12), (95, 1012), (99_999_990, 100_000_000),
             (99_999_998, 100_000_003)]  # the last: past 12 bytes, formatted
    for start, stop in spans:
        got = row_texts(start, stop)
        assert got.dtype == pl.String
        assert got.to_list() == [f"row {n}" for n in range(start, stop)]
    # usable as any string column: compared, gathered, stacked
    texts = row_texts(0, 20)
    assert texts.gather([19, 3]).to_list() == ["row 19", "row 3"]
    assert (pl.concat([texts, row_texts(20, 21)]) == "row 20").arg_true().to_list() == [20]


def test_every_project_is_scored_by_the_row_engine_with_half_up_scores(tmp_path: Path) -> None:
    table = read_csv_table(_table(tmp_path))
    frames = engine_frames(table, Places(table, "csv"), SCHEME, "mof-2020", {2: 0, 4: 1})
    assert frames.projects is not None and frames.rows is not None
    projects = frames.projects.select("pid", "project", "total", "max_total", "grade",
                                      "refused").rows()
    assert projects == [(0, "甲项目", "88", "100", "良", False),
                        (1, "乙项目", "90.03", "100", "优", False)]
    assert frames.rows["score"].to_list() == ["48", "40", "0.03", "90"]  # 10 × 1/400: .025 up
    assert frames.rows["line"].to_list() == [2, 3, 4, 5]


def test_the_rows_left_to_the_engine_keep_their_project_numbers(tmp_path: Path) -> None:
    table, frame = csv_frame(_table(tmp_path))
    assert frame is not None
    rest = frame.filter(pl.col("project") == "乙项目").with_columns(pl.lit(7, pl.Int64)
                                                                   .alias("pid"))
    first = int(rest.get_column("line").min())  # type: ignore[arg-type]
    meta = pl.DataFrame({"pid": [7], "first_line": [first], "project": ["乙项目"],
                         "code": [None], "department": [None]},
                        schema={"pid": pl.Int64, "first_line": pl.Int64,
                                "project": pl.String, "code": pl.String,
                                "department": pl.String})
    frames = fallback_results(rest, meta, Places(table, "csv"), SCHEME, "mof-2020")
    assert frames.projects is not None
    assert frames.projects.select("pid", "project", "total").rows() == [(7, "乙项目", "90.03")]
    empty = fallback_results(rest.head(0), meta, Places(table, "csv"), SCHEME, "mof-2020")
    assert (empty.projects, empty.rows, empty.findings) == (None, None, None)


def test_the_row_engines_findings_are_merged_into_the_cores_in_project_order() -> None:
    """Each project's findings in the order made, the projects in order (`pid`), a finding
    of no project (the header's) last; the core's frame as it is when the engine found
    nothing."""
    core = pl.DataFrame({"pid": [0, 0, 2], "code": ["c0a", "c0b", "c2"]},
                        schema={"pid": pl.Int64, "code": pl.String})
    engine = pl.DataFrame({"pid": [1, 1, 3, None, 1], "code": ["r1a", "r1b", "r3", "head",
                                                              "refused1"]},
                          schema={"pid": pl.Int64, "code": pl.String})
    assert Frames(None, None, engine).merged(core).get_column("code").to_list() == [
        "c0a", "c0b", "r1a", "r1b", "refused1", "c2", "r3", "head"]
    assert Frames(None, None, engine).merged(None).get_column("code").to_list() == [
        "r1a", "r1b", "refused1", "r3", "head"]
    assert Frames(None, None, None).merged(core) is core
    assert Frames(None, None, None).merged(None).columns == list(FINDING_SCHEMA)


def test_a_table_read_whole_numbers_its_projects_in_the_order_of_their_cases(
        tmp_path: Path) -> None:
    """Without `by_line` (the table read whole by the importer's rules) each project
    scored is numbered in the order of its case, its rows and findings with it, and
    marked `whole`."""
    table = read_csv_table(_table(tmp_path))
    frames = engine_frames(table, Places(table, "csv"), SCHEME, "mof-2020")
    assert frames.projects is not None and frames.rows is not None
    assert frames.projects.select("pid", "project", "whole").rows() == [
        (0, "甲项目", True), (1, "乙项目", True)]
    assert frames.rows["pid"].to_list() == [0, 0, 1, 1]
    numbered = engine_frames(table, Places(table, "csv"), SCHEME, "mof-2020", {2: 0, 4: 1})
    assert numbered.projects is not None and "whole" not in numbered.projects.columns
