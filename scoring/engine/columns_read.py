"""Read (columns): a flat 自评表 → one polars frame of its fields, cell text as read.

The columns are the fields of FORMATS.md §4 (`io/columns.py`: one catalogue of
header names), each a string column holding the cell as the importer keeps it
(stripped, None when blank), and `line`: the CSV physical line or the sheet
row of the record. A CSV is read by polars (multithreaded) after the
importer's own checks (size, encoding, delimiter, header); a record polars
and `csv.reader` might read apart (a quote, a line end inside a cell, a lone
`\\r`, a NUL, a ragged row) makes `csv_frame` return None: the caller then
reads the table the importer's way. Any other `Table` (XLSX) is turned into
the same frame row by row.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import polars as pl

from ..read.bounded import read_bounded
from ..read.columns import Table, columns
from ..read.csvtable import read_csv_table, sniff_delimiter
from ..read.encoding import BOMS, detect_encoding, plain_codec

_WHITE = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())


def fields_of(table: Table) -> dict[str, int]:
    """field → column index of the table's header."""
    return dict(table.header.index)


def csv_frame(path: Path, table: Table | None = None) -> tuple[Table, pl.DataFrame | None]:
    """The importer's `Table` of a CSV and its frame (None: read it the importer's way).
    Raises `LoadError` as the importer does (size, encoding, header)."""
    name = str(path)
    table = table or read_csv_table(path)
    encoding = detect_encoding(path, name)
    delimiter = sniff_delimiter(path, encoding, name)
    try:
        text = read_bounded(path, columns().max_csv_bytes, name).decode(plain_codec(encoding))
    except (UnicodeDecodeError, LookupError):
        return table, None
    if encoding in BOMS:
        text = text.removeprefix("\ufeff")
    if "\x00" in text or "\r" in text.replace("\r\n", "\n"):
        return table, None
    return table, _split(text.replace("\r\n", "\n"), delimiter, table)


def _split(text: str, delimiter: str, table: Table) -> pl.DataFrame | None:
    header = table.header
    lines = pl.DataFrame({"text": pl.Series([text]).str.split("\n").explode()})
    lines = lines.with_row_index("line", offset=1).with_columns(pl.col("line").cast(pl.Int64))
    lines = lines.filter(pl.col("line") > header.line)
    quoted = lines.filter(pl.col("text").str.contains('"', literal=True))
    plain = lines.filter(~pl.col("text").str.contains('"', literal=True))
    width = header.width
    parts = plain.select("line", pl.col("text").str.split(delimiter).alias("f"))
    records: list[tuple[int, list[str]]] = []
    for line, raw in quoted.iter_rows():
        if raw.count('"') % 2:
            return None  # a cell that may hold a line end: the importer's reading
        read = list(csv.reader([raw], delimiter=delimiter))
        if len(read) != 1:
            return None
        records.append((line, read[0]))
    odd = pl.DataFrame({"line": [r[0] for r in records], "f": [r[1] for r in records]},
                       schema={"line": pl.Int64, "f": pl.List(pl.String)})
    rows = pl.concat([parts, odd]).sort("line")
    stripped = pl.col("f").list.eval(pl.element().str.strip_chars(_WHITE))
    rows = rows.with_columns(stripped.alias("f"))
    filled = pl.col("f").list.eval(pl.element() != "").list.any()
    rows = rows.filter(filled)
    count = pl.col("f").list.len()
    extra = pl.col("f").list.slice(width).list.eval(pl.element() != "").list.any()
    if rows.select(((count < width) | ((count > width) & extra)).any()).item():
        return None  # a ragged row: the importer says where
    picks = [pl.col("f").list.get(i, null_on_oob=True).alias(f)
             for f, i in fields_of(table).items()]
    out = rows.select("line", *picks)
    return out.with_columns(pl.when(pl.col(f) == "").then(None).otherwise(pl.col(f)).alias(f)
                            for f in fields_of(table))


def table_frame(table: Table) -> pl.DataFrame | None:
    """The frame of any `Table` (an XLSX sheet), row by row; None when a row is ragged."""
    index = fields_of(table)
    data: dict[str, list[str | None]] = {f: [] for f in index}
    lines: list[int] = []
    for row in table.rows():
        if row.problem is not None:
            return None
        lines.append(row.line)
        for f, i in index.items():
            data[f].append(row.cells[i])
    return pl.DataFrame({"line": lines, **data},
                        schema={"line": pl.Int64, **{f: pl.String for f in index}})
