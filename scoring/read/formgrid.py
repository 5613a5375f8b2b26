"""Read (forms): a sheet of the official form as located text cells, and its labels.

Below `form.py`: `Grid` holds one sheet as text, a merged range's value in
every cell it covers, each cell's place (`Sheet!H12`, the merged range's
first cell); `labels()` are the spellings of `data/form.yaml` that find the
blocks of the form; `header_columns` finds a header row by those labels.
A cell reads as the text the sheet shows (`xlsxcell.cell_text`, the one reader
of both XLSX paths).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import Location
from .packaged import data_file
from .xlsxcell import cell_text

_SPACE = re.compile(r"\s+")
_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$")
Key = tuple[int, int]


def label_key(text: str) -> str:
    """A label as compared: NFKC, no whitespace, no bracketed suffix `（万元）`."""
    norm = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return _BRACKETED.sub("", norm) or norm


@dataclass(frozen=True, slots=True)
class Labels:
    """The spellings of `data/form.yaml`, compiled."""

    raw: dict[str, Any]

    def match(self, group: str, field: str, text: str | None) -> bool:
        spellings = self.raw[group][field] if field else self.raw[group]
        return text is not None and _matches(label_key(text), spellings)

    def field(self, group: str, text: str | None) -> str | None:
        if text is None:
            return None
        key = label_key(text)
        return next((f for f, sp in self.raw[group].items() if _matches(key, sp)), None)


def _matches(key: str, spellings: list[str]) -> bool:
    return any(key == label_key(s) or (s.endswith("*") and key.startswith(s[:-1]))
               for s in spellings)


@lru_cache(maxsize=1)
def labels() -> Labels:
    """The form labels (read once)."""
    return Labels(data_file("form.yaml"))


def sheet_ref(title: str) -> str:
    """A sheet name as in a cell reference: bare (`Sheet1`, `第二张`) or quoted."""
    if re.fullmatch(r"[^\W\d]\w*", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


class Grid:
    """One sheet as text cells; a merged range's value fills all its cells."""

    def __init__(self, ws: Any, path: Path) -> None:
        self.file = str(path)
        self.sheet = sheet_ref(ws.title)
        self.rows = min(ws.max_row, int(labels().raw["max_rows"]))
        self.cols = min(ws.max_column, int(labels().raw["max_columns"]))
        self.text: dict[Key, str] = {}
        self.origin: dict[Key, str] = {}
        for row in ws.iter_rows(min_row=1, max_row=self.rows, max_col=self.cols):
            for cell in row:
                text = cell_text(cell.value, cell.number_format)
                if text is not None:
                    self.text[(cell.row, cell.column)] = text
        for merged in ws.merged_cells.ranges:
            top = (merged.min_row, merged.min_col)
            for r in range(merged.min_row, min(merged.max_row, self.rows) + 1):
                for c in range(merged.min_col, min(merged.max_col, self.cols) + 1):
                    self.origin[(r, c)] = ws.cell(*top).coordinate
                    if top in self.text:
                        self.text[(r, c)] = self.text[top]

    def get(self, r: int, c: int | None) -> str | None:
        return None if c is None else self.text.get((r, c))

    def place(self, r: int, c: int) -> Location:
        from openpyxl.utils import get_column_letter

        coord = self.origin.get((r, c), f"{get_column_letter(c)}{r}")
        return Location(self.file, r, c, cell=f"{self.sheet}!{coord}")

    def right_of(self, r: int, c: int) -> tuple[str | None, Location | None]:
        """The value beside a label: the next cell to the right with other text."""
        label = self.text.get((r, c))
        L = labels()
        for col in range(c + 1, self.cols + 1):
            text = self.text.get((r, col))
            if text is None or text == label:
                continue
            if L.field("header", text) or L.field("basics", text) or \
                    L.match("grade", "", text) or L.match("conclusion", "", text):
                return None, None
            return text, self.place(r, col)
        return None, None


def header_columns(grid: Grid, group: str, rows: range) -> tuple[int, dict[str, int]] | None:
    """The first row in `rows` whose label cells name enough fields of `group`.

    Returns the row and each field's first column. The indicator header needs
    三级指标 and `min_known` fields (权重 may be absent: `no-weights`); the
    budget header two amounts.
    """
    L = labels()
    for r in rows:
        cols: dict[str, int] = {}
        for c in range(1, grid.cols + 1):
            field = L.field(group, grid.get(r, c))
            if field is not None and field not in cols:
                cols[field] = c
        if group == "indicators":
            if "name" in cols and len(cols) >= int(L.raw["min_known"]):
                return r, cols
        elif sum(f in cols for f in ("initial", "adjusted", "executed", "rate")) >= 2:
            return r, cols
    return None


def label_cell(grid: Grid, group: str, field: str, rows: range) -> Key | None:
    """The first cell in `rows` holding a label of `field` (the first of a merged run)."""
    return next(label_cells(grid, group, field, rows), None)


def label_cells(grid: Grid, group: str, field: str, rows: range) -> Iterator[Key]:
    """Every cell in `rows` holding a label of `field` (the first cell of a merged range)."""
    for r in rows:
        for c in range(1, grid.cols + 1):
            merged = grid.origin.get((r, c))
            if labels().match(group, field, grid.get(r, c)) and grid.get(r, c - 1) != \
                    grid.get(r, c) and (merged is None or merged != grid.origin.get((r - 1, c))):
                yield r, c


def labelled(grid: Grid, group: str, field: str, rows: range) -> tuple[str | None,
                                                                        Location | None]:
    """The value beside the first label of `field` in `rows` (see `Grid.right_of`)."""
    found = label_cell(grid, group, field, rows)
    return (None, None) if found is None else grid.right_of(*found)


def labelled_beside_or_below(grid: Grid, group: str, field: str,
                             rows: range) -> tuple[str | None, Location | None]:
    """The value beside a label, else the one below it: the official form puts
    项目年度目标 and 年度目标完成情况 side by side as headers over their texts (the
    central form: 年度总体目标 | 预期目标 | 实际完成情况, so the first label with a
    value counts)."""
    for r, c in label_cells(grid, group, field, rows):
        text, where = grid.right_of(r, c)
        below = grid.get(r + 1, c)
        if text is None and below is not None and below != grid.get(r, c) and not any(
                labels().field(g, below) for g in ("header", "basics", "budget")):
            return below, grid.place(r + 1, c)
        if text is not None:
            return text, where
    return None, None
