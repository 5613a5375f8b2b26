"""A later stage on the core's frames: its findings after each project's own, the projects it
leaves handed to the row engine (`engine/columns_stage.py`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import polars as pl

from scoring.engine.columns import score_path
from scoring.engine.columns_format import FINDING_SCHEMA
from scoring.engine.columns_stage import ColumnStage, Detail, Fast, Vetted, vetted
from scoring.load.scheme import load_scheme
from scoring.model.case import Case
from scoring.model.findings import Finding, finding
from scoring.model.result import Result
from scoring.model.scheme import Scheme

HEADER = "项目名称,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分\n"
ROWS = ("甲,产出指标,数量指标,个数,≥,10,个,8,60,\n甲,效益指标,社会效益,满意度,≥,90,%,95,40,\n"
        "乙,产出指标,数量指标,个数,≥,10,个,10,100,\n")


class Marked:
    """A stage that marks each project, leaving project `leave` to the row engine."""

    def __init__(self, leave: list[int]) -> None:
        self.leave = leave
        self.details: list[Detail] = []

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        return [finding("not-applicable", "合计", applicable="row engine")]

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        self.details.append(detail)
        marks = detail.projects.select(
            "pid", pl.col("first_line").alias("line"), pl.lit(0, pl.Int64).alias("col"),
            pl.lit("not-applicable").alias("code"), pl.lit("info").alias("severity"),
            pl.lit("合计").alias("indicator"), pl.lit("columns").alias("message"),
            pl.lit(0, pl.Int64).alias("seq"))
        return Vetted(marks.cast(FINDING_SCHEMA), self.leave)  # type: ignore[arg-type]


def test_a_stage_works_on_the_core_and_hands_back_what_it_leaves(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    stage = Marked([1])
    assert isinstance(stage, ColumnStage)
    out = score_path(path, "mof-2020", more=stage)
    assert out.fallback_rows == 1  # 乙 (pid 1) went to the row engine
    engines = dict(zip(out.projects.get_column("pid"), out.projects.get_column("engine"),
                       strict=True))
    assert engines == {0: "columns", 1: "rows"}
    found = out.findings.select("pid", "code", "message").rows()
    assert [(pid, code) for pid, code, _ in found] == [
        (0, "reason-missing"), (0, "not-applicable"), (1, "not-applicable")]
    assert found[1][2] == "columns" and "row engine" in found[2][2]  # after the project's own
    assert out.detail is not None and out.detail.projects.get_column("pid").to_list() == [0]
    assert stage.details[0].marks.height == 0  # no 合计 or 等级 row


def test_a_plain_callable_sends_every_project_to_the_row_engine(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    out = score_path(path, "mof-2020", more=lambda case, result, scheme: ())
    assert out.fallback_rows == out.total_rows == 3


def test_detail_moves_and_stacks_every_frame() -> None:
    frame = pl.DataFrame({"pid": [0, 1]})
    detail = Detail(frame, frame, frame, frame)
    moved = detail.moved(5)
    assert moved.marks.get_column("pid").to_list() == [5, 6]
    stacked = Detail.stacked([detail, moved])
    assert stacked is not None and stacked.rows.get_column("pid").to_list() == [0, 1, 5, 6]
    assert Detail.stacked([]) is None
    assert detail.where(pl.col("pid") > 0).budget.get_column("pid").to_list() == [1]


def test_vetted_keeps_the_fast_frames_by_name_without_the_projects_left() -> None:
    """`vetted` on the core's `Fast` frames: a `Fast` again, the stage's findings after each
    project's own, the project it leaves (1) out of every frame."""
    two = pl.DataFrame({"pid": [0, 1]}, schema={"pid": pl.Int64})
    own = pl.DataFrame({"pid": [0, 1], "code": ["own0", "own1"]},
                       schema={"pid": pl.Int64, "code": pl.String})
    detail = Detail(two, two, two.with_columns(pl.lit(1, pl.Int64).alias("first_line")), two)
    fast = Fast(two, two, own, detail)
    out = vetted(fast, Marked([1]), load_scheme("mof-2020"), {})
    assert isinstance(out, Fast)
    assert out.findings.get_column("code").to_list() == ["own0", "not-applicable"]
    assert out.projects.get_column("pid").to_list() == [0]
    assert out.rows.height == 1 and out.detail.marks.get_column("pid").to_list() == [0]

