"""read/xlsxcell.py: a workbook cell's text as the sheet shows it, the same on both
XLSX paths (the flat table's read-only cells, the form's full cells)."""

from __future__ import annotations

import datetime as dt
import decimal
import re
import zipfile
from pathlib import Path

import pytest

from scoring.read.formgrid import Grid
from scoring.read.xlsxcell import cell_text
from scoring.read.xlsxtable import open_workbook, read_xlsx_tables


@pytest.mark.parametrize(("value", "form", "text"), [
    (None, "General", None),
    ("  是否  ", "General", "是否"),
    ("   ", "General", None),
    (True, "General", "是"),
    (False, "General", "否"),
    (7.675, "General", "7.675"),
    (184.2, "General", "184.2"),
    (5.0, "General", "5"),  # a whole float shows whole
    (1e-7, "General", "0.0000001"),
    (0.1 + 0.2, "General", "0.30000000000000004"),  # the float as stored, not re-rounded
    (120, "0.00", "120.00"),
    (300, "0.00", "300.00"),
    (7.5, "0.00", "7.50"),
    (7.675, "0.00", "7.675"),  # places are added, never taken away
    (0.9, "0.00%", "90.00%"),
    (0.9, "0%", "90%"),
    (0.125, "0.00%", "12.50%"),
    (0.1234, "0.00%", "12.34%"),
    (0.76, "0%", "76%"),
    (1, "0%", "100%"),
    (1234567890123456789012345678901234567890, "0.00",
     "1234567890123456789012345678901234567890.00"),  # 40 digits, exactly
    (1234567890123456789012345678901234567890, "0%",
     "123456789012345678901234567890123456789000%"),
    (1e300, "0.00", "1" + "0" * 300 + ".00"),
    (dt.date(2023, 12, 31), "yyyy-mm-dd", "2023-12-31"),
    (dt.datetime(2023, 12, 31), "yyyy-mm-dd h:mm", "2023-12-31"),
    (dt.datetime(2023, 12, 31, 9, 30), "yyyy-mm-dd", "2023-12-31"),
    (dt.datetime(2023, 12, 31, 9, 30), "yyyy-mm-dd h:mm", "2023-12-31T09:30:00"),
    (dt.time(9, 30), "h:mm", "09:30:00"),
])
def test_cell_text(value: object, form: str, text: str | None) -> None:
    assert cell_text(value, form) == text


def test_a_narrow_decimal_context_of_the_caller_changes_nothing() -> None:
    cells = ((0.123456, "0.00%"), (98765.4321, "0.00"), (10**40, "0%"))
    expected = [cell_text(v, f) for v, f in cells]
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        assert [cell_text(v, f) for v, f in cells] == expected
    assert expected == ["12.3456%", "98765.4321", "1" + "0" * 42 + "%"]


HEADER = ["一级指标", "二级指标", "三级指标", "指标值", "权重", "完成值"]
CELLS: list[tuple[object, str, str]] = [  # (value, number format, the text both paths read)
    (300, "0.00", "300.00"),
    (184.2, "General", "184.2"),
    (0.9, "0.00%", "90.00%"),
    (0.98, "0%", "98%"),
    (dt.date(2023, 12, 31), "yyyy-mm-dd", "2023-12-31"),
    (dt.datetime(2023, 12, 31, 9, 30), "yyyy-mm-dd h:mm", "2023-12-31T09:30:00"),
    ("=F2", "0.00%", "45.00%"),  # a formula: its cached value (0.45), as formatted
    ("=F2", "General", "0.45"),
]


def _workbook(path: Path) -> Path:
    """A flat table whose 完成值 column holds each of `CELLS`, formulas given the
    cached values a spreadsheet program would have saved."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws.append(HEADER)
    for row, (value, form, _) in enumerate(CELLS, 2):
        ws.append(["产出指标", "数量指标", f"指标{row}", "1", 10, value])
        ws.cell(row, 6).number_format = form
    ws["G2"] = 0.45  # what the formulas refer to (beside the table: not a column)
    wb.save(path)
    with zipfile.ZipFile(path) as book:
        members = {name: book.read(name) for name in book.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    sheet, count = re.subn(r"<f>F2</f>(<v ?/>|<v></v>)", "<f>G2</f><v>0.45</v>", sheet)
    assert count == 2, sheet
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as book:
        for name, data in members.items():
            book.writestr(name, data)
    return path


def test_the_flat_table_and_the_form_read_every_cell_alike(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = _workbook(tmp_path / "t.xlsx")
    (table,) = read_xlsx_tables(path, open_workbook(path))
    flat = [row.cells[table.header.index["actual"]] for row in table.rows()]
    grid = Grid(openpyxl.load_workbook(path, data_only=True)["表"], path)
    form = [grid.get(row, 6) for row in range(2, len(CELLS) + 2)]
    assert flat == form == [text for _, _, text in CELLS]
