"""Render (workbooks): the styled cell cursor, sheet titles and reproducible bytes.

What every workbook of the package shares: the official form's column widths
and fonts, `Sheet.put` (numbers stored as numbers at their places; merged
cells bordered; row heights from the text's display width), sheet titles
Excel accepts, and `reproducible`, which
fixes the zip and document times so the same input gives the same bytes.
openpyxl is imported lazily, by the caller's first `Sheet`; it is an optional
extra, and `require_openpyxl` is the one place that says so when it is missing
(every workbook writer calls it first, and the CLI before any work).

Every value any workbook of the package holds goes through `cell_value` (one
cell) or `append_row` (a row): text is always a string cell, never a formula,
whatever it starts with (`= + - @`, a tab or a carriage return, after leading
spaces, also gets Excel's quote prefix, so editing the cell keeps it text), and
the control characters XML cannot hold are written as visible escapes
(`terminal.visible`), never a crash. Numbers stay numbers.
"""

from __future__ import annotations

import errno
import io
import os
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import Diagnostic, Location, MissingDependencyError
from ..read.packaged import data_file
from ..terminal import visible
from .grid import text_width
from .output import error_message

WIDTHS = (11, 13, 20, 8, 10, 11, 10, 8, 8, 17, 34)  # A..K, in character units
LAST = len(WIDTHS)
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
SEVERITY_FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
LABEL_FILL = "F2F2F2"
FONT: str = data_file("form.yaml")["export"]["font"]  # of every workbook written
TEXT_PER_WIDTH = 1.3  # display columns (CJK = 2) per column-width unit at 10 points
LINE_POINTS = 13.5  # height of one line of 10-point text
FIXED_TIME = "2000-01-01T00:00:00Z"  # docProps times, so the same table gives the same bytes


def require_openpyxl(output: str | Path | None = None) -> None:
    """Raise `MissingDependencyError` unless openpyxl can be imported.

    The diagnostic is located at `output`, the file about to be written; without
    one (standard output, or the API) it reads `scoring: …` like the CLI's
    other messages."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        where = Location(str(output) if output else "scoring")
        raise MissingDependencyError([Diagnostic(where, error_message("openpyxl"),
                                                 "missing-dependency")]) from None


def save_workbook(wb: Any, target: Any) -> None:
    """Save `wb` to `target` (a path or a binary file), a refused write an `OSError`."""
    try:
        wb.save(target)
    except Exception as exc:
        error = _system_error(exc)
        if error is None:
            raise
        raise error from exc


def _system_error(exc: Exception) -> OSError | None:
    """openpyxl streams each sheet through a temporary file; with lxml installed a write
    the system refuses there (a full disk, a file-size limit) is lxml's
    `SerialisationError` (`IO_EFBIG`), not an `OSError`: it becomes the `OSError` it is,
    so every caller reports it as one line, with or without lxml. None for anything else."""
    if type(exc).__name__ != "SerialisationError":  # lxml is optional: matched by name
        return None
    code = getattr(errno, str(exc).removeprefix("IO_"), None)
    if not isinstance(code, int):
        return OSError(f"the workbook could not be written ({exc})")
    return OSError(code, os.strerror(code))


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could take `text` for a formula: it starts, after leading
    spaces, with one of `FORMULA_LEADS` (OWASP's CSV-injection list)."""
    return text.lstrip(" ").startswith(FORMULA_LEADS)


def cell_text(text: str) -> str:
    """`text` as a cell may hold it: the control characters XML 1.0 refuses (all but
    tab, newline and carriage return) as visible escapes."""
    return visible(text, keep="\t\n\r")


def cell_value(ws: Any, value: object) -> object:
    """`value` ready to be appended to the worksheet `ws` (write-only or not): text
    that could be a formula becomes a string cell with the quote prefix, other text
    is cleaned by `cell_text`, anything else is left as it is."""
    if not isinstance(value, str):
        return value
    text = cell_text(value)
    return text_cell(ws, text) if formula_like(text) else text


def text_cell(ws: Any, text: str) -> Any:
    """A cell of `ws` holding `text` as text (to be styled, then appended): a string
    cell, never a formula, control characters visible, the quote prefix when it
    starts like a formula."""
    from openpyxl.cell.cell import Cell

    text = cell_text(text)
    cell = Cell(ws, row=1, column=1, value=text)  # placed by `append`
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if formula_like(text):
        cell.quotePrefix = True
    return cell


def append_row(ws: Any, values: Any) -> None:
    """Append `values` as one row of `ws`, each through `cell_value`."""
    try:
        ws.append([cell_value(ws, v) for v in values])
    except Exception as exc:
        error = _system_error(exc)
        if error is None:
            raise
        raise error from exc


def places_format(places: int) -> str:
    """The number format of a score printed at `places` decimals (0.0 at 1)."""
    return "0" if places <= 0 else "0." + "0" * places


def _places_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class Sheet:
    """A cursor over one worksheet with the few styles the form uses."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        side = Side(style="thin", color="000000")
        self.border = Border(left=side, right=side, top=side, bottom=side)
        self.font = Font(name=FONT, size=10)
        self.bold = Font(name=FONT, size=10, bold=True)
        self.small = Font(name=FONT, size=9, italic=True)
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.left = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
        self.label_fill = PatternFill("solid", fgColor=LABEL_FILL)
        self.places: dict[tuple[str, str], str] = {}
        self.heights: dict[int, float] = {}

    def put(self, row: int, first: int, last: int, value: str | Decimal | None, *,
            label: bool = False, number_format: str | None = None, align: str = "center",
            border: bool = True, font: Any = None) -> Any:
        """Write one (possibly merged) cell; text stays text, numbers numbers."""
        ws = self.ws
        cell = ws.cell(row=row, column=first)
        if isinstance(value, str) and value:
            value = cell_text(value)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
            if formula_like(value):
                cell.quotePrefix = True
        elif isinstance(value, Decimal):
            cell.value = value
            cell.number_format = number_format or places_format(_places_of(value))
        if last > first:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        for col in range(first, last + 1):
            each = ws.cell(row=row, column=col)
            each.font = font or (self.bold if label else self.font)
            each.alignment = self.center if align == "center" else self.left
            if border:
                each.border = self.border
            if label:
                each.fill = self.label_fill
        if isinstance(value, str):
            width = (sum(WIDTHS[first - 1:last]) - 2) * TEXT_PER_WIDTH
            lines = sum(max(1, -(-text_width(part) // max(width, 1)))
                        for part in value.split("\n"))
            self.heights[row] = max(self.heights.get(row, 1.0), float(lines))
        return cell


def sheet_title(name: str, taken: set[str]) -> str:
    """`name` as a sheet title: no []:*?/\\' characters, 31 at most, unique in `taken`."""
    export = data_file("form.yaml")["export"]
    base = re.sub(r"[\[\]:*?/\\']", "", visible(name)).strip() or export["sheet"]
    title, n = base[:31], 1
    while title in taken:
        n += 1
        title = export["sheet_again"].format(title=base[:27], n=n)
    taken.add(title)
    return title


def reproducible(data: bytes) -> bytes:
    """The same workbook with fixed zip and document times (same input, same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + FIXED_TIME.encode(), payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, payload)
    return out.getvalue()
