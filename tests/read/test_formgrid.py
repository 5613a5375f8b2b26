"""formgrid.py: a form sheet as located text cells; merged ranges and labels read once."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from scoring.read.formgrid import Grid, header_columns, label_key, sheet_ref


def _grid() -> Grid:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "自评 表"
    ws.append(["项目名称", "甲", None])
    ws.append(["年度", 2023, None])
    ws.append([None, "年初预算数", "全年预算数", "全年执行数"])
    ws.merge_cells("B1:C1")
    return Grid(ws, Path("f.xlsx"))


def test_a_merged_range_reads_its_value_in_every_cell_placed_at_the_cell_asked() -> None:
    grid = _grid()
    assert (grid.get(1, 2), grid.get(1, 3), grid.get(2, 2)) == ("甲", "甲", "2023")
    assert str(grid.place(1, 3)) == "f.xlsx:'自评 表'!B1"  # a merged cell: its range's origin
    assert grid.get(2, 3) is None and grid.get(2, None) is None


def test_sheet_names_and_labels_as_compared() -> None:
    assert (sheet_ref("自评 表"), sheet_ref("表1")) == ("'自评 表'", "表1")
    assert label_key(" 项目 名称 ") == label_key("项目名称")  # spaces do not count


def test_a_header_row_is_found_by_its_words() -> None:
    found = header_columns(_grid(), "budget", range(1, 4))
    assert found is not None
    row, columns = found
    assert row == 3 and (columns["initial"], columns["adjusted"], columns["executed"]) == (2, 3, 4)
