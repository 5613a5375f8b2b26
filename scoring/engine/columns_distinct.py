"""Findings (columns): texts made of a few integer columns, worked out once per distinct
combination of them.

A finding's message (`columns_format.findings` with `by`) is mostly literals and numbers
printed from a row's score and weight, which take few values in a table: printing them
costs per row (string operations), looking the printed text up by an integer key does
not. `distinct_texts` makes that key and the lookup, or says to print per row when the
combinations are many.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import polars as pl


class Lookup(NamedTuple):
    """`distinct_texts`' answer: the frame to read, and a text's expression for its rows."""
    frame: pl.DataFrame
    each: Callable[[pl.Expr], pl.Expr]


def distinct_texts(frame: pl.DataFrame, by: tuple[str, ...]) -> Lookup:
    """For texts made of the integer columns `by` of `frame` alone: `frame` (with the
    key `_by`), and each text as an expression for its rows, worked out once per
    distinct combination of `by` and looked up by `_by`, an integer made of them
    (`packed_key`, ranked); the text itself, per row, when the combinations are many, a
    value is null or the integer would not fit."""
    c = pl.col
    key = packed_key(frame, by, ranked=True)
    if key is None:
        return Lookup(frame, _itself)
    keyed = frame.with_columns(key.alias("_by"))
    once = keyed.filter(c("_by").is_first_distinct())
    if once.height * 4 > keyed.height:  # mostly distinct: per row
        return Lookup(frame, _itself)
    known = once.get_column("_by")

    def each(text: pl.Expr) -> pl.Expr:
        return c("_by").replace_strict(known, once.select(text.cast(pl.String)).to_series(),
                                       return_dtype=pl.String)
    return Lookup(keyed, each)


def packed_key(frame: pl.DataFrame, names: tuple[str, ...], *,
               ranked: bool = False) -> pl.Expr | None:
    """One Int64 that orders and tells apart the rows of `frame` as its integer columns
    `names` do, column by column: each column's offset from its least value (with
    `ranked`, its rank among its values when the offsets would not fit) times the span of
    the columns after it. None when a value is null or not an integer, or the integer
    would not fit in 63 bits."""
    c = pl.col
    keys = [frame.get_column(k) for k in names]  # (a `select` of them costs a copy)
    if not frame.height or any(k.null_count() for k in keys):
        return None
    bounds = frame.select(*(c(k).min().alias(f"{k}<") for k in names),
                          *(c(k).max().alias(f"{k}>") for k in names)).row(0, named=True)
    key: pl.Expr = pl.lit(0, pl.Int64)
    span = 1
    for name in names:
        low, high = bounds[f"{name}<"], bounds[f"{name}>"]
        if type(low) is not int or type(high) is not int:
            return None
        part, width = (c(name) - low).cast(pl.Int64), high - low + 1
        if ranked and span * width >= 2**63:  # sparse: its rank among its values
            values = frame.get_column(name).unique().sort()
            part, width = c(name).replace_strict(values, pl.int_range(
                values.len(), eager=True), return_dtype=pl.Int64), values.len()
        if span * width >= 2**63:
            return None
        key, span = key * width + part, span * width
    return key


def _itself(text: pl.Expr) -> pl.Expr:
    """Each text for its rows when it is not looked up: the text itself, per row."""
    return text
