"""expr_eval.py: a checked expression tree evaluated as closures over Decimal operations."""

from __future__ import annotations

from decimal import Decimal as D

from scoring.model.expr import compile_expression
from scoring.model.expr_eval import build, rounded, truth

ROW = {"actual": D("3"), "target": D("4"), "weight": D("10")}


def _run(text: str, **names: D) -> object:
    return build(compile_expression(text).tree)({**ROW, **names})


def test_arithmetic_stays_decimal() -> None:
    assert _run("weight * min(actual / target, 1)") == D("7.5")
    assert _run("actual / 3") == D(1)
    assert isinstance(_run("actual ** 2"), D)


def test_comparisons_count_one_or_zero_and_chain() -> None:
    assert (_run("actual < target"), _run("1 < actual <= 2")) == (D(1), D(0))
    assert _run("weight if actual >= 3 and target > 3 else 0") == D(10)


def test_round_half_up_rounds_halves_away_from_zero() -> None:
    assert _run("round_half_up(2.25, 1)") == D("2.3")
    assert rounded(D("2.675"), 2) == D("2.68")
    assert str(rounded(D("-2.5"), 0)) == "-3"
    huge = D("1E+999999999")  # more digits than the precision: left as it is, not expanded
    assert rounded(huge, 2) is huge
    assert (truth(True), truth(False)) == (D(1), D(0))
