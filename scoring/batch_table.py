"""Batch (read): a flat 自评表 CSV streamed as raw project blocks, and a block → `Case`.

The batch's lane for big flat tables (FORMATS.md §4). The main process only
reads CSV records (the importer's reader, `io/csvtable.py`) and cuts them into
the consecutive records of each project (plain lists of strings, cheap to send
to a worker). A worker turns a block into a `Case` with the importer's own
project builder (`io/flat.py`), so a table means the same here as through
`scoring.io.iter_cases`; `FastBuilder` builds the same case from shared rows
for the memo of `batch_fast.py`.

Rows of one project must be consecutive (tables exported by the budget
systems are): a project whose rows come back later is reported, not merged,
because merging would need the whole file in memory or a second pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .errors import Diagnostic, LoadError
from .io.columns import RawRow, Table
from .io.csvtable import _records, _sniff_delimiter, raw_row, read_csv_table
from .io.encoding import detect_encoding
from .io.flat import _Project
from .model import Case

Record = tuple[int, list[str]]  # (first physical line, fields as read)


class Block(NamedTuple):
    """The consecutive records of one project in a flat CSV, as read (a tuple: it is
    pickled to a worker for every project)."""

    source: str
    records: tuple[Record, ...]
    key: tuple[str, str]
    repeated: bool = False  # the project's rows already appeared earlier in the file

    @property
    def line(self) -> int:
        return self.records[0][0]


def iter_blocks(path: Path, source: str | None = None) -> Iterator[Block]:
    """Each project of a flat CSV as a `Block`, in file order (streamed).

    Raises `LoadError` when the file is no flat table (size, encoding, header):
    the importer's checks, run once here. Records are read as `io/csvtable.py`
    reads them (the same reader, line numbers and refusals), in one tight loop:
    this runs once per row in the main process.
    """
    name = source or str(path)
    header = read_csv_table(path).header
    encoding = detect_encoding(path, name)
    delimiter = _sniff_delimiter(path, encoding)
    index = header.index
    keyed = "project" in index or "code" in index
    c_code = index.get("code", -1) if keyed else -1
    c_name = index.get("project", -1) if keyed else -1
    shared = [index[f] for f in ("department", "project", "code", "year") if f in index]
    seen: set[tuple[str, str]] = set()
    records: list[Record] = []
    key: tuple[str, str] | None = None
    raw: tuple[str, str] | None = None  # the key cells as read, to strip only when they change
    # the importer's record reader: the same lines, NUL and encoding diagnostics as `score`
    for line, record in _records(path, name, encoding, delimiter):
        if line <= header.line:
            continue
        if keyed:  # io/flat.py's key: 项目编码, else 项目名称, blank = the row above
            cells = (record[c_code] if 0 <= c_code < len(record) else "",
                     record[c_name] if 0 <= c_name < len(record) else "")
            if cells == raw and records:  # the same text objects: pickled once
                previous = records[-1][1]
                for i in shared:
                    if i < len(record) and i < len(previous) and \
                            record[i] == previous[i]:
                        record[i] = previous[i]
            else:
                raw = cells
                code, proj = cells[0].strip(), cells[1].strip()
                here = ("code", code) if code else ("name", proj) if proj else \
                    key or ("", "")
        else:
            here = ("", "")
        if here != key and records:
            assert key is not None
            yield Block(name, tuple(records), key, key in seen)
            seen.add(key)
            records = []
        key = here
        records.append((line, record))
    if records and key is not None:
        yield Block(name, tuple(records), key, key in seen)


def count_lines(path: Path) -> int:
    """Physical lines of a file (for the progress bar; about 1 GB/s)."""
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) + 1


@lru_cache(maxsize=16)
def table_of(source: str) -> Table:
    """The importer's `Table` of a CSV (header and cell places), once per worker."""
    return read_csv_table(Path(source))


def raw_rows(block: Block, table: Table) -> Iterator[RawRow]:
    """The importer's `RawRow`s of a block (as `io/csvtable.py` makes them)."""
    for line, record in block.records:
        row = raw_row(table.source, line, record, table.header.width)
        if row is not None:
            yield row


def case_of_block(block: Block, scheme: str) -> Case:
    """The block's `Case`, built by the importer; `LoadError` with its diagnostics."""
    table = table_of(block.source)
    if block.repeated:
        kind, value = block.key
        what = "项目编码" if kind == "code" else "项目名称"
        raise LoadError([Diagnostic(table.place(block.line, 0), f"{what}“{value}”的行不连续（"
                                    "前面已出现过）；请按项目排序后再批量评分",
                                    "project-rows-not-consecutive")])
    rows = list(raw_rows(block, table))
    sink: list[Diagnostic] = []
    cases: list[Case] = []
    if rows:
        project = _Project(table, rows[0].line, scheme)
        for row in rows:
            project.add(row)
        cases = list(project.finish(sink))
    if not cases:
        raise LoadError(sink or [Diagnostic(table.place(block.line, 0), "项目无法读取",
                                            "invalid")])
    return cases[0]
