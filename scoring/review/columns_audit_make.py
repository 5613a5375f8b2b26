"""Audit (columns): the findings about the published cells the columns picked out.

`columns_audit.py` decides on columns which published cells to question; here
each of them becomes its `Finding` through the audit's own functions
(`row_checks.score_findings`, `row_checks.full_score_findings`, `checks.check_total`'s
arithmetic, `grade_of`, `same_grade`), with the rule's
unrounded score and derivation worked out as the row engine works them
(`row_kinds.compare`, `evaluate.budget_share`), in the engine's decimal context.
Each finding is kept with its project, line and 0-based column (`Made`), placed
where the checks place it: a row's 得分 cell, the budget row's, the 合计 row's,
the cell the grade was read from.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, localcontext
from typing import Any

import polars as pl

from ..decimals import ENGINE_CONTEXT, ZERO, fmt, round_half_up
from ..engine.evaluate import budget_share
from ..model.findings import Finding, finding
from ..model.result import BUDGET_ROW, TOTAL_ROW
from ..model.scheme import Scheme, grade_of
from ..read.cells import cell_of
from .context import Published
from .grades import audit_policy, same_grade
from .row_checks import score_findings

Made = tuple[int, int, int, Finding]
"""A finding with its project (`pid`), line and 0-based column."""


def _dec(value: int | None, digits: int = 6) -> Decimal | None:
    return None if value is None else Decimal(value).scaleb(-digits)


def _published(r: dict[str, Any]) -> Published:
    return Published(r["_pt"], _dec(r["_pv"]), r["_pp"], None)


def budget_found(budget: pl.DataFrame, scheme: Scheme, col: int) -> Iterator[Made]:
    """The published budget-execution score against F1 (`check_budget_score`)."""
    with localcontext(ENGINE_CONTEXT):
        for r in budget.iter_rows(named=True):
            w, executed, adjusted = _dec(r["BW"]), _dec(r["E"]), _dec(r["B"])
            assert w is not None
            share = budget_share(w, executed, adjusted, None, scheme.places)
            assert share is not None  # the core takes a budget row with both figures
            _, raw, score, explain = share
            for f in score_findings(BUDGET_ROW, _published(r), w, raw, score, explain,
                                    scheme.places):
                yield r["pid"], r["line"], col, f


def total_found(sums: pl.DataFrame, marks: pl.DataFrame, scheme: Scheme,
                fields: dict[str, int]) -> Iterator[Made]:
    """The published 合计 against the published scores (`check_total`) and the published
    grade against the published total (`check_grade`), for each project with a 合计 row."""
    col = fields["reported_score"]
    totals = marks.filter(pl.col("kind") == "total").sort("line").group_by(
        "pid", maintain_order=True).agg(
        pl.col("line").first().alias("_first"),
        pl.col("line").filter(pl.col("reported_score").is_not_null()).first().alias("_line"),
        pl.col("reported_score").drop_nulls().first().alias("_text"))
    grades = _grades(marks, fields)
    work = totals.join(sums, on="pid", how="left").join(grades, on="pid", how="left")
    with localcontext(ENGINE_CONTEXT):
        for r in work.iter_rows(named=True):
            yield from _total(r, scheme, col)


def _total(r: dict[str, Any], scheme: Scheme, col: int) -> Iterator[Made]:
    from .context import read_published

    pid, line = r["pid"], r["_line"] if r["_line"] is not None else r["_first"]
    t = read_published(cell_of(r["_text"]), None) if r["_text"] is not None else None
    budget = _dec(r["_bv"])
    numbers = r["_numbers"] or 0
    if numbers or budget is not None:
        indicators = _dec(r["_sum"]) or ZERO
        added = indicators + (budget or ZERO)
        if t is None:
            yield pid, line, col, finding("reported-total-missing", TOTAL_ROW,
                                          recomputed=fmt(added))
            return
        if t.value is None:
            yield pid, line, col, finding("reported-cell-unreadable", TOTAL_ROW,
                                          field=audit_policy()["fields"]["total"],
                                          published=t.text)
            return
        how = fmt(indicators) if budget is None else f"{fmt(budget)} + {fmt(indicators)}"
        if numbers == r["_rows"] and t.value != round_half_up(added, t.places):
            shown = round_half_up(added, max(t.places, scheme.places))
            yield pid, line, col, finding("reported-total-mismatch", TOTAL_ROW,
                                          published=t.text, recomputed=fmt(shown), sum=how)
    grade = r["_grade"]
    if t is None or t.value is None or not (grade or "").strip():
        return
    expected = grade_of(scheme, t.value)
    if not same_grade(grade, expected):
        yield pid, r["_gline"], r["_gcol"], finding(
            "reported-grade-mismatch", TOTAL_ROW, published=grade, total=t.text,
            scheme=scheme.id, recomputed=expected)


def _grades(marks: pl.DataFrame, fields: dict[str, int]) -> pl.DataFrame:
    """Per project: the published grade and the cell it was read from (a 等级 row's 完成值,
    else its 得分; else the first 评价等级 cell of the project's rows)."""
    c = pl.col
    actual, score = fields.get("actual"), fields["reported_score"]
    rows = marks.filter(c("kind") == "grade").sort("line").with_columns(
        pl.when(c("actual").is_not_null()).then(c("actual")).otherwise(c("reported_score"))
        .alias("_g"), pl.when(c("actual").is_not_null()).then(pl.lit(actual, pl.Int64))
        .otherwise(pl.lit(score, pl.Int64)).alias("_gc"))
    by_row = rows.filter(c("_g").is_not_null()).group_by("pid", maintain_order=True).agg(
        c("_g").first().alias("_rg"), c("line").first().alias("_rl"), c("_gc").first())
    meta = marks.filter(c("grade").is_not_null()).sort("line").group_by("pid").agg(
        c("grade").first().alias("_mg"), c("line").first().alias("_ml"))
    out = meta.join(by_row, on="pid", how="full", coalesce=True)
    given = c("_rg").is_not_null()
    return out.select(
        "pid", pl.when(given).then(c("_rg")).otherwise(c("_mg")).alias("_grade"),
        pl.when(given).then(c("_rl")).otherwise(c("_ml")).alias("_gline"),
        pl.when(given).then(c("_gc")).otherwise(pl.lit(fields.get("grade"), pl.Int64))
        .alias("_gcol"))
