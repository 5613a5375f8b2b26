"""Batch (feed): the inputs that are not flat tables, as worker tasks in input order.

Between the inputs (`batch/scan.py`) and the workers (`batch/worker.py`):
case files, official-form workbooks, `.xls`, Word and PDF documents. A
case file is sent as its path (the worker loads it); any other file is read
here, by the importer (`scoring.load.tables.iter_cases`, as `scoring score`
reads it), into its cases, and a file that cannot be read (or its projects
that cannot) into one error item after its cases. Items go a few to a task.
Flat CSV and XLSX tables are not fed: the run scores them in its own
process with the columnar core (`batch/columnar.py`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import LoadError
from ..load.loader import CSV_SUFFIXES, DOCUMENT_SUFFIXES, LEGACY_SUFFIXES, XLSX_SUFFIXES
from .worker import Item, Task

GROUP = 32  # items to a task


def tasks(files: Sequence[tuple[int, Path, int, int]], scheme: str | None
          ) -> Iterator[Task]:
    """The tasks of `files` (input index, path, bytes of the inputs before it, its
    size), lazily."""
    items: list[Item] = []
    index = 0
    for index, path, done, size in files:
        for item in _items(path, scheme, done, size):
            items.append(item)
            if len(items) == GROUP:
                yield Task(tuple(items), index)
                items = []
    if items:
        yield Task(tuple(items), index)


def _items(path: Path, scheme: str | None, done: int, size: int) -> Iterator[Item]:
    suffix = path.suffix.lower()
    try:
        if suffix in CSV_SUFFIXES | XLSX_SUFFIXES | LEGACY_SUFFIXES | DOCUMENT_SUFFIXES:
            from ..load.tables import iter_cases

            for case in iter_cases(path, scheme):
                yield "case", case, done
        else:
            yield "yaml", path, done + size
    except LoadError as exc:
        yield "error", (str(path), exc.diagnostics), done + size


def flat_table(path: Path) -> bool:
    """Whether `path` is scored as a flat table (`batch/columnar.py`): a CSV, or a
    workbook that holds no official form (`load/form.py`, as `scoring score` tells
    them). A workbook that cannot be read goes the importer's way, which says why."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return True
    if suffix not in XLSX_SUFFIXES:
        return False
    try:
        from ..load.form import read_form_workbook

        return read_form_workbook(path) is None
    except (ImportError, LoadError):
        return False
