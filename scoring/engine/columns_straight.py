"""Score (columns): F2–F4 on the straight rows, a number against a number target.

The rows `score_rows` (`columns_rows.py`) finds straight (≥ > ≤ < = between two
numbers) are taken out of the frame (their weight, actual, target and
comparator only) and split by the comparator's formula: F2 (≥ >, and = read
as ≥), F3 (≤ <, the scheme's `reverse`: ratio or linear), F4 (=, `exact`; or
= against a zero target, `as_positive`). Each part works out its own formula
only: the full and zero cases, else the numerator and denominator of its
quotient, rounded half up in Int128 by one division, with a test of whether
the exact quotient lies within 10^-18 of a rounding tie, where the engine's
34-digit decimals might round the other way (`_near`: not taken). Then
`target-possibly-too-low` (F5) and its ratio. The results go back to the
rows by their places (the other rows: 0 and False).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from ..model.scheme import Scheme
from .columns_cells import SCALE, near_tie, scheme_int
from .columns_format import I128, IN_MEMORY, half_up

OUT = {"_s": I128, "_near": pl.Boolean, "too_low": pl.Boolean, "_ratio": I128}
"""What each straight row gets (the others: 0 and False)."""
GE, LE, EXACT, ZERO_T = "ge", "le", "exact", "zero_t"  # the formulas
TIE = 10**18


def straight_scores(rows: pl.DataFrame, scheme: Scheme) -> list[pl.Series]:
    """`OUT` of each row of `rows` (`mode`, `W`, `A`, `T` scaled, `comp`): `_s` its score
    × 10^places, `_near` a quotient near a tie, `too_low` and `_ratio` (a ÷ t in ‰)."""
    c = pl.col
    at = pl.arg_where(rows.get_column("mode") == "straight", eager=True)
    part = rows.select("comp", "W", "A", "T")[at].select(
        at.alias("_at"), "comp", *(c(n).fill_null(0).cast(I128) for n in ("W", "A", "T")))
    comp, equal = c("comp"), c("comp") == "="
    if scheme.equal == "exact":
        formulas = {GE: comp.is_in([">", "≥"]), EXACT: equal}
    else:  # = read as ≥, but against a zero target
        formulas = {GE: comp.is_in([">", "≥"]) | (equal & (c("T") != 0)),
                    ZERO_T: equal & (c("T") == 0)}
    formulas[LE] = comp.is_in(["<", "≤"])
    # the formulas' plans made in one `collect`, `_ratios` once on all their rows
    plan = part.lazy()
    done = _ratios(pl.concat([_formula(plan.filter(cond), key, scheme)
                              for key, cond in formulas.items()]).collect(engine=IN_MEMORY))
    n = rows.height
    where = done.get_column("_at")
    return [pl.zeros(n, I128, eager=True).alias(name).scatter(where, done.get_column(name))
            if dtype == I128 else pl.repeat(False, n, dtype=pl.Boolean, eager=True)
            .alias(name).scatter(where, done.get_column(name)) for name, dtype in OUT.items()]


def _formula(part: pl.LazyFrame, which: str, scheme: Scheme) -> pl.LazyFrame:
    """The plan of the rows of one formula: `_at` their places, `_s`, `_n0` (`_near`
    before `_ratios`), `too_low`, `A` and `T`."""
    c = pl.col
    places = 10**scheme.places
    W, A, T = c("W"), c("A"), c("T")
    S = pl.lit(SCALE, I128)
    exact_tie = False  # linear and exact divide before they multiply: a tie is not taken
    num = den = pl.lit(None, I128)
    too_low: pl.Expr = pl.lit(False)
    if which == ZERO_T:  # F4, = against 0 read as ≥: 0 or the weight
        full, divide = A <= 0, pl.lit(False)
    elif which == GE:
        full = (A >= T) | (T <= 0)
        divide = ~(full | (A <= 0))
        num, den = W * A * places, S * T
        too_low = (c("comp") != "=") & _limit(scheme.target_too_low.positive, A, T, True)
    elif which == LE:
        full = A <= T
        if scheme.reverse == "ratio":
            divide = ~(full | (T <= 0))
            num, den = W * T * places, S * A
        else:
            exact_tie = True
            divide = ~(full | (T <= 0) | (A >= 2 * T))
            num, den = W * (2 * T - A) * places, S * T
        too_low = _limit(scheme.target_too_low.reverse, A, T, False)
    else:  # EXACT
        exact_tie = True
        full = (A == T) | ((T <= 0) & (A <= 0))
        num, den = W * (T - (A - T).abs()) * places, S * T
        divide = ~((A == T) | (T <= 0) | (num <= 0))
    lazy = part.with_columns(
        full.alias("_fw"), divide.fill_null(False).alias("_div"),
        pl.when(divide).then(num).alias("_N"), pl.when(divide).then(den).alias("_D"),
        ((T > 0) & too_low).fill_null(False).alias("too_low"))
    N, D = c("_N"), c("_D")
    # one division: q = half-up |N| ÷ D, r = (2|N| + D) mod 2D; |N| ÷ D lies r/2D (r < D)
    # or (2D - r)/2D (r ≥ D) from a tie, and on it when r = 0
    twice = 2 * N.abs() + D
    lazy = lazy.with_columns((twice // (2 * D)).alias("_q"), (twice % (2 * D)).alias("_r"))
    q, r = c("_q"), c("_r")
    dist = pl.when(r < D).then(r).otherwise(2 * D - r)
    score = (pl.when(c("_fw")).then(half_up(W * places, S))
             .when(c("_div")).then(pl.when(N < 0).then(q * -1).otherwise(q))
             .otherwise(pl.lit(0, I128)))
    near = c("_div") & (((dist > 0) & (dist < (2 * D + TIE - 1) // TIE))
                        | (pl.lit(exact_tie) & (r == 0)))
    return lazy.select("_at", score.fill_null(0).alias("_s"), near.fill_null(False)
                       .alias("_n0"), "too_low", "A", "T")


def _ratios(out: pl.DataFrame) -> pl.DataFrame:
    """`_ratio` (a ÷ t in ‰, half up) on the rows `too_low` (a few), and `_near` with that
    quotient near a tie: worked out on those rows alone."""
    c = pl.col
    low = pl.arg_where(out.get_column("too_low"), eager=True)
    ratio = pl.zeros(out.height, I128, eager=True).alias("_ratio")
    near = out.get_column("_n0").alias("_near")
    if low.len():
        A, T = c("A"), c("T")
        ratio_num, per = A * 1000 * SCALE, T * SCALE  # T > 0 on these rows
        sub = out[low].select(half_up(ratio_num, per).alias("q"),
                              near_tie(ratio_num, per).alias("n"))
        ratio = ratio.scatter(low, sub.get_column("q"))
        near = near.scatter(low, near.gather(low) | sub.get_column("n"))
    return out.select("_at", "_s", near, "too_low", ratio)


def _limit(limit: Decimal | None, A: pl.Expr, T: pl.Expr, above: bool) -> pl.Expr:
    if limit is None:
        return pl.lit(False)
    L = pl.lit(scheme_int(limit), I128)
    test: pl.Expr = (A * 100 * SCALE >= T * L) if above else (A * 100 * SCALE <= T * L)
    return test
