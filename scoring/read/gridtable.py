"""Read (documents): a grid of located cells holding a flat 自评表 → a flat `Table`.

A table of a Word document, a PDF or an `.xls` sheet (`cellgrid.CellGrid`)
that is not the official form may be the flat table of FORMATS.md §4: one
header row (found, as in a workbook, among the first `header_search_rows`
rows by at least `header_min_known` known column names, `data/columns.yaml`),
then one row per indicator. The rows are read by `load/flat.py` exactly as a
sheet's; each cell keeps the place its container gives it (`表3!R5C7`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Diagnostic, Location
from .cellgrid import CellGrid
from .columns import FieldColumns, RawRow, Table, columns, known_count, read_header


def flat_table(grid: CellGrid) -> tuple[Table | None, list[Diagnostic]]:
    """The flat table in `grid`, or None when no row of its top is a flat header.

    A header that names some columns but misses a required one is returned as
    its diagnostics (`missing-column` at the header cell), with no table.
    """
    cat = columns()
    found = next((r for r in range(1, min(grid.rows, cat.header_search_rows) + 1)
                  if known_count(grid.row_texts(r)) >= cat.header_min_known), None)
    if found is None:
        return None, []

    def place(line: int, col: int) -> Location:
        return grid.place(line, col + 1)

    def row_places(line: int, fields: FieldColumns) -> dict[str, Location]:
        return {f: grid.place(line, i + 1) for f, i in fields}

    header, diagnostics = read_header(grid.row_texts(found), found, place)
    if header is None or diagnostics:
        return None, diagnostics
    width = header.width

    def rows() -> Iterator[RawRow]:
        for r in range(header.line + 1, grid.rows + 1):
            cells = grid.row_texts(r)[:width]
            cells += [None] * (width - len(cells))
            if any(cells) and r not in grid.lines and \
                    cells != grid.row_texts(header.line)[:width]:
                yield RawRow(r, cells)  # a header repeated on a new page, a note: no row

    return Table(grid.file, header, place, row_places, rows), []
