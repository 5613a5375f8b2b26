"""engine/columns_rows.py: indicator rows read and scored as columns, as the row engine does."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from builders import make_case, row

from scoring import evaluate
from scoring.engine.columns_explain import explain_rows
from scoring.engine.columns_rows import (
    KEPT,
    read_rows,
    row_sums,
    scheme_int,
    score_indicators,
    score_rows,
    unit_flags,
)
from scoring.errors import Unusual
from scoring.load.scheme import load_scheme

SCHEME = load_scheme("mof-2020")
ROWS: list[tuple[str, str, str | None, str]] = [
    ("≥", "100", "80", "10"),      # 8.00
    ("≥", "400", "1", "10"),       # 0.025: the tie goes up, 0.03
    ("≥", "100", "130", "10"),     # met: the weight
    ("≤", "10", "12", "10"),       # 8.333… → 8.33
    ("定性", "好", "好", "10"),    # achieved: 100 %
    ("定性", "好", "一般", "10"),  # partial: 70 %
    ("≥", "100", None, "10"),      # missing
    ("≥", "100", "完成", "10"),    # a text actual that says met
]
SCORES = [800, 3, 1000, 833, 1000, 700, 0, 1000]
STATUSES = ["partial", "partial", "met", "partial", "met", "partial", "missing", "met"]


def _frame(rows: list[tuple[str, str, str | None, str]]) -> pl.DataFrame:
    n = len(rows)
    text = {"comparator": [r[0] for r in rows], "target": [r[1] for r in rows],
            "actual": [r[2] for r in rows], "weight": [r[3] for r in rows],
            "reported_score": [None] * n, "manual_score": [None] * n, "unit": [None] * n}
    return pl.DataFrame({"line": list(range(2, n + 2)), **text, "year_int": [2023] * n},
                        schema={"line": pl.Int64, **{k: pl.String for k in text},
                                "year_int": pl.Int64})


def _scored(rows: list[tuple[str, str, str | None, str]]) -> pl.DataFrame:
    return unit_flags(score_rows(read_rows(_frame(rows)), SCHEME))


def test_rows_score_exactly_with_half_up_ties() -> None:
    out = _scored(ROWS)
    assert out["score"].to_list() == SCORES
    assert out["status"].to_list() == STATUSES
    assert out["mode"].to_list() == ["straight"] * 4 + ["qual", "qual", "missing", "text"]
    assert out["taken"].to_list() == [True] * len(ROWS)
    assert out["W"].to_list() == [10 * 10**6] * len(ROWS)


def test_the_scores_are_the_row_engine_s() -> None:
    case = make_case([row(f"r{i}", comp, target, actual, int(weight))
                      for i, (comp, target, actual, weight) in enumerate(ROWS)])
    result = evaluate(case, SCHEME)
    engine = [(r.score, r.status) for r in result.indicators]
    assert engine == [(Decimal(s).scaleb(-2), st) for s, st in zip(SCORES, STATUSES,
                                                                    strict=True)]


def test_a_weight_at_the_overflow_guard_or_a_wild_number_is_left_to_the_engine() -> None:
    out = _scored([("≥", "100", "80", "100000"), ("≥", "100", "80.0000001", "10"),
                   ("≥", "100", "80", "约10")])
    assert out["taken"].to_list() == [False, False, False]


def test_a_fraction_on_a_percent_row_is_a_unit_suspect() -> None:
    out = _scored([("≥", "100%", "0.95", "10"), ("≥", "100%", "95%", "10")])
    assert out["unit_case"].to_list() == [1, 0]


def _repeated() -> pl.DataFrame:
    """`ROWS` and a few more, each twelve times: a date without its year (scored by each row's
    year), a manual score, a wild reported score, a unit."""
    more = [*ROWS, ("≤", "2023年12月", "12月底前", "10"), ("≥", "100", "80", "10")]
    frame = _frame(more * 12)
    n = frame.height
    return frame.with_columns(
        pl.Series("year_int", [2022 + i % 3 for i in range(n)]),
        pl.Series("manual_score", ["5" if i % 7 == 0 else None for i in range(n)]),
        pl.Series("reported_score", ["约8" if i % 5 == 0 else None for i in range(n)]),
        pl.Series("unit", ["万元" if i % 2 else None for i in range(n)]),
        pl.Series("name", [f"r{i}" for i in range(n)]))


def test_each_distinct_row_is_scored_once_and_gathered_back_as_each_row_is_scored() -> None:
    frame = _repeated()
    every = unit_flags(score_rows(read_rows(frame), SCHEME)).select(*frame.columns, *KEPT)
    once = score_indicators(frame, SCHEME)
    assert once.equals(every)
    assert once["taken"].to_list() != [True] * frame.height  # the manual and wild rows


def test_rows_of_one_year_without_manual_scores_are_told_apart_by_the_other_cells() -> None:
    # one year, no manual score, no unit on any row: those columns tell no row apart and
    # are left out of the rows' key; a table of one distinct row (every column alike) too
    frame = _repeated().with_columns(pl.lit(2023).alias("year_int"),
                                     pl.lit(None, pl.String).alias("manual_score"),
                                     pl.lit(None, pl.String).alias("unit"))
    for rows in (frame, frame.head(1).select(pl.all().repeat_by(5).explode())):
        every = unit_flags(score_rows(read_rows(rows), SCHEME)).select(*rows.columns, *KEPT)
        assert score_indicators(rows, SCHEME).equals(every)


def test_each_distinct_row_s_derivation_is_written_once_and_gathered_back() -> None:
    frame = _repeated()
    every = explain_rows(unit_flags(score_rows(read_rows(frame), SCHEME)), SCHEME)
    once = score_indicators(frame, SCHEME, explain=True)
    assert once.equals(every.select(*frame.columns, *KEPT, "explain", "explain_ok"))
    assert once["explain"].drop_nulls().len() > 0


def test_a_collision_of_the_rows_hashes_scores_every_row(
        monkeypatch: pytest.MonkeyPatch) -> None:
    frame = _repeated()
    every = score_indicators(frame, SCHEME)
    monkeypatch.setattr(pl.DataFrame, "hash_rows",
                        lambda self, *a, **k: pl.zeros(self.height, pl.UInt64, eager=True))
    assert score_indicators(frame, SCHEME).equals(every)


def test_row_sums_per_project_and_a_name_given_twice_in_one() -> None:
    frame = _frame(ROWS[:4]).with_columns(pl.Series("pid", [0, 0, 1, 1]),
                                          pl.Series("name", ["a", "b", "c", "c"]))
    sums = row_sums(unit_flags(score_rows(read_rows(frame), SCHEME)))
    assert sums["pid"].to_list() == [0, 1]
    assert sums["isum"].to_list() == [SCORES[0] + SCORES[1], SCORES[2] + SCORES[3]]
    assert sums["wsum"].to_list() == [20 * 10**6, 20 * 10**6]
    assert sums["_twice"].to_list() == [False, True]
    assert sums["_n"].to_list() == [2, 2]


def test_scheme_numbers_that_do_not_fit_are_unusual() -> None:
    assert scheme_int(Decimal("12.5")) == 12_500_000
    with pytest.raises(Unusual):
        scheme_int(Decimal("0.0000001"))
