"""Audit (columns): the audit's findings about the projects the columnar core scored (#14).

RULES.md §5 as the checks make them (`row_checks.py`, `checks.py`), on the core's own frames
(`engine.columns.Detail`: cells as read, scores as scaled integers) instead of
one `AuditContext` per case. Which published cell to question is decided on
columns, exactly: a published 得分 is read once per distinct text (`read_published`,
the audit's own reading), the rule's unrounded score is an integer fraction
rounded half up at the printed precision; each finding found is then made by
the audit's and the engine's own functions (`columns_audit_make.py`), so it
reads the same. A project the columns cannot be sure of (a rounding within
10^-18 of a tie, a product too large to hold) is handed back to the row engine
and `audit_result`, whole.

`budget-underspent` and `completion-exceeds-execution` of a table that scores
no budget execution never arise here: the core takes a budget row only with
its 权重.
"""

from __future__ import annotations

import polars as pl

from ..engine.columns_cells import SCALE, scaled
from ..engine.columns_format import (
    FINDING_SCHEMA,
    FOUND_SCHEMA,
    I128,
    SEVERITY_RANK,
    code_rank,
    half_up,
    sort_findings,
)
from ..engine.columns_format import fields as params_of
from ..engine.columns_rows import near_tie, scheme_int
from ..engine.columns_stage import Detail, Vetted
from ..model.scheme import Scheme
from ..read.cells import cell_of
from .columns_audit_make import Made, budget_found, total_found
from .columns_audit_rows import band_findings, budget_findings, inside_band, row_findings
from .context import read_published

FIT = 1e36  # |numerator × 10^places| beyond this is not held in Int128: not taken
POWERS = {p: 10**p for p in range(13)}
PUBLISHED = ("pid", "line", "_pt", "_pv", "_pp")  # the columns `columns_audit_make.py` reads
BUDGET = (*PUBLISHED, "BW", "E", "B")


def audit_columns(detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
    """The audit's findings about the projects of `detail` (`fields`: the table's columns,
    0-based), and the projects whose audit the columns leave to the row engine."""
    col = fields.get("reported_score")
    if col is None:  # no 得分 column: nothing published to check (a grade needs a total)
        return Vetted(pl.DataFrame(schema=FINDING_SCHEMA), [])
    all_rows, all_budget = published(detail.rows), published(detail.budget)
    given = pl.col("_pg")  # only a published cell is checked (the others: never asked)
    rows = _checked(all_rows.filter(given), _raw_rows(scheme), scheme)
    budget = _checked(all_budget.filter(given), _raw_budget())
    unsure = set(rows.filter(pl.col("_unsure")).get_column("pid").to_list())
    unsure |= set(budget.filter(pl.col("_unsure")).get_column("pid").to_list())
    asked = pl.col("_ask") & ~pl.col("_unsure")
    found, unwritten = row_findings(rows.filter(asked), scheme, col)
    unsure |= set(unwritten.to_list())
    budgets, left = budget_findings(budget.filter(asked), scheme, col)
    made: list[Made] = list(budget_found(left.select(BUDGET), scheme, col))
    banded = asked & pl.col("_banded") & pl.col("_pv").is_not_null() & (
        pl.col("_pv") <= pl.col("W"))
    bands = band_findings(rows.filter(banded), scheme, col)
    made.extend(total_found(_sums(all_rows, all_budget), detail.marks, scheme, fields))
    keep = ~pl.col("pid").is_in(pl.Series(sorted(unsure), dtype=pl.Int64).implode())
    both = pl.concat([found, budgets, bands, _frame(made)])
    return Vetted(sort_findings(both.filter(keep)), sorted(unsure))


def published(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its published 得分 as the audit reads it: `_pg` given (not blank), `_pv`
    its number × 10^6 (null: not a number), `_pp` its printed decimals, `_pt` its text,
    `_pwild` a number the core cannot hold."""
    texts = frame.get_column("reported_score").drop_nulls().unique().to_list()
    read = []
    for text in texts:
        p = read_published(cell_of(text), None)
        value = None if p is None or p.value is None else scaled(p.value)
        read.append((text, p is not None, value, p.places if p else 0, p.text if p else None,
                     p is not None and p.value is not None and value is None))
    table = pl.DataFrame(read, schema={"reported_score": pl.String, "_pg": pl.Boolean,
                                       "_pv": pl.Int64, "_pp": pl.Int64, "_pt": pl.String,
                                       "_pwild": pl.Boolean}, orient="row")
    out = frame.join(table, on="reported_score", how="left", maintain_order="left")
    return out.with_columns(pl.col("_pg").fill_null(False), pl.col("_pwild").fill_null(False))


def _raw_rows(scheme: Scheme) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """An indicator row's unrounded score × 10^6 as num / den (F2–F4, F6, phrases), its
    weight, whether the division may round otherwise in the engine's decimals (linear,
    exact: they divide before they multiply), and whether the row's published score is
    judged by its tier's band (F6) instead."""
    c = pl.col
    W, A, T = (c(n).fill_null(0).cast(I128) for n in ("W", "A", "T"))
    one, zero = pl.lit(1, I128), pl.lit(0, I128)
    comp = c("comp")
    as_positive = pl.lit(scheme.equal == "as_positive")
    ge = comp.is_in([">", "≥"]) | ((comp == "=") & as_positive)
    le = comp.is_in(["<", "≤"])
    eq_zero_t = (comp == "=") & as_positive & (T == 0)
    if scheme.reverse == "ratio":
        rev, rev_den, rev_zero, rev_twice = W * T, A, T <= 0, pl.lit(False)
    else:
        rev, rev_den, rev_zero, rev_twice = W * (2 * T - A), T, (T <= 0) | (A >= 2 * T), \
            pl.lit(True)
    exact = W * (T - (A - T).abs())
    num = (pl.when(eq_zero_t).then(pl.when(A <= 0).then(W).otherwise(zero))
           .when(ge).then(pl.when((A >= T) | (T <= 0)).then(W).when(A <= 0).then(zero)
                          .otherwise(W * A))
           .when(le).then(pl.when(A <= T).then(W).when(rev_zero).then(zero).otherwise(rev))
           .when(comp == "=").then(pl.when(A == T).then(W).when(T <= 0).then(
               pl.when(A <= 0).then(W).otherwise(zero)).when(exact <= 0).then(zero)
               .otherwise(exact))
           .otherwise(zero))
    divided = (ge & ~eq_zero_t & ~((A >= T) | (T <= 0) | (A <= 0))) | (
        le & ~((A <= T) | rev_zero)) | ((comp == "=") & ~as_positive & ~(
            (A == T) | (T <= 0) | (exact <= 0)))
    den = pl.when(ge & divided).then(T).when(le & divided).then(rev_den) \
        .when(divided).then(T).otherwise(one)
    twice = divided & ((le & rev_twice) | (comp == "="))
    shares = scheme.qualitative.default_shares
    share = (pl.when(c("tier") == "achieved").then(scheme_int(shares.achieved))
             .when(c("tier") == "partial").then(scheme_int(shares.partial))
             .otherwise(scheme_int(shares.unmet))).cast(I128)
    mode = c("mode")
    banded = (mode == "qual") & c("tier").is_not_null()
    num = (pl.when(mode == "straight").then(num)
           .when((mode == "text") & (c("verdict") == "met")).then(W)
           .when(banded).then(W * share).otherwise(zero))
    den = (pl.when(mode == "straight").then(den).when(banded).then(pl.lit(SCALE * 100, I128))
           .otherwise(one))
    return num, den, c("W").cast(I128), (mode == "straight") & twice, banded


def _raw_budget() -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """The budget row's unrounded score × 10^6 (F1: W × E ÷ B below 100%, else W)."""
    c = pl.col
    W, E, B = (c(n).cast(I128) for n in ("BW", "E", "B"))
    below = E < B
    return (pl.when(below).then(W * E).otherwise(W), pl.when(below).then(B).otherwise(1),
            W, pl.lit(False), pl.lit(False))


def _checked(frame: pl.DataFrame, raw: tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr, pl.Expr],
             scheme: Scheme | None = None) -> pl.DataFrame:
    """`frame` with `_ask` (a published cell that some check finds about, made into its
    findings by `columns_audit_make.py`), `_banded` and `_unsure` (`scheme`: of indicator
    rows, whose full score on a blank or a phrase and whose tier's band are checked)."""
    c = pl.col
    num, den, W, twice, banded = raw
    # in stages: each expression computed once, as a column, then read by the next ones;
    # one plan (its common subexpressions, the rule's branches, computed once too)
    plan = frame.lazy().with_columns(num.alias("_num"), den.alias("_den"), W.alias("_W"),
                                     twice.alias("_twice"), banded.alias("_bnd"))
    num, W, pp = c("_num"), c("_W"), c("_pp").fill_null(0)
    pv = c("_pv").cast(I128)
    power = pp.replace_strict(POWERS, default=None, return_dtype=pl.Int64).cast(I128)
    plan = plan.with_columns((num * power).alias("_n"), (c("_den") * SCALE).alias("_d"))
    n, d = c("_n"), c("_d")
    plan = plan.with_columns(half_up(n, d).alias("_expected"))
    number = c("_pg") & c("_pv").is_not_null()
    judged = number & (pv <= W) & ~c("_bnd")  # a published score compared with the rule's
    fits = num.cast(pl.Float64).abs() * pl.lit(10.0).pow(pp) < FIT
    tie = near_tie(n, d) | (c("_twice") & ((2 * n) % (2 * d) == d))
    differs = judged & (pv * power != c("_expected") * SCALE)
    ask = ~number | (pv > W) | differs
    if scheme is not None:
        banded = c("_bnd")
        loose = c("mode").is_in(["missing", "text"]) | ((c("mode") == "qual") & ~banded)
        ask = ask | (banded & number & (pv <= W) & ~inside_band(pv, W, scheme)) | (
            number & (pv >= W) & loose)
    return plan.with_columns(
        (c("_pg") & ask).fill_null(True).alias("_ask"), c("_bnd").fill_null(False).alias("_banded"),
        differs.fill_null(False).alias("_differs"),
        (c("_pwild") | (judged & (~fits | tie))).fill_null(True).alias("_unsure"),
    ).drop("_num", "_den", "_W", "_twice", "_bnd", "_n", "_d").collect()


def _sums(rows: pl.DataFrame, budget: pl.DataFrame) -> pl.DataFrame:
    """Per project: how many rows, how many publish a number and its sum, and the budget
    row's published number (× 10^6)."""
    c = pl.col
    number = c("_pg") & c("_pv").is_not_null()
    sums = rows.group_by("pid").agg(
        pl.len().alias("_rows"), number.sum().alias("_numbers"),
        c("_pv").filter(number).cast(I128).sum().alias("_sum"))
    given = budget.filter(c("_pg") & c("_pv").is_not_null()).select("pid", c("_pv").alias("_bv"))
    return sums.join(given, on="pid", how="left")


def _frame(made: list[Made]) -> pl.LazyFrame:
    """The findings made one by one, as a frame (with `sort_findings`' keys and each one's
    parameters, as `findings` keeps them)."""
    codes = code_rank()
    return pl.LazyFrame([(pid, line, col, f.code, f.severity, f.indicator, f.message, 0,
                          [dict(f.params)[k] for k in params_of(f.code)],
                          SEVERITY_RANK[f.severity], codes[f.code])
                         for pid, line, col, f in made], schema=FOUND_SCHEMA, orient="row")
