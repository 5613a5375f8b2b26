"""Findings (columns): numbers printed as `decimals.fmt` prints them, and messages.

A finding of the core is a row of a frame: its project, line and column, code,
severity, indicator and message, the message rendered from the catalogue
(`data/findings.yaml`, `findings.py`) with column expressions for its
parameters, so that it reads exactly as the row engine's.
"""

from __future__ import annotations

import string
from decimal import Decimal

import polars as pl

from ..model.findings import catalogue

I128 = pl.Int128
FINDING_SCHEMA = {"pid": pl.Int64, "line": pl.Int64, "col": pl.Int64, "code": pl.String,
                  "severity": pl.String, "indicator": pl.String, "message": pl.String,
                  "seq": pl.Int64}
SEQ = {"row": 0, "budget": 1, "weights": 2, "completion": 3}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
_NARROW = pl.QueryOptFlags(comm_subexpr_elim=False, comm_subplan_elim=False)


def fmt_scaled(value: pl.Expr, digits: int) -> pl.Expr:
    """An integer column scaled by 10^digits printed as `fmt` prints the Decimal: no
    exponent, no trailing zeros, `-0` as `0`."""
    scale = 10**digits
    big = value.cast(I128)
    magnitude = big.abs()
    whole = (magnitude // scale).cast(pl.String)
    if digits:
        frac = (magnitude % scale).cast(pl.String).str.zfill(digits).str.strip_chars_end("0")
        body = pl.when(frac == "").then(whole).otherwise(whole + pl.lit(".") + frac)
    else:
        body = whole
    return pl.when(big < 0).then(pl.lit("-") + body).otherwise(body)


def fmt_values(values: pl.Series, digits: int) -> pl.Series:
    """`fmt_scaled` of a column, each distinct value printed once and the texts mapped
    back (weights and rounded scores take few values; a string op costs per row)."""
    distinct = values.unique()
    if distinct.len() * 4 > values.len():  # mostly distinct: print every row
        return values.to_frame("v").select(fmt_scaled(pl.col("v"), digits)).to_series()
    text = distinct.to_frame("v").select(fmt_scaled(pl.col("v"), digits)).to_series()
    return values.replace_strict(distinct, text, return_dtype=pl.String)


def fixed_scaled(value: pl.Expr, digits: int) -> pl.Expr:
    """`format(d, "f")` of a Decimal with exactly `digits` places (never `-0.00`)."""
    scale = 10**digits
    big = value.cast(I128)
    magnitude = big.abs()
    whole = (magnitude // scale).cast(pl.String)
    body = whole + pl.lit(".") + (magnitude % scale).cast(pl.String).str.zfill(digits) \
        if digits else whole
    return pl.when(big < 0).then(pl.lit("-") + body).otherwise(body)


def half_up(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """num ÷ den rounded half up (away from zero at .5), den > 0, in Int128."""
    n, d = num.cast(I128), den.cast(I128)
    up = (2 * n.abs() + d) // (2 * d)
    return pl.when(n < 0).then(up * -1).otherwise(up)


def percent_of(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """`decimals.percent(num / den)`: the rate × 100 with 2 decimals and `%`."""
    return fixed_scaled(half_up(num.cast(I128) * 10_000, den), 2) + pl.lit("%")


def text_of(value: Decimal) -> str:
    """A scheme's Decimal printed as `fmt` does (a literal in a message)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def message(code: str, **params: pl.Expr | str) -> pl.Expr:
    """The Chinese message of `code`, its {names} filled from `params`."""
    template = catalogue()[code].message["zh"]
    parts: list[pl.Expr] = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            parts.append(pl.lit(literal))
        if field is not None:
            value = params[field]
            parts.append(pl.lit(value) if isinstance(value, str) else value)
    return pl.concat_str(parts)


def findings(frame: pl.DataFrame, when: pl.Expr, code: str, seq: str, line: pl.Expr,
             col: pl.Expr, indicator: pl.Expr | str, **params: pl.Expr | str) -> pl.DataFrame:
    """The findings of `code` for the rows of `frame` where `when` holds."""
    severity = catalogue()[code].severity
    name = pl.lit(indicator) if isinstance(indicator, str) else indicator
    # lazily: only the columns the finding reads are filtered (the frame is wide)
    return frame.lazy().filter(when).select(
        pl.col("pid").cast(pl.Int64), line.cast(pl.Int64).alias("line"),
        col.cast(pl.Int64).alias("col"), pl.lit(code).alias("code"),
        pl.lit(severity).alias("severity"), name.alias("indicator"),
        message(code, **params).alias("message"), pl.lit(SEQ[seq], pl.Int64).alias("seq")
    ).collect(optimizations=_NARROW)


def sort_findings(frame: pl.DataFrame) -> pl.DataFrame:
    """In the order of `Result.findings`: by project, then severity, line and code, in
    the order they were made."""
    rank = pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int64)
    return frame.with_row_index("_made").sort(
        ["pid", rank, "line", "code", "seq", "_made"]).drop("_made")
