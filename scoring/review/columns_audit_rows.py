"""Audit (columns): the findings about published 得分 cells of indicator rows, as columns.

`check_row_scores` of `row_checks.py` for the rows `columns_audit.py` asked about,
each message rendered from the catalogue with column expressions
(`columns_format.message`), numbers printed as the audit prints them: the
rule's score with the scheme's decimals (`fmt_places`), the weight as `fmt`,
the expected score with the published decimals (`plain`), the rule's
derivation as the row engine writes it (`columns_explain.explain_rows`). A row
whose derivation the integers cannot settle (`explain_ok` false) leaves its
project to the row engine. A 定性 row's published score inside its weight is
judged by its tier's band (`row_kinds.outside_band`, `band_findings`). The budget
row's published score (`check_budget_score`) is checked the same way
(`budget_findings`), its derivation written as `evaluate.budget_share` writes it;
the rare one whose unrounded score lies within 10^-18 of a tie or of a printed
digit is left to `columns_audit_make.py`, which computes it in decimals.
"""

from __future__ import annotations

import polars as pl

from ..engine.columns_cells import SCALE
from ..engine.columns_explain import explain_rows
from ..engine.columns_format import (
    BUDGET_WORDS,
    FOUND_SCHEMA,
    I128,
    filled,
    findings,
    fixed_scaled,
    fmt_scaled,
    half_up,
    percent_of,
)
from ..engine.columns_rows import near_tie, scheme_int
from ..engine.row_kinds import TIER_LABEL
from ..model.result import BUDGET_ROW
from ..model.scheme import Scheme
from .grades import audit_policy

SCORE: str = audit_policy()["fields"]["score"]  # the published score's cell, as named
Made = tuple[pl.LazyFrame, pl.Series]
"""The findings made (`FINDING_SCHEMA`) and the projects left to the row engine."""


def _plain(value: pl.Expr, places: pl.Expr, present: list[int]) -> pl.Expr:
    """`decimals.plain` of `value` × 10^-places: exactly `places` decimals, per row."""
    out: pl.Expr = pl.lit(None, pl.String)
    for p in present:
        out = pl.when(places == p).then(fixed_scaled(value, p)).otherwise(out)
    return out


def _target() -> pl.Expr:
    """`row_checks.target_text`: the target as a reader says it (`≤30万元`)."""
    c = pl.col
    shown = c("target").fill_null("")
    unit = c("unit").fill_null("")
    tail = pl.when((unit != "") & ~shown.str.ends_with(unit)).then(unit).otherwise(pl.lit(""))
    return pl.when(c("t_cmp").is_not_null()).then(shown).otherwise(
        pl.concat_str([c("comp").fill_null(""), shown, tail]))


def row_findings(rows: pl.DataFrame, scheme: Scheme, col: int) -> Made:
    """The findings about the published scores of `rows` (asked, not `_banded` inside the
    weight), and the projects whose derivation the columns cannot write."""
    c = pl.col
    places = scheme.places
    if rows.height == 0:
        return pl.LazyFrame(schema=FOUND_SCHEMA), pl.Series("pid", [], pl.Int64)
    differs = rows.filter(c("_differs"))
    written = explain_rows(differs, scheme) if differs.height else differs.with_columns(
        pl.lit(None, pl.String).alias("explain"), pl.lit(True).alias("explain_ok"))
    ok = c("explain_ok").fill_null(False) & c("explain").is_not_null()
    unsure = written.filter(~ok).get_column("pid").unique()
    written = written.filter(ok)
    line, at, name = c("line"), pl.lit(col, pl.Int64), c("name")
    W, pv = c("W").cast(I128), c("_pv").cast(I128)
    number = c("_pv").is_not_null()
    recomputed = fixed_scaled(c("score"), places)
    pp = [int(p) for p in written.get_column("_pp").unique().to_list()]
    expected = _plain(c("_expected"), c("_pp"), pp)
    blank = c("mode") == "missing"
    phrase = (c("mode") == "text") | ((c("mode") == "qual") & ~c("_banded"))
    full = number & (pv >= W)
    parts = [
        findings(rows, ~number, "reported-cell-unreadable", "row", line, at, name, name=name,
                 field=SCORE, published=c("_pt")),
        findings(rows, number & (pv > W), "reported-score-exceeds-weight", "row", line, at,
                 name, name=name, published=c("_pt"), weight=fmt_scaled(W, 6),
                 recomputed=recomputed),
        findings(written, pl.lit(True), "reported-score-differs", "row", line, at, name,
                 name=name, published=c("_pt"), recomputed=recomputed, expected=expected,
                 explain=c("explain")),
        findings(rows, full & blank, "full-score-without-actual", "row", line, at, name,
                 name=name, published=c("_pt"), weight=fmt_scaled(W, 6),
                 recomputed=fixed_scaled(pl.lit(0, I128), places)),
        findings(rows, full & phrase, "full-score-on-text-actual", "row", line, at, name,
                 name=name, published=c("_pt"), actual=c("actual").fill_null(""),
                 target=_target(), recomputed=recomputed),
    ]
    return pl.concat(parts), unsure


def inside_band(pv: pl.Expr, W: pl.Expr, scheme: Scheme) -> pl.Expr:
    """A published score inside its tier's band (F6, `row_kinds.outside_band`)."""
    bands = scheme.qualitative.bands
    pct = pv * 100 * SCALE  # against W × the band's percentages (× 10^6)
    achieved, partial = W * scheme_int(bands.achieved), W * scheme_int(bands.partial)
    tier = pl.col("tier")
    return (pl.when(tier == "achieved").then((pct >= achieved) & (pct <= W * 100 * SCALE))
            .when(tier == "partial").then((pct >= partial) & (pct < achieved))
            .otherwise((pct >= 0) & (pct < partial)))


def band_findings(rows: pl.DataFrame, scheme: Scheme, col: int) -> pl.LazyFrame:
    """`qualitative-score-outside-band` of the 定性 rows whose published score (inside the
    weight) lies outside their tier's band: `[w × lo%, w × hi%]` (达成) or `[…)`."""
    c = pl.col
    W, pv = c("W").cast(I128), c("_pv").cast(I128)
    bands = scheme.qualitative.bands
    achieved, partial = scheme_int(bands.achieved), scheme_int(bands.partial)
    tier = c("tier")
    lo = pl.when(tier == "achieved").then(achieved).when(tier == "partial").then(partial) \
        .otherwise(0).cast(I128)
    hi = pl.when(tier == "achieved").then(100 * SCALE).when(tier == "partial") \
        .then(achieved).otherwise(partial).cast(I128)
    close = pl.when(tier == "achieved").then(pl.lit("]")).otherwise(pl.lit(")"))
    band = pl.concat_str([pl.lit("["), fmt_scaled(W * lo, 14), pl.lit(", "),  # w × lo ÷ 100
                          fmt_scaled(W * hi, 14), close])
    return findings(rows, ~inside_band(pv, W, scheme), "qualitative-score-outside-band", "row",
                    c("line"), pl.lit(col, pl.Int64), c("name"), name=c("name"),
                    tier=tier.replace_strict(TIER_LABEL, return_dtype=pl.String), band=band,
                    score=fmt_scaled(pv, 6))


def budget_findings(budget: pl.DataFrame, scheme: Scheme, col: int,
                    ) -> tuple[pl.LazyFrame, pl.DataFrame]:
    """The findings about the budget rows' published scores (`check_budget_score`, F1's
    derivation as `budget_share` writes it), and the rows left to decimals: an unrounded
    score W × E ÷ B within 10^-18 (of 10^-6) of a tie or of a 6th decimal, where the
    engine's 34 digits might print it otherwise."""
    c = pl.col
    W, E, B = c("BW").cast(I128), c("E").cast(I128), c("B").cast(I128)
    below = E < B
    rest = (c("_pv").is_not_null() & below & (  # or a rate within 10^-18 of 100%
        near_tie(W * E, B) | _near_digit(W * E, B) | _near_digit(E, B))).fill_null(True)
    rows, left = budget.filter(~rest), budget.filter(rest)
    places = scheme.places
    pv = c("_pv").cast(I128)
    recomputed = fixed_scaled(c("bscore"), places)
    product = W * E  # W × E ÷ B (× 10^6): exact when B divides it
    raw = pl.when(below & (product % B != 0)).then(
        pl.lit("≈ ") + fmt_scaled(half_up(product, B), 6)).otherwise(
        pl.lit("= ") + fmt_scaled(pl.when(below).then(product // B).otherwise(W), 6))
    capped = pl.when(below).then(percent_of(E, B)).otherwise(pl.lit("100.00%"))
    how = pl.concat_str([fmt_scaled(E, 6), pl.lit(" ÷ "), fmt_scaled(B, 6), pl.lit(" = "),
                         percent_of(E, B)])  # as `budget_share` writes it
    explain = filled(BUDGET_WORDS["share"], how=how, w=fmt_scaled(W, 6), capped=capped, q=raw,
                     score=recomputed)
    pp = [int(p) for p in rows.get_column("_pp").drop_nulls().unique().to_list()]
    line, at, number = c("line"), pl.lit(col, pl.Int64), c("_pv").is_not_null()
    parts = [
        findings(rows, ~number, "reported-cell-unreadable", "row", line, at, BUDGET_ROW,
                 name=BUDGET_ROW, field=SCORE, published=c("_pt")),
        findings(rows, number & (pv > W), "reported-score-exceeds-weight", "row", line, at,
                 BUDGET_ROW, name=BUDGET_ROW, published=c("_pt"), weight=fmt_scaled(W, 6),
                 recomputed=recomputed),
        findings(rows, number & (pv <= W) & c("_differs"), "reported-score-differs", "row",
                 line, at, BUDGET_ROW, name=BUDGET_ROW, published=c("_pt"),
                 recomputed=recomputed, expected=_plain(c("_expected"), c("_pp"), pp),
                 explain=explain),
    ]
    return pl.concat(parts), left


def _near_digit(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Whether num ÷ den (≥ 0) lies within den·10^-18 of a whole number, not on it."""
    rem = num % den
    width = (den + 10**18 - 1) // 10**18
    return (rem > 0) & ((rem < width) | (den - rem < width))
