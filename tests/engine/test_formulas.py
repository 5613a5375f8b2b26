"""rules.py: one table-driven test per formula of RULES.md §1 and §4."""

from decimal import Decimal as D

import pytest

from scoring.decimals import round_half_up
from scoring.engine.formulas import (
    apply_bands,
    apply_checklist,
    apply_count_deduct,
    apply_deduct,
    equal_as_positive,
    equal_exact,
    in_range,
    positive,
    reverse_linear,
    reverse_ratio,
)
from scoring.model.rule import Rule


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


@pytest.mark.parametrize(("a", "t", "w", "raw"), [
    ("100", "100", "10", "10"),
    ("98", "100", "10", "9.8"),
    ("102", "100", "10", "10"),        # as ≥: above the target is met
    ("0", "0", "10", "10"),            # F4, t = 0: a ≤ 0 → w
    ("-1", "0", "10", "10"),
    ("1", "0", "10", "0"),             # … otherwise 0 (≥ would give w)
    ("0", "-1", "10", "10"),           # a negative target is scored as ≥
])
def test_equal_as_positive(a: str, t: str, w: str, raw: str) -> None:
    assert equal_as_positive(D(a), D(t), D(w)).raw == D(raw)


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


# Every score is explained (RULES.md): the text is part of the result, and the boundaries
# (a = t, t = 0, a = 2t, a = threshold, a band's min) each take their own branch.
@pytest.mark.parametrize(("formula", "args", "raw", "explain"), [
    (positive, ("5", "5", "10"), "10", "5 ≥ 5 → 10"),
    (positive, ("0.2", "0.5", "10"), "4", "0.2 ÷ 0.5 × 10 = 4"),
    (positive, ("0", "5", "10"), "0", "0 ≤ 0 → 0"),
    (positive, ("3", "0", "10"), "10", "3 ≥ 0 → 10"),
    (reverse_ratio, ("5", "5", "10"), "10", "5 ≤ 5 → 10"),
    (reverse_ratio, ("1", "0", "10"), "0", "1 > 0 → 0"),
    (reverse_ratio, ("2", "0.5", "10"), "2.5", "0.5 ÷ 2 × 10 = 2.5"),
    (reverse_linear, ("5", "5", "10"), "10", "5 ≤ 5 → 10"),
    (reverse_linear, ("1.5", "0.8", "10"), "1.25", "10 × (1 − (1.5 − 0.8) ÷ 0.8) = 1.25"),
    (reverse_linear, ("10", "5", "10"), "0", "10 ≥ 2 × 5 → 0"),
    (equal_as_positive, ("5", "5", "10"), "10", "“=”按 ≥ 计：5 ≥ 5 → 10"),
    (equal_as_positive, ("0.2", "0.5", "10"), "4", "“=”按 ≥ 计：0.2 ÷ 0.5 × 10 = 4"),
    (equal_as_positive, ("0", "0", "10"), "10", "指标值 0：0 ≤ 0 → 10"),
    (equal_as_positive, ("1", "0", "10"), "0", "指标值 0：1 > 0 → 0"),
    (equal_exact, ("5", "5", "10"), "10", "5 = 5 → 10"),
    (equal_exact, ("0", "-1", "10"), "10", "指标值 -1：0 ≤ 0 → 10"),
    (equal_exact, ("1", "0", "10"), "0", "指标值 0：1 > 0 → 0"),
    (equal_exact, ("0.4", "0.5", "10"), "8", "10 × (1 − |0.4 − 0.5| ÷ 0.5) = 8"),
    (equal_exact, ("6", "5", "10"), "8", "10 × (1 − |6 − 5| ÷ 5) = 8"),
    (in_range, ("80", "80", "90", "10"), "10", "80 在 80–90 之间 → 10"),
    (in_range, ("90", "80", "90", "10"), "10", "90 在 80–90 之间 → 10"),
    (in_range, ("79", "80", "90", "10"), "9.875", "79 ÷ 80 × 10 = 9.875"),
    (in_range, ("99", "80", "90", "10"), "9.0909090909", "90 ÷ 99 × 10 ≈ 9.090909"),
])
def test_formulas_explain_each_branch(formula: object, args: tuple[str, ...], raw: str,
                                      explain: str) -> None:
    scored = formula(*map(D, args))  # type: ignore[operator]
    assert round_half_up(scored.raw, 10) == D(raw)
    assert scored.explain == explain


@pytest.mark.parametrize(("rule", "a", "raw", "explain"), [
    ({"deduct": {"threshold": 100, "per": 1, "points": 2}}, "100", "10",
     "100 ≤ 100，不扣分 → 10"),
    ({"deduct": {"threshold": 100, "per": 1, "points": 2}}, "100.5", "9",
     "100.5 超过 100（每 1 扣 2）：10 − 2 × 0.5 = 9"),
    ({"deduct": {"threshold": 100, "per": 2, "points": 1}}, "103", "8.5",
     "103 超过 100（每 2 扣 1）：10 − 1 × 1.5 = 8.5"),
    ({"deduct": {"threshold": 100, "per": 1, "points": 2}}, "104.75", "0.5",
     "104.75 超过 100（每 1 扣 2）：10 − 2 × 4.75 = 0.5"),
    ({"deduct": {"threshold": 100, "per": 1, "points": 5}}, "102", "0",
     "102 超过 100（每 1 扣 5）：10 − 5 × 2 = 0，扣完为止 → 0"),
    ({"deduct": {"threshold": 90, "per": 1, "points": 1, "direction": "below", "whole": True}},
     "87.5", "8", "87.5 低于 90（每 1 扣 1，不足一档不扣）：10 − 1 × 2 = 8"),
    ({"deduct": {"threshold": 90, "per": 1, "points": 1, "direction": "below"}}, "95", "10",
     "95 ≥ 90，不扣分 → 10"),
    ({"count_deduct": {"per": 2}}, "5", "0", "5 次（每次扣 2）：10 − 2 × 5 = 0，扣完为止 → 0"),
    ({"count_deduct": {"per": 2}}, "-3", "10", "0 次（每次扣 2）：10 − 2 × 0 = 10"),
    ({"bands": [{"min": 90, "points": 5}, {"min": 60, "points": 2, "inclusive": False}]}, "60",
     "0", "60 低于所有档次 → 0"),
    ({"bands": [{"min": 90, "points": 5}, {"min": 60, "points": 2, "inclusive": False}]}, "61",
     "2", "61 > 60，该档 2 分"),
    ({"bands": [{"min": 90, "points": 12}]}, "95", "10", "95 ≥ 90，该档 12 分"),
])
def test_rules_explain_each_branch(rule: dict[str, object], a: str, raw: str,
                                   explain: str) -> None:
    parsed = Rule.model_validate(rule)
    apply = {"deduct": apply_deduct, "count_deduct": apply_count_deduct,
             "bands": apply_bands}[parsed.kind]
    scored = apply(parsed, D(a), D(10))
    assert (scored.raw, scored.explain) == (D(raw), explain)


@pytest.mark.parametrize(("items", "raw", "explain"), [
    ((), "0", "无一满足 = 0；未满足：制度健全、执行有效、公开"),
    (("制度健全",), "1", "制度健全 1 = 1；未满足：执行有效、公开"),
    (("公开", "执行有效"), "10", "执行有效 2 + 公开 9 = 10；未满足：制度健全"),
    (("制度健全", "执行有效", "公开"), "10", "制度健全 1 + 执行有效 2 + 公开 9 = 10"),
])
def test_checklist_explains_what_is_missing(items: tuple[str, ...], raw: str,
                                            explain: str) -> None:
    rule = Rule.model_validate({"checklist": [{"item": "制度健全", "points": 1},
                                              {"item": "执行有效", "points": 2},
                                              {"item": "公开", "points": 9}]})
    scored = apply_checklist(rule, items, D(10))
    assert (scored.raw, scored.explain) == (D(raw), explain)


def test_negative_actual_against_a_zero_target_says_it_counted_as_zero() -> None:
    scored = positive(D(-1), D(0), D(10))
    assert scored.raw == D(10)
    assert scored.explain == "-1 按 0 计，0 ≥ 0 → 10"
