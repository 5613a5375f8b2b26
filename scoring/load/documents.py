"""Load (documents): the tables of a Word, PDF or `.xls` file → the cases of its 自评表.

After the container readers (`read/docx.py`, `read/pdf.py`, `read/xls.py`),
which give every table of a file as a grid of located cells, whatever it
holds. A 决算公开 document has many tables (收支总表, 三公经费 …); the
ones kept are told by their labels, the same labels a workbook is read by:

- the official form (`data/form.yaml`): an indicator header (三级指标, 权重 …)
  below a 项目名称 label or a 预算执行情况 block, read by the form reader
  (`load/form.py`), one case per table;
- the flat table (`data/columns.yaml`): a header row of known column names,
  read by the flat reader (`load/flat.py`), one case per project.

Other tables are passed over. A file in which no table reads as a 自评表 gets
one diagnostic (`no-form-table`, or the flat header's `missing-column` when
a table came close); what a container reader found on the way (a scanned PDF
page, `pdf-no-text`) is reported after the cases that could be read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import Diagnostic, LoadError, Location
from ..model.case import Case
from ..read.cellgrid import CellGrid
from ..read.formgrid import Grid, header_columns, label_cell, labels
from ..read.gridtable import flat_table
from .form import read_form_grid
from .scheme import scheme_by_layout


def document_cases(name: str, grids: Iterable[CellGrid], scheme: str | None, default: str,
                   found: Iterable[Diagnostic] = ()) -> Iterator[Case]:
    """Every case of the 自评表 among `grids` (the tables of file `name`), in order.

    `scheme` (when given) is every case's scheme; else a form keeps the scheme
    its footer names and a flat table takes `default`, unless its printed budget
    weight says another built-in scheme (`scheme_by_layout`). The diagnostics of the
    tables that fail, with `found`, end the iteration as one `LoadError`.
    """
    from .flat import iter_table_cases

    sink: list[Diagnostic] = list(found)
    near: list[Diagnostic] = []
    read = 0
    for grid in grids:
        if is_form(grid):
            read += 1
            try:
                case = read_form_grid(grid, scheme)
            except LoadError as exc:
                sink.extend(exc.diagnostics)
                continue
            if case is not None:  # a form without a scheme in its footer: by its layout
                yield case if scheme or case.scheme else scheme_by_layout(case)
            continue
        table, header_problems = flat_table(grid)
        if table is None:
            near.extend(header_problems)
            continue
        read += 1
        for case in iter_table_cases(table, scheme or default, sink):
            yield case if scheme else scheme_by_layout(case)
    if not read and not sink:
        sink.extend(near or [Diagnostic(Location(name), "文件中没有找到自评表（没有表格含"
                                        "三级指标、权重等表头）", "no-form-table")])
    if sink:
        raise LoadError(sink)


def is_form(grid: Grid) -> bool:
    """An indicator header near the top, with a 项目名称 label or a budget block above it."""
    probe = range(1, min(grid.rows, int(labels().raw["probe_rows"])) + 1)
    found = header_columns(grid, "indicators", probe)
    if found is None:
        return False
    above = range(1, found[0])
    return label_cell(grid, "header", "name", above) is not None or \
        header_columns(grid, "budget", above) is not None
