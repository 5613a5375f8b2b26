"""Read (tables): header cells → fields of the flat 自评表 (FORMATS.md §4).

Also the shape both row readers deliver: a `Table` (header, cell places,
re-iterable `RawRow`s).

Between the row readers (`csvtable.py`, `xlsxtable.py`) and the case builder
(`flat.py`). The spellings of the headers, the row labels (budget, total,
grade rows) and the caps are data in `data/columns.yaml`. A header row is
found among the first rows (a title row above it is skipped); a missing
required column is a diagnostic that names it and, when a header cell comes
close, suggests that cell (so is an absent 权重 column a cell comes close to).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..errors import Diagnostic, Location
from .packaged import data_file

_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$")
_SPACE = re.compile(r"\s+")


def header_key(text: str) -> str:
    """A header cell as compared: NFKC, no whitespace, lower case, no `（分）`."""
    norm = _SPACE.sub("", unicodedata.normalize("NFKC", text)).lower()
    stripped = _BRACKETED.sub("", norm)
    return stripped or norm


@dataclass(frozen=True, slots=True)
class Columns:
    """The column catalogue of `data/columns.yaml`, compiled."""

    official: dict[str, str]          # field → official (first) header name
    spellings: dict[str, str]         # header_key(spelling) → field
    required: tuple[str, ...]
    project_fields: tuple[str, ...]   # project, code, department, year, grade
    row_fields: tuple[str, ...]       # every other field, in data order (level1 … manual_score)
    alternatives: dict[str, tuple[str, ...]]  # required field → columns that stand for it
    budget_labels: frozenset[str]
    total_labels: frozenset[str]
    grade_labels: frozenset[str]
    blank_marks: frozenset[str]
    header_search_rows: int
    header_min_known: int
    max_columns: int
    max_csv_bytes: int
    max_xlsx_bytes: int
    max_xlsx_rows: int = 100_000
    max_xlsx_cells: int = 500_000
    max_merged_cells: int = 200_000
    max_shared_strings_bytes: int = 64 << 20
    max_indicators: int = 10_000
    unnamed_row: str = "第 {n} 行"  # the name of a row published without a 三级指标
    duplicate_row: str = "{name}（第 {n} 行）"  # a later row of a name given twice
    near_miss: tuple[str, ...] = ()   # optional fields whose near-miss header is refused
    department_headers: frozenset[str] = frozenset()  # name headers of a 部门整体 table
    department_words: tuple[str, ...] = ()  # words of a 部门整体 project name

    def department(self, header: Header, name: str | None) -> bool:
        """Whether a project of a flat table is a 部门整体 one (kind department): its
        name column headed 部门（单位）名称, or its name saying 部门整体/整体支出."""
        return header.department or self.department_name(name)

    def department_name(self, name: str | None) -> bool:
        """Whether a project's name says 部门整体/整体支出 (an inline case, a flat table,
        read alike: kind department)."""
        return any(w in (name or "") for w in self.department_words)

    def unnamed(self, n: int) -> str:
        """The name of the `n`-th indicator row (from 1) when its 三级指标 is blank."""
        return self.unnamed_row.format(n=n)

    def duplicate(self, name: str, n: int) -> str:
        """The name of the row on line `n` whose 三级指标 an earlier row has."""
        return self.duplicate_row.format(name=name, n=n)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field of a flat table: the project's, then the row's."""
        return self.project_fields + self.row_fields

    def label(self, field: str) -> str:
        """`指标值（target）`: how a field is named in messages."""
        return f"{self.official[field]}（{field}）"


@lru_cache(maxsize=1)
def columns() -> Columns:
    """The compiled catalogue (read once)."""
    raw: dict[str, Any] = data_file("columns.yaml")
    spellings = {header_key(s): field for field, names in raw["columns"].items()
                 for s in [field, *names]}
    labels = {key: frozenset(header_key(s) for s in raw[key])
              for key in ("budget_labels", "total_labels", "grade_labels")}
    return Columns(
        official={field: names[0] for field, names in raw["columns"].items()},
        spellings=spellings, required=tuple(raw["required"]),
        project_fields=tuple(raw["project_fields"]),
        row_fields=tuple(f for f in raw["columns"] if f not in raw["project_fields"]),
        alternatives={f: tuple(alt) for f, alt in raw["required_alternatives"].items()},
        budget_labels=labels["budget_labels"], total_labels=labels["total_labels"],
        grade_labels=labels["grade_labels"], blank_marks=frozenset(raw["blank_marks"]),
        header_search_rows=int(raw["header_search_rows"]),
        header_min_known=int(raw["header_min_known"]), max_columns=int(raw["max_columns"]),
        max_csv_bytes=int(raw["max_csv_bytes"]), max_xlsx_bytes=int(raw["max_xlsx_bytes"]),
        department_headers=frozenset(header_key(s) for s in raw["department"]["headers"]),
        department_words=tuple(raw["department"]["names"]),
        unnamed_row=str(raw["unnamed_row"]), duplicate_row=str(raw["duplicate_row"]),
        near_miss=tuple(raw.get("near_miss", ())),
        **{key: int(raw[key]) for key in ("max_xlsx_rows", "max_xlsx_cells", "max_merged_cells",
                                          "max_shared_strings_bytes", "max_indicators")})


@dataclass(frozen=True, slots=True)
class Header:
    """A recognised header row: which column index holds which field."""

    line: int
    index: dict[str, int]
    width: int
    department: bool = False  # the name column is headed 部门（单位）名称: a 部门整体 table


Placer = Callable[[int, int], Location]
"""(line, 0-based column index) → the Location of that cell."""


def known_count(cells: Sequence[str | None]) -> int:
    """How many cells of a row are known header names."""
    spellings = columns().spellings
    return sum(1 for c in cells if c and header_key(c) in spellings)


def read_header(cells: Sequence[str | None], line: int, place: Placer) -> tuple[
        Header | None, list[Diagnostic]]:
    """Map a header row to fields; diagnose duplicates, missing and near-miss columns."""
    cat = columns()
    width = max((i + 1 for i, c in enumerate(cells) if c), default=0)
    diagnostics: list[Diagnostic] = []
    if width > cat.max_columns:
        return None, [Diagnostic(place(line, cat.max_columns), f"列数过多（{width} 列，上限 "
                                 f"{cat.max_columns} 列）", "too-many-columns")]
    index: dict[str, int] = {}
    unknown: dict[str, int] = {}
    for i, cell in enumerate(cells[:width]):
        if not cell:
            continue
        field = cat.spellings.get(header_key(cell))
        if field is None:
            unknown.setdefault(cell, i)
        elif field in index:
            diagnostics.append(Diagnostic(place(line, i), f"列“{cell}”重复（{cat.label(field)} "
                                          f"已在第 {index[field] + 1} 列）", "duplicate-column"))
        else:
            index[field] = i
    for field in cat.required + cat.near_miss:
        if field in index or any(alt in index for alt in cat.alternatives.get(field, ())):
            continue
        near = _nearest(field, unknown)
        if near is None and field not in cat.required:
            continue  # an optional column simply absent (no weights: `no-weights`)
        if near is None:
            diagnostics.append(Diagnostic(place(line, 0), f"缺少必需的列 {cat.label(field)}",
                                          "missing-column"))
        else:
            diagnostics.append(Diagnostic(place(line, unknown[near]), f"缺少必需的列 "
                                          f"{cat.label(field)}（表头“{near}”是否应为"
                                          f"“{_spelling(near, field)}”？）", "missing-column"))
    department = "project" in index and header_key(cells[index["project"]] or "") in \
        cat.department_headers
    return Header(line, index, width, department), diagnostics


def _nearest(field: str, unknown: dict[str, int]) -> str | None:
    """The unknown header cell that comes closest to `field` (and to no other field)."""
    best: tuple[float, str] | None = None
    for cell in unknown:
        ratio, closest = _closest_field(header_key(cell))
        if closest == field and ratio >= 0.5 and (best is None or ratio > best[0]):
            best = (ratio, cell)
    return best[1] if best else None


def _spelling(cell: str, field: str) -> str:
    """The spelling of `field` closest to a header `cell` that came near it: an English
    header is told its English alias (`targt` → `target`), a Chinese one the Chinese name."""
    import difflib

    cat, key = columns(), header_key(cell)
    official = cat.official[field]
    names = [official, *(s for s, f in cat.spellings.items()
                         if f == field and s != header_key(official))]
    return max(names, key=lambda s: difflib.SequenceMatcher(None, key, header_key(s)).ratio())


@lru_cache(maxsize=256)
def _closest_field(key: str) -> tuple[float, str]:
    """(similarity, field) of the required (or near-miss) field nearest to `key`."""
    import difflib  # only for a header that names no field: scoring a case never needs it

    cat = columns()
    return max((difflib.SequenceMatcher(None, key, spelling).ratio(), f)
               for spelling, f in cat.spellings.items()
               if f in cat.required or f in cat.near_miss)


@dataclass(slots=True)
class RawRow:
    """One data row: its line (CSV physical line, or sheet row), its cells.

    `cells` has exactly the header's width; blank cells are None, others
    stripped text. `problem` is a reader's diagnostic about the row (ragged).
    """

    line: int
    cells: list[str | None]
    problem: Diagnostic | None = None


FieldColumns = tuple[tuple[str, int], ...]
RowPlacer = Callable[[int, FieldColumns], dict[str, Location]]


@dataclass(frozen=True, slots=True)
class Table:
    """A flat table as a reader found it: header, cell places, rows (re-iterable).

    `row_places(line, columns)` places several cells of a row at once (the
    hot path); `place(line, col)` places one.
    """

    source: str
    header: Header
    place: Placer
    row_places: RowPlacer
    rows: Callable[[], Iterator[RawRow]]
    meta_columns: FieldColumns = field(init=False)
    """Project columns present (name, code, department, year, grade)."""
    row_columns: FieldColumns = field(init=False)
    """Columns whose cells belong to a row (levels, indicator, actual, budget)."""

    def __post_init__(self) -> None:
        index, project = self.header.index.items(), columns().project_fields
        object.__setattr__(self, "meta_columns", tuple((f, i) for f, i in index if f in project))
        object.__setattr__(self, "row_columns", tuple((f, i) for f, i in index
                                                      if f not in project))
