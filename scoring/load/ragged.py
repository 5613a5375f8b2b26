"""Load (tables): a CSV row whose cells do not match the header is its row's finding.

A published table is evidence (FORMATS.md §5): a row with fewer or more cells than the
header (`csvtable.raw_row` says which) is a problem of that row, never of its project.

- fewer cells (a row that ends early): the cells given are in their columns, the
  missing ones blank; the row is read as any other, with `ragged-row` [warning] at the
  first missing cell;
- more non-blank cells (an unquoted comma in a number or a text, `1,234`): its cells
  cannot be put in their columns, so none is read. The row belongs to the project of
  the row above, is named by its place (`第 3 行`, `row-unnamed`), shown and judged
  without points (every cell blank: `missing`, `row-unweighted`), with `ragged-row` at
  its first extra cell.

Also here: which project a row of a flat table belongs to (`row_key`), by its 项目编码,
else its 项目名称, else the project above.
"""

from __future__ import annotations

from ..model.case import Actual, Indicator
from ..model.cell_types import PRINTED
from ..model.findings import finding
from ..read.columns import RawRow, Table, columns
from .rowkeys import RowKeys

ProjectKey = tuple[str, str]


def ragged_long(row: RawRow, table: Table) -> bool:
    """Whether `row` has more cells than the header (its problem past the last column)."""
    return row.problem is not None and row.problem.location.col > table.header.width


def ragged(row: RawRow, table: Table, keys: RowKeys, indicators: list[Indicator],
           actuals: dict[str, Actual]) -> bool:
    """Note the `ragged-row` of `row` in `keys`; for a row with more cells than the header,
    add its row, shown unread, to `indicators` and `actuals` and return True (its cells
    are not read); False for a row with fewer (read as it is, the rest blank)."""
    assert row.problem is not None
    if not ragged_long(row, table):
        keys.noted.append(finding("ragged-row", "", row.problem.location,
                                  problem=row.problem.message))
        return False
    if len(indicators) >= columns().max_indicators:
        return True  # past the cap: left out (the project says so, `flat.py`)
    here = table.place(row.line, 0)
    name = keys.take(None, row.line, here)
    keys.noted.append(finding("ragged-row", name, row.problem.location,
                              problem=row.problem.message))
    indicators.append(Indicator.model_validate({
        "name": name, "weight": None, "location": here, "field_locations": {}},
        context=PRINTED))
    actuals[name] = Actual.model_validate({"location": here, "field_locations": {}},
                                          context=PRINTED)
    return True


def row_key(row: RawRow, table: Table, above: ProjectKey | None) -> ProjectKey:
    """The project of `row`: by its cells (项目编码, else 项目名称, else the project above);
    a row whose cells cannot be put in their columns, the project above."""
    if above is not None and ragged_long(row, table):
        return above
    index = table.header.index
    cells = row.cells
    code = cells[index["code"]] if "code" in index else None
    name = cells[index["project"]] if "project" in index else None
    if code:
        return ("code", code)
    if name:
        return ("name", name)
    return above or ("", "")
