"""Findings (columns): numbers printed as `decimals.fmt` prints them, and messages.

A finding of the core is a row of a frame: its project, line and column, code,
severity, indicator and message, the message rendered from the catalogue
(`data/findings.yaml`, `findings.py`) with column expressions for its
parameters, so that it reads exactly as the row engine's.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from itertools import groupby
from typing import Literal

import polars as pl

from ..model.findings import catalogue
from ..read.packaged import data_file
from .columns_distinct import distinct_texts, packed_key

I128 = pl.Int128
FINDING_SCHEMA = {"pid": pl.Int64, "line": pl.Int64, "col": pl.Int64, "code": pl.String,
                  "severity": pl.String, "indicator": pl.String, "message": pl.String,
                  "seq": pl.Int64}
# `findings`' plans: with each finding's parameters (its template's fields but `name`, in
# their order, as printed) and the integer keys `sort_findings` orders them by
FOUND_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    **FINDING_SCHEMA, "params": pl.List(pl.String), "_rank": pl.Int64,
    "_code": pl.Int64}
SEQ = {"row": 0, "budget": 1, "weights": 2, "completion": 3}
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
BUDGET_WORDS: dict[str, str] = data_file("derivations.yaml")["budget"]  # as evaluate.py's
_NARROW = pl.QueryOptFlags(comm_subexpr_elim=False, comm_subplan_elim=False)
IN_MEMORY: Literal["in-memory"] = "in-memory"  # the core's plans: polars' own default ("auto")
# may run them streaming, slower on these (findings' messages, forward fills, gathers)


def fmt_scaled(value: pl.Expr, digits: int) -> pl.Expr:
    """An integer column scaled by 10^digits printed as `fmt` prints the Decimal: no
    exponent, no trailing zeros, `-0` as `0` (|value| < 10^38, `_decimal`)."""
    if not digits:
        return value.cast(I128).cast(pl.String)
    return _decimal(value, digits).cast(pl.String).str.strip_chars_end("0") \
        .str.strip_chars_end(".")


def _decimal(value: pl.Expr, digits: int) -> pl.Expr:
    """An integer column scaled by 10^digits as the Decimal it stands for (the same
    integer, `digits` its scale: one multiplication by 1 at that scale), which prints
    every digit of its scale, without exponent, and has no `-0`. Polars' decimals hold
    38 digits: a value of 10^38 or more is refused (InvalidOperationError), never
    printed wrong; the core's values are far below (cells under `LIMIT`)."""
    unit = pl.lit("0." + "0" * (digits - 1) + "1").str.to_decimal(scale=digits)
    return value.cast(pl.Decimal(38, 0)) * unit


def fmt_values(values: pl.Series, digits: int) -> pl.Series:
    """`fmt_scaled` of a column, each distinct value printed once and the texts gathered
    back (weights and rounded scores take few values; a string op costs per row): by
    each value's offset from the least when they lie close together (scores), else by
    its place among the distinct values, sorted, when they are few."""
    c = pl.col
    low, high = values.min(), values.max()
    if type(low) is int and type(high) is int and high - low < values.len() // 4:
        texts = pl.select(fmt_scaled(pl.int_range(low, high + 1, dtype=I128), digits))
        at = values.to_frame().select((c(values.name) - low).cast(pl.Int64)).to_series()
        return texts.to_series().gather(at).alias(values.name)
    distinct = values.drop_nulls().unique().sort()
    if not distinct.len() or distinct.len() * 4 > values.len():  # mostly distinct
        return values.to_frame().select(fmt_scaled(c(values.name), digits)).to_series()
    texts = distinct.to_frame().select(fmt_scaled(c(values.name), digits))
    at = distinct.search_sorted(values).set(values.is_null(), None)
    return texts.to_series().gather(at).alias(values.name)


def fixed_scaled(value: pl.Expr, digits: int) -> pl.Expr:
    """`format(d, "f")` of a Decimal with exactly `digits` places (never `-0.00`)."""
    if not digits:
        return value.cast(I128).cast(pl.String)
    return _decimal(value, digits).cast(pl.String)


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
    return filled(catalogue()[code].message["zh"], **params)


def filled(template: str, **params: pl.Expr | str) -> pl.Expr:
    """A `str.format` template (a message, a derivation of data/derivations.yaml) as a
    column, its {names} filled from `params`."""
    return pl.concat_str(_pieces(template, params))


def _pieces(template: str, params: dict[str, pl.Expr | str]) -> list[pl.Expr]:
    """The runs of `template`, in order, as columns: its literals, its {names} filled."""
    pieces: list[pl.Expr] = []
    for literal, field, _, _ in string.Formatter().parse(template):
        if literal:
            pieces.append(pl.lit(literal))
        if field is not None:
            value = params[field]
            pieces.append(pl.lit(value) if isinstance(value, str) else value)
    return pieces


def fields(code: str) -> tuple[str, ...]:
    """The fields of `code`'s message template but `name` (the indicator), in their order:
    the parameters a finding of the core carries in its `params` column."""
    return _fields(catalogue()[code].message["zh"])


@cache
def _fields(template: str) -> tuple[str, ...]:
    named = (f for _, f, _, _ in string.Formatter().parse(template) if f is not None)
    return tuple(f for f in dict.fromkeys(named) if f != "name")


def findings(frame: pl.DataFrame, when: pl.Expr, code: str, seq: str, line: pl.Expr,
             col: pl.Expr, indicator: pl.Expr | str, *, by: tuple[str, ...] = (),
             **params: pl.Expr | str) -> pl.LazyFrame:
    """The findings of `code` for the rows of `frame` where `when` holds, as a plan (the
    findings of a table are made in one `collect`, `sort_findings`), with their
    parameters (`params`, as `fields(code)` names them: what the message was filled
    with, so that it can be rendered in another language) and the integer keys
    `sort_findings` orders them by (`_rank`, `_code`). `by`: integer columns some
    parameters are made of; the rows are then picked at once, and those parameters,
    with the literals around them, printed once per distinct combination of `by`
    (`distinct_texts`)."""
    severity = catalogue()[code].severity
    name = pl.lit(indicator) if isinstance(indicator, str) else indicator
    each: Callable[[pl.Expr], pl.Expr] | None = None
    if by:  # the finding's rows now, the columns it reads only
        exprs = [line, col, name, *(v for v in params.values() if not isinstance(v, str))]
        read = {n for e in exprs for n in e.meta.root_names()} - {"pid", *by}
        frame = frame.lazy().filter(when).select("pid", *by, *sorted(read)) \
            .collect(optimizations=_NARROW, engine=IN_MEMORY)
        frame, each = distinct_texts(frame, by)
        when = pl.lit(True)
    # lazily: only the columns the finding reads are filtered (the frame is wide)
    return frame.lazy().filter(when).select(
        pl.col("pid").cast(pl.Int64), line.cast(pl.Int64).alias("line"),
        col.cast(pl.Int64).alias("col"), pl.lit(code).alias("code"),
        pl.lit(severity).alias("severity"), name.alias("indicator"),
        _message(code, params, by, each).alias("message"),
        pl.lit(SEQ[seq], pl.Int64).alias("seq"),
        _params(code, params, by, each).alias("params"),
        pl.lit(SEVERITY_RANK[severity], pl.Int64).alias("_rank"),
        pl.lit(code_rank()[code], pl.Int64).alias("_code"))


def _message(code: str, params: dict[str, pl.Expr | str], by: tuple[str, ...],
             each: Callable[[pl.Expr], pl.Expr] | None) -> pl.Expr:
    """`message(code, **params)`, each run of the template made of the columns `by` alone
    (literals, parameters reading `by` only) looked up by `each` when given."""
    if each is None:
        return message(code, **params)
    parts: list[pl.Expr] = []
    for alone, run in groupby(_pieces(catalogue()[code].message["zh"], params),
                              key=lambda e: _reads_only(e, by)):
        joined = pl.concat_str(list(run))
        parts += [each(joined) if joined.meta.root_names() else joined] if alone else [joined]
    return pl.concat_str(parts)


def _reads_only(value: pl.Expr, by: tuple[str, ...]) -> bool:
    return set(value.meta.root_names()) <= set(by)


def _params(code: str, params: dict[str, pl.Expr | str], by: tuple[str, ...] = (),
            each: Callable[[pl.Expr], pl.Expr] | None = None) -> pl.Expr:
    values = [pl.lit(v) if isinstance(v, str) else
              each(v) if each is not None and _reads_only(v, by) else v.cast(pl.String)
              for v in (params[f] for f in fields(code))]
    return pl.concat_list(values) if values else pl.lit([], dtype=pl.List(pl.String))


@cache
def code_rank() -> dict[str, int]:
    """Each finding code's place in the codes sorted (sorting by it sorts by code)."""
    return {code: i for i, code in enumerate(sorted(catalogue()))}


def sort_findings(frame: pl.DataFrame | pl.LazyFrame, *, params: bool = True) -> pl.DataFrame:
    """In the order of `Result.findings`: by project, then severity, line and code, in
    the order they were made; the findings made by `findings` sort on their integer keys
    (the others' are looked up), collected in one `collect` with the plans that make
    them, then sorted on one integer made of the five keys (`packed_key`; on the five
    when it would not fit or a key is null).
    `params=False`: without the `params` column, which is then never made (its lists of
    strings cost more than the messages; only `Result`s read them)."""
    c = pl.col
    plan = frame.lazy()
    names = plan.collect_schema().names()
    if not params and "params" in names:
        plan = plan.drop("params")
    if "_rank" not in names:
        plan = plan.with_columns(
            c("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int64).alias("_rank"),
            c("code").replace_strict(code_rank(), return_dtype=pl.Int64).alias("_code"))
    found = plan.collect(optimizations=_NARROW, engine=IN_MEMORY)
    key = packed_key(found, SORT_KEYS)
    ordered = found.sort(SORT_KEYS, maintain_order=True, nulls_last=False) if key is None \
        else found.sort(key, maintain_order=True)
    return ordered.drop("_rank", "_code")


SORT_KEYS = ("pid", "_rank", "line", "_code", "seq")
