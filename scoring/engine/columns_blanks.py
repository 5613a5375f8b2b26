"""Blanks (columns): a text column's cells as the importer keeps them, stripped only where needed.

A cell is kept stripped of what Python's `str.strip` strips (`WHITE`, U+001C–U+001F among
them, which polars' own default strip keeps), and a blank cell as null. Stripping makes a
new column (≈ 15–20 ns a cell, whether it strips anything or not); a column of a frame
seldom has a blank at a cell's end, and telling so is cheaper (≈ 1.5–3 ms against 5–8 ms
for 300,000 cells), looking at the cells that are not null only: a cell's first two bytes
are in its Arrow string view (16 bytes: the length, then a short cell whole or a long
one's first four bytes), its last byte is read by polars (`bin.get`), and its third last
only when the last may end a blank of two or three bytes (U+0085, U+00A0, U+1680,
U+2000–U+3000), since a third last byte that begins a character past U+3FFF tells apart
the many Chinese characters that end in such a byte. The cells those bytes do not clear
are stripped on their own (a `。` ends in the bytes U+2002 ends in: only stripping
tells): when none changes, the column is kept as it is, with no copy (an empty view is
then its only blank cell, made null); when a few do, they are put back in their places;
when more than one in eight may (among its first 1,024 cells, or all), it is stripped
whole, as every column was.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa

from .columns_read import WHITE

# polars hands a string column to Arrow as string views from pyarrow 16 on (older: none)
VIEWS = int(pa.__version__.split(".")[0]) >= 16
SOME = 8  # more than one cell in SOME that may change: the whole column is stripped
SAMPLE = 1024  # how many of its first cells tell so before the others are read


Runs = tuple[tuple[int, int], ...]  # byte values as runs: (the first, how many more)


def _runs(values: set[int]) -> Runs:
    runs: list[tuple[int, int]] = []
    for value in sorted(values):
        if runs and runs[-1][0] + runs[-1][1] + 1 == value:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((value, 0))
    return tuple(runs)


_CODES = [char.encode() for char in WHITE]
ONE = _runs({code[0] for code in _CODES if len(code) == 1})  # a blank of one byte
# the first two bytes of a longer blank (the first + 256 × the second), its last byte
PAIRS = _runs({code[0] + 256 * code[1] for code in _CODES if len(code) > 1})
LAST = _runs({code[-1] for code in _CODES if len(code) > 1})
# the first bytes of the characters of three bytes no blank begins with (its last byte is
# that character's when the third last byte is one of these)
OTHER_LEAD = _runs(set(range(0xE0, 0xF0)) - {code[0] for code in _CODES if len(code) == 3})


def _among(values: np.ndarray, runs: Runs) -> np.ndarray:
    """Whether each of `values` (unsigned) is in `runs` (compared, not looked up in a
    table: numpy compares a byte in well under a nanosecond, indexes in more than one)."""
    hit = np.zeros(len(values), dtype=bool)
    for first, more in runs:
        hit |= (values - first) <= more  # below `first`: wraps round to a large value
    return hit


def kept(column: pl.Series) -> pl.Series:
    """`column` (text) with each cell stripped as `str.strip` strips it and a blank one
    null: `column` itself, in one piece, when no cell changes. Its cells are looked at
    without its nulls (set aside first: the byte reads are quicker, and a view is empty
    only for an empty cell); a few cells that change are stripped and put back in their
    places, many make the whole column stripped."""
    column = column.rechunk()
    cells = column.drop_nulls() if column.null_count() else column
    if cells.len() == 0:
        return column
    views = _views(cells)
    if views is None:
        return _nulled(column.str.strip_chars(WHITE))
    first = cells.head(SAMPLE)  # when many of the first cells change, the others unread
    if _many((first.str.strip_chars(WHITE) != first).to_numpy()):
        return _nulled(column.str.strip_chars(WHITE))
    maybe = _maybe(cells, views)
    if _many(maybe):
        return _nulled(column.str.strip_chars(WHITE))
    if maybe.any():
        picked = cells.filter(pl.Series(maybe))
        stripped = picked.str.strip_chars(WHITE)
        changed = (stripped != picked).to_numpy()
        if changed.any():
            at = np.flatnonzero(maybe)[changed]  # the cells' places, then the column's
            if cells.len() < column.len():
                at = np.flatnonzero(column.is_not_null().to_numpy())[at]
            return _nulled(column.clone().scatter(at, stripped.filter(pl.Series(changed))))
    return _nulled(column) if (views[:, 0] == 0).any() else column


def _nulled(column: pl.Series) -> pl.Series:
    """`column` with its empty cells null."""
    c = pl.col(column.name)
    return column.to_frame().select(pl.when(c == "").then(None).otherwise(c)).to_series()


def _views(column: pl.Series) -> np.ndarray | None:
    """The Arrow string views of `column` (one piece) as rows of four 32-bit words (the
    length, then the cell's first four bytes), or None when polars cannot hand them over
    (an older pyarrow)."""
    if not VIEWS:
        return None
    arrow = column.to_arrow(compat_level=pl.CompatLevel.newest())
    if arrow.type != pa.string_view():
        return None
    n, at = len(arrow), arrow.offset
    words = np.frombuffer(arrow.buffers()[1], dtype=np.uint32, count=(at + n) * 4)
    return words[at * 4:].reshape(n, 4)


def _maybe(cells: pl.Series, views: np.ndarray) -> np.ndarray:
    """Which of `cells` (no null) may begin or end with a blank, by their bytes; once more
    than one in `SOME` may, the bytes not yet read are left unread (the column will be
    stripped whole)."""
    head = np.ascontiguousarray(views.view(np.uint16)[:, 2])  # the first two bytes
    maybe = _among(head & 0xFF, ONE) | _among(head, PAIRS)
    binary = cells.cast(pl.Binary)
    last = None if _many(maybe) else _byte(binary, -1)
    if last is not None:
        maybe |= _among(last, ONE)
        longer = _among(last, LAST)
        if longer.any() and not _many(maybe):  # a cell under 3 bytes: no third last
            other = _among(_byte(binary, -3), OTHER_LEAD) & (views[:, 0] >= 3)
            maybe |= longer & ~other
    return np.asarray(maybe, dtype=bool)


def _many(maybe: np.ndarray) -> bool:
    return int(np.count_nonzero(maybe)) * SOME > len(maybe)


def _byte(binary: pl.Series, index: int) -> np.ndarray:
    """Each cell's byte at `index` (negative: from its end); any value for a cell too
    short to have one: the last byte of an empty cell can only let it through, and the
    third last is read with each cell's length."""
    got = binary.bin.get(index, null_on_oob=True).to_arrow()
    return np.frombuffer(got.buffers()[1], dtype=np.uint8,
                         count=got.offset + len(got))[got.offset:]
