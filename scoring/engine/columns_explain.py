"""Derivations (columns): each row's `explain`, as the row engine writes it, as columns (#14).

The row engine writes a row's derivation as it scores it: the formula's text
(`formulas.py`: `positive`, `REVERSE`, `EQUAL`; `row_kinds.py`: a blank actual,
a phrase against a number target, a 定性 row), then `row._finish` ends it with
the score at the scheme's places unless it already ends with `→ score`. Here
the same texts are built with string expressions over the core's scaled
integers (`columns_rows.py`: `mode`, `comp`, `W`, `A`, `T`, `score`, `verdict`,
`tier`), every number printed as `decimals.fmt`, `fmt_exact` and `fmt_places`
print it.

`fmt_exact` prints the engine's unrounded quotient, worked out in 34-digit
decimals: `= x` when it has at most 6 decimals, else `≈` and the quotient
rounded half up to 6. The core works the exact quotient out in Int128; where
the engine's 34 digits could print another text (a quotient within 10^-18 of
a 6-decimal number or of a tie at the 7th decimal; a linear or exact `=`
formula whose inner quotient does not end, `(a − t) ÷ t`, but whose result
is a 6-decimal number), `explain_ok` is false and the project goes to the row
engine, whose text is the reference.
"""

from __future__ import annotations

import polars as pl

from ..model.scheme import Scheme
from .columns_format import I128, fixed_scaled, fmt_scaled, half_up
from .columns_rows import near_tie, scheme_int
from .row_kinds import TIER_LABEL

Piece = pl.Expr | str
TIE = 10**18  # a quotient this close (in its last place) to a 6-decimal value or a tie
TERMINATES = 10**20  # an inner quotient with at most 20 decimals is exact in 34 digits


def _text(*pieces: Piece) -> pl.Expr:
    return pl.concat_str([pl.lit(p) if isinstance(p, str) else p for p in pieces])


def _num(name: str) -> pl.Expr:
    """A column × 10^6 printed as `fmt` prints the Decimal."""
    return fmt_scaled(pl.col(name), 6)


class Quotient:
    """An unrounded score n ÷ d × 10^-6 (d > 0): `fmt_exact` of it and whether the
    engine's 34-digit quotient surely prints the same."""

    def __init__(self, num: pl.Expr, den: pl.Expr, inner: pl.Expr | None = None) -> None:
        n, d = num.cast(I128), den.cast(I128)
        rest = n % d
        self.text = (pl.when(n <= 0).then(pl.lit("= 0"))  # max(0, …) of `equal_exact`
                     .when(rest == 0).then(_text("= ", fmt_scaled(n // d, 6)))
                     .otherwise(_text("≈ ", fmt_scaled(half_up(n, d), 6))))
        near_value = (rest > 0) & ((rest * TIE < d) | ((d - rest) * TIE < d))
        unsure = (n > 0) & (near_value | near_tie(n, d))
        if inner is not None:  # a result of 6 decimals from an inner quotient that does
            unsure = unsure | ((n > 0) & (rest == 0) & ~inner)  # not end: 1.999… or 2.000…1
        self.unsure = unsure


def _terminates(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Whether num ÷ den (den > 0) has at most 20 decimals."""
    return (num.cast(I128).abs() * TERMINATES) % den.cast(I128) == 0


def _formulas(scheme: Scheme) -> tuple[pl.Expr, pl.Expr]:
    """The derivation of a straight row (F2–F4, by its comparator and the scheme's
    `reverse` and `equal`), before `_finish`, and whether it is sure."""
    c = pl.col
    W, A, T = (c(n).cast(I128) for n in ("W", "A", "T"))
    a, t, w = _num("A"), _num("T"), _num("W")
    false = pl.lit(False)
    # positive (F2): (explain, unsure) by branch
    pos_q = Quotient(W * A, T)
    positive = (pl.when(A >= T).then(_text(a, " ≥ ", t, " → ", w))
                .when(T <= 0).then(_text(a, " 按 0 计，0 ≥ ", t, " → ", w))
                .when(A <= 0).then(_text(a, " ≤ 0 → 0"))
                .otherwise(_text(a, " ÷ ", t, " × ", w, " ", pos_q.text)))
    pos_unsure = pl.when((A >= T) | (T <= 0) | (A <= 0)).then(false).otherwise(pos_q.unsure)
    # reverse (F3)
    if scheme.reverse == "ratio":
        rev_q = Quotient(W * T, A)
        reverse = (pl.when(A <= T).then(_text(a, " ≤ ", t, " → ", w))
                   .when(T <= 0).then(_text(a, " > ", t, " → 0"))
                   .otherwise(_text(t, " ÷ ", a, " × ", w, " ", rev_q.text)))
        rev_unsure = pl.when((A <= T) | (T <= 0)).then(false).otherwise(rev_q.unsure)
    else:
        rev_q = Quotient(W * (2 * T - A), T, _terminates(A - T, T))
        reverse = (pl.when(A <= T).then(_text(a, " ≤ ", t, " → ", w))
                   .when((T <= 0) | (A >= 2 * T)).then(_text(a, " ≥ 2 × ", t, " → 0"))
                   .otherwise(_text(w, " × (1 − (", a, " − ", t, ") ÷ ", t, ") ",
                                    rev_q.text)))
        rev_unsure = pl.when((A <= T) | (T <= 0) | (A >= 2 * T)).then(false) \
            .otherwise(rev_q.unsure)
    # equal (F4): t = 0 (as_positive) or t ≤ 0 (exact): a ≤ 0 → w, else 0
    zero_target = pl.when(A <= 0).then(_text("指标值 ", t, "：", a, " ≤ 0 → ", w)) \
        .otherwise(_text("指标值 ", t, "：", a, " > 0 → 0"))
    if scheme.equal == "as_positive":
        equal = pl.when(T == 0).then(zero_target).otherwise(_text("“=”按 ≥ 计：", positive))
        eq_unsure = pl.when(T == 0).then(false).otherwise(pos_unsure)
    else:
        eq_q = Quotient(W * (T - (A - T).abs()), T, _terminates(A - T, T))
        equal = (pl.when(A == T).then(_text(a, " = ", t, " → ", w))
                 .when(T <= 0).then(zero_target)
                 .otherwise(_text(w, " × (1 − |", a, " − ", t, "| ÷ ", t, ") ", eq_q.text)))
        eq_unsure = pl.when((A == T) | (T <= 0)).then(false).otherwise(eq_q.unsure)
    comp = c("comp")
    ge, le = comp.is_in(["≥", ">"]), comp.is_in(["≤", "<"])
    text = pl.when(ge).then(positive).when(le).then(reverse).otherwise(equal)
    unsure = pl.when(ge).then(pos_unsure).when(le).then(rev_unsure).otherwise(eq_unsure)
    return text, unsure


def _kinds(scheme: Scheme) -> pl.Expr:
    """The derivation of a blank actual, a phrase against a number target, a 定性 row
    (`row_kinds.py`), before `_finish`."""
    c = pl.col
    shares = scheme.qualitative.default_shares
    tiers = ("achieved", "partial", "unmet")
    share = pl.lit(0, I128)
    label: pl.Expr = pl.lit(None, pl.String)
    for tier in reversed(tiers):
        share = pl.when(c("tier") == tier).then(
            pl.lit(scheme_int(getattr(shares, tier)), I128)).otherwise(share)
        label = pl.when(c("tier") == tier).then(pl.lit(TIER_LABEL[tier])).otherwise(label)
    actual = c("actual")
    qual = _text("“", actual, "”→ ", label, "，", fmt_scaled(share, 6), "% × ", _num("W"),
                 " = ", fmt_scaled(c("W").cast(I128) * share, 14))
    met = c("verdict") == "met"
    phrase = _text("完成值“", actual, "”视为",
                   pl.when(met).then(pl.lit("完成 → ")).otherwise(pl.lit("未完成 → ")),
                   pl.when(met).then(_num("W")).otherwise(pl.lit("0")))
    mode = c("mode")
    return (pl.when(mode == "missing").then(pl.lit("完成值空缺 → 0"))
            .when((mode == "qual") & c("tier").is_null())
            .then(_text("完成值“", actual, "”无法归入定性档次 → 0"))
            .when(mode == "qual").then(qual)
            .when(c("verdict").is_null()).then(_text("完成值“", actual, "”无法识别 → 0"))
            .otherwise(phrase))


def _finish(explain: pl.Expr, places: int) -> pl.Expr:
    """`row._finish`: the derivation ends with the score as printed (`→ 7.7`), unless it
    already ends with `→` and the score (`→ 10` for 10.0)."""
    score = pl.col("score")
    shown = fixed_scaled(score, places)
    done = explain.str.ends_with(_text("→ ", fmt_scaled(score, places))) | \
        explain.str.ends_with(_text("→ ", shown))
    return pl.when(done).then(explain).otherwise(_text(explain, " → ", shown))


def explain_rows(rows: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """`rows` (scored by `columns_rows.score_rows`) with `explain`, the row engine's
    derivation of each row the core takes, and `explain_ok`: false where the core
    cannot be sure of the text (its project then goes to the row engine)."""
    c = pl.col
    formula, unsure = _formulas(scheme)
    straight = c("mode") == "straight"
    text = pl.when(straight).then(formula).otherwise(_kinds(scheme))
    return rows.with_columns(
        pl.when(c("mode").is_in(["straight", "missing", "qual", "text"]))
        .then(_finish(text, scheme.places)).alias("explain"),
        ~(straight & unsure).fill_null(False).alias("explain_ok"))

