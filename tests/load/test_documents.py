"""load/documents.py: the tables of a document (as cell grids) → the cases of its 自评表."""

from __future__ import annotations

from functools import partial

import pytest

from scoring.errors import Diagnostic, LoadError, Location
from scoring.load.documents import document_cases, is_form
from scoring.read.cellgrid import CellGrid, rc_ref

HEADER = ["项目名称", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "完成值", "权重"]


def _grid(number: int, rows: list[list[str]]) -> CellGrid:
    cells = {(r, c): text for r, row in enumerate(rows, 1)
             for c, text in enumerate(row, 1) if text}
    return CellGrid("d.docx", cells, [], partial(rc_ref, f"表{number}"))


def _flat(number: int, project: str) -> CellGrid:
    return _grid(number, [HEADER,
                          [project, "产出指标", "数量指标", "培训人数", "≥", "100", "120", "60"],
                          [project, "效益指标", "社会效益", "满意度", "≥", "90", "95", "40"]])


INCOME = _grid(1, [["收入支出决算总表"], ["项目", "决算数"], ["一般公共预算财政拨款收入", "100"]])


def test_other_tables_are_passed_over_and_each_flat_table_gives_its_cases() -> None:
    cases = list(document_cases("d.docx", [INCOME, _flat(2, "甲项目"), _flat(3, "乙项目")],
                                None, "mof-2020"))
    assert [c.project.name for c in cases] == ["甲项目", "乙项目"]
    assert [c.scheme for c in cases] == ["mof-2020", "mof-2020"]
    assert [i.name for i in cases[0].indicator_set.indicators] == ["培训人数", "满意度"]
    assert str(cases[1].indicator_set.indicators[0].location).startswith("d.docx:表3!R2C")


def test_the_given_scheme_is_every_case_s_scheme() -> None:
    [case] = document_cases("d.docx", [_flat(1, "甲项目")], "wuhan", "mof-2020")
    assert case.scheme == "wuhan"


def test_a_document_without_a_self_evaluation_table_is_one_located_diagnostic() -> None:
    with pytest.raises(LoadError) as caught:
        list(document_cases("d.docx", [INCOME], None, "mof-2020"))
    [diag] = caught.value.diagnostics
    assert (diag.code, diag.location) == ("no-form-table", Location("d.docx"))


def test_a_table_that_came_close_is_reported_by_its_header_problem() -> None:
    near = _grid(2, [["一级指标", "二级指标", "三级指标", "完成值"],
                     ["产出指标", "数量", "人数", "5"]])
    with pytest.raises(LoadError) as caught:
        list(document_cases("d.docx", [INCOME, near], None, "mof-2020"))
    assert {d.code for d in caught.value.diagnostics} == {"missing-column"}


def test_what_the_container_found_ends_the_cases_that_could_be_read() -> None:
    scanned = Diagnostic(Location("d.pdf", cell="p3"), "扫描页", "pdf-no-text")
    cases = document_cases("d.pdf", [_flat(1, "甲项目")], None, "mof-2020", [scanned])
    assert next(cases).project.name == "甲项目"
    with pytest.raises(LoadError) as caught:
        next(cases)
    assert list(caught.value.diagnostics) == [scanned]


def test_a_form_is_an_indicator_header_below_a_project_name_or_a_budget_block() -> None:
    indicators = ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重", "得分"]
    assert is_form(_grid(1, [["项目名称", "甲项目"], indicators]))
    assert is_form(_grid(1, [["项目资金", "年初预算数", "执行数"], indicators]))
    assert not is_form(_grid(1, [indicators]))
    assert not is_form(_flat(1, "甲项目"))
    assert not is_form(INCOME)
