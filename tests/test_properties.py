"""Properties of the engine, over generated cases (hypothesis; the strategies are in
tests/strategies.py, the profiles in tests/conftest.py). Each property says in one line
what it holds for."""

from __future__ import annotations

import json
from decimal import Decimal

from builders import make_case, row
from hypothesis import given
from hypothesis import strategies as st
from strategies import (
    SCHEMES,
    amounts,
    cases,
    decimals,
    department_cases,
    manual_rows,
    mixed_cases,
    not_applicable_rows,
    rule_rows,
    weights,
)

from scoring import evaluate, load_scheme, render
from scoring.decimals import round_half_up
from scoring.model.case import Case
from scoring.model.result import Result
from scoring.model.scheme import grade_of
from scoring.report.json import result_to_dict

FILL = row("fill", "≥", "10", "10", 10)  # a scorable, applicable row beside the one drawn


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


@given(st.one_of(cases(), mixed_cases(), department_cases()))
def test_evaluation_is_deterministic(case) -> None:  # type: ignore[no-untyped-def]
    """The same case gives the same result, every time."""
    assert evaluate(case) == evaluate(case)


@given(st.one_of(cases(), mixed_cases(), department_cases()))
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
    from scoring.model.scheme import Scheme
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


def _applicable_total(result: Result) -> Decimal:
    """Σ of the rounded scores of the applicable rows, and the budget's."""
    budget = result.budget.score if result.budget else Decimal(0)
    return sum((r.score for r in result.indicators if r.status != "not-applicable"), budget)


@given(st.one_of(mixed_cases(), department_cases()))
def test_every_kind_of_row_scores_between_zero_and_its_weight(case: Case) -> None:
    """0 ≤ score ≤ weight for rows not applicable, manual, under a rule and in sections."""
    for r in evaluate(case).indicators:
        assert 0 <= r.score <= r.weight, r


@given(st.one_of(mixed_cases(), department_cases()))
def test_the_total_is_rescaled_over_the_applicable_weight(case: Case) -> None:
    """F9: with a row left out, total = Σ s ÷ Σ w applicable × full marks; else Σ s (F8)."""
    result = evaluate(case)
    left_out = [r for r in result.indicators if r.status == "not-applicable"]
    total = _applicable_total(result)
    assert result.rescaled == bool(left_out)
    if left_out:
        budget = result.budget.weight if result.budget else Decimal(0)
        weight = sum((r.weight for r in result.indicators if r.status != "not-applicable"),
                     budget)
        total = round_half_up(total / weight * result.full_marks, result.scheme.places)
    assert result.total == total
    assert {f.indicator for f in result.findings if f.code == "not-applicable"} == {
        r.name for r in left_out}


@given(not_applicable_rows("na"))
def test_a_row_not_applicable_scores_nothing_and_says_so(spec) -> None:  # type: ignore[no-untyped-def]
    """A row marked not applicable is left out, scores 0 and has its [info] finding."""
    result = evaluate(make_case([spec, FILL]))
    left = result.indicator("na")
    assert (left.status, left.score) == ("not-applicable", 0)
    assert [(f.code, f.severity) for f in result.findings if f.indicator == "na"] == [
        ("not-applicable", "info")]


@given(manual_rows("m"), SCHEMES)
def test_a_manual_score_is_taken_as_given_and_listed(spec, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """F10: a manual score is the row's score (rounded half up), status manual, found."""
    result = evaluate(make_case([spec, FILL], scheme=scheme))
    got = result.indicator("m")
    assert got.status == "manual"
    assert got.score == round_half_up(spec["manual_score"], result.scheme.places)
    codes = {f.code for f in result.findings if f.indicator == "m"}
    assert codes & {"manual-score", "manual-score-without-actual"}


@given(rule_rows("x"), SCHEMES)
def test_a_rule_row_scores_as_its_rule_says(spec, scheme: str) -> None:  # type: ignore[no-untyped-def]
    """RULES.md §4: checklist Σ points satisfied; count_deduct max(0, w − per × n); a band's
    points or 0; every rule within [0, w]."""
    result = evaluate(make_case([spec, FILL], scheme=scheme))
    got, places, w = result.indicator("x"), result.scheme.places, spec["weight"]
    [(kind, rule)] = spec["rule"].items()
    assert 0 <= got.score <= w
    if kind == "checklist":
        points = sum((i["points"] for i in rule if i["item"] in spec["actual"]), Decimal(0))
        assert got.score == round_half_up(points, places)
    elif kind == "count_deduct":
        assert got.score == round_half_up(max(Decimal(0), w - rule["per"] * spec["actual"]),
                                          places)
    elif kind == "bands":
        assert got.score in {round_half_up(b["points"], places) for b in rule} | {0}


@given(department_cases())
def test_a_section_scores_the_sum_of_its_applicable_rows(case: Case) -> None:
    """部门整体: a 二级 section's score is Σ of its rows; a 一级's is Σ of what it holds."""
    result = evaluate(case)
    rows = {r.id: r for r in result.indicators}
    by_name = {s.name: s for s in result.sections}
    for section in result.sections:
        inner = [s for s in result.sections if s.parent == section.name]
        if inner:
            assert section.score == sum((s.score for s in inner), Decimal(0))
        else:
            held = [i for i in case.indicator_set.indicators
                    if section.name in (i.level1, i.level2)]
            assert section.score == sum((rows[i.key].score for i in held
                                         if rows[i.key].status != "not-applicable"), Decimal(0))
        if not section.applicable:
            assert all(rows[i.key].status == "not-applicable"
                       for i in case.indicator_set.indicators
                       if section.name in (i.level1, i.level2))
        if section.parent is not None and not by_name[section.parent].applicable:
            assert not section.applicable
