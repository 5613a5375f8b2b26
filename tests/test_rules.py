"""rules.py: one table-driven test per formula of RULES.md §1 and §4."""

from decimal import Decimal as D

import pytest

from scoring.decimals import round_half_up
from scoring.rules import (
    apply_bands,
    apply_checklist,
    apply_count_deduct,
    apply_deduct,
    equal_exact,
    in_range,
    positive,
    reverse_linear,
    reverse_ratio,
)
from scoring.rules_model import Rule


@pytest.mark.parametrize(("a", "t", "w", "raw"), [
    ("184.2", "240", "10", "7.675"),   # F2, the seed
    ("21", "16", "10", "10"),          # above target: full, never more
    ("16", "16", "10", "10"),
    ("0", "16", "10", "0"),
    ("-5", "16", "10", "0"),           # negative a counts as 0
    ("3", "0", "10", "10"),            # t = 0: any a ≥ 0 is met
    ("8", "16", "5", "2.5"),
])
def test_positive(a: str, t: str, w: str, raw: str) -> None:
    assert positive(D(a), D(t), D(w)).raw == D(raw)


def test_positive_explains_itself() -> None:
    assert positive(D("184.2"), D("240"), D("10")).explain == "184.2 ÷ 240 × 10 = 7.675"


@pytest.mark.parametrize(("a", "t", "w", "raw"), [
    ("6", "5", "22.5", "18.75"),       # the RULES.md example, ratio
    ("5", "5", "22.5", "22.5"),
    ("4", "5", "10", "10"),
    ("0", "0", "10", "10"),            # t = 0: a ≤ 0 → w
    ("1", "0", "10", "0"),             # t = 0: otherwise 0
    ("20", "10", "10", "5"),
])
def test_reverse_ratio(a: str, t: str, w: str, raw: str) -> None:
    assert reverse_ratio(D(a), D(t), D(w)).raw == D(raw)


@pytest.mark.parametrize(("a", "t", "w", "raw"), [
    ("6", "5", "22.5", "18.00"),       # the RULES.md example, linear
    ("5", "5", "22.5", "22.5"),
    ("10", "5", "10", "0"),            # a ≥ 2t → 0
    ("12", "5", "10", "0"),
    ("7.5", "5", "10", "5"),
    ("1", "0", "10", "0"),
])
def test_reverse_linear(a: str, t: str, w: str, raw: str) -> None:
    assert reverse_linear(D(a), D(t), D(w)).raw == D(raw)


def test_ratio_and_linear_differ_as_documented() -> None:
    assert round_half_up(reverse_ratio(D(6), D(5), D("22.5")).raw, 2) == D("18.75")
    assert round_half_up(reverse_linear(D(6), D(5), D("22.5")).raw, 2) == D("18.00")


@pytest.mark.parametrize(("a", "t", "w", "raw"), [
    ("100", "100", "10", "10"),
    ("98", "100", "10", "9.8"),
    ("102", "100", "10", "9.8"),       # exact: deviation either way costs
    ("300", "100", "10", "0"),
    ("0", "0", "10", "10"),
    ("1", "0", "10", "0"),
])
def test_equal_exact(a: str, t: str, w: str, raw: str) -> None:
    assert equal_exact(D(a), D(t), D(w)).raw == D(raw)


@pytest.mark.parametrize(("a", "lo", "hi", "w", "raw"), [
    ("85", "80", "90", "10", "10"),    # inside
    ("80", "80", "90", "10", "10"),
    ("60", "80", "90", "10", "7.5"),   # below: F2 on the lower bound
    ("100", "80", "90", "10", "9"),    # above: F3 ratio on the upper bound
])
def test_range(a: str, lo: str, hi: str, w: str, raw: str) -> None:
    assert in_range(D(a), D(lo), D(hi), D(w)).raw == D(raw)


@pytest.mark.parametrize(("rule", "a", "w", "raw"), [
    ({"threshold": 100, "per": 1, "points": "0.5"}, "100", "5", "5"),
    ({"threshold": 100, "per": 1, "points": "0.5"}, "103", "5", "3.5"),
    ({"threshold": 100, "per": 1, "points": "0.5"}, "120", "5", "0"),
    ({"threshold": 100, "per": 1, "points": "0.5", "whole": True}, "102.7", "5", "4"),
    ({"threshold": 90, "per": 1, "points": 1, "direction": "below"}, "87", "5", "2"),
    ({"threshold": 90, "per": 1, "points": 1, "direction": "below"}, "95", "5", "5"),
])
def test_deduct(rule: dict[str, object], a: str, w: str, raw: str) -> None:
    assert apply_deduct(Rule.model_validate({"deduct": rule}), D(a), D(w)).raw == D(raw)


BANDS = Rule.model_validate({"bands": [{"min": 90, "points": 5}, {"min": 80, "points": 4},
                                       {"min": 70, "points": 3}, {"min": 60, "points": 2},
                                       {"min": 0, "points": 0}]})


@pytest.mark.parametrize(("a", "raw"), [("95", "5"), ("90", "5"), ("89.99", "4"), ("80", "4"),
                                        ("75", "3"), ("60", "2"), ("59", "0"), ("-1", "0")])
def test_bands(a: str, raw: str) -> None:
    assert apply_bands(BANDS, D(a), D(5)).raw == D(raw)


def test_bands_exclusive_minimum() -> None:
    rule = Rule.model_validate({"bands": [{"min": 90, "points": 5, "inclusive": False},
                                          {"min": 0, "points": 1}]})
    assert apply_bands(rule, D(90), D(5)).raw == D(1)
    assert apply_bands(rule, D("90.01"), D(5)).raw == D(5)


@pytest.mark.parametrize(("count", "raw"), [("0", "5"), ("2", "3"), ("7", "0")])
def test_count_deduct(count: str, raw: str) -> None:
    rule = Rule.model_validate({"count_deduct": {"per": 1}})
    assert apply_count_deduct(rule, D(count), D(5)).raw == D(raw)


def test_checklist() -> None:
    rule = Rule.model_validate({"checklist": [{"item": "制度健全", "points": 1},
                                              {"item": "制度执行有效", "points": 2}]})
    assert apply_checklist(rule, ("制度健全",), D(3)).raw == D(1)
    assert apply_checklist(rule, ("制度健全", "制度执行有效"), D(3)).raw == D(3)
    assert apply_checklist(rule, (), D(3)).raw == D(0)


def test_rule_needs_exactly_one_kind() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Rule.model_validate({"bands": [{"min": 0, "points": 1}], "count_deduct": {"per": 1}})
