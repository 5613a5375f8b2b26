"""Read (documents): the sheets of a legacy Excel `.xls` workbook as grids of located cells.

A `.xls` (an OLE2 compound file, told by its bytes: `read/container.py`) is
read by xlrd, sheet by sheet, into the `CellGrid` of `cellgrid.py`; the
loader then reads each sheet as the official form or a flat table
(`load/documents.py`), as it reads an `.xlsx`. A cell reads as the text a
reader sees, by the same rules as an `.xlsx` cell (`read/xlsxcell.cell_text`):
strings stripped, numbers exact in their format (`0.00%` → `12.50%`; xlrd
hands every number as a binary float, read by its shortest repr, so `97.7`
stays `97.7` and `100` stays `100`), dates as ISO dates. A merged range's
text fills every cell it covers; every cell is placed `Sheet1!H12`.

The file is read through `bounded.read_bounded` within `max_xlsx_bytes`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Diagnostic, LoadError, Location
from .bounded import read_bounded
from .cellgrid import CellGrid, letters
from .columns import columns
from .formgrid import sheet_ref
from .optional import require
from .xlsxcell import cell_text

_EXACT_INTEGER = 2**53  # a float above is not surely the integer typed


def read_xls_grids(path: Path) -> list[CellGrid]:
    """One grid per sheet of the `.xls` at `path`, in order.

    `LoadError` (one diagnostic at the file) when xlrd is missing
    (`missing-dependency`) or cannot read the workbook (`unreadable-file`).
    """
    name = str(path)
    xlrd = require(".xls", name)
    data = read_bounded(path, columns().max_xlsx_bytes, name)
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True,
                                  logfile=_Discard())
        return [_sheet_grid(xlrd, book, sheet, name) for sheet in book.sheets()]
    except LoadError:
        raise
    except Exception as exc:  # xlrd's own errors, struct errors of a damaged stream
        text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise LoadError([Diagnostic(Location(name), f"无法读取 .xls 文件（{text}）",
                                    "unreadable-file")]) from None


def _sheet_grid(xlrd: Any, book: Any, sheet: Any, name: str) -> CellGrid:
    cat = columns()
    title = sheet_ref(sheet.name)
    cells: dict[tuple[int, int], str] = {}
    for r in range(min(sheet.nrows, cat.max_xlsx_rows)):
        for c in range(min(sheet.ncols, cat.max_columns)):
            text = cell_text(*_shown(xlrd, book, sheet.cell(r, c)))
            if text is not None:
                cells[(r + 1, c + 1)] = text
    spans = [((rlo + 1, clo + 1), (rhi, chi)) for rlo, rhi, clo, chi in sheet.merged_cells]

    def ref(r: int, c: int) -> str:
        return f"{title}!{letters(c)}{r}"

    return CellGrid(name, cells, spans, ref)


def _shown(xlrd: Any, book: Any, cell: Any) -> tuple[Any, str]:
    """A cell's value as openpyxl would give it, and its number format."""
    kind, value = cell.ctype, cell.value
    form = book.format_map.get(book.xf_list[cell.xf_index].format_key) \
        if cell.xf_index is not None else None
    number_format = form.format_str if form is not None else "General"
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        value = None
    elif kind == xlrd.XL_CELL_NUMBER and value.is_integer() and abs(value) < _EXACT_INTEGER:
        value = int(value)
    elif kind == xlrd.XL_CELL_DATE:
        value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
    elif kind == xlrd.XL_CELL_BOOLEAN:
        value = bool(value)
    elif kind == xlrd.XL_CELL_ERROR:
        value = xlrd.error_text_from_code.get(value, "#ERROR")
    return value, number_format


class _Discard:
    """xlrd's log (warnings about a workbook's oddities) goes nowhere: what matters is
    said by the diagnostics."""

    def write(self, text: str) -> int:
        return len(text)
