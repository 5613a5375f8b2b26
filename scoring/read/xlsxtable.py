"""Read (tables): an XLSX workbook → flat `Table`s, one per sheet with a header.

First stage of the XLSX importer for the flat 自评表 (the official form is
`form.py`'s business). openpyxl is imported lazily and used in read-only
mode, so rows stream from the sheet XML. Read-only mode does not report
merged ranges: the cells a merge covers read as blank, which is exactly the
"blank 一级/二级 = the value above" rule of `flat.py`. Cell values become the
text a reader sees (`xlsxcell.cell_text`: `184.2`, `98%`, `90.00%` for a
`0.00%` format, `2023-12-31`). Every cell is placed at
`file:Sheet!H12`.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, LoadError, Location
from .columns import FieldColumns, Header, RawRow, Table, columns, known_count, read_header
from .xlsxcell import cell_text
from .zipguard import inflated_size, open_workbook_file, unreadable

_LETTERS: list[str] = []


def column_letter(index: int) -> str:
    """0-based column index → `A`, `B`, …, `AA` (cached)."""
    while len(_LETTERS) <= index:
        n, out = len(_LETTERS) + 1, ""
        while n:
            n, rem = divmod(n - 1, 26)
            out = chr(65 + rem) + out
        _LETTERS.append(out)
    return _LETTERS[index]


def open_workbook(path: Path) -> Any:
    """openpyxl workbook in read-only mode; `LoadError` when it is none."""
    name = str(path)
    try:
        import openpyxl
    except ImportError:
        raise LoadError([Diagnostic(Location(name), "读取 .xlsx 需要 openpyxl："
                                    "pip install 'scoring[xlsx]'", "missing-dependency")]) from None
    handle = open_workbook_file(path)  # a regular file within the cap, read through the cap
    try:  # zip bomb, XML entities, expanding sheets: refused before openpyxl reads anything
        inflated_size(handle, name)
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        weakref.finalize(book, handle.close)  # openpyxl reads the sheets from it lazily
        return book
    except LoadError:
        handle.close()
        raise
    except Exception as exc:
        handle.close()  # zipfile.BadZipFile, KeyError, InvalidFileException, XML errors
        raise LoadError([Diagnostic(Location(name), f"不是有效的 .xlsx 工作簿（{exc}）",
                                    "not-xlsx")]) from None


def read_xlsx_tables(path: Path, workbook: Any) -> list[Table]:
    """One `Table` per sheet that has a flat header; `LoadError` when none has."""
    name = str(path)
    cat = columns()
    tables: list[Table] = []
    failures: list[tuple[int, list[Diagnostic]]] = []
    for sheet in workbook.worksheets:
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # a stale <dimension> would cut rows off

        def place(line: int, col: int, _title: str = sheet.title) -> Location:
            return Location(name, line, col + 1, f"{_title}!{column_letter(col)}{line}")

        def row_places(line: int, fields: FieldColumns, _title: str = sheet.title) -> dict[
                str, Location]:
            return {f: Location(name, line, i + 1, f"{_title}!{column_letter(i)}{line}")
                    for f, i in fields}

        head = [(r, _texts(row)) for r, row in enumerate(
            islice(_sheet_rows(sheet, path), cat.header_search_rows), 1)]
        head = [(r, cells) for r, cells in head if any(cells)]
        if not head:
            continue
        line, cells = next(((r, c) for r, c in head if known_count(c) >= cat.header_min_known),
                           max(head, key=lambda item: known_count(item[1])))
        header, diagnostics = read_header(cells, line, place)
        if header is None or diagnostics:
            failures.append((known_count(cells), diagnostics))
            continue
        tables.append(Table(name, header, place, row_places, _row_source(sheet, header, path)))
    if not tables:
        if failures:
            raise LoadError(max(failures, key=lambda f: f[0])[1])
        raise LoadError([Diagnostic(Location(name), "工作簿中没有数据", "empty-file")])
    return tables


def _texts(row: tuple[Any, ...]) -> list[str | None]:
    return [cell_text(c.value, getattr(c, "number_format", None)) for c in row]


def _sheet_rows(sheet: Any, path: Path, first: int = 1) -> Iterator[tuple[Any, ...]]:
    """The rows of a read-only sheet, from row `first`. openpyxl parses the sheet's XML
    as they are taken: what it raises on a damaged sheet (bad XML, a bad cell value)
    is the workbook's `unreadable-file` diagnostic; only openpyxl's step is guarded."""
    rows = sheet.iter_rows(min_row=first)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl's own errors, of any class: the file is damaged
            raise unreadable(path, exc) from None
        yield row


def _row_source(sheet: Any, header: Header, path: Path) -> Any:
    width = header.width

    def rows() -> Iterator[RawRow]:
        for r, row in enumerate(_sheet_rows(sheet, path, header.line + 1), header.line + 1):
            cells = _texts(row[:width])
            if len(cells) < width:
                cells += [None] * (width - len(cells))
            if any(cells):
                yield RawRow(r, cells)
    return rows
