"""read/gridtable.py: a cell grid holding a flat 自评表 → a flat `Table`."""

from __future__ import annotations

from functools import partial

from scoring.read.cellgrid import CellGrid, rc_ref
from scoring.read.gridtable import flat_table

HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "完成值", "权重"]


def _grid(rows: list[list[str]], lines: frozenset[int] = frozenset()) -> CellGrid:
    cells = {(r, c): text for r, row in enumerate(rows, 1)
             for c, text in enumerate(row, 1) if text}
    return CellGrid("t.docx", cells, [], partial(rc_ref, "表1"), lines)


def test_the_header_under_a_title_and_its_rows_are_read_with_their_places() -> None:
    grid = _grid([["项目支出绩效自评表"], HEADER,
                  ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "10"],
                  ["产出指标", "质量指标", "合格率", "≥90%", "95%", "10"]])
    table, diagnostics = flat_table(grid)
    assert diagnostics == [] and table is not None
    assert table.header.line == 2
    assert table.header.index["name"] == 2 and table.header.index["weight"] == 5
    rows = list(table.rows())
    assert [(r.line, r.cells[2], r.cells[4]) for r in rows] == \
        [(3, "培训人数", "120人"), (4, "合格率", "95%")]
    assert str(table.place(4, 4)) == "t.docx:表1!R4C5"
    assert list(rows) == list(table.rows())  # re-iterable


def test_a_repeated_header_a_text_line_and_a_blank_row_are_no_rows() -> None:
    grid = _grid([HEADER, ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "10"],
                  ["", "", "", "", "", ""], HEADER, ["注：本表为示例", "", "", "", "", ""],
                  ["效益指标", "社会效益", "满意度", "≥90%", "92%", "20"]],
                 lines=frozenset({5}))
    table, _ = flat_table(grid)
    assert table is not None
    assert [r.line for r in table.rows()] == [2, 6]


def test_no_header_is_no_table_and_a_header_missing_a_required_column_is_diagnosed() -> None:
    assert flat_table(_grid([["甲", "乙"], ["1", "2"]])) == (None, [])
    table, diagnostics = flat_table(_grid([["一级指标", "二级指标", "三级指标", "完成值"],
                                           ["产出指标", "数量指标", "人数", "5"]]))
    assert table is None
    assert {d.code for d in diagnostics} == {"missing-column"}
    assert all(str(d.location).startswith("t.docx:表1!R1C") for d in diagnostics)
