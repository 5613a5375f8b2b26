"""Score (columns): the core's numbers at the end, printed or as exact decimals.

The core keeps each project's `total` (scaled by 10^places), `max_total` and budget
figures, and each row's `weight` (10^6) and `score` (10^places), as scaled integers
until `columns.score_frame` hands its frames out; there they become what the caller
reads: text, as `decimals.fmt` prints a Decimal (`printed`: the batch's outputs, the
differential test against the row engine), or exact `Decimal(38, 6)` columns
(`exact`: what `score_table` returns, without the budget figures it does not show),
made from the integers themselves, never from their text. The row engine's projects
and rows (`columns_fallback.py`) come as text; `exact_text` reads it as
`str.to_decimal` with 6 places, as `score_table` always read numbers.
"""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

import numpy as np
import polars as pl
import pyarrow as pa

from .columns_format import fmt_scaled, fmt_values
from .columns_published import BUDGET, budget_columns

PLACES = 6  # the decimals' scale: every scheme's places (0–6) and the weights' fit
DECIMAL = pl.Decimal(38, PLACES)
RAW = ("_nb", "B", "E", "bscore")  # what the budget figures are printed from


class Numbers(NamedTuple):
    """The core's projects and rows, their numbers as the caller reads them."""
    projects: pl.DataFrame
    rows: pl.DataFrame


def printed(projects: pl.DataFrame, rows: pl.DataFrame,
            places: int) -> Numbers:
    """The core's projects and rows with their numbers printed (`fmt`), the budget
    figures after the published ones."""
    c = pl.col
    projects = projects.with_columns(
        fmt_scaled(c("total"), places).alias("total"),
        fmt_scaled(c("max_total"), PLACES).alias("max_total"),
        *budget_columns(places)).drop(RAW)
    rows = rows.with_columns(fmt_values(rows.get_column("weight"), PLACES).alias("weight"),
                             fmt_values(rows.get_column("score"), places).alias("score"))
    return Numbers(projects, rows)


def exact(projects: pl.DataFrame, rows: pl.DataFrame,
          places: int) -> Numbers:
    """The core's projects and rows with their numbers as `Decimal(38, 6)`, without the
    budget figures."""
    projects = projects.drop(RAW).with_columns(
        as_decimal(projects.get_column("total"), places),
        as_decimal(projects.get_column("max_total"), PLACES))
    rows = rows.with_columns(as_decimal(rows.get_column("weight"), PLACES),
                             as_decimal(rows.get_column("score"), places))
    return Numbers(projects, rows)


def exact_text(frame: pl.DataFrame | None, names: tuple[str, ...]) -> pl.DataFrame | None:
    """The row engine's frame with the numbers `names` (text) as `Decimal(38, 6)`,
    without the budget figures."""
    if frame is None:
        return None
    return frame.drop(BUDGET, strict=False).with_columns(
        pl.col(n).cast(pl.String).str.to_decimal(scale=PLACES) for n in names
        if n in frame.columns)


def as_decimal(values: pl.Series, digits: int) -> pl.Series:
    """An integer column scaled by 10^digits (digits ≤ 6) as `Decimal(38, 6)`, exactly:
    the integer times 10^(6 - digits) is the decimal's unscaled value. When each of those
    is given and fits in 64 bits (the usual), Arrow's 16-byte decimals are written from
    them directly, each with its sign extended (`_words`); else polars casts the integer
    to a decimal by its value (a `Decimal(38, 0)` of the same integer; past 38 digits the
    strict cast raises, which the core's bounds never reach), and Arrow reads those 16
    bytes with 6 places (a view, no copy)."""
    factor = 10 ** (PLACES - digits)
    if not values.null_count() and sys.byteorder == "little":
        small = values if values.dtype == pl.Int64 else values.cast(pl.Int64, strict=False)
        if not small.null_count():  # none past 64 bits
            held = small.to_numpy()
            limit = (2**63 - 1) // factor
            if not held.size or (int(held.min()) >= -limit and int(held.max()) <= limit):
                return pl.Series(values.name, _words(held * factor))
    raw = pl.col(values.name).cast(pl.Int128) * pl.lit(factor, pl.Int128)
    unscaled = values.to_frame().select(raw.cast(pl.Decimal(38, 0))).to_series()
    return pl.Series(values.name, unscaled.rechunk().to_arrow().view(
        pa.decimal128(38, PLACES)))


def _words(unscaled: np.ndarray[Any, np.dtype[np.int64]]) -> pa.Array:
    """Arrow `decimal128(38, 6)` of 64-bit unscaled values: each value's low word, then
    its high word, the low word's sign extended (little-endian, as Arrow stores them)."""
    words = np.empty((len(unscaled), 2), np.int64)
    words[:, 0] = unscaled
    words[:, 1] = unscaled >> 63
    return pa.Array.from_buffers(pa.decimal128(38, PLACES), len(unscaled),
                                 [None, pa.py_buffer(words)])
