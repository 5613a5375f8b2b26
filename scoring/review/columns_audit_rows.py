"""Audit (columns): the findings about published 得分 cells of indicator rows, as columns.

`check_row_scores` of `checks.py` for the rows `columns_audit.py` asked about,
each message rendered from the catalogue with column expressions
(`columns_format.message`), numbers printed as the audit prints them: the
rule's score with the scheme's decimals (`fmt_places`), the weight as `fmt`,
the expected score with the published decimals (`plain`), the rule's
derivation as the row engine writes it (`columns_explain.explain_rows`). A row
whose derivation the integers cannot settle (`explain_ok` false) leaves its
project to the row engine. A 定性 row's published score inside its weight is
judged by its tier's band (`row_kinds.outside_band`): those few are made by
`columns_audit_make.py`.
"""

from __future__ import annotations

import polars as pl

from ..engine.columns_explain import explain_rows
from ..engine.columns_format import FINDING_SCHEMA, I128, findings, fixed_scaled, fmt_scaled
from ..model.scheme import Scheme

Made = tuple[pl.DataFrame, pl.Series]
"""The findings made (`FINDING_SCHEMA`) and the projects left to the row engine."""


def _plain(value: pl.Expr, places: pl.Expr, present: list[int]) -> pl.Expr:
    """`decimals.plain` of `value` × 10^-places: exactly `places` decimals, per row."""
    out: pl.Expr = pl.lit(None, pl.String)
    for p in present:
        out = pl.when(places == p).then(fixed_scaled(value, p)).otherwise(out)
    return out


def _target() -> pl.Expr:
    """`checks.target_text`: the target as a reader says it (`≤30万元`)."""
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
        return pl.DataFrame(schema=FINDING_SCHEMA), pl.Series("pid", [], pl.Int64)
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
                 field="得分", published=c("_pt")),
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
