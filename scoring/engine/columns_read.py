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
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ..read.bounded import read_bounded
from ..read.columns import RawRow, Table, columns
from ..read.csvtable import read_csv_table, sniff_delimiter
from ..read.encoding import BOMS, detect_encoding, plain_codec

_SEPARATOR = "\x01"  # never in a table read this way: whole lines come back
# what `str.strip` strips: every character `str.isspace` says (a test checks the list)
WHITE = "".join(map(chr, (*range(0x09, 0x0E), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680,
                           *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)))
_SPACE = "[" + "".join(f"\\x{{{ord(c):X}}}" for c in WHITE) + "]"


def _groups(chars: str) -> list[str]:
    """Regex classes of `chars` by the first byte of their UTF-8, at most 10 a class:
    polars' regex looks for such a class with a quick byte search (for a larger one it
    reads every byte), so looking for each is quicker than for all at once."""
    leads: dict[int, list[str]] = {}
    for ch in chars:
        leads.setdefault(ch.encode()[0] if ord(ch) > 127 else 0, []).append(ch)
    return ["[" + "".join(f"\\x{{{ord(ch):X}}}" for ch in group[i:i + 10]) + "]"
            for group in leads.values() for i in range(0, len(group), 10)]


_BLANKS = _groups(WHITE)


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
    if lines.select(c("text").str.contains("\r", literal=True).any()).item():
        return None  # a lone CR ends a line for the importer (polars reads CRLF)
    lines = lines.with_row_index("line", offset=first).with_columns(c("line").cast(pl.Int64))
    lines = lines.filter((c("line") > header.line)
                         & (c("text").str.strip_chars(WHITE + delimiter) != ""))
    quoted = c("text").str.contains('"', literal=True)
    parts = lines.select("line", quoted.alias("quoted"), c("text").str.split(delimiter).alias("f"))
    if parts.select((~c("quoted") & (c("f").list.len() != width)).any()).item():
        return None  # a ragged row (or a blank extra field): the importer's reading
    strip = _padded(lines, delimiter)  # cells with blanks around them: stripped
    picks = [c("f").list.get(i, null_on_oob=True).alias(f) for f, i in index.items()]
    cells = parts.select("line", *[p.str.strip_chars(WHITE) if strip else p for p in picks])
    odd = lines.filter(quoted)
    if odd.height:  # read by `csv.reader`, put back in their places
        records = _records(odd.get_column("text").to_list(), delimiter, width, last)
        if records is None:
            return None
        cols = list(zip(*records, strict=True))  # every record has `width` fields
        read = pl.DataFrame({f: cols[i] for f, i in index.items()},
                            schema=dict.fromkeys(index, pl.String))
        read = read.select(c(f).str.strip_chars(WHITE) for f in index)
        at = parts.with_row_index("_i").filter(c("quoted")).get_column("_i")
        cells = cells.with_columns(cells.get_column(f).scatter(at, read.get_column(f))
                                   for f in index)
    return cells.with_columns(pl.when(c(f) == "").then(None).otherwise(c(f)).alias(f)
                              for f in index)


def _padded(lines: pl.DataFrame, delimiter: str) -> bool:
    """Whether a cell of `lines` may have a blank at its start or end (`str.strip` strips
    it): first whether a line holds a blank at all (a look for a few characters at a
    time is quick), then the lines that do, cell by cell (a quoted cell may say yes)."""
    text = pl.col("text")
    some = lines.filter(pl.any_horizontal(text.str.contains(group) for group in _BLANKS))
    if not some.height:
        return False
    sep = re.escape(delimiter)
    return bool(some.select(text.str.contains(
        f"(?:^|{sep}){_SPACE}|{_SPACE}(?:{sep}|$)").any()).item())


def _records(raws: list[str], delimiter: str, width: int, last: bool) -> list[list[str]] | None:
    """The records `csv.reader` reads from the quoted lines, one each of `width` fields;
    None otherwise (a cell holding a line end: the importer's reading). A piece that is
    not the `last` one whose last quote is left open is None too."""
    end = [] if last else [_SEPARATOR]  # a quote left open swallows it
    try:
        records = list(csv.reader(raws + end, delimiter=delimiter))
    except csv.Error:
        return None
    if not last and records[-1:] != [end]:
        return None
    records = records[:len(records) - len(end)]
    if len(records) != len(raws) or set(map(len, records)) - {width}:
        return None
    return records


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
