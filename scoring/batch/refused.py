"""Batch (tables): a CSV's refused projects, each at its own place.

A CSV the columnar core reads is grouped into numbered projects, so a project the
importer refuses is an outcome at its first line with its names. A CSV the
importer reads by its own rules (no 一级指标 column, a 年初指标值 column, a ragged
row) comes back without project numbers: its diagnostics are grouped here by the
project of their line, as the importer groups the rows (`load.ragged.row_key`),
and each project refused becomes an outcome at its first line, with its
主管部门/项目名称/项目编码, in input order among the projects scored. A diagnostic
of no project (the header, an empty table) stays the table's (`rest`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import Diagnostic, Location
from ..load.ragged import ProjectKey, row_key
from ..model.outcome import Outcome
from ..read.columns import Table
from ..read.csvtable import read_csv_table
from .worker import failed_project

NAMES = ("department", "project", "code")


class Refused:
    """The projects of CSV `path` that `diagnostics` (of no numbered project) refuse, by
    first line; `rest`: the diagnostics of no project."""

    def __init__(self, path: Path, diagnostics: list[Diagnostic]) -> None:
        self.source = str(path)
        spans = _spans(read_csv_table(path))
        groups: dict[int, list[Diagnostic]] = {}
        self.names: dict[int, dict[str, str]] = {}
        self.rest: list[Diagnostic] = []
        for d in diagnostics:
            span = spans.get(d.location.line) if d.location.file == self.source else None
            if span is None:
                self.rest.append(d)
                continue
            first, names = span
            groups.setdefault(first, []).append(d)
            self.names[first] = names
        self.pending = sorted(groups.items())

    def before(self, line: int | None) -> Iterator[Outcome]:
        """The outcomes of the refused projects whose first line is before `line` (None:
        every one left), in input order."""
        while self.pending and (line is None or self.pending[0][0] < line):
            first, found = self.pending.pop(0)
            names = self.names[first]
            yield failed_project(Location(self.source, first, 1),
                                 {k: names.get(k) for k in NAMES},
                                 sorted(found, key=Diagnostic.sort_key))


def _spans(table: Table) -> dict[int, tuple[int, dict[str, str]]]:
    """Each row's line → the first line of its project and the project's names (the
    first given of each of its 主管部门, 项目名称, 项目编码 …), as the importer groups the
    rows (`load.flat.iter_table_cases`)."""
    index = table.header.index
    keyed = "project" in index or "code" in index
    firsts: dict[ProjectKey, tuple[int, dict[str, str]]] = {}
    out: dict[int, tuple[int, dict[str, str]]] = {}
    key: ProjectKey | None = None
    for row in table.rows():
        key = row_key(row, table, key) if keyed else ("", "")
        span = firsts.setdefault(key, (row.line, {}))
        for meta, i in table.meta_columns:
            value = row.cells[i] if i < len(row.cells) else None
            if value and meta not in span[1]:
                span[1][meta] = value
        out[row.line] = span
    return out
