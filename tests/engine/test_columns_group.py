"""engine/columns_group.py: rows of a flat table → projects, row kinds, carried levels."""

from __future__ import annotations

import polars as pl

from scoring.engine.columns_group import ensure, group_rows, project_meta

S = pl.String


def _frame(rows: list[tuple[str | None, ...]],
           names: tuple[str, ...] = ("code", "project", "level1", "level2", "name")
           ) -> pl.DataFrame:
    data = {"line": list(range(2, len(rows) + 2))}
    schema: dict[str, pl.DataType | type[pl.DataType]] = {"line": pl.Int64}
    for i, field in enumerate(names):
        data[field] = [r[i] for r in rows]  # type: ignore[misc]
        schema[field] = S
    return pl.DataFrame(data, schema=schema)


def test_rows_belong_to_the_project_of_their_code_else_name_else_the_row_above() -> None:
    frame = _frame([("P2", "乙", "产出指标", "数量指标", "a"),
                    (None, None, None, None, "b"),
                    (None, "甲", "产出指标", "数量指标", "c"),
                    ("P2", "乙（续）", "效益指标", "社会效益", "d")])
    out = group_rows(frame)
    assert out["pid"].to_list() == [0, 0, 1, 0]
    assert out["line"].to_list() == [2, 3, 4, 5]


def test_a_code_or_name_on_every_row_numbers_its_runs_unless_one_comes_back() -> None:
    rows = [("P1", "甲", "产出指标", "数量指标", "a"), ("P1", "甲", "产出指标", None, "b"),
            ("P2", "乙", "效益指标", "社会效益", "c"), ("P1", "甲", "产出指标", None, "d")]
    assert group_rows(_frame(rows[:3]))["pid"].to_list() == [0, 0, 1]
    assert group_rows(_frame(rows))["pid"].to_list() == [0, 0, 1, 0]  # P1 again: grouped
    named = _frame([(None, *r[1:]) for r in rows])  # no code: the names
    assert group_rows(named)["pid"].to_list() == [0, 0, 1, 0]
    assert group_rows(named.head(3))["pid"].to_list() == [0, 0, 1]
    # 一级指标 on every row (a budget row too): each indicator row's own
    budget = _frame([rows[0], ("P1", "甲", "预算执行率", None, None), *rows[1:3]])
    assert group_rows(budget)["l1"].to_list() == ["产出指标", None, "产出指标", "效益指标"]
    assert group_rows(budget)["l2"].to_list() == ["数量指标", None, "数量指标", "社会效益"]


def test_levels_are_carried_down_and_level2_only_while_level1_stays() -> None:
    frame = _frame([("P", "甲", "产出指标", "数量指标", "a"),
                    (None, None, None, None, "b"),
                    (None, None, None, "质量指标", "c"),
                    (None, None, "效益指标", None, "d"),
                    (None, None, None, None, "e")])
    out = group_rows(frame)
    assert out["l1"].to_list() == ["产出指标", "产出指标", "产出指标", "效益指标", "效益指标"]
    assert out["l2"].to_list() == ["数量指标", "数量指标", "质量指标", None, None]


def test_budget_total_and_grade_rows_are_told_by_their_labels() -> None:
    frame = _frame([("P", "甲", "预算执行情况", None, None),
                    (None, None, "产出指标", "数量指标", "a"),
                    (None, None, None, None, "合计"),
                    (None, None, "评价等级", None, None)])
    out = group_rows(frame)
    assert out["kind"].to_list() == ["budget", "indicator", "total", "grade"]
    assert out["l1"].to_list() == [None, "产出指标", None, None]


def test_a_table_without_project_columns_is_one_project() -> None:
    frame = _frame([("产出指标", "数量指标", "a"), (None, None, "b")],
                   ("level1", "level2", "name"))
    out = group_rows(frame)
    assert out["pid"].to_list() == [0, 0]
    assert {"code", "project"} <= set(out.columns)
    assert ensure(frame, ("name", "unit"))["unit"].to_list() == [None, None]


def test_project_meta_takes_the_first_value_given_and_reads_the_year() -> None:
    rows = pl.DataFrame({"pid": [0, 0, 1, 2], "line": [2, 3, 4, 5],
                         "project": [None, "甲", "乙", "丙"],
                         "year": ["2023年", "2024", "二〇二三", "1899"]})
    meta = project_meta(rows)
    assert meta["project"].to_list() == ["甲", "乙", "丙"]
    assert meta["project_line"].to_list() == [3, 4, 5]
    assert meta["first_line"].to_list() == [2, 4, 5]
    assert meta["year_int"].to_list() == [2023, None, None]
    assert meta["bad_year"].to_list() == [False, True, True]
    assert meta["code"].to_list() == [None, None, None]


def test_a_budget_row_between_indicator_rows_is_passed_over_by_the_levels() -> None:
    frame = _frame([("P", "甲", "产出指标", "数量指标", "a"),
                    (None, None, "预算执行情况", None, None),
                    (None, None, None, None, "b"),
                    ("Q", "乙", None, "质量指标", "c")])
    out = group_rows(frame)
    assert out["kind"].to_list() == ["indicator", "budget", "indicator", "indicator"]
    assert out["l1"].to_list() == ["产出指标", None, "产出指标", None]
    assert out["l2"].to_list() == ["数量指标", None, "数量指标", "质量指标"]


def test_project_meta_reads_the_same_whether_projects_are_together_or_interleaved() -> None:
    # department given on every row (read at the first rows), code on none, project on some
    rows = pl.DataFrame({"pid": [0, 0, 1, 1, 2, 2], "line": [2, 3, 4, 5, 6, 7],
                         "department": ["甲局", "甲局", "乙局", "丙局", "丁局", "丁局"],
                         "code": [None] * 6, "project": [None, "甲", "乙", None, None, None]},
                        schema_overrides={"code": pl.String})
    together = project_meta(rows)
    assert together["department"].to_list() == ["甲局", "乙局", "丁局"]
    assert together["department_line"].to_list() == [2, 4, 6]
    assert together["project"].to_list() == ["甲", "乙", None]
    assert together["project_line"].to_list() == [3, 4, None]
    assert together["code"].to_list() == [None] * 3
    assert together.schema["code"] == pl.String and together.schema["code_line"] == pl.Int64
    # the same rows, the projects interleaved (grouped, not read at first rows)
    apart = project_meta(rows.with_columns(pl.Series("line", [2, 4, 3, 5, 6, 7])))
    assert apart["first_line"].to_list() == [2, 3, 6]
    assert apart["department_line"].to_list() == [2, 3, 6]
    assert apart["project"].to_list() == ["甲", "乙", None]
    assert apart["project_line"].to_list() == [4, 3, None]
    assert apart.drop("first_line", "department_line", "project_line").equals(
        together.drop("first_line", "department_line", "project_line"))
    assert project_meta(rows.head(0)).columns == together.columns  # no rows: no project
    assert project_meta(rows.head(0)).height == 0
