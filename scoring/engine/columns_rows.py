"""Score (columns): the indicator rows of a flat table, F2–F6 and F10 as integer columns.

The rows `score_row` (`rows.py`) scores by a formula without any choice left
to a person: a number against a number target under ≥ > ≤ < = (the straight
path, F2–F4), a blank actual (F10: `missing`), a phrase against a number
target (`text-actual`), a 定性 row (F6, the scheme's default share). Each
score is an exact integer (scaled by 10^places) rounded half up from an exact
quotient in Int128; a quotient within 10^-18 of a rounding tie, where the
engine's 34-digit decimals might round the other way, is not taken. A row of
any other kind, or with a number that does not fit, is `taken = False`: its
project goes to the row engine (`run.py`).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from ..errors import Unusual
from ..model.scheme import Scheme
from ..read.cells import normalize, read_comparator
from ..read.packaged import data_file
from ..read.phrases import match_phrase
from .columns_cells import SCALE, SCHEMA, read_column, scaled
from .columns_format import I128, fmt_scaled, half_up
from .row_kinds import qualitative_tier

WEIGHT_LIMIT = 10**5 * SCALE  # weights below 100 000: products stay within Int128
STRAIGHT = ("≥", ">", "≤", "<", "=")


def scheme_int(value: Decimal) -> int:
    """A number of the scheme × 10^6; `Unusual` when it does not fit."""
    out = scaled(value)
    if out is None:
        raise Unusual(str(value))
    return out


def _comparators(frame: pl.DataFrame) -> pl.Expr:
    read: dict[str, str] = {}
    for text in frame.get_column("comparator").drop_nulls().unique().to_list():
        try:
            comp = read_comparator(text)
        except ValueError:
            read[text] = "!"
        else:
            read[text] = comp.value if comp is not None else ""
    return pl.col("comparator").replace_strict(read, default="", return_dtype=pl.String) \
        .fill_null("")


def near_tie(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Whether num ÷ den (≥ 0) lies within den·10^-18 of a rounding tie, not on it."""
    n, d = num.cast(I128), den.cast(I128)
    dist = ((2 * n) % (2 * d) - d).abs()
    return (dist > 0) & (dist < (2 * d + 10**18 - 1) // 10**18)


def read_rows(ind: pl.DataFrame) -> pl.DataFrame:
    """The indicator rows with their cells read (target, actual with and without the
    year, weight, reported score) and the comparator as read."""
    out = ind.with_columns(_comparators(ind).alias("rc"))
    out = read_column(pl.col("target"), pl.col("year_int"), out, "t_")
    out = read_column(pl.col("actual"), None, out, "a0_")
    if out.get_column("year_int").is_not_null().any():
        out = read_column(pl.col("actual"), pl.col("year_int"), out, "a_")
    else:  # no year: the same reading
        out = out.with_columns(pl.col(f"a0_{k}").alias(f"a_{k}") for k in SCHEMA)
    out = read_column(pl.col("weight"), None, out, "w_")
    return read_column(pl.col("reported_score"), None, out, "r_")


def _distinct_map(frame: pl.DataFrame, cols: list[str], func: object) -> pl.DataFrame:
    pairs = frame.select(cols).unique()
    values = [func(*row) for row in pairs.iter_rows()]  # type: ignore[operator]
    return pairs.with_columns(pl.Series("_v", values, dtype=pl.String))


def score_rows(rows: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """`rows` (read by `read_rows`) with `mode`, `W` (weight × 10^6), `score` (× 10^places),
    `status`, `taken`, and the values the findings need."""
    places = 10**scheme.places
    c = pl.col
    comp = pl.when(c("rc") != "").then(c("rc")).otherwise(c("t_cmp").fill_null(""))
    rows = rows.with_columns(comp.alias("comp"))
    weight_ok = (c("w_kind") == "number") & c("w_cmp").is_null() & ~c("w_approx") & \
        ~c("w_wild") & (c("w_value") > 0) & (c("w_value") < WEIGHT_LIMIT)
    straight_shape = c("comp").is_in(STRAIGHT) & (c("t_kind") == "number") & ~c("t_approx") \
        & (c("a0_kind") == "number") & c("a0_cmp").is_null() & ~c("a0_approx")
    straight = straight_shape & ~c("t_wild") & ~c("a0_wild")
    readable = c("rc") != "!"
    qual = ~straight_shape & readable & ((c("comp") == "定性") | (
        (c("comp") == "") & (c("t_kind") == "text")))
    missing = ~straight_shape & readable & (c("a_kind") == "blank")
    text = ~straight_shape & readable & ~qual & c("a_kind").is_in(["text", "date"]) & \
        (c("t_kind") == "number") & ~c("t_dated")
    mode = (pl.when(straight).then(pl.lit("straight")).when(missing).then(pl.lit("missing"))
            .when(qual).then(pl.lit("qual")).when(text).then(pl.lit("text"))
            .otherwise(pl.lit("")))
    rows = rows.with_columns(mode.alias("mode"), weight_ok.alias("_wok"),
                             c("w_value").alias("W"), c("t_value").alias("T"),
                             c("a0_value").alias("A"))
    phrases = _distinct_map(rows.filter(c("mode") == "text"), ["actual"],
                            lambda a: match_phrase(a, scheme.quantitative_phrases, whole=True))
    tiers = _distinct_map(rows.filter(c("mode") == "qual").with_columns(
        c("target").fill_null(""), c("actual").fill_null("")), ["target", "actual"],
        lambda t, a: qualitative_tier(t, a, scheme) if a else None)
    rows = rows.join(phrases.rename({"_v": "verdict"}), on="actual", how="left",
                     nulls_equal=True)
    rows = rows.with_columns(c("target").fill_null("").alias("_tq"),
                             c("actual").fill_null("").alias("_aq"))
    rows = rows.join(tiers.rename({"_v": "tier", "target": "_tq", "actual": "_aq"}),
                     on=["_tq", "_aq"], how="left").drop("_tq", "_aq")
    rows = _straight_scores(rows, scheme, places)
    shares = scheme.qualitative.default_shares
    share = (pl.when(c("tier") == "achieved").then(scheme_int(shares.achieved))
             .when(c("tier") == "partial").then(scheme_int(shares.partial))
             .otherwise(scheme_int(shares.unmet)))
    W = c("W").cast(I128)
    full = half_up(W * places, pl.lit(SCALE))
    qual_score = half_up(W * share.cast(I128) * places, pl.lit(SCALE * SCALE * 100))
    score = (pl.when(c("mode") == "straight").then(c("_s"))
             .when((c("mode") == "qual") & c("tier").is_not_null()).then(qual_score)
             .when((c("mode") == "text") & (c("verdict") == "met")).then(full)
             .otherwise(pl.lit(0, I128)))
    rows = rows.with_columns(score.alias("score"))
    unparsed = ((c("mode") == "qual") & c("tier").is_null()) | (
        (c("mode") == "text") & c("verdict").is_null())
    by_score = (pl.when(c("score") * SCALE >= W * places).then(pl.lit("met"))
                .when(c("score") > 0).then(pl.lit("partial")).otherwise(pl.lit("unmet")))
    status = (pl.when(c("mode") == "missing").then(pl.lit("missing"))
              .when(unparsed).then(pl.lit("unparsed")).otherwise(by_score))
    taken = (c("mode") != "") & c("_wok") & ~c("_near") & ~c("r_wild") & \
        c("manual_score").is_null() & ~c("w_wild") & \
        ~c("t_wild") & ~c("a_wild") & ~c("a0_wild")
    return rows.with_columns(status.alias("status"), taken.fill_null(False).alias("taken"))


def _straight_scores(rows: pl.DataFrame, scheme: Scheme, places: int) -> pl.DataFrame:
    """F2–F4 on the straight rows: `_s` the rounded score, `_near` a quotient near a tie.
    Each comparator's branch picks its full/zero cases and the numerator and denominator
    of its quotient; one rounding and one tie test serve them all."""
    c = pl.col
    S = pl.lit(SCALE, I128)
    zero = pl.lit(0, I128)
    comp = c("comp")
    out = rows.with_columns(
        *(c(n).fill_null(0).cast(I128).alias(f"_{n}") for n in ("W", "A", "T")),
        (comp.is_in([">", "≥"]) | ((comp == "=") & (scheme.equal == "as_positive")))
        .alias("_ge"), comp.is_in(["<", "≤"]).alias("_le"),
        ((comp == "=") & (scheme.equal == "exact")).alias("_eqx"),
        ((comp == "=") & (scheme.equal == "as_positive")).alias("_eqz"))
    W, A, T = c("_W"), c("_A"), c("_T")
    ge, le, eq_exact = c("_ge"), c("_le"), c("_eqx")
    eq_zero_t = c("_eqz") & (T == 0)
    if scheme.reverse == "ratio":
        rev_num, rev_den, rev_zero = W * T * places, S * A, T <= 0
    else:
        rev_num, rev_den, rev_zero = W * (2 * T - A) * places, S * T, (T <= 0) | (A >= 2 * T)
    exact_num = W * (T - (A - T).abs()) * places
    full_when = (pl.when(eq_zero_t).then(A <= 0).when(ge).then((A >= T) | (T <= 0))
                 .when(le).then(A <= T).when(eq_exact).then(
                     (A == T) | ((T <= 0) & (A <= 0))).otherwise(False))
    divide = (pl.when(eq_zero_t).then(False).when(ge).then(~((A >= T) | (T <= 0) | (A <= 0)))
              .when(le).then(~((A <= T) | rev_zero))
              .when(eq_exact).then(~((A == T) | (T <= 0) | (exact_num <= 0)))
              .otherwise(False))
    num = pl.when(ge).then(W * A * places).when(le).then(rev_num).otherwise(exact_num)
    den = pl.when(le).then(rev_den).otherwise(S * T)
    # linear and exact divide before they multiply: a tie is not taken either
    exact_tie = le & pl.lit(scheme.reverse == "linear") | eq_exact
    straight = c("mode") == "straight"
    out = out.with_columns(full_when.fill_null(False).alias("_fw"),
                           (divide & straight).fill_null(False).alias("_div"),
                           pl.when(divide).then(num).alias("_num"),
                           pl.when(divide).then(den).alias("_den"))
    N, D = c("_num"), c("_den")
    # one division: q = half-up |N| ÷ D, r = (2|N| + D) mod 2D; |N| ÷ D lies r/2D (r < D)
    # or (2D - r)/2D (r ≥ D) from a tie, and on it when r = 0
    twice = 2 * N.abs() + D
    out = out.with_columns((twice // (2 * D)).alias("_q"), (twice % (2 * D)).alias("_r"))
    r = c("_r")
    dist = pl.when(r < D).then(r).otherwise(2 * D - r)
    score = (pl.when(~straight).then(zero).when(c("_fw")).then(half_up(W * places, S))
             .when(c("_div")).then(pl.when(N < 0).then(c("_q") * -1).otherwise(c("_q")))
             .otherwise(zero))
    near = c("_div") & (((dist > 0) & (dist < (2 * D + 10**18 - 1) // 10**18))
                        | (exact_tie & (r == 0)))
    too_low = straight & (T > 0) & (
        (ge & (comp != "=") & _limit(scheme.target_too_low.positive, A, T, True))
        | (le & _limit(scheme.target_too_low.reverse, A, T, False)))
    out = out.with_columns(score.alias("_s"), near.fill_null(False).alias("_near0"),
                           too_low.fill_null(False).alias("too_low"))
    out = out.with_columns(_ratios(out)).with_columns(
        (c("_near0") | c("_near1")).alias("_near"))
    return out.drop("_W", "_A", "_T", "_ge", "_le", "_eqx", "_eqz", "_fw", "_div", "_num",
                    "_den", "_q", "_r")


def _ratios(out: pl.DataFrame) -> list[pl.Series]:
    """`_ratio` (a ÷ t in ‰, half up) and `_near1` (that quotient near a tie) on the rows
    `too_low` (a few), 0 and False elsewhere: worked out on those rows alone."""
    c = pl.col
    low = out.select(pl.arg_where(c("too_low"))).to_series()
    ratio = pl.zeros(out.height, I128, eager=True).alias("_ratio")
    near = pl.repeat(False, out.height, dtype=pl.Boolean, eager=True).alias("_near1")
    if low.len():
        A, T = c("_A"), c("_T")
        ratio_num, per = A * 1000 * SCALE, T * SCALE  # T > 0 on these rows
        sub = out[low].select(half_up(ratio_num, per).alias("q"),
                              near_tie(ratio_num, per).alias("n"))
        ratio = ratio.scatter(low, sub.get_column("q"))
        near = near.scatter(low, sub.get_column("n"))
    return [ratio, near]


def _limit(limit: Decimal | None, A: pl.Expr, T: pl.Expr, above: bool) -> pl.Expr:
    if limit is None:
        return pl.lit(False)
    L = pl.lit(scheme_int(limit), I128)
    test: pl.Expr = (A * 100 * SCALE >= T * L) if above else (A * 100 * SCALE <= T * L)
    return test


def unit_flags(rows: pl.DataFrame) -> pl.DataFrame:
    """`unit_case` 1–3 of `row_kinds.check_units` on the straight rows (0: none): a
    fraction on a % row, two units, an actual not converted to the target's 万/亿."""
    c = pl.col
    raw = data_file("cells.yaml")
    words = [str(w) for w in raw["magnitudes"]]
    ratio = scheme_int(Decimal(str(raw["magnitude_ratio"])))
    units = rows.select(pl.concat([c("t_unit"), c("a0_unit")]).unique()).to_series().to_list()
    norm = {u: normalize(u) for u in units if u is not None}
    A, T = c("A").cast(I128), c("T").cast(I128)
    percent = c("t_pct") | c("unit").fill_null("").str.contains("%", literal=True)
    case1 = percent & (T > SCALE) & (A > 0) & (A <= SCALE) & ~c("a0_pct")
    if all(n == u for u, n in norm.items()):  # the usual: each unit is its own normal form
        nt, na = c("t_unit"), c("a0_unit")
    else:
        nt = c("t_unit").replace_strict(norm, default="", return_dtype=pl.String)
        na = c("a0_unit").replace_strict(norm, default="", return_dtype=pl.String)
    case2 = (c("t_unit") != "") & (c("a0_unit") != "") & (nt != na)
    # whether a unit holds a magnitude word: each distinct unit looked at once
    given = rows.select(c("unit").drop_nulls().unique()).to_series().to_list()
    big = pl.Series([u for u in {*units, *given} if u is not None
                     and any(w in u for w in words)], dtype=pl.String).implode()
    has = [u.is_in(big) for u in (c("a0_unit"), c("t_unit"),
                                  c("unit").fill_null(""))]
    case3 = (T > 0) & (A * SCALE >= T * ratio) & ~has[0] & (has[1] | has[2])
    case = (pl.when(c("mode") != "straight").then(0).when(case1).then(1).when(case2).then(2)
            .when(case3).then(3).otherwise(0))
    return rows.with_columns(case.fill_null(0).alias("unit_case"))


def fmt6(name: str) -> pl.Expr:
    """A column of values × 10^6 printed as `fmt` prints them."""
    return fmt_scaled(pl.col(name), 6)
