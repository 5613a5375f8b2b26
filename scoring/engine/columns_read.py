"""Read (columns): a flat 自评表 → one polars frame of its fields, cell text as read.

The columns are the fields of FORMATS.md §4 (`io/columns.py`: one catalogue of
header names), each a string column holding the cell as the importer keeps it
(stripped, None when blank), and `line`: the CSV physical line or the sheet
row of the record. A CSV is read by polars (multithreaded) after the
importer's own checks (size, encoding, delimiter, header); a record polars
and `csv.reader` might read apart (a quote, a line end inside a cell, a lone
`\\r`, a NUL, a ragged row) makes `csv_frame` return None: the caller then
reads the table the importer's way. Any other `Table` (XLSX) is turned into
the same frame row by row. `piece_frame` reads any piece of whole lines the
way `csv_frame` reads the whole file, and `rows_frame` any batch of rows: what
`columns_stream.py` reads a table with, a batch at a time.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ..read.bounded import read_bounded
from ..read.columns import RawRow, Table, columns
from ..read.csvtable import read_csv_table, sniff_delimiter
from ..read.encoding import BOMS, detect_encoding, plain_codec

_SEPARATOR = "\x01"  # never in a table read this way: whole lines come back
_WHITE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
_SPACE = "[" + "".join(f"\\x{{{ord(c):X}}}" for c in _WHITE) + "]"  # what str.strip strips


def fields_of(table: Table) -> dict[str, int]:
    """field → column index of the table's header."""
    return dict(table.header.index)


def csv_frame(path: Path, table: Table | None = None) -> tuple[Table, pl.DataFrame | None]:
    """The importer's `Table` of a CSV and its frame (None: read it the importer's way).
    Raises `LoadError` as the importer does (size, encoding, header)."""
    table = table or read_csv_table(path)
    encoding, delimiter = csv_dialect(path)
    data = read_bounded(path, columns().max_csv_bytes, str(path))
    if encoding in BOMS:
        data = data.removeprefix(BOMS[encoding][0])
    return table, piece_frame(data, encoding, delimiter, table)


def csv_dialect(path: Path) -> tuple[str, str]:
    """The encoding (`read/encoding.py`) and the delimiter of a CSV, as the importer says."""
    encoding = detect_encoding(path, str(path))
    return encoding, sniff_delimiter(path, encoding, str(path))


def piece_frame(data: bytes, encoding: str, delimiter: str, table: Table, first: int = 1,
                fields: dict[str, int] | None = None, *,
                last: bool = True) -> pl.DataFrame | None:
    """The frame of `data`: whole lines of the CSV (its BOM removed) from line `first`
    on, every field of the table's or those of `fields`; None when a record might be
    read apart from `csv.reader` (the whole file or a piece of it, `columns_stream.py`).
    A piece that is not the `last` one, whose last quoted line leaves a quote open (a
    cell going on in the next piece), is None too."""
    codec = plain_codec(encoding)
    if codec != "utf-8":
        try:
            data = data.decode(codec).encode("utf-8")
        except (UnicodeDecodeError, LookupError):
            return None
    if b"\x00" in data or _SEPARATOR.encode() in data:
        return None
    if data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone CR ends a line for the importer (polars reads CRLF)
    return _split(data, delimiter, table, first,
                  fields_of(table) if fields is None else fields, last)


def _split(data: bytes, delimiter: str, table: Table, first: int, index: dict[str, int],
           last: bool) -> pl.DataFrame | None:
    header = table.header
    width = header.width
    c = pl.col
    try:  # the lines, as they are (a line for each line end, blank ones too)
        lines = pl.read_csv(io.BytesIO(data), has_header=False, separator=_SEPARATOR,
                            quote_char=None, schema={"text": pl.String})
    except pl.exceptions.PolarsError:
        return None  # bytes that are not UTF-8: the importer says where
    lines = lines.with_row_index("line", offset=first).with_columns(c("line").cast(pl.Int64))
    lines = lines.filter((c("line") > header.line)
                         & (c("text").str.strip_chars(_WHITE + delimiter) != ""))
    quoted = c("text").str.contains('"', literal=True)
    count = c("text").str.count_matches(delimiter, literal=True) + 1
    plain = lines.filter(~quoted)
    if plain.select((count != width).any()).item():
        return None  # a ragged row (or a blank extra field): the importer's reading
    parts = plain.select("line", c("text").str.split(delimiter).alias("f"))
    sep = re.escape(delimiter)
    padded = c("text").str.contains(f"(?:^|{sep}){_SPACE}|{_SPACE}(?:{sep}|$)")
    if plain.select(padded.any()).item():  # cells with blanks around them: stripped
        picks = [c("f").list.get(i).str.strip_chars(_WHITE).alias(f) for f, i in index.items()]
    else:
        picks = [c("f").list.get(i).alias(f) for f, i in index.items()]
    frames = [parts.select("line", *picks)]
    odd = lines.filter(quoted)
    if odd.height:
        raws = odd.get_column("text").to_list()
        end = [] if last else [_SEPARATOR]  # a quote left open swallows it
        try:  # one record per line, or a cell holds a line end: the importer's reading
            records = list(csv.reader(raws + end, delimiter=delimiter))
        except csv.Error:
            return None
        if not last and records[-1:] != [end]:
            return None
        records = records[:len(records) - len(end)]
        if len(records) != len(raws) or any(len(r) != width for r in records):
            return None
        cells = {f: [r[i].strip() for r in records] for f, i in index.items()}
        frames.append(pl.DataFrame({"line": odd.get_column("line"), **cells},
                                   schema={"line": pl.Int64, **{f: pl.String for f in index}}))
    out = pl.concat(frames).sort("line")
    return out.with_columns(pl.when(c(f) == "").then(None).otherwise(c(f)).alias(f)
                            for f in index)


def table_frame(table: Table) -> pl.DataFrame | None:
    """The frame of any `Table` (an XLSX sheet), row by row; None when a row is ragged."""
    return rows_frame(table.rows(), fields_of(table))


def rows_frame(rows: Iterable[RawRow], index: dict[str, int]) -> pl.DataFrame | None:
    """The frame of `rows` (a table's, or some of them), the fields of `index`; None
    when a row is ragged."""
    data: dict[str, list[str | None]] = {f: [] for f in index}
    lines: list[int] = []
    for row in rows:
        if row.problem is not None:
            return None
        lines.append(row.line)
        for f, i in index.items():
            data[f].append(row.cells[i])
    return pl.DataFrame({"line": lines, **data},
                        schema={"line": pl.Int64, **{f: pl.String for f in index}})
