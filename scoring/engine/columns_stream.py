"""Read (columns, streamed): a flat table file → frames of whole projects, a batch at a time.

What `columns.iter_path` scores part by part (#14 item 6), so that memory is
bounded by the batch, not the file. A table is read in two passes, each a piece
at a time, never whole (a CSV's first `HOLD` bytes are read once: the first pass
keeps their frames of every field for the second):

1. A first pass reads the key columns (项目编码, 项目名称) and keeps, per
   project key (a 64-bit hash of it), its first and last line and how many
   runs of consecutive rows it has: one row of numbers per project. A key with
   more than one run (a project whose rows come back later, FORMATS.md §4:
   merged by key) spans lines other projects sit in; those spans, merged,
   are lines no part may be cut inside. Two keys with one hash only join
   their spans: a part grows, results stay the same.
2. The second pass reads every field and cuts the rows into parts of at least
   `rows` rows, each cut before a project's first row (a row without 编码 or
   名称 belongs to the one above, as in `columns_group.group_rows`) and
   outside every span; the last project read is carried into the next batch.

A CSV's pieces are whole lines (`csv_pieces`) read as `columns_read.csv_frame`
reads the whole file (`piece_frame`: the same checks, encodings, lines). When
a piece cannot be read that way (a quoted cell over several lines, a lone
`\\r`, a NUL, bytes the encoding cannot decode, a ragged row), the first pass
says so before any part is given, and the table is read by the importer's
own row stream (`csvtable.py`), as the whole read does; an XLSX sheet's rows
come from openpyxl's read-only stream (`xlsxtable.py`) in batches. Read whole
(a `Part` without a frame: `columns.score_table_frame` reads it) is a table
that the core does not read (no 一级指标, or 年初指标值) and one with a ragged
row (the importer's project builder scores the whole table, as the whole
read does). A table whose rows are all one project is one part.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import polars as pl

from ..errors import EvaluationError
from ..load.loader import CSV_SUFFIXES, XLSX_SUFFIXES
from ..read.bounded import open_bounded, refusal
from ..read.columns import Table, columns
from ..read.csvtable import read_csv_table
from ..read.encoding import BOMS
from ..read.packaged import data_file
from .columns_fallback import PlaceKind
from .columns_group import ensure
from .columns_read import csv_dialect, fields_of, piece_frame, rows_frame

ROWS = 100_000  # rows of a part, at least (a project is never cut)
PIECE = 8 << 20  # bytes of a CSV read at a time
HOLD = 64 << 20  # bytes of a CSV the first pass reads whole and keeps (read once)
KEYS = ("code", "project")
Spans = list[tuple[int, int]]  # (first line, last line) no part is cut inside, in order


@dataclass(frozen=True)
class Part:
    """Whole projects of `table`, in a frame of its fields (`columns_read.py`); `frame`
    None: the table, read whole by the caller."""

    table: Table
    kind: PlaceKind
    frame: pl.DataFrame | None


def iter_parts(path: Path, *, rows: int = ROWS, piece: int = PIECE,
               hold: int = HOLD) -> Iterator[Part]:
    """The parts of a flat CSV or XLSX table, in input order; `LoadError` as the
    importer raises it (before any part is given when it is about the table's header or
    bytes); `EvaluationError` for `rows` or `piece` below 1. The frames of a CSV's
    first `hold` bytes are kept from the first pass (not read twice)."""
    if rows < 1 or piece < 1:
        raise EvaluationError(f"iter_parts: rows and piece are at least 1, not {rows} and {piece}")
    if path.suffix.lower() in CSV_SUFFIXES:
        yield from _csv_parts(path, rows, piece, hold)
        return
    if path.suffix.lower() not in XLSX_SUFFIXES:  # a .pdf was read as a workbook: `not-xlsx`
        raise EvaluationError(f"{path}: the columnar core reads a flat CSV or XLSX table; "
                              "read a case, a form, .xls, .docx or .pdf with iter_cases")
    from ..read.xlsxtable import open_workbook, read_xlsx_tables

    workbook = open_workbook(path)
    try:
        for table in read_xlsx_tables(path, workbook):
            yield from _table_parts(table, "sheet", rows)
    finally:
        workbook.close()


def csv_pieces(path: Path, encoding: str, piece: int) -> Iterator[tuple[int, bytes, bool]]:
    """(first line, bytes, last) of each piece of a CSV: whole lines (a piece ends after
    a `\\n`, the last one where the file ends), about `piece` bytes, the BOM left out."""
    for _, line, data, last in _pieces(path, encoding, piece):
        yield line, data, last


def _pieces(path: Path, encoding: str, piece: int,
            start: tuple[int, int] | None = None) -> Iterator[tuple[int, int, bytes, bool]]:
    """(byte offset, first line, bytes, last) of each piece (`csv_pieces`), from the
    start of the file or from `start`: the byte offset and line of a piece read before."""
    with open_bounded(path, columns().max_csv_bytes, str(path)) as handle:
        offset, line = start or (0, 1)
        handle.seek(offset)
        if start is None and encoding in BOMS:
            bom = BOMS[encoding][0]
            offset = len(bom) if handle.read(len(bom)) == bom else 0
            handle.seek(offset)
        held, pending = b"", [b""]
        while data := handle.read(piece):
            end = data.rfind(b"\n") + 1
            if not end:
                pending.append(data)
                continue
            block, pending = b"".join((*pending, data[:end])), [data[end:]]
            if held:
                yield offset, line, held, False
                line += held.count(b"\n")
                offset += len(held)
            held = block
        tail = b"".join(pending)
        if held:
            yield offset, line, held, not tail
            line += held.count(b"\n")
            offset += len(held)
        if tail:
            yield offset, line, tail, True


def _streamed(table: Table) -> bool:
    """Whether the core reads the table (`columns.score_table_frame`)."""
    index = table.header.index
    return "level1" in index and "initial_target" not in index


def _csv_parts(path: Path, rows: int, piece: int, hold: int) -> Iterator[Part]:
    table = read_csv_table(path)
    if not _streamed(table):
        yield Part(table, "csv", None)
        return
    encoding, delimiter = csv_dialect(path)
    index = fields_of(table)
    kept: deque[pl.DataFrame | None] = deque()  # the first pass's frames of the first pieces
    rest: list[tuple[int, int]] = []  # where the second pass starts: byte offset, line

    def first() -> Iterator[pl.DataFrame | None]:
        size = 0
        for offset, line, data, last in _pieces(path, encoding, piece):
            whole = not rest and size + len(data) <= hold
            frame = piece_frame(data, encoding, delimiter, table, line,
                                index if whole else _keys(index), last=last)
            if whole:
                size += len(data)
                kept.append(frame)
            elif not rest:
                rest.append((offset, line))
            yield frame

    def again() -> Iterator[pl.DataFrame | None]:
        while kept:
            yield kept.popleft()
        if rest:  # the pieces after those kept, read again
            for _, line, data, last in _pieces(path, encoding, piece, rest[0]):
                yield piece_frame(data, encoding, delimiter, table, line, index, last=last)

    spans = _spans(first())
    if spans is None:  # read the importer's way, as the whole read does
        kept.clear()
        yield from _table_parts(table, "csv", rows)
        return
    yield from _cut(table, "csv", again(), spans, rows)


def _table_parts(table: Table, kind: PlaceKind, rows: int) -> Iterator[Part]:
    index = fields_of(table)
    spans = _spans(_row_frames(table, _keys(index), rows)) if _streamed(table) else None
    if spans is None:
        yield Part(table, kind, None)
        return
    yield from _cut(table, kind, _row_frames(table, index, rows), spans, rows)


def _keys(index: dict[str, int]) -> dict[str, int]:
    return {f: i for f, i in index.items() if f in KEYS}


def _row_frames(table: Table, index: dict[str, int],
                rows: int) -> Iterator[pl.DataFrame | None]:
    """The table's rows (`Table.rows`) in frames of `rows` rows; None for a batch with a
    ragged row."""
    stream = table.rows()
    while batch := list(islice(stream, rows)):
        yield rows_frame(batch, index)


def _keyed(frame: pl.DataFrame, above: str | None) -> pl.DataFrame:
    """`frame` with `_key`, the project key of `columns_group.group_rows` (`above`: the
    last row's before the frame), and `_start`: whether a row starts a run of a key."""
    c = pl.col
    key = (pl.when(c("code").is_not_null()).then(pl.lit("c\x00") + c("code"))
           .when(c("project").is_not_null()).then(pl.lit("n\x00") + c("project"))
           .otherwise(None).forward_fill().fill_null(above or ""))
    keyed = ensure(frame, KEYS).with_columns(key.alias("_key")).select(*frame.columns, "_key")
    before = c("_key").shift(1, fill_value=pl.lit(above, pl.String))
    return keyed.with_columns(c("_key").ne_missing(before).alias("_start"))


def _spans(frames: Iterable[pl.DataFrame | None]) -> Spans | None:
    """The merged spans of the keys with more than one run (pass 1); None when a frame
    is None (the table cannot be read in pieces)."""
    seen: list[pl.DataFrame] = []
    above: str | None = None
    for frame in frames:
        if frame is None:
            return None
        if not frame.height:
            continue
        keyed = _keyed(frame, above)
        above = keyed.get_column("_key")[-1]
        seen.append(keyed.group_by(pl.col("_key").hash(0).alias("h")).agg(
            pl.col("line").min().alias("first"), pl.col("line").max().alias("last"),
            pl.col("_start").sum().alias("runs")))
        if len(seen) > 8:
            seen = [_merge(seen)]
    spans: Spans = []
    if not seen:
        return spans
    again = _merge(seen).filter(pl.col("runs") > 1).sort("first")
    for first, last in again.select("first", "last").iter_rows():
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], last))
        else:
            spans.append((first, last))
    return spans


def _merge(seen: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(seen).group_by("h").agg(
        pl.col("first").min(), pl.col("last").max(), pl.col("runs").sum())


def _cut(table: Table, kind: PlaceKind, frames: Iterable[pl.DataFrame | None], spans: Spans,
         rows: int) -> Iterator[Part]:
    """The rows of `frames` (pass 2) in parts of at least `rows` rows, each cut before
    the first row of a run outside every span; the rest after the last cut is held."""
    firsts = [first for first, _ in spans]

    def free(line: int) -> bool:
        at = bisect_left(firsts, line) - 1  # the last span starting before `line`
        return at < 0 or line > spans[at][1]

    held: list[pl.DataFrame] = []
    height, above, given = 0, None, False
    for frame in frames:
        if frame is None:  # it was read in pieces a moment ago
            raise refusal(table.source, data_file("columns.yaml")["changed_while_read"],
                          "file-unreadable")
        if not frame.height:
            continue
        keyed = _keyed(frame, above)
        above = keyed.get_column("_key")[-1]
        held.append(keyed)
        height += keyed.height
        if height < rows:
            continue
        buffer = pl.concat(held)
        starts = buffer.with_row_index("_i").filter(pl.col("_start"))
        cuts = starts.get_column("_i").to_list()  # where a part may start, in order
        if spans:
            cuts = [i for i, line in zip(cuts, starts.get_column("line"), strict=True)
                    if free(line)]
        at, pos = 0, bisect_left(cuts, rows)
        while pos < len(cuts):  # the first cut at least `rows` rows on, each time
            i = cuts[pos]
            yield Part(table, kind, buffer.slice(at, i - at).drop("_key", "_start"))
            given, at = True, i
            pos = bisect_left(cuts, at + rows, pos)
        held = [buffer.slice(at)]
        height = held[0].height
    if height or not given:
        rest = pl.concat(held).drop("_key", "_start") if held else pl.DataFrame(
            schema={"line": pl.Int64, **{f: pl.String for f in fields_of(table)}})
        yield Part(table, kind, rest)
