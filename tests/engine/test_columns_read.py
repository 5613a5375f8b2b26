"""engine/columns_read.py: a flat 自评表 → one polars frame of its fields, as the importer reads."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from scoring.engine.columns_read import csv_frame, fields_of, piece_frame, rows_frame, table_frame
from scoring.read.cellgrid import CellGrid, rc_ref
from scoring.read.csvtable import read_csv_table
from scoring.read.gridtable import flat_table

HEADER = "一级指标,二级指标,三级指标,指标性质,指标值,完成值,权重"


def _csv(tmp_path: Path, body: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "t.csv"
    path.write_bytes(body.encode(encoding))
    return path


def _as_importer(path: Path) -> list[tuple[object, ...]]:
    table = read_csv_table(path)
    fields = fields_of(table)
    return [(r.line, *(r.cells[i] for i in fields.values())) for r in table.rows()]


def test_a_plain_csv_is_the_importer_s_rows_with_lines_blanks_and_stripping(
        tmp_path: Path) -> None:
    path = _csv(tmp_path, f"{HEADER}\n产出指标,数量指标,人数,≥,100, 120 ,10\n\n"
                          "效益指标,,满意度,≥,90%,,20\n")
    table, frame = csv_frame(path)
    assert frame is not None
    assert fields_of(table)["name"] == 2
    assert frame["line"].to_list() == [2, 4]
    assert frame["actual"].to_list() == ["120", None]
    assert frame["level2"].to_list() == ["数量指标", None]
    assert [tuple(r) for r in frame.iter_rows()] == _as_importer(path)


def test_quoted_cells_are_read_as_csv_reader_reads_them(tmp_path: Path) -> None:
    path = _csv(tmp_path, f'{HEADER}\n产出指标,数量指标,"人数,含外聘",≥,100,120,10\n',
                "gb18030")
    _, frame = csv_frame(path)
    assert frame is not None
    assert frame["name"].to_list() == ["人数,含外聘"]
    assert [tuple(r) for r in frame.iter_rows()] == _as_importer(path)


def test_records_the_fast_path_might_misread_go_the_importer_s_way(tmp_path: Path) -> None:
    ragged = _csv(tmp_path, f"{HEADER}\n产出指标,数量指标,人数,≥,100,120\n")
    assert csv_frame(ragged)[1] is None
    lone_cr = _csv(tmp_path, f"{HEADER}\n产出指标,数量指标,人数,≥,100,120,10\r"
                             "效益指标,社会效益,满意度,≥,90,95,20\n")
    assert csv_frame(lone_cr)[1] is None
    cell_line = _csv(tmp_path, f'{HEADER}\n产出指标,数量指标,"人\n数",≥,100,120,10\n')
    assert csv_frame(cell_line)[1] is None


def test_any_table_becomes_the_same_frame_row_by_row() -> None:
    cells = {(1, c): t for c, t in enumerate(HEADER.split(","), 1)}
    cells |= {(2, c): t for c, t in enumerate(["产出指标", "数量指标", "人数", "≥", "100", "120",
                                                "10"], 1)}
    table, _ = flat_table(CellGrid("t.docx", cells, [], partial(rc_ref, "表1")))
    assert table is not None
    frame = table_frame(table)
    assert frame is not None
    assert frame.columns[0] == "line" and frame["line"].to_list() == [2]
    assert frame.row(0, named=True)["weight"] == "10"
    assert set(frame.columns) == {"line", *fields_of(table)}


def test_a_piece_is_read_from_its_first_line_and_refused_when_a_quote_goes_on(
        tmp_path: Path) -> None:
    table = read_csv_table(_csv(tmp_path, f"{HEADER}\n"))
    row = "产出指标,数量指标,人数,≥,100,120,10\n"
    frame = piece_frame(row.encode("gb18030"), "gb18030", ",", table, 7)
    assert frame is not None and frame["line"].to_list() == [7]
    opened = f'{row}产出指标,数量指标,人数,≥,100,120,"10\n'.encode()  # a cell going on
    assert piece_frame(opened, "utf-8", ",", table, 7, last=False) is None
    assert piece_frame(opened, "utf-8", ",", table, 7, {"name": 2}) is not None  # the file's end
    closed = piece_frame(f'{row}产出指标,数量指标,"人数",≥,100,120,10\n'.encode(), "utf-8", ",",
                         table, 7, {"name": 2}, last=False)
    assert closed is not None and closed.columns == ["line", "name"]
    assert closed["name"].to_list() == ["人数", "人数"]


def test_rows_become_a_frame_of_the_fields_asked_none_when_one_is_ragged(
        tmp_path: Path) -> None:
    table = read_csv_table(_csv(tmp_path, f"{HEADER}\n产出指标,数量指标,人数,≥,100,120,10\n"
                                          "产出指标,数量指标,人数,≥,100\n"))
    rows = list(table.rows())
    frame = rows_frame(rows[:1], {"name": 2})
    assert frame is not None and frame.to_dicts() == [{"line": 2, "name": "人数"}]
    assert rows_frame(rows, {"name": 2}) is None


def test_every_blank_str_strip_strips_is_stripped_as_the_importer_does(tmp_path: Path) -> None:
    blanks = [chr(c) for c in range(sys.maxunicode + 1)
              if chr(c).isspace() and chr(c) not in "\n\r"]
    body = "".join(f"产出指标,数量指标,人数{n},≥,{b}100,120{b},{b}\n" for n, b in enumerate(blanks))
    path = _csv(tmp_path, f"{HEADER}\n{body}")
    _, frame = csv_frame(path)
    assert frame is not None
    assert frame["target"].to_list() == ["100"] * len(blanks)
    assert frame["weight"].to_list() == [None] * len(blanks)
    assert [tuple(r) for r in frame.iter_rows()] == _as_importer(path)
