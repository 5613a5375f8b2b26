"""Score (columns): the indicator rows of a flat table, F2–F6 and F10 as integer columns.

The rows `score_row` (`rows.py`) scores by a formula without any choice left
to a person: a number against a number target under ≥ > ≤ < = (the straight
path, F2–F4: `columns_straight.py`), a blank actual (F10: `missing`), a phrase
against a number target (`text-actual`), a 定性 row (F6, the scheme's default
share). Each
score is an exact integer (scaled by 10^places) rounded half up from an exact
quotient in Int128; a quotient within 10^-18 of a rounding tie, where the
engine's 34-digit decimals might round the other way, is not taken. A row of
any other kind, or with a number that does not fit, is `taken = False`: its
project goes to the row engine (`run.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import polars as pl

from ..model.scheme import Scheme
from ..read.cells import Comparator, normalize, read_comparator
from ..read.packaged import data_file
from ..read.phrases import match_phrase
from .columns_cells import SCALE, cells_of, distinct
from .columns_cells import near_tie as near_tie  # imported from here by the audit
from .columns_cells import scheme_int as scheme_int  # (as is this)
from .columns_explain import explain_rows
from .columns_format import I128, fmt_scaled, half_up
from .columns_straight import straight_scores
from .row_kinds import qualitative_tier

WEIGHT_LIMIT = 10**5 * SCALE  # weights below 100 000: products stay within Int128
STRAIGHT = ("≥", ">", "≤", "<", "=")
QUALITATIVE = Comparator.QUALITATIVE.value  # a 定性 row's comparator, as the cells read it


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


_NUMBER = pl.col("kind") == "number"
TARGET = {"value": pl.col("value"), "cmp": pl.col("cmp"), "unit": pl.col("unit"),
          "pct": pl.col("pct"), "number": _NUMBER, "num": _NUMBER & ~pl.col("approx"),
          "text": pl.col("kind") == "text", "dated": pl.col("dated"), "wild": pl.col("wild")}
"""What a row needs of its target's reading (`num`: a number, not approximate)."""
ACTUAL0 = {"value": pl.col("value"), "unit": pl.col("unit"), "pct": pl.col("pct"),
           "num": _NUMBER & pl.col("cmp").is_null() & ~pl.col("approx"),
           "wild": pl.col("wild")}
"""… of its actual's reading without the year (`num`: a bare number)."""
ACTUAL = {"blank": pl.col("kind") == "blank",
          "text": (pl.col("kind") == "text") | (pl.col("kind") == "date"),
          "wild": pl.col("wild")}
"""… of its actual's reading with the year."""
WEIGHT = {"value": pl.col("value"), "ok": (
    _NUMBER & pl.col("cmp").is_null() & ~pl.col("approx") & ~pl.col("wild")
    & (pl.col("value") > 0) & (pl.col("value") < WEIGHT_LIMIT)).fill_null(False)}
"""… of its weight (`ok`: a bare number in (0, WEIGHT_LIMIT))."""


def read_rows(ind: pl.DataFrame) -> pl.DataFrame:
    """The indicator rows with their cells read (target `t_`, actual without the year
    `a0_` and with it `a_`, weight `w_`, reported score `r_`: the fields of `TARGET` …)
    and the comparator as read (`rc`). Each column's distinct texts are read once, the
    actual's once for both readings (the year changes only a date without its own year),
    and each row gets its text's reading by number (`columns_cells.cells_of`)."""
    years = ind.get_column("year_int")
    actual = distinct(ind.get_column("actual"))
    return ind.with_columns(
        _comparators(ind).alias("rc"),
        *cells_of(distinct(ind.get_column("target")), "t_", years, TARGET),
        *cells_of(actual, "a0_", None, ACTUAL0), *cells_of(actual, "a_", years, ACTUAL),
        *cells_of(distinct(ind.get_column("weight")), "w_", None, WEIGHT),
        *cells_of(distinct(ind.get_column("reported_score")), "r_", None,
                  {"wild": pl.col("wild")}))


def _per_distinct(rows: pl.DataFrame, where: pl.Expr, texts: list[str],
                  func: object) -> pl.Series:
    """`func(*texts)` once per distinct `texts` of the rows `where` holds (null on the
    others): worked out on those rows' texts alone, no join of the whole frame."""
    at = rows.select(pl.arg_where(where)).to_series()
    part = rows.select(texts)[at]
    once = part.unique()
    values = [func(*row) for row in once.iter_rows()]  # type: ignore[operator]
    table = once.with_columns(pl.Series("_v", values, dtype=pl.String))
    got = part.join(table, on=part.columns, how="left", maintain_order="left",
                    nulls_equal=True).get_column("_v")
    return pl.repeat(None, rows.height, dtype=pl.String, eager=True).scatter(at, got)


def score_rows(rows: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """`rows` (read by `read_rows`) with `mode`, `W` (weight × 10^6), `score` (× 10^places),
    `status`, `taken`, and the values the findings need."""
    places = 10**scheme.places
    c = pl.col
    comp = pl.when(c("rc") != "").then(c("rc")).otherwise(c("t_cmp").fill_null(""))
    rows = rows.with_columns(comp.alias("comp"))
    shape = c("comp").is_in(STRAIGHT) & c("t_num") & c("a0_num")
    rows = rows.with_columns(shape.alias("_shape"))
    # the first that holds: a number against a number (the straight path), a blank
    # actual, a 定性 row, a phrase against a number target
    mode = (pl.when(c("_shape") & ~c("t_wild") & ~c("a0_wild")).then(pl.lit("straight"))
            .when(c("_shape") | (c("rc") == "!")).then(pl.lit(""))
            .when(c("a_blank")).then(pl.lit("missing"))
            .when((c("comp") == QUALITATIVE) | ((c("comp") == "") & c("t_text")))
            .then(pl.lit("qual"))
            .when(c("a_text") & c("t_number") & ~c("t_dated"))
            .then(pl.lit("text")).otherwise(pl.lit("")))
    rows = rows.with_columns(mode.alias("mode"), c("w_value").alias("W"),
                             c("t_value").alias("T"), c("a0_value").alias("A"))
    verdict = _per_distinct(rows, c("mode") == "text", ["actual"],
                            lambda a: match_phrase(a, scheme.quantitative_phrases, whole=True))
    tier = _per_distinct(rows, c("mode") == "qual", ["target", "actual"],
                         lambda t, a: qualitative_tier(t or "", a, scheme) if a else None)
    rows = rows.with_columns(verdict.alias("verdict"), tier.alias("tier"))
    rows = rows.with_columns(straight_scores(rows, scheme))
    shares = scheme.qualitative.default_shares
    mode = c("mode")
    # a 定性 row's share of its weight (F6), a phrase that says met: all of it (× 10^6 %)
    share = (pl.when((mode == "qual") & c("tier").is_not_null()).then(
        pl.when(c("tier") == "achieved").then(scheme_int(shares.achieved))
        .when(c("tier") == "partial").then(scheme_int(shares.partial))
        .otherwise(scheme_int(shares.unmet)))
        .when((mode == "text") & (c("verdict") == "met")).then(100 * SCALE).otherwise(0))
    W = c("W").cast(I128)
    shared = half_up(W * share.cast(I128) * places, pl.lit(SCALE * SCALE * 100, I128))
    score = pl.when(mode == "straight").then(c("_s")).otherwise(shared)
    rows = rows.with_columns(score.alias("score"))
    unparsed = ((mode == "qual") & c("tier").is_null()) | (
        (mode == "text") & c("verdict").is_null())
    by_score = (pl.when(c("score") * SCALE >= W * places).then(pl.lit("met"))
                .when(c("score") > 0).then(pl.lit("partial")).otherwise(pl.lit("unmet")))
    status = (pl.when(mode == "missing").then(pl.lit("missing"))
              .when(unparsed).then(pl.lit("unparsed")).otherwise(by_score))
    taken = (mode != "") & c("w_ok") & ~c("_near") & ~c("r_wild") & \
        c("manual_score").is_null() & ~c("t_wild") & ~c("a_wild") & ~c("a0_wild")
    return rows.with_columns(status.alias("status"), taken.fill_null(False).alias("taken"))


def row_sums(scored: pl.DataFrame) -> pl.DataFrame:
    """Per project of the scored rows: the sums of scores and weights, whether every row is
    taken, named, and named once, how many rows and whether one is scored."""
    c = pl.col
    work = scored.select("pid", "score", "W", "taken", "name", "status")
    return work.group_by("pid", maintain_order=True).agg(
        c("score").sum().alias("isum"), c("W").cast(I128).sum().alias("wsum"),
        c("taken").all().alias("_rows_ok"), c("name").is_null().any().alias("_nameless"),
        # a name given twice (the names compared: quicker than their hashes, and exact)
        (c("name").n_unique() < pl.len()).alias("_twice"), pl.len().alias("_n"),
        ((c("status") != "missing") & (c("status") != "unparsed")).any().alias("_scored"))


def unit_flags(rows: pl.DataFrame) -> pl.DataFrame:
    """`unit_case` 1–3 of `row_kinds.check_units` on the straight rows (0: none): a
    fraction on a % row, two units, an actual not converted to the target's 万/亿. Each
    distinct unit looked at once, the columns tested by membership."""
    c = pl.col
    raw = data_file("cells.yaml")
    words = [str(w) for w in raw["magnitudes"]]
    ratio = scheme_int(Decimal(str(raw["magnitude_ratio"])))
    units = {u for name in ("t_unit", "a0_unit", "unit")
             for u in rows.get_column(name).unique().to_list() if u is not None}

    def having(test: Callable[[str], bool]) -> pl.Expr:
        return pl.lit(pl.Series([u for u in units if test(u)], dtype=pl.String).implode())

    A, T = c("A").cast(I128), c("T").cast(I128)
    percent = c("t_pct") | c("unit").is_in(having(lambda u: "%" in u)).fill_null(False)
    case1 = percent & (T > SCALE) & (A > 0) & (A <= SCALE) & ~c("a0_pct")
    norm = {u: normalize(u) for u in units}
    if all(n == u for u, n in norm.items()):  # the usual: each unit is its own normal form
        nt, na = c("t_unit"), c("a0_unit")
    else:
        nt = c("t_unit").replace_strict(norm, default="", return_dtype=pl.String)
        na = c("a0_unit").replace_strict(norm, default="", return_dtype=pl.String)
    case2 = (c("t_unit") != "") & (c("a0_unit") != "") & (nt != na)
    big = having(lambda u: any(w in u for w in words))
    has = [c(name).is_in(big).fill_null(False) for name in ("a0_unit", "t_unit", "unit")]
    case3 = (T > 0) & (A * SCALE >= T * ratio) & ~has[0] & (has[1] | has[2])
    case = (pl.when(c("mode") != "straight").then(0).when(case1).then(1).when(case2).then(2)
            .when(case3).then(3).otherwise(0))
    return rows.with_columns(case.fill_null(0).alias("unit_case"))


def fmt6(name: str) -> pl.Expr:
    """A column of values × 10^6 printed as `fmt` prints them."""
    return fmt_scaled(pl.col(name), 6)


INPUTS = ("comparator", "target", "actual", "weight", "reported_score", "unit", "year_int")
"""The cells a row's reading and score depend on (and whether it has a `manual_score`)."""
KEPT = ("t_cmp", "t_unit", "a0_unit", "comp", "mode", "W", "T", "A", "verdict", "tier",
        "too_low", "_ratio", "score", "status", "taken", "unit_case")
"""What the later steps read of a row's reading and score (the findings, derivations,
results and audit)."""


def score_indicators(ind: pl.DataFrame, scheme: Scheme, explain: bool = False) -> pl.DataFrame:
    """`ind` with `KEPT` of `unit_flags(score_rows(read_rows(ind), scheme))` (and with
    `explain`: `explain`, `explain_ok` and `taken` of `columns_explain.explain_rows`),
    worked out once per distinct row of `INPUTS` (a row's reading, score and derivation
    depend on those cells alone) and gathered back: a region repeats its cells, its
    distinct rows are a few. The rows are numbered by a hash of those cells, then each is
    compared with the row it was numbered after: on a collision of hashes (never seen)
    every row is scored."""
    keys = ind.select(_varying(ind))
    hashed = keys.hash_rows()
    first = hashed.arg_unique()
    if first.len() * 2 <= ind.height:  # else mostly distinct: nothing to gain
        at = hashed.replace_strict(hashed.gather(first), pl.int_range(
            first.len(), dtype=pl.UInt32, eager=True))
        if keys.equals(keys[first][at]):  # nulls equal
            return ind.hstack(_scored(ind.select(*INPUTS, "manual_score")[first], scheme,
                                      explain)[at])
    return ind.hstack(_scored(ind, scheme, explain))


def _varying(ind: pl.DataFrame) -> list[pl.Expr]:
    """The columns of `INPUTS` that may tell rows apart, and whether `manual_score` is
    given (`_manual`): not a column left blank on every row, nor one the same on every row
    (`year_int`, in a table of one year; `_manual`); at least one column."""
    c = pl.col
    out = [c(n) for n in INPUTS if ind.get_column(n).null_count() < ind.height]
    years = ind.get_column("year_int")
    if not years.null_count() and years.min() == years.max():
        out = [e for e in out if e.meta.output_name() != "year_int"]
    if 0 < ind.get_column("manual_score").null_count() < ind.height:
        out.append(c("manual_score").is_null().alias("_manual"))
    return out or [c(INPUTS[0])]


def _scored(rows: pl.DataFrame, scheme: Scheme, explain: bool) -> pl.DataFrame:
    scored = unit_flags(score_rows(read_rows(rows), scheme))
    if explain:
        return explain_rows(scored, scheme).select(*KEPT, "explain", "explain_ok")
    return scored.select(KEPT)
