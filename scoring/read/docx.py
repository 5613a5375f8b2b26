"""Read (documents): the tables of a Word `.docx` document as grids of located cells.

A 决算公开 document holds its 自评表 as Word tables, among paragraphs and
other tables. Each top-level table of the body becomes a `CellGrid`
(`cellgrid.py`), in document order, whatever it holds: the loader keeps the
ones that read as a 自评表 (`load/documents.py`). A cell's place is
`表3!R5C7`: the third table of the document, row 5, grid column 7. A merged
cell (a horizontal `gridSpan`, a vertical `vMerge`) is one `<w:tc>` that
python-docx hands out once per grid position it covers: the positions are
told apart by the identity of that element, so its text is the text of its
top-left position and fills the others, as in a merged workbook range. The
paragraphs just above a table (its title, `（2023年度）`) come first in its
grid, as the title rows of a sheet, placed `表3!前1` (the paragraph right
above the table).

The file is opened through `bounded.open_bounded` within `max_xlsx_bytes`
and its zip judged by the workbook guard (`read/zipguard.py`: zip bombs, XML
entities) before python-docx parses any part of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Diagnostic, LoadError, Location
from .bounded import open_bounded
from .cellgrid import CellGrid, rc_ref
from .columns import columns
from .container import ZIP_MAGIC, head
from .optional import require
from .zipguard import inflated_size

TITLE_PARAGRAPHS = 3  # paragraphs above a table read as its title rows


def read_docx_grids(path: Path) -> list[CellGrid]:
    """One grid per top-level table of the document at `path`, in order.

    `LoadError` (one diagnostic at the file) when python-docx is missing
    (`missing-dependency`), the file is no Word document (`not-docx`), or the
    zip is refused by the guard.
    """
    name = str(path)
    docx = require(".docx", name)
    with open_bounded(path, columns().max_xlsx_bytes, name) as handle:
        if not head(handle, name).startswith(ZIP_MAGIC):
            raise _not_docx(name, "内容不是 ZIP 格式，可能是旧版 .doc 或其他文件另存的；"
                            "请在 Word 或 WPS 中另存为 .docx")
        inflated_size(handle, name)  # zip bomb, XML entities: before python-docx parses
        try:
            document = docx.Document(handle)
            return list(_grids(document, name))
        except LoadError:
            raise
        except Exception as exc:  # a damaged part, a zip without word/document.xml
            text = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
            raise _not_docx(name, f"无法读取（{text}）") from None


def _grids(document: Any, name: str) -> Any:
    above: list[str] = []
    number = 0
    for block in document.iter_inner_content():
        if not hasattr(block, "rows"):  # a paragraph
            text = block.text.strip()
            if text:
                above = [*above, text][-TITLE_PARAGRAPHS:]
            continue
        number += 1
        yield _table_grid(block, name, f"表{number}", above)
        above = []


def _table_grid(table: Any, name: str, prefix: str, above: list[str]) -> CellGrid:
    """The grid of one table: the paragraphs above it first, then its rows."""
    shift = len(above)
    cells: dict[tuple[int, int], str] = {
        (i, 1): text for i, text in enumerate(above, 1)}
    spans: dict[int, tuple[Any, tuple[int, int], tuple[int, int]]] = {}
    limit = int(columns().max_columns)
    for r, row in enumerate(table.rows, shift + 1):
        for c, cell in enumerate(row.cells, row.grid_cols_before + 1):
            if c > limit:
                break
            tc = cell._tc  # one element per merged cell, repeated for each position
            known = spans.get(id(tc))
            if known is not None and known[0] is tc:
                (_, top, _) = known
                spans[id(tc)] = (tc, top, (r, c))
                continue
            spans[id(tc)] = (tc, (r, c), (r, c))  # keeps `tc` alive: its id stays its own
            text = cell.text.strip()
            if text:
                cells[(r, c)] = text

    def ref(r: int, c: int) -> str:
        return f"{prefix}!前{shift - r + 1}" if r <= shift else rc_ref(prefix, r - shift, c)

    merged = [(top, bottom) for _, top, bottom in spans.values() if top != bottom]
    return CellGrid(name, cells, merged, ref, lines=frozenset(range(1, shift + 1)))


def _not_docx(name: str, why: str) -> LoadError:
    return LoadError([Diagnostic(Location(name), f"不是有效的 Word .docx 文档：{why}",
                                 "not-docx")])
