"""engine/columns_totals.py: budget execution (F1), grades (F12) and budget findings."""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from scoring.engine.columns_totals import budget_findings, grade_expr, score_budgets
from scoring.load.scheme import load_scheme
from scoring.model.scheme import grade_of

SCHEME = load_scheme("mof-2020")  # W = 10, 2 places, grades 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差


def _budgets(rows: list[tuple[str | None, str | None, str | None]]) -> pl.DataFrame:
    """(adjusted B, executed E, weight W) per budget row."""
    frame = pl.DataFrame({"line": list(range(3, 3 + len(rows))),
                          "target": [r[0] for r in rows], "actual": [r[1] for r in rows],
                          "weight": [r[2] for r in rows]},
                         schema={"line": pl.Int64, "target": pl.String, "actual": pl.String,
                                 "weight": pl.String})
    return frame.with_columns(pl.lit(None, pl.String).alias("initial"),
                              pl.lit(None, pl.String).alias("reported_score"),
                              pl.lit(None, pl.String).alias("reason"),
                              pl.Series("pid", range(len(rows)), pl.Int64))


def test_the_budget_score_is_w_times_e_over_b_rounded_half_up() -> None:
    out = score_budgets(_budgets([("100", "85", "10"), ("400", "1", "10"), ("400", "3", "10"),
                                  ("100", "120", "10"), ("100", "0", "10")]), SCHEME)
    # 8.5 → 8.50; 0.025 → 0.03 (the tie goes up); 0.075 → 0.08; overspent: W; nothing spent: 0
    assert out["bscore"].to_list() == [850, 3, 8, 1000, 0]
    assert out["btaken"].to_list() == [True] * 5
    assert out["BW"].to_list() == [10 * 10**6] * 5


def test_budgets_the_core_cannot_take_exactly_are_left_to_the_engine() -> None:
    out = score_budgets(_budgets([("0", "5", "10"),           # no adjusted budget
                                  ("100", "1.0000001", "10"),  # a seventh decimal: wild
                                  ("100", "50", "100000"),     # weight at the overflow guard
                                  ("约100", "50", "10"),       # approximate
                                  ("100", None, "10")]), SCHEME)
    assert out["btaken"].to_list() == [False] * 5


def test_grades_are_the_scheme_s_half_open_bands() -> None:
    totals = [9000, 8999, 8000, 7999, 6000, 5999, 0, -1]  # × 10^2
    frame = pl.DataFrame({"t": totals}, schema={"t": pl.Int64})
    got = frame.select(grade_expr(pl.col("t"), SCHEME)).to_series().to_list()
    assert got == ["优", "良", "良", "中", "中", "差", "差", "差"]
    assert got[:-1] == [grade_of(SCHEME, Decimal(t).scaleb(-2)) for t in totals[:-1]]


def test_an_overspent_and_an_underspent_budget_are_found_at_the_level1_cell() -> None:
    scored = score_budgets(_budgets([("100", "120", "10"), ("100", "70", "10"),
                                     ("100", "90", "10")]), SCHEME)
    out = budget_findings(scored, SCHEME, 1).collect()
    assert list(zip(out["pid"], out["code"], out["line"], out["col"], strict=True)) == \
        [(0, "budget-overspent", 3, 1), (1, "budget-underspent", 4, 1)]
    assert "120" in out["message"][0] and "120.00%" in out["message"][0]
    assert "30（30.00%）" in out["message"][1]
