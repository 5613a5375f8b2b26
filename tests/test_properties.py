"""Properties of the engine, over generated cases (hypothesis)."""

from __future__ import annotations

import json
from decimal import Decimal

from builders import make_case, row
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import SCHEMES, amounts, cases, decimals, weights

from scoring import evaluate, load_scheme, render
from scoring.load.scheme import grade_of
from scoring.report.json import result_to_dict

settings.register_profile("ci", max_examples=150, deadline=None)
settings.load_profile("ci")


@given(cases())
def test_scores_lie_between_zero_and_the_weight(case) -> None:  # type: ignore[no-untyped-def]
    """0 ≤ score ≤ weight for every row, and for the budget."""
    result = evaluate(case)
    for r in result.indicators:
        assert 0 <= r.score <= r.weight
    if result.budget is not None:
        assert 0 <= result.budget.score <= result.budget.weight


@given(cases())
def test_total_is_the_sum_of_the_rounded_scores(case) -> None:  # type: ignore[no-untyped-def]
    """The printed table adds up (F8)."""
    result = evaluate(case)
    budget = result.budget.score if result.budget else Decimal(0)
    assert result.total == sum((r.score for r in result.indicators), budget)


@given(cases())
def test_evaluation_is_deterministic(case) -> None:  # type: ignore[no-untyped-def]
    """The same case gives the same result, every time."""
    assert evaluate(case) == evaluate(case)


@given(cases())
def test_json_round_trips(case) -> None:  # type: ignore[no-untyped-def]
    """JSON output parses back to the same object, decimals exact."""
    result = evaluate(case)
    text = render(result, "json")
    data = json.loads(text)
    assert data == result_to_dict(result)
    assert Decimal(data["total"]) == result.total
    for item, r in zip(data["indicators"], result.indicators, strict=True):
        assert Decimal(item["score"]) == r.score


@given(st.sampled_from(["≥", ">"]), amounts, amounts, amounts, weights, SCHEMES)
def test_positive_rows_never_lose_points_as_the_actual_grows(  # type: ignore[no-untyped-def]
        comp, target, a1, a2, weight, scheme) -> None:
    """Positive rows are non-decreasing in the actual."""
    lo, hi = sorted((a1, a2))
    s_lo = evaluate(make_case([row("r", comp, target, lo, weight)], scheme=scheme))
    s_hi = evaluate(make_case([row("r", comp, target, hi, weight)], scheme=scheme))
    assert s_lo.indicators[0].score <= s_hi.indicators[0].score


@given(st.sampled_from(["≤", "<"]), amounts, amounts, amounts, weights, SCHEMES,
       st.sampled_from(["ratio", "linear"]))
def test_reverse_rows_never_gain_points_as_the_actual_grows(  # type: ignore[no-untyped-def]
        comp, target, a1, a2, weight, scheme_id, variant) -> None:
    """Reverse rows are non-increasing in the actual, under both variants."""
    from scoring.load.scheme import Scheme
    base = load_scheme(scheme_id)
    scheme = Scheme.model_validate({**base.model_dump(), "reverse": variant})
    lo, hi = sorted((a1, a2))
    s_lo = evaluate(make_case([row("r", comp, target, lo, weight)]), scheme)
    s_hi = evaluate(make_case([row("r", comp, target, hi, weight)]), scheme)
    assert s_lo.indicators[0].score >= s_hi.indicators[0].score


@given(SCHEMES, decimals("0", "100", 4))
def test_every_total_in_range_has_exactly_one_grade(scheme_id, total) -> None:  # type: ignore[no-untyped-def]
    """Grade bands are half-open and cover [0, 100] (F12)."""
    scheme = load_scheme(scheme_id)
    holders = [b.label for b in scheme.grades
               if b.min <= total and (b.below is None or total < b.below)]
    assert holders == [grade_of(scheme, total)]
