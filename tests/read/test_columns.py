"""columns.py: header cells → fields, by the catalogue of data/columns.yaml."""

from __future__ import annotations

from scoring.engine.columns import FIELDS
from scoring.errors import Location
from scoring.read.columns import Table, columns, header_key, known_count, read_header
from scoring.read.packaged import data_file


def _place(line: int, col: int) -> Location:
    return Location("t.csv", line, col + 1)


def test_a_header_cell_is_compared_loosely() -> None:
    assert header_key(" 指标 权重（分）") == "指标权重"
    assert header_key("ＷＥＩＧＨＴ") == "weight"


def test_known_headers_are_counted() -> None:
    assert known_count(["三级指标", "分值", "废话", None]) == 2


def test_a_header_maps_its_columns_and_names_the_missing_with_a_near_miss() -> None:
    header, problems = read_header(["三级指标", "权重", "指标 目标", "未知列"], 1, _place)
    assert header is not None and header.index == {"name": 0, "weight": 1}
    first = problems[0]  # (一级/二级 may be absent: 重庆 部门整体)
    assert (first.code, str(first.location)) == ("missing-column", "t.csv:1:3")
    assert "“指标 目标”是否应为“指标值”" in first.message
    assert {d.code for d in problems} == {"missing-column"}


def test_one_list_of_fields_splits_project_from_row() -> None:
    cat, raw = columns(), data_file("columns.yaml")
    assert cat.project_fields == ("project", "code", "department", "year", "grade")
    assert sorted(cat.fields) == sorted(raw["columns"])  # each field once, project or row
    assert cat.row_fields[:3] == ("level1", "level2", "name")
    assert FIELDS == cat.fields  # the columnar core's frame columns are the same list
    header, _ = read_header(["项目名称", "三级指标", "指标值", "权重", "评价等级"], 1, _place)
    assert header is not None
    table = Table("t.csv", header, _place, lambda line, cols: {}, lambda: iter(()))
    assert [f for f, _ in table.meta_columns] == ["project", "grade"]
    assert [f for f, _ in table.row_columns] == ["name", "target", "weight"]
