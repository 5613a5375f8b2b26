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
    distinct combination of `by` and looked up by `_by`, an integer made of them (each
    column's offset from its least value, or its rank among its values when the offsets
    would not fit, times the span of the columns after it); the
    text itself, per row, when the combinations are many, a value is null or the integer
    would not fit."""
    c = pl.col
    keys = frame.select(by)
    if not keys.height or any(keys.null_count().row(0)):
        return Lookup(frame, _itself)
    bounds = keys.select(*(c(k).min().alias(f"{k}<") for k in by),
                         *(c(k).max().alias(f"{k}>") for k in by)).row(0, named=True)
    key: pl.Expr = pl.lit(0, pl.Int64)
    span = 1
    for name in by:
        low, high = bounds[f"{name}<"], bounds[f"{name}>"]
        if type(low) is not int or type(high) is not int:
            return Lookup(frame, _itself)
        part, width = (c(name) - low).cast(pl.Int64), high - low + 1
        if span * width >= 2**63:  # sparse: its rank among its values
            values = keys.get_column(name).unique()
            part, width = c(name).replace_strict(values, pl.int_range(
                values.len(), eager=True), return_dtype=pl.Int64), values.len()
            if span * width >= 2**63:
                return Lookup(frame, _itself)
        key, span = key * width + part, span * width
    keyed = frame.with_columns(key.alias("_by"))
    once = keyed.filter(c("_by").is_first_distinct())
    if once.height * 4 > keyed.height:  # mostly distinct: per row
        return Lookup(frame, _itself)
    known = once.get_column("_by")

    def each(text: pl.Expr) -> pl.Expr:
        return c("_by").replace_strict(known, once.select(text.cast(pl.String)).to_series(),
                                       return_dtype=pl.String)
    return Lookup(keyed, each)


def _itself(text: pl.Expr) -> pl.Expr:
    """Each text for its rows when it is not looked up: the text itself, per row."""
    return text
