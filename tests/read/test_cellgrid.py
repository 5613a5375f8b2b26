"""read/cellgrid.py: a document's table as a grid of located text cells."""

from __future__ import annotations

from functools import partial

from scoring.errors import Location
from scoring.read.cellgrid import CellGrid, letters, rc_ref
from scoring.read.columns import columns


def test_rc_ref_and_letters_name_cells_as_their_containers_do() -> None:
    assert rc_ref("表3", 5, 7) == "表3!R5C7"
    assert [letters(c) for c in (1, 26, 27, 52, 53, 702, 703)] == \
        ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_a_merged_cell_fills_every_position_it_covers_placed_at_its_top_left() -> None:
    cells = {(1, 1): "产出指标", (1, 3): "数量", (2, 3): "质量"}
    grid = CellGrid("a.docx", cells, [((1, 1), (2, 2))], partial(rc_ref, "表2"))
    assert (grid.rows, grid.cols) == (2, 3)
    assert grid.row_texts(1) == ["产出指标", "产出指标", "数量"]
    assert grid.row_texts(2) == ["产出指标", "产出指标", "质量"]
    assert grid.place(2, 2) == Location("a.docx", 2, 2, cell="表2!R1C1")
    assert grid.place(2, 3) == Location("a.docx", 2, 3, cell="表2!R2C3")
    assert str(grid.place(2, 3)) == "a.docx:表2!R2C3"


def test_blank_cells_are_none_and_an_empty_grid_has_no_rows() -> None:
    grid = CellGrid("p.pdf", {(1, 3): "x"}, [], partial(rc_ref, "p1"))
    assert grid.row_texts(1) == [None, None, "x"]
    empty = CellGrid("p.pdf", {}, [], partial(rc_ref, "p1"))
    assert (empty.rows, empty.cols, empty.row_texts(1)) == (0, 0, [])


def test_cells_beyond_the_column_cap_are_not_kept() -> None:
    cap = columns().max_columns
    grid = CellGrid("wide.xls", {(1, 1): "a", (1, cap + 5): "far"}, [((1, cap), (1, cap + 9))],
                    lambda r, c: f"Sheet1!{letters(c)}{r}")
    assert grid.cols == cap
    assert "far" not in grid.row_texts(1)
    assert len(grid.row_texts(1)) == cap
