"""engine/columns_straight.py: F2–F4 on the straight rows, formula by formula, as the row
engine scores them."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from builders import make_case, row

from scoring import evaluate
from scoring.engine.columns_straight import straight_scores
from scoring.load.scheme import load_scheme
from scoring.model.scheme import Scheme

MOF = load_scheme("mof-2020")
LINEAR_EXACT = MOF.model_copy(update={"reverse": "linear", "equal": "exact"})
ROWS = [  # comparator, target, actual
    ("≥", "100", "80"), ("≥", "100", "130"), (">", "0", "5"), ("≥", "100", "-3"),
    ("≥", "400", "1"), ("≤", "10", "12"), ("<", "10", "8"), ("≤", "10", "25"),
    ("≤", "0", "3"), ("=", "100", "90"), ("=", "100", "100"), ("=", "0", "0"),
    ("=", "0", "2"), ("=", "100", "230"), ("≥", "3", "2"), ("≤", "3", "4"),
]


def _scaled(text: str) -> int:
    return int(Decimal(text).scaleb(6))


def _out(rows: list[tuple[str, str, str]], scheme: Scheme, mode: str = "straight",
         weight: str = "10") -> pl.DataFrame:
    frame = pl.DataFrame({"mode": [mode] * len(rows), "comp": [r[0] for r in rows],
                          "W": [_scaled(weight)] * len(rows),
                          "A": [_scaled(r[2]) for r in rows],
                          "T": [_scaled(r[1]) for r in rows]})
    return pl.DataFrame(straight_scores(frame, scheme))


@pytest.mark.parametrize("scheme", [MOF, LINEAR_EXACT], ids=["ratio-as_positive",
                                                               "linear-exact"])
def test_each_formula_scores_as_the_row_engine(scheme: Scheme) -> None:
    out = _out(ROWS, scheme)
    case = make_case([row(f"r{i}", comp, target, actual)
                      for i, (comp, target, actual) in enumerate(ROWS)])
    engine = [r.score for r in evaluate(case, scheme).indicators]
    assert not any(out["_near"])
    assert [Decimal(int(s)).scaleb(-scheme.places) for s in out["_s"]] == engine


def test_a_quotient_near_a_tie_is_not_taken_and_on_a_linear_tie_neither() -> None:
    # 10 × 1 ÷ 400 = 0.025 exactly: F2 rounds the tie up and takes it
    assert _out([("≥", "400", "1")], MOF)["_near"].to_list() == [False]
    # 0.010001 × a ÷ t lies 10^-20 above the tie 0.005 (at 2 places)
    near = _out([("≥", "10000000000.000001", "4999500049.995001")], MOF, weight="0.010001")
    assert near["_near"].to_list() == [True]
    # linear F3 on a tie: 10 × (1 − (13 − 10) ÷ 10) = 7 → no tie; 10 × (1 − 0.0005) = 9.995
    tie = _out([("≤", "10", "10.005")], LINEAR_EXACT)
    assert tie["_near"].to_list() == [True]  # divided before multiplied: left to the engine


def test_a_target_too_low_and_its_ratio_in_tenths_of_a_percent() -> None:
    out = _out([("≥", "100", "131"), ("≥", "100", "129"), ("≤", "100", "69"),
                ("=", "100", "200")], MOF)
    assert out["too_low"].to_list() == [True, False, True, False]
    assert out["_ratio"].to_list() == [1310, 0, 690, 0]


def test_rows_that_are_not_straight_get_nothing() -> None:
    out = _out([("≥", "100", "80")], MOF, mode="qual")
    assert out.row(0) == (0, False, False, 0)
