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


def test_an_english_header_near_a_field_is_told_the_english_alias() -> None:
    """`targt` was told “指标值”: right, but not what an English header means to write."""
    _, problems = read_header(["project", "name", "targt", "wieght"], 1, _place)
    messages = [d.message for d in problems]
    assert any("“targt”是否应为“target”" in m for m in messages), messages
    assert any("“wieght”是否应为“weight”" in m for m in messages), messages


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


def test_the_layouts_headers_are_known_and_levels_may_be_absent() -> None:
    """#15.3: the 重庆 部门整体 header (no 一级/二级; 年初指标值 stands for 指标值 when there
    is no 调整指标值), the central form's and the 湖北 form's words."""
    header, problems = read_header(["指标名称", "计量单位", "指标性质", "年初指标值", "全年完成值",
                                    "得分系数(%)", "指标权重(分)", "指标得分(分)"], 1, _place)
    assert problems == [] and header is not None
    assert header.index == {"name": 0, "unit": 1, "comparator": 2, "initial_target": 3,
                            "actual": 4, "weight": 6, "reported_score": 7}
    header, problems = read_header(["部门（单位）名称", "三级指标", "分值", "年初目标值",
                                    "偏差原因分析及改进措施"], 1, _place)
    assert problems == [] and header is not None
    assert header.index == {"project": 0, "name": 1, "weight": 2, "target": 3, "reason": 4}
    # 年初目标值 and 调整指标值 both name the target: the second is a duplicate, said so
    header, problems = read_header(["三级指标", "分值", "年初目标值", "调整指标值"], 1, _place)
    assert [d.code for d in problems] == ["duplicate-column"]


def test_a_table_named_by_department_or_titled_department_wide_is_so() -> None:
    """部门（单位）名称 heading the name column, or 部门整体/整体支出 in the name, as the
    form's title says it (#15): kind department."""
    cat = columns()
    dept, _ = read_header(["部门（单位）名称", "三级指标", "指标值"], 1, _place)
    plain, _ = read_header(["项目名称", "三级指标", "指标值"], 1, _place)
    assert dept is not None and plain is not None
    assert (dept.department, plain.department) == (True, False)
    assert cat.department(dept, "某县文化和旅游局")
    assert cat.department(plain, "部门整体支出(融媒体中心)")
    assert not cat.department(plain, "2023招商引资") and not cat.department(plain, None)
