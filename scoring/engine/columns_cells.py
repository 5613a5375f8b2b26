"""Cells as columns: a column of cell texts → kind, scaled integer, percent, unit ….

One grammar (`cells.read_cell`): a plain cell (`98.5`, `98.5%`) is read here,
vectorized, exactly as `read_cell` reads it; every other *distinct* text is
read once by `read_cell` and joined back. Numbers are integers scaled by
10^`DIGITS`; a number that does not fit (more decimals, `LIMIT` or more) has
no value and is `wild`: the core leaves its project to the row engine.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from ..read.cells import Cell, read_cell

DIGITS = 6
SCALE = 10**DIGITS
LIMIT = 10**11  # |value| below this (so scaled values fit in 17 digits)
_PLAIN = r"^([0-9]{1,11})(?:\.([0-9]{1,6}))?(%)?$"
_DOTTED = r"^[0-9]{4}\.[0-9]{1,2}$"  # may be a month: read by the grammar
SCHEMA = {"kind": pl.String, "value": pl.Int64, "pct": pl.Boolean, "unit": pl.String,
          "cmp": pl.String, "approx": pl.Boolean, "dated": pl.Boolean, "wild": pl.Boolean}


def scaled(value: Decimal | None) -> int | None:
    """`value` × 10^DIGITS when that is an integer below LIMIT × 10^DIGITS, else None."""
    if value is None or not value.is_finite():
        return None
    if value.is_zero():
        return 0
    if abs(value.adjusted()) > 20:
        return None
    shifted = value.scaleb(DIGITS)
    if shifted != shifted.to_integral_value() or abs(value) >= LIMIT:
        return None
    return int(shifted)


def _row(cell: Cell) -> tuple[str, int | None, bool, str, str | None, bool, bool, bool]:
    value = scaled(cell.value)
    wild = cell.kind == "unreadable" or (cell.kind in ("number", "range") and (
        value is None or (cell.upper is not None and scaled(cell.upper) is None)))
    return (cell.kind, value, cell.percent, cell.unit,
            cell.comparator.value if cell.comparator is not None else None,
            cell.approximate, cell.date is not None, wild)


def read_column(texts: pl.Expr, years: pl.Expr | None, frame: pl.DataFrame,
                prefix: str) -> pl.DataFrame:
    """`frame` with the cells of `texts` read (as `read_cell(text, year)`), in columns
    `{prefix}kind`, `{prefix}value` … (`SCHEMA`). Each distinct (text, year) is read once."""
    year = years if years is not None else pl.lit(None, pl.Int64)
    work = frame.with_columns(texts.alias("_t"), year.cast(pl.Int64).alias("_y"))
    cells = _read_distinct(work.select("_t", "_y").unique(), prefix)
    return work.join(cells, on=["_t", "_y"], how="left", nulls_equal=True) \
        .drop("_t", "_y")


def _read_distinct(work: pl.DataFrame, p: str) -> pl.DataFrame:
    c = pl.col
    plain = c("_t").str.contains(_PLAIN) & ~c("_t").str.contains(_DOTTED)
    work = work.with_columns(plain.fill_null(False).alias("_plain"))
    odd = work.filter(c("_t").is_not_null() & ~c("_plain"))
    rows = [(t, y, *_row(read_cell(t, y))) for t, y in odd.select("_t", "_y").iter_rows()]
    table = pl.DataFrame(rows, schema={"_t": pl.String, "_y": pl.Int64,
                                       **{p + k: v for k, v in SCHEMA.items()}}, orient="row")
    parts = c("_t").str.extract_groups(_PLAIN)
    whole = parts.struct.field("1").cast(pl.Int64)
    frac = parts.struct.field("2").fill_null("").str.pad_end(DIGITS, "0")
    plain_value = whole * SCALE + pl.when(frac == "").then(0).otherwise(frac.cast(pl.Int64))
    out = work.join(table, on=["_t", "_y"], how="left", nulls_equal=True)
    return out.with_columns(
        pl.when(c("_t").is_null()).then(pl.lit("blank")).when(c("_plain"))
        .then(pl.lit("number")).otherwise(c(p + "kind")).alias(p + "kind"),
        pl.when(c("_plain")).then(plain_value).otherwise(c(p + "value")).alias(p + "value"),
        pl.when(c("_plain")).then(parts.struct.field("3").is_not_null())
        .otherwise(c(p + "pct").fill_null(False)).alias(p + "pct"),
        pl.when(c("_plain")).then(pl.lit("")).otherwise(c(p + "unit").fill_null(""))
        .alias(p + "unit"),
        c(p + "approx").fill_null(False), c(p + "dated").fill_null(False),
        c(p + "wild").fill_null(False)).drop("_plain")
