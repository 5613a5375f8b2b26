"""Batch (read): a flat 自评表 CSV as a stream of raw project blocks, and a block → `Case`.

The batch's lane for big flat tables (FORMATS.md §4). Records are read by
`read/records.py` (the importer's reading, from any line start) and cut into
the consecutive records of each project: plain lists of strings, with the
byte offset and line where the project starts. A worker reads its own byte
range of a table (`BlockReader`, ranges cut by `batch/split.py`); a block
becomes a `Case` through the importer's own project builder (`load/flat.py`),
so a table means the same here as through `scoring.load.tables.iter_cases`;
`batch/case.py` builds the same case from shared rows for the memo of
`batch/memo.py`.

A block is the consecutive records of one project. A project whose rows
come back later in its table (allowed, FORMATS.md §4) makes the batch read
that table whole through the importer instead (`batch_feed.Feed.note`):
blocks never merge rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..errors import Diagnostic, LoadError
from ..load.flat import ProjectRows
from ..model.case import Case
from ..read.columns import RawRow, Table
from ..read.csvtable import raw_row, read_csv_table, sniff_delimiter
from ..read.encoding import detect_encoding
from ..read.records import Records

Record = tuple[int, list[str]]  # (first physical line, fields as read)
Key = tuple[str, str]  # ("code", 项目编码) or ("name", 项目名称), as load/flat.py keys projects


class Layout(NamedTuple):
    """What reading a table's blocks needs, found once: its encoding, delimiter,
    header line and key columns (sent with each chunk of the table)."""

    source: str  # the path, as given (and as places name it)
    encoding: str
    delimiter: str
    header_line: int
    code: int  # column of 项目编码, -1 when there is none
    name: int  # column of 项目名称, -1 when there is none


def layout_of(path: Path, source: str | None = None) -> Layout:
    """The layout of a flat CSV; `LoadError` when it is no flat table (size,
    encoding, header: the importer's checks)."""
    name = source or str(path)
    header = read_csv_table(path).header
    index = header.index
    encoding = detect_encoding(path, name)
    keyed = "project" in index or "code" in index
    return Layout(name, encoding, sniff_delimiter(path, encoding), header.line,
                  index.get("code", -1) if keyed else -1,
                  index.get("project", -1) if keyed else -1)


def own_key(record: list[str], code: int, name: int) -> Key | None:
    """The project a record names: its 项目编码, else its 项目名称; None when both
    are blank (the record belongs to the project above)."""
    text = record[code].strip() if 0 <= code < len(record) else ""
    if text:
        return ("code", text)
    text = record[name].strip() if 0 <= name < len(record) else ""
    return ("name", text) if text else None


class Block(NamedTuple):
    """The consecutive records of one project in a flat CSV, as read."""

    source: str
    records: tuple[Record, ...]
    key: Key

    @property
    def line(self) -> int:
        return self.records[0][0]


class BlockReader:
    """The blocks of a table from byte `start` (a record on line `line`), up to the
    first project that starts on line `end` or later (or to the end of the file).

    After the loop `stop` is `(offset, line)` where that first project not read
    starts, or `(end of file, None)`. Two blocks may name the same project (its
    rows came back later): only a reader of the whole table can tell (`batch_feed`).
    """

    def __init__(self, layout: Layout, start: int = 0, line: int = 1,
                 end: int | None = None) -> None:
        self.layout, self.start, self.line, self.end = layout, start, line, end
        self.stop: tuple[int, int | None] = (start, line)

    def __iter__(self) -> Iterator[Block]:
        lay = self.layout
        code, name, header = lay.code, lay.name, lay.header_line
        keyed = code >= 0 or name >= 0
        end = self.end
        records: list[Record] = []
        key: Key | None = None
        raw: tuple[str, str] | None = None  # the key cells as read, compared before stripped
        reader = Records(Path(lay.source), lay.source, lay.encoding, lay.delimiter,
                         start=self.start, line=self.line)
        for line, record in reader:
            if line <= header:
                continue
            if keyed:  # load/flat.py's key: 项目编码, else 项目名称, blank = the row above
                n = len(record)
                cells = (record[code] if 0 <= code < n else "",
                         record[name] if 0 <= name < n else "")
                if cells != raw:  # else the same project as the record above
                    raw = cells
                    here = own_key(record, code, name) or key or ("", "")
            else:
                here = ("", "")
            if here != key and records:
                assert key is not None
                yield Block(lay.source, tuple(records), key)
                if end is not None and line >= end:
                    self.stop = (reader.offset_of(line), line)
                    return
                records = []
            key = here
            records.append((line, record))
        if records and key is not None:
            yield Block(lay.source, tuple(records), key)
        self.stop = (reader.end, None)


def iter_blocks(path: Path, source: str | None = None) -> Iterator[Block]:
    """Each run of consecutive records of one project of a flat CSV as a `Block`, in
    file order (streamed); a project whose rows come back later is two blocks.

    Raises `LoadError` when the file is no flat table (size, encoding, header),
    or at a record that cannot be read (after the blocks before it).
    """
    return iter(BlockReader(layout_of(path, source)))


@lru_cache(maxsize=16)
def table_of(source: str) -> Table:
    """The importer's `Table` of a CSV (header and cell places), once per worker."""
    return read_csv_table(Path(source))


def raw_rows(block: Block, table: Table) -> Iterator[RawRow]:
    """The importer's `RawRow`s of a block (as `read/csvtable.py` makes them)."""
    for line, record in block.records:
        row = raw_row(table.source, line, record, table.header.width)
        if row is not None:
            yield row


def case_of_block(block: Block, scheme: str) -> Case:
    """The block's `Case`, built by the importer; `LoadError` with its diagnostics."""
    table = table_of(block.source)
    rows = list(raw_rows(block, table))
    sink: list[Diagnostic] = []
    cases: list[Case] = []
    if rows:
        project = ProjectRows(table, rows[0].line, scheme)
        for row in rows:
            project.add(row)
        cases = list(project.finish(sink))
    if not cases:
        raise LoadError(sink or [Diagnostic(table.place(block.line, 0), "项目无法读取",
                                            "invalid")])
    return cases[0]
