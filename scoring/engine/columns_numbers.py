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

from typing import NamedTuple

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
    the integer times 10^(6 - digits) is the decimal's unscaled value. Polars casts an
    integer to a decimal by its value (a `Decimal(38, 6 - digits)` of the same integer:
    the integer times 10^(6 - digits) unscaled, in one pass; past 38 digits the strict
    cast raises, which the core's bounds never reach); Arrow then reads those 16 bytes
    with 6 places (a view, no copy)."""
    unscaled = values.to_frame().select(
        pl.col(values.name).cast(pl.Decimal(38, PLACES - digits))).to_series()
    return pl.Series(values.name, unscaled.rechunk().to_arrow().view(
        pa.decimal128(38, PLACES)))
