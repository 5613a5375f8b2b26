"""Score (columns): what each project published, and its budget figures, as columns.

Beside a project's total and grade, the batch's summary (`scoring batch`,
`batch/columnar.py`) shows what the table printed and the budget execution:
`reported_total` (the first 得分 of the project's 合计 rows), `reported_grade`
(the first 完成值, else 得分, of its 等级 rows, else its 等级 column), read as
the importer reads them (`load/flat.py`, `ProjectRows._reported`), and the
budget's `budget_adjusted`, `budget_executed`, `execution_rate` (rounded half up
to 4 places) and `budget_score`, printed as `decimals.fmt` prints them. The row
engine's projects get the same columns from their `Result`
(`columns_fallback.py`).
"""

from __future__ import annotations

import polars as pl

from .columns_format import fmt_scaled, half_up

PUBLISHED = ("reported_total", "reported_grade")
BUDGET = ("budget_adjusted", "budget_executed", "execution_rate", "budget_score")
RATE_PLACES = 4  # the execution rate as the summary prints it


def published(grouped: pl.DataFrame, meta: pl.DataFrame) -> pl.DataFrame:
    """Per project (`pid`): its `reported_total` and `reported_grade` (null when the
    table printed none)."""
    c = pl.col
    rows = grouped.sort("line")
    total = rows.filter(c("kind") == "total").group_by("pid").agg(
        c("reported_score").drop_nulls().first().alias("reported_total"))
    given = pl.coalesce(c("actual"), c("reported_score"))
    grade = rows.filter(c("kind") == "grade").group_by("pid").agg(
        given.drop_nulls().first().alias("_grade"))
    out = meta.select("pid", c("grade").alias("_column")) \
        .join(total, on="pid", how="left").join(grade, on="pid", how="left")
    return out.select("pid", "reported_total",
                      pl.coalesce(c("_grade"), c("_column")).alias("reported_grade"))


def budget_columns(places: int) -> list[pl.Expr]:
    """The budget figures of a project the core took (`E`, `B`, `bscore` scaled; null
    without a budget row, `_nb`)."""
    c = pl.col
    has = c("_nb").is_not_null()
    rate = half_up(c("E").cast(pl.Int128) * 10**RATE_PLACES, c("B"))
    return [pl.when(has).then(expr).otherwise(None).alias(name) for name, expr in (
        ("budget_adjusted", fmt_scaled(c("B"), 6)),
        ("budget_executed", fmt_scaled(c("E"), 6)),
        ("execution_rate", fmt_scaled(rate, RATE_PLACES)),
        ("budget_score", fmt_scaled(c("bscore"), places)))]
