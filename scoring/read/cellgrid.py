"""Read (documents): a table of a Word, PDF or `.xls` file as a grid of located text cells.

The shape the form reader (`load/form.py`) and the flat-table reader read a
sheet in (`read/formgrid.Grid`), built from cells rather than an openpyxl
sheet: every cell's text at its (row, column) of the grid, a merged cell's
text in every position it covers, and each cell's place as its container
names it: `表3!R5C7` in a `.docx` (the third table of the document, its row 5,
grid column 7), `p12!R5C7` in a PDF (page 12, the fifth table row from the top
of the page), `Sheet1!H12` in an `.xls`. A merged cell is placed at its first
(top-left) position, as in a workbook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ..errors import Location
from .columns import columns
from .formgrid import Grid, Key

Ref = Callable[[int, int], str]
"""(grid row, grid column) → the cell's place inside the file (`表3!R5C7`)."""


def rc_ref(prefix: str, row: int, col: int) -> str:
    """`表3!R5C7`: a cell by its row and column numbers, after the table's name."""
    return f"{prefix}!R{row}C{col}"


def letters(col: int) -> str:
    """1-based column number → `A`, …, `Z`, `AA`, …"""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


class CellGrid(Grid):
    """A grid of text cells with their places; see the module's docstring.

    `cells` maps (row, column), 1-based, to the text of a cell (blank cells
    absent); `spans` are merged ranges as (top-left, bottom-right) keys;
    `ref` names the place of a position; `lines` are the rows that are a
    line of text around the tables (a title, a note), not a table row. Rows
    and columns beyond a sheet's caps (`max_xlsx_rows`, `max_columns` of
    `data/columns.yaml`) are not kept.
    """

    def __init__(self, file: str, cells: Mapping[Key, str],
                 spans: Iterable[tuple[Key, Key]], ref: Ref,
                 lines: frozenset[int] = frozenset()) -> None:
        cat = columns()
        self.file = file
        self.sheet = ""
        self.ref = ref
        self.lines = lines
        self.rows = min(max((r for r, _ in cells), default=0), cat.max_xlsx_rows)
        self.cols = min(max((c for _, c in cells), default=0), cat.max_columns)
        self.text = {k: v for k, v in cells.items() if k[0] <= self.rows and k[1] <= self.cols}
        self.origin = {}
        for (top, left), (bottom, right) in spans:
            where = ref(top, left)
            for r in range(top, min(bottom, self.rows) + 1):
                for c in range(left, min(right, self.cols) + 1):
                    self.origin[(r, c)] = where
                    if (top, left) in self.text:
                        self.text[(r, c)] = self.text[(top, left)]

    def place(self, r: int, c: int) -> Location:
        return Location(self.file, r, c, cell=self.origin.get((r, c)) or self.ref(r, c))

    def row_texts(self, r: int) -> list[str | None]:
        """The texts of row `r`, columns 1 … `cols` (None where blank)."""
        return [self.text.get((r, c)) for c in range(1, self.cols + 1)]
