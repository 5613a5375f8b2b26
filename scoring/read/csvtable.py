"""Read (tables): a CSV file → a flat `Table`, streamed row by row.

First stage of the CSV importer: size cap, encoding (`encoding.py`),
delimiter (comma, tab or semicolon, whichever splits the header best), the
header row (`columns.py`), then a generator of rows that holds one record at
a time. Every cell is placed at `file:line:col`: the physical line where its
record starts and the 1-based column (field number). Ragged rows, bytes the
detected encoding cannot decode and malformed quoting are located
diagnostics.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from ..errors import Diagnostic, LoadError, Location
from .bounded import open_bounded
from .columns import FieldColumns, Header, RawRow, Table, columns, known_count, read_header
from .encoding import detect_encoding, plain_codec
from .records import Records

_DELIMITERS = (",", "\t", ";")


def read_csv_table(path: Path) -> Table:
    """The header and the row stream of a CSV table; raise `LoadError` if unreadable."""
    name = str(path)
    encoding = detect_encoding(path, name)  # a regular file within the cap (`bounded.py`)
    delimiter = sniff_delimiter(path, encoding, name)

    def place(line: int, col: int) -> Location:
        return Location(name, line, col + 1)

    def row_places(line: int, fields: FieldColumns) -> dict[str, Location]:
        return {f: Location(name, line, i + 1) for f, i in fields}

    header = _find_header(path, name, encoding, delimiter)

    def rows() -> Iterator[RawRow]:
        return _rows(path, name, encoding, delimiter, header)

    return Table(name, header, place, row_places, rows)


def _records(path: Path, name: str, encoding: str,
             delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, fields) of every non-empty record (`records.py`)."""
    return iter(Records(path, name, encoding, delimiter))


def sniff_delimiter(path: Path, encoding: str, name: str | None = None) -> str:
    raw = open_bounded(path, columns().max_csv_bytes, name)
    with io.TextIOWrapper(raw, encoding=plain_codec(encoding), newline="",
                          errors="replace") as handle:
        lines = [line.lstrip("\ufeff") for line in islice(handle, 50) if line.strip()][:10]
    best, best_known = ",", 0
    for delimiter in _DELIMITERS:
        known = max((known_count(line.split(delimiter)) for line in lines), default=0)
        if known > best_known:
            best, best_known = delimiter, known
    return best


def _find_header(path: Path, name: str, encoding: str, delimiter: str) -> Header:
    cat = columns()
    candidates = list(islice(_records(path, name, encoding, delimiter), cat.header_search_rows))
    cleaned = [(line, [c.strip() or None for c in rec]) for line, rec in candidates]
    cleaned = [(line, cells) for line, cells in cleaned if any(cells)]
    if not cleaned:
        raise LoadError([Diagnostic(Location(name, 1, 1), "文件为空", "empty-file")])
    line, cells = next(((ln, c) for ln, c in cleaned if known_count(c) >= cat.header_min_known),
                       max(cleaned, key=lambda item: known_count(item[1])))
    header, diagnostics = read_header(cells, line, lambda ln, col: Location(name, ln, col + 1))
    if header is None or diagnostics:
        raise LoadError(diagnostics)
    return header


def _rows(path: Path, name: str, encoding: str, delimiter: str,
          header: Header) -> Iterator[RawRow]:
    for line, record in _records(path, name, encoding, delimiter):
        if line > header.line:
            row = raw_row(name, line, record, header.width)
            if row is not None:
                yield row


def raw_row(name: str, line: int, record: list[str], width: int) -> RawRow | None:
    """One CSV record as a `RawRow` of `width` cells (None when it is blank); a record
    with fewer or more non-blank cells than the header carries a `ragged-row` problem."""
    cells = [c.strip() or None for c in record]
    problem = None
    if len(cells) != width:
        extra = [i for i, c in enumerate(cells[width:], width) if c is not None]
        if len(cells) < width and any(cells):
            problem = Diagnostic(Location(name, line, len(cells) + 1), f"第 {line} 行只有 "
                                 f"{len(cells)} 列，表头有 {width} 列", "ragged-row")
        elif extra:
            problem = Diagnostic(Location(name, line, extra[0] + 1), f"第 {line} 行有 "
                                 f"{len(cells)} 列，比表头多（表头 {width} 列）", "ragged-row")
        cells = (cells + [None] * width)[:width]
    return RawRow(line, cells, problem) if any(cells) else None
