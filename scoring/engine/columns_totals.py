"""Score (columns): row findings, budget execution (F1), totals (F8), grades (F12).

`unit-suspect`, `target-possibly-too-low` and `reason-missing` on the straight
rows, `missing-actual`, `text-actual` and `unparsed-cell` on the others, each
placed where the row engine places it (the 完成值 cell of the row, its 三级指标
cell when the table has no 完成值 column).

Per project, from the rows `rowscore.py` scored: the budget row's score and
findings (`budget-overspent`, `budget-reason-missing`, `budget-underspent`),
the total as the sum of the rounded scores, `max_total`, the grade by the
scheme's half-open bands, `weights-do-not-sum` and
`completion-exceeds-execution`, exactly as `engine.py` works them out; and
whether the core takes the project at all (`taken`).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from ..model.result import BUDGET_ROW, TOTAL_ROW
from ..model.scheme import Scheme
from .columns_cells import SCALE, cells_of, distinct, near_tie, scheme_int
from .columns_format import (
    BUDGET_WORDS,
    FOUND_SCHEMA,
    I128,
    IN_MEMORY,
    filled,
    findings,
    fmt_scaled,
    half_up,
    percent_of,
    text_of,
)
from .columns_rows import WEIGHT_LIMIT, fmt6
from .formulas import FIELDS, KINDS

FLOAT_LIMIT = 1e36  # products of the completion test beyond this are not taken


_PLAIN_CELL = {"value": pl.col("value"), "plain": (pl.col("kind") == "number")
               & pl.col("cmp").is_null() & ~pl.col("approx") & ~pl.col("wild")}
"""What a budget row needs of a figure's reading (`plain`: a bare number)."""


def score_budgets(budget: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """The budget rows (at most one per project is taken): `BW` weight, `E`, `B`,
    `bscore` (× 10^places) and `btaken`."""
    c = pl.col
    places = 10**scheme.places

    def cells(name: str, prefix: str, fields: dict[str, pl.Expr] = _PLAIN_CELL,
              ) -> list[pl.Series]:
        return cells_of(distinct(budget.get_column(name)), prefix, None, fields)

    out = budget.with_columns(
        *cells("target", "b_"), *cells("actual", "e_"), *cells("initial", "i_"),
        *cells("weight", "bw_"), *cells("reported_score", "br_", {"wild": c("wild")}))
    W, E, B = c("bw_value").cast(I128), c("e_value").cast(I128), c("b_value").cast(I128)
    ok = c("b_plain") & c("e_plain") & c("bw_plain") & (c("b_value") > 0) & \
        (c("e_value") >= 0) & (c("bw_value") >= 0) & (c("bw_value") < WEIGHT_LIMIT) & \
        (c("initial").is_null() | (c("i_plain") & (c("i_value") >= 0))) & ~c("br_wild")
    score = pl.when(E < B).then(half_up(W * E * places, B * SCALE)).otherwise(
        half_up(W * places, pl.lit(SCALE, I128)))
    near = ((E < B) & near_tie(W * E * places, B * SCALE)) | near_tie(E * 10_000, B)
    return out.lazy().with_columns(  # a plan: its products and quotients worked out once
        W.alias("BW"), E.alias("E"), B.alias("B"), score.alias("bscore"),
        (ok & ~near.fill_null(True)).fill_null(False).alias("btaken")
    ).collect(engine=IN_MEMORY)


def budget_findings(budget: pl.DataFrame, scheme: Scheme, level1_col: int) -> pl.LazyFrame:
    """`budget-overspent`, `budget-reason-missing`, `budget-underspent` at the budget
    row's 一级指标 cell."""
    c = pl.col
    E, B = c("E"), c("B")
    policy = scheme.budget
    line, col = c("line"), pl.lit(level1_col, pl.Int64)
    rate = percent_of(E, B)
    parts = []
    if policy.overspent_finding:
        parts.append(findings(budget, E > B, "budget-overspent", "budget", line, col,
                              BUDGET_ROW, executed=fmt_scaled(E, 6), adjusted=fmt_scaled(B, 6),
                              rate=rate))
    if policy.reason_below is not None:
        below = scheme_int(policy.reason_below)
        parts.append(findings(
            budget, (E * 100 * SCALE < B * below) & c("reason").is_null(),
            "budget-reason-missing", "budget", line, col, BUDGET_ROW, rate=rate,
            threshold=text_of(policy.reason_below)))
    if policy.underspent_above is not None:
        under = scheme_int(policy.underspent_above)
        unspent = filled(BUDGET_WORDS["unspent"], amount=fmt_scaled(B - E, 6),
                         share=percent_of(B - E, B))
        parts.append(findings(
            budget, (B - E) * 100 * SCALE > B * under, "budget-underspent", "budget", line,
            col, BUDGET_ROW, unspent=unspent, adjusted=fmt_scaled(B, 6),
            threshold=text_of(policy.underspent_above)))
    return pl.concat(parts) if parts else pl.LazyFrame(schema=FOUND_SCHEMA)


def grade_expr(total: pl.Expr, scheme: Scheme) -> pl.Expr:
    """`scheme.grade_of` on a column of totals × 10^places."""
    places = 10**scheme.places
    t = total.cast(I128) * SCALE
    expr: pl.Expr = pl.when(t < 0).then(pl.lit(scheme.grades[-1].label)).otherwise(
        pl.lit(scheme.grades[0].label))
    for band in reversed(scheme.grades):  # the first band that holds the total wins
        cond = t >= scheme_int(band.min) * places
        if band.below is not None:
            cond = cond & (t < scheme_int(band.below) * places)
        expr = pl.when(cond).then(pl.lit(band.label)).otherwise(expr)
    return expr


def project_totals(projects: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """`projects` (sums per project, budget joined) with `total`, `max_total`, `grade`,
    the completion test, and `taken` narrowed by the completion test's bounds."""
    c = pl.col
    places = 10**scheme.places
    has_budget = c("BW").is_not_null()
    total = c("isum") + pl.when(has_budget).then(c("bscore")).otherwise(pl.lit(0, I128))
    max_total = c("wsum") + pl.when(has_budget).then(c("BW")).otherwise(pl.lit(0, I128))
    out = projects.lazy().with_columns(total.alias("total"), max_total.alias("max_total"))
    out = out.with_columns(grade_expr(c("total"), scheme).alias("grade"))
    gap = scheme.budget.completion_gap
    if gap is None:
        return out.with_columns(pl.lit(False).alias("completion")).collect(engine=IN_MEMORY)
    G = scheme_int(gap)
    lhs = c("isum") * SCALE * c("B") * 100 * SCALE
    rhs = c("E") * (100 * SCALE + G) * places * c("wsum")
    size = pl.max_horizontal(
        (c("isum").cast(pl.Float64) * c("B").cast(pl.Float64) * 1e14).abs(),
        (c("E").cast(pl.Float64) * (100 * SCALE + G) * places * c("wsum").cast(pl.Float64)))
    fits = size < FLOAT_LIMIT
    test = has_budget & (c("wsum") > 0)
    completion = test & fits & (lhs > rhs)
    unsure = test & (~fits | (lhs == rhs) | near_tie(c("isum") * SCALE * 10_000,
                                                       places * c("wsum")))
    return out.with_columns(completion.fill_null(False).alias("completion"),
                            (c("taken") & ~unsure.fill_null(False)).alias("taken")
                            ).collect(engine=IN_MEMORY)  # one plan: its products once


def project_findings(projects: pl.DataFrame, scheme: Scheme) -> pl.LazyFrame:
    """`weights-do-not-sum` and `completion-exceeds-execution` at the project's first row."""
    c = pl.col
    places = 10**scheme.places
    line, col = c("first_line"), pl.lit(0, pl.Int64)
    scheme_budget = pl.when(c("BW").is_not_null()).then(scheme_int(scheme.budget_weight)) \
        .otherwise(0)
    expected = scheme_int(scheme.total) - scheme_budget
    weights = findings(
        projects, c("wsum") != expected, "weights-do-not-sum", "weights", line, col, TOTAL_ROW,
        sum=fmt_scaled(c("wsum"), 6), expected=fmt_scaled(expected, 6),
        total=text_of(scheme.total), budget_weight=fmt_scaled(scheme_budget, 6))
    gap = scheme.budget.completion_gap or Decimal(0)
    completion = findings(
        projects, c("completion"), "completion-exceeds-execution", "completion", line, col,
        TOTAL_ROW, completion=percent_of(c("isum") * SCALE, places * c("wsum")),
        rate=percent_of(c("E"), c("B")), gap=text_of(gap))
    return pl.concat([weights, completion])


def row_findings(rows: pl.DataFrame, places: int, fields: dict[str, int]) -> pl.LazyFrame:
    """The findings of the scored indicator rows, by code (`sort_findings` puts them in
    the engine's order: no row gives a code twice)."""
    c = pl.col
    col = pl.lit(fields.get("actual", fields["name"]), pl.Int64)
    line, name = c("line"), c("name")
    unit = c("unit").fill_null("")
    units = KINDS["units"]  # the details `row_kinds.check_units` writes
    detail1 = filled(units["fraction"], t=fmt6("T"), a=fmt6("A"))
    detail2 = filled(units["differ"], target=c("t_unit"), actual=c("a0_unit"))
    detail3 = filled(units["unconverted"], a=fmt6("A"), target=c("target") + pl.when(
        c("t_unit") != "").then(pl.lit("")).otherwise(unit))
    detail = (pl.when(c("unit_case") == 1).then(detail1).when(c("unit_case") == 2)
              .then(detail2).otherwise(detail3))
    status = c("status")  # compared with each (cheaper than a set's hashes)
    # points lost: a status by score, not met (met: score × 10^6 ≥ W × 10^places, the
    # rows' `score_rows`; a taken row has both numbers)
    lost = ((status == "partial") | (status == "unmet")) & c("reason").is_null()
    parts = [
        findings(rows, c("unit_case") > 0, "unit-suspect", "row", line, col, name,
                 name=name, detail=detail),
        findings(rows, c("too_low"), "target-possibly-too-low", "row", line, col, name,
                 by=("A", "T", "_ratio"), name=name, actual=fmt6("A"), target=fmt6("T"),
                 ratio=fmt_scaled(c("_ratio"), 1) + pl.lit("%")),
        findings(rows, c("mode") == "missing", "missing-actual", "row", line, col, name,
                 name=name),
        findings(rows, (c("mode") == "text") & c("verdict").is_not_null(), "text-actual",
                 "row", line, col, name, name=name, actual=c("actual"),
                 verdict=pl.when(c("verdict") == "met").then(pl.lit(KINDS["verdict"]["met"]))
                 .otherwise(pl.lit(KINDS["verdict"]["unmet"]))),
        findings(rows, c("status") == "unparsed", "unparsed-cell", "row", line, col, name,
                 name=name, field=FIELDS["actual"], text=c("actual")),
        findings(rows, lost, "reason-missing", "row", line, col, name, name=name,
                 # printed once per distinct pair (reason-missing: most rows)
                 by=("score", "W"), score=fmt_scaled(c("score"), places),
                 weight=fmt6("W")),
    ]
    return pl.concat(parts)
