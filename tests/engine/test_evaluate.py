"""engine.py / rows.py: RULES.md §1 end to end, and each finding from a minimal case."""

from decimal import Decimal as D
from decimal import localcontext

import pytest
from builders import make_case, row
from conftest import SEED

from scoring import LoadError, evaluate, load_case
from scoring.decimals import ENGINE_CONTEXT


def codes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in result.findings]


# --- the seed -------------------------------------------------------------------------

def test_seed_reproduces_the_published_table() -> None:
    result = evaluate(load_case(SEED))
    amount = result.indicator("协议金额")
    assert amount.score == D("7.7")
    assert amount.explain == "184.2 ÷ 240 × 10 = 7.675 → 7.7"
    assert amount.status == "partial"
    assert result.budget is not None and result.budget.score == D("10.0")
    assert result.budget.rate == D(1)
    for key, points in (("创造GDP产值", 10), ("完成税收", 5), ("创造就业岗位", 5)):
        manual = result.indicator(key)
        assert (manual.status, manual.score) == ("manual", D(points))
        assert "未完全投产，无法计算" in manual.explain
    assert result.total == D("97.7")
    assert result.grade == "优秀"
    assert result.max_total == D(100)
    flagged = [f.indicator for f in result.findings if f.code == "manual-score-without-actual"]
    assert flagged == ["创造GDP产值", "完成税收", "创造就业岗位"]


def test_seed_at_two_places_gives_7_68() -> None:
    result = evaluate(load_case(SEED), "mof-2020")
    assert result.indicator("协议金额").score == D("7.68")
    assert result.total == D("97.68")
    assert result.grade == "优"


# --- F1 budget execution --------------------------------------------------------------

def _one_row_case(**budget: object):  # type: ignore[no-untyped-def]
    return make_case([row("x", "≥", "10", "10", 90)], scheme="sichuan-2023",
                     budget={k: str(v) for k, v in budget.items()}, budget_weight="10")


def test_execution_76_percent_scores_7_6() -> None:
    result = evaluate(_one_row_case(adjusted=100, executed=76, reason="项目延期"))
    assert result.budget is not None
    assert result.budget.score == D("7.6")
    assert "76.00%" in result.budget.explain
    assert "budget-underspent" in codes(result)


def test_execution_from_printed_rate_only() -> None:
    result = evaluate(_one_row_case(rate="76%"))
    assert result.budget is not None and result.budget.score == D("7.6")


@pytest.mark.parametrize(("adjusted", "executed", "raw", "explain"), [
    ("3", "1", D(1), "1 ÷ 3 = 33.33%；3 × 33.33% = 1 → 1.00"),  # exact: 3 × 1 ÷ 3 is 1
    ("6", "5", D("2.5"), "5 ÷ 6 = 83.33%；3 × 83.33% = 2.5 → 2.50"),
    ("7", "1", ENGINE_CONTEXT.divide(D(3), D(7)),  # inexact: ≈
     "1 ÷ 7 = 14.29%；3 × 14.29% ≈ 0.428571 → 0.43"),
    ("3", "4", D(3), "4 ÷ 3 = 133.33%；3 × 100.00% = 3 → 3.00"),
])
def test_budget_weight_3_says_equal_only_when_exact(adjusted: str, executed: str, raw: D,
                                                     explain: str) -> None:
    """#14.7: W × E ÷ B is computed multiplied first, so `=` when the exact value is shown."""
    case = make_case([row("x", "≥", "10", "10", 97)], budget={"adjusted": adjusted,
                     "executed": executed, "reason": "延期"}, budget_weight="3")
    budget = evaluate(case).budget
    assert budget is not None
    assert (budget.raw_score, budget.explain) == (raw, explain)


def test_overspent_is_capped_and_found() -> None:
    result = evaluate(_one_row_case(adjusted=100, executed=110))
    assert result.budget is not None and result.budget.score == D("10.0")
    assert "budget-overspent" in codes(result)


def test_budget_reason_required_below_90_in_sichuan() -> None:
    without = evaluate(_one_row_case(adjusted=100, executed=85))
    assert "budget-reason-missing" in codes(without)
    with_reason = evaluate(_one_row_case(adjusted=100, executed=85, reason="采购延后"))
    assert "budget-reason-missing" not in codes(with_reason)
    assert "budget-underspent" not in codes(with_reason)  # 15% unspent ≤ 20%


def test_zero_budget_scores_zero_with_a_finding() -> None:
    result = evaluate(_one_row_case(adjusted=0, executed=0))
    assert result.budget is not None and result.budget.score == 0
    assert "budget-zero" in codes(result)


def test_completion_exceeding_execution_is_found() -> None:
    result = evaluate(_one_row_case(adjusted=100, executed=80, reason="r"))
    assert "completion-exceeds-execution" in codes(result)
    result = evaluate(_one_row_case(adjusted=100, executed=96))
    assert "completion-exceeds-execution" not in codes(result)


# --- F12 grades -------------------------------------------------------------------------

@pytest.mark.parametrize(("actual", "total", "grade"), [
    ("79.99", "89.99", "良"), ("80", "90.00", "优"), ("70", "80.00", "良"),
    ("69.99", "79.99", "中"), ("50", "60.00", "中"), ("49.99", "59.99", "差"),
])
def test_grade_bands_are_half_open(actual: str, total: str, grade: str) -> None:
    case = make_case([row("x", "≥", "90", actual, 90)], budget={"adjusted": "1",
                     "executed": "1"}, budget_weight="10")
    result = evaluate(case)
    assert str(result.total) == total
    assert result.grade == grade


# --- F8 totals, F9 not applicable, F10 missing, F11 deduction ------------------------------

def test_total_is_the_sum_of_rounded_scores() -> None:
    rows = [row(f"r{i}", "≥", "3", "1", 10) for i in range(3)]  # each 3.333… → 3.3
    result = evaluate(make_case(rows, scheme="sichuan-2023"))
    assert [r.score for r in result.indicators] == [D("3.3")] * 3
    assert result.total == D("9.9")  # not round(10.0)


def test_not_applicable_rows_are_left_out_and_the_total_rescaled() -> None:
    rows = [row("a", "≥", "10", "10", 50), row("b", "≥", "10", "5", 40, not_applicable=True)]
    result = evaluate(make_case(rows, budget={"adjusted": "1", "executed": "1"},
                                budget_weight="10"))
    assert result.indicator("b").status == "not-applicable"
    assert result.rescaled
    assert result.total == D("100.00")  # (10 + 50) / (10 + 50) × 100
    found = [f for f in result.findings if f.code == "not-applicable"]
    assert len(found) == 1 and "60" in found[0].message


def test_missing_actual_is_not_zero_but_is_scored_zero_with_a_finding() -> None:
    result = evaluate(make_case([row("a", "≥", "10", None, 50), row("b", "≥", "10", "10", 40)]))
    assert result.indicator("a").status == "missing"
    assert result.indicator("a").score == 0
    assert "missing-actual" in codes(result)


def test_manual_score_replaces_the_rule_and_is_marked() -> None:
    result = evaluate(make_case([row("a", "≥", "10", "5", 10, manual_score=D(8),
                                     reason="按进度评估")]))
    a = result.indicator("a")
    assert (a.status, a.score) == ("manual", D(8))
    assert "manual-score" in codes(result)
    assert "manual-score-without-actual" not in codes(result)


def test_manual_deduction() -> None:
    result = evaluate(make_case([row("a", "≥", "10", "30", 10, deduction=D(2),
                                     reason="目标设定偏低，按偏离度调减")]))
    assert result.indicator("a").score == D(8)
    assert "扣减 2" in result.indicator("a").explain


def test_no_scorable_row_is_scored_zero_with_one_table_finding() -> None:
    result = evaluate(make_case([row("a", "≥", "10", None), row("b", "≥", "10", "不详")]))
    assert [r.status for r in result.indicators] == ["missing", "unparsed"]
    assert result.total == 0 and codes(result).count("table-unfilled") == 1


def test_unreadable_rows_are_listed_and_the_rest_scored() -> None:
    result = evaluate(make_case([row("a", "≥", "10", "不详", 50), row("b", "≥", "10", "10", 40)]))
    assert result.indicator("a").status == "unparsed"
    assert result.indicator("b").score == D(40)
    unparsed = [f for f in result.findings if f.code == "unparsed-cell"]
    assert unparsed and "不详" in unparsed[0].message


# --- comparators, F3/F4 through the engine -----------------------------------------------

def test_reverse_variant_follows_the_scheme() -> None:
    rows = [row("cost", "≤", "5", "6", "22.5")]
    assert evaluate(make_case(rows)).indicator("cost").score == D("18.75")
    linear = evaluate(make_case(rows), _linear_scheme())
    assert linear.indicator("cost").score == D("18.00")


def _linear_scheme():  # type: ignore[no-untyped-def]
    from scoring.load.scheme import load_scheme
    from scoring.model.scheme import Scheme
    base = load_scheme("mof-2020")
    return Scheme.model_validate({**base.model_dump(), "reverse": "linear"})


def test_comparator_inside_the_target_cell() -> None:
    result = evaluate(make_case([row("a", None, "≥95%", "98%")]))
    a = result.indicator("a")
    assert (a.comparator, a.status) == ("≥", "met")
    assert "comparator-assumed" not in codes(result)


def test_blank_comparator_uses_the_scheme_default_and_says_so() -> None:
    result = evaluate(make_case([row("a", None, "100%", "98%")]))
    assert result.indicator("a").score == D("9.80")
    assert "comparator-assumed" in codes(result)


def test_actual_written_as_a_bound() -> None:
    result = evaluate(make_case([row("a", "≥", "≥266米", "≥266米")]))
    assert result.indicator("a").score == D(10)
    assert "actual-is-bound" in codes(result)


def test_range_target() -> None:
    result = evaluate(make_case([row("a", None, "80%-90%", "60%")]))
    assert result.indicator("a").score == D("7.50")


# --- F6 qualitative -----------------------------------------------------------------------

@pytest.mark.parametrize(("actual", "score", "status"), [
    ("有效", "10.00", "met"),             # equal to the target text: 达成
    ("显著提升", "10.00", "met"),
    ("基本达成", "7.00", "partial"),       # default share 70%
    ("未达成", "3.00", "partial"),         # default share 30%
])
def test_qualitative_tiers(actual: str, score: str, status: str) -> None:
    result = evaluate(make_case([row("q", "定性", "有效", actual)]))
    q = result.indicator("q")
    assert (str(q.score), q.status) == (score, status)


def test_qualitative_manual_score_outside_its_band() -> None:
    inside = evaluate(make_case([row("q", "定性", "有效", "基本达成", manual_score=D("6.5"),
                                     reason="部分完成")]))
    assert "qualitative-score-outside-band" not in codes(inside)
    outside = evaluate(make_case([row("q", "定性", "有效", "基本达成", manual_score=D(9),
                                      reason="自评")]))
    assert "qualitative-score-outside-band" in codes(outside)


def test_hubei_qualitative_bands_are_80_50() -> None:
    case = make_case([row("q", "定性", "有效", "基本达成", manual_score=D("5.5"), reason="r")],
                     scheme="hubei-2020")
    assert "qualitative-score-outside-band" not in codes(evaluate(case))
    assert "qualitative-score-outside-band" in codes(evaluate(case, "mof-2020"))


# --- F7 dates, text actuals ------------------------------------------------------------------

def test_dates() -> None:
    on_time = evaluate(make_case([row("d", "≤", "2023年12月31日", "2023-11-30")]))
    assert on_time.indicator("d").score == D(10)
    late = evaluate(make_case([row("d", "≤", "12月底前", "2024年1月15日")]))
    assert late.indicator("d").score == 0
    assert "date-late" in codes(late)


def test_text_actual_on_a_quantitative_row() -> None:
    result = evaluate(make_case([row("a", "≤", "30", "完成", 90)]))
    assert result.indicator("a").score == D(90)
    assert "text-actual" in codes(result)
    unmet = evaluate(make_case([row("a", "≥", "30", "未完成", 90, reason="未开工")]))
    assert unmet.indicator("a").score == 0


# --- findings about rows -----------------------------------------------------------------------

def test_reason_missing_only_when_points_are_lost() -> None:
    assert "reason-missing" in codes(evaluate(make_case([row("a", "≥", "10", "5")])))
    assert "reason-missing" not in codes(evaluate(make_case([row("a", "≥", "10", "5",
                                                                reason="资金未到位")])))
    assert "reason-missing" not in codes(evaluate(make_case([row("a", "≥", "10", "10")])))


def test_target_possibly_too_low() -> None:
    assert "target-possibly-too-low" in codes(evaluate(make_case([row("a", "≥", "10", "13")])))
    assert "target-possibly-too-low" not in codes(evaluate(make_case([row("a", "≥", "10",
                                                                         "12.9")])))
    assert "target-possibly-too-low" in codes(evaluate(make_case([row("c", "≤", "10", "7")])))


def test_unit_suspect() -> None:
    result = evaluate(make_case([row("a", "≥", "95", "0.98", unit="%")]))
    assert "unit-suspect" in codes(result)
    assert "unit-suspect" in codes(evaluate(make_case([row("a", "≥", "120户", "130人")])))


def test_the_order_of_magnitude_finding_quotes_the_target_cell_and_names_its_row() -> None:
    result = evaluate(make_case([row("a", "≥", "1.2万", "11000", unit="万人")]))
    [f] = [f for f in result.findings if f.code == "unit-suspect"]
    assert f.indicator == "a" and dict(f.params)["name"] == "a"
    assert dict(f.params)["detail"] == "完成值 11000 远大于指标值 1.2万，像是未按数量级单位换算"


@pytest.mark.parametrize(("target", "actual", "unit", "suspect"), [
    ("1.2万", "11000", None, True),     # not converted to 万
    ("20", "200000", "万元", True),     # the 度量单位 says 万元
    ("20", "25", "万元", False),
    ("1.2万", "1.1万", None, False),    # both in 万
    ("100", "120000", None, False),     # no order of magnitude anywhere: not this finding
    ("1.2万", "11999", None, True),     # 1000 × 1.2 = 1200 ≤ 11999 (the ratio is data)
    ("20", "19999", "万元", False),     # below 1000 × 20
    ("1.2万", "1200", None, True),      # exactly 1000 ×
    ("0.5万", "600", None, True),       # a target below 1
    ("0万", "5", None, False),          # a target of 0: no ratio
])
def test_an_actual_not_converted_to_the_targets_magnitude(target: str, actual: str,
                                                         unit: str | None,
                                                         suspect: bool) -> None:
    extra = {"unit": unit} if unit else {}
    found = [dict(f.params)["detail"] for f in evaluate(make_case(
        [row("a", "≥", target, actual, **extra)])).findings if f.code == "unit-suspect"]
    assert bool(found) is suspect
    if suspect:
        assert found[0] == \
            f"完成值 {actual} 远大于指标值 {target}{unit or ''}，像是未按数量级单位换算"


def test_weights_do_not_sum() -> None:
    result = evaluate(make_case([row("a", "≥", "10", "10", 50)]))
    found = [f for f in result.findings if f.code == "weights-do-not-sum"]
    assert found and "50" in found[0].message and "100" in found[0].message


@pytest.mark.parametrize(("scheme", "budget_weight", "weights", "expected"), [
    ("hubei-2020", 20, (40, 40), None),     # W 20 + Σ 80: the scheme's split
    ("hubei-2020", 10, (45, 45), "80"),     # W 10 + Σ 90 under a scheme of 20 + 80 (RULES §5)
    ("mof-2020", 10, (45, 45), None),
    ("mof-2020", None, (50, 50), None),     # no budget row: the indicators carry the 100
    ("mof-2020", None, (45, 45), "100"),
])
def test_weights_are_checked_against_the_schemes_split(
        scheme: str, budget_weight: int | None, weights: tuple[int, int],
        expected: str | None) -> None:
    budget = {"adjusted": 100, "executed": 100} if budget_weight else None
    case = make_case([row("a", "≥", "10", "10", weights[0]), row("b", "≥", "1", "1", weights[1])],
                     scheme=scheme, budget=budget, budget_weight=budget_weight)
    found = [dict(f.params) for f in evaluate(case).findings if f.code == "weights-do-not-sum"]
    assert [f["expected"] for f in found] == ([expected] if expected else [])


def test_english_messages() -> None:
    result = evaluate(make_case([row("a", "≥", "10", None, 50), row("b", "≥", "1", "1", 50)]))
    missing = next(f for f in result.findings if f.code == "missing-actual")
    assert "no actual value" in missing.message_in("en")
    assert "完成值空缺" in missing.message


# --- purity ----------------------------------------------------------------------------------

def test_evaluation_ignores_the_callers_decimal_context() -> None:
    case = load_case(SEED)
    expected = evaluate(case)
    with localcontext() as ctx:
        ctx.prec = 3
        assert evaluate(case) == expected


def test_evaluation_from_many_threads_is_identical() -> None:
    from concurrent.futures import ThreadPoolExecutor

    case = load_case(SEED)
    expected = evaluate(case)
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: evaluate(case), range(64)))
    assert all(r == expected for r in results)


# --- F1 budget execution, every branch with its derivation and findings ------------------

BUDGET_ROW, TOTAL_ROW = "预算执行率", "合计"
UNDER, REASON, EXCEEDS = "budget-underspent", "budget-reason-missing", \
    "completion-exceeds-execution"
BUDGETS: list[tuple[dict[str, object], str, str, str | None,
                    list[tuple[str, dict[str, str], str]]]] = [
    ({"adjusted": 100, "executed": 76, "reason": "项目延期"},
     "76 ÷ 100 = 76.00%；10 × 76.00% = 7.6 → 7.6", "7.6", "0.76",
     [(UNDER, {"unspent": "24（24.00%）", "adjusted": "100", "threshold": "20"}, BUDGET_ROW),
      (EXCEEDS, {"completion": "100.00%", "rate": "76.00%", "gap": "5"}, TOTAL_ROW)]),
    ({"rate": "76%"}, "执行率（表中所列）76.00%；10 × 76.00% = 7.6 → 7.6", "7.6", "0.76",
     [(REASON, {"rate": "76.00%", "threshold": "90"}, BUDGET_ROW),
      (UNDER, {"unspent": "24.00%", "adjusted": "—", "threshold": "20"}, BUDGET_ROW),
      (EXCEEDS, {"completion": "100.00%", "rate": "76.00%", "gap": "5"}, TOTAL_ROW)]),
    ({"adjusted": 100, "rate": "76%", "reason": "r"},
     "执行率（表中所列）76.00%；10 × 76.00% = 7.6 → 7.6", "7.6", "0.76",
     [(UNDER, {"unspent": "24.00%", "adjusted": "100", "threshold": "20"}, BUDGET_ROW),
      (EXCEEDS, {"completion": "100.00%", "rate": "76.00%", "gap": "5"}, TOTAL_ROW)]),
    ({"executed": 76, "rate": "76%", "reason": "r"},
     "执行率（表中所列）76.00%；10 × 76.00% = 7.6 → 7.6", "7.6", "0.76",
     [(UNDER, {"unspent": "24.00%", "adjusted": "—", "threshold": "20"}, BUDGET_ROW),
      (EXCEEDS, {"completion": "100.00%", "rate": "76.00%", "gap": "5"}, TOTAL_ROW)]),
    ({"adjusted": 100, "executed": 110, "initial": 90},
     "110 ÷ 100 = 110.00%；10 × 100.00% = 10 → 10.0", "10.0", "1.1",
     [("budget-overspent", {"executed": "110", "adjusted": "100", "rate": "110.00%"},
       BUDGET_ROW)]),
    ({"adjusted": 100, "executed": "89.99"},
     "89.99 ÷ 100 = 89.99%；10 × 89.99% = 8.999 → 9.0", "9.0", "0.8999",
     [(REASON, {"rate": "89.99%", "threshold": "90"}, BUDGET_ROW),
      (EXCEEDS, {"completion": "100.00%", "rate": "89.99%", "gap": "5"}, TOTAL_ROW)]),
    ({"adjusted": 100, "executed": 90},  # exactly 90%: no reason needed
     "90 ÷ 100 = 90.00%；10 × 90.00% = 9 → 9.0", "9.0", "0.9",
     [(EXCEEDS, {"completion": "100.00%", "rate": "90.00%", "gap": "5"}, TOTAL_ROW)]),
    ({"adjusted": 100, "executed": 80, "reason": "r"},  # exactly 20% unspent: not underspent
     "80 ÷ 100 = 80.00%；10 × 80.00% = 8 → 8.0", "8.0", "0.8",
     [(EXCEEDS, {"completion": "100.00%", "rate": "80.00%", "gap": "5"}, TOTAL_ROW)]),
    ({"adjusted": 3, "executed": 2, "reason": "r"},
     "2 ÷ 3 = 66.67%；10 × 66.67% ≈ 6.666667 → 6.7", "6.7", None,
     [(UNDER, {"unspent": "1（33.33%）", "adjusted": "3", "threshold": "20"}, BUDGET_ROW),
      (EXCEEDS, {"completion": "100.00%", "rate": "66.67%", "gap": "5"}, TOTAL_ROW)]),
    ({"adjusted": 0, "executed": 0}, "调整后预算数为 0 或缺失 → 0", "0.0", None,
     [("budget-zero", {}, BUDGET_ROW)]),
    ({"executed": 50}, "调整后预算数为 0 或缺失 → 0", "0.0", None,
     [("budget-zero", {}, BUDGET_ROW)]),
    ({"adjusted": -5, "executed": 50}, "调整后预算数为 0 或缺失 → 0", "0.0", None,
     [("bad-budget", {"field": "adjusted", "text": "-5"}, BUDGET_ROW),  # left blank (#15.1)
      ("budget-zero", {}, BUDGET_ROW)]),
    ({"adjusted": 100}, "预算执行数缺失 → 0", "0.0", None,  # the adjusted figure is there
     [("budget-executed-missing", {}, BUDGET_ROW)]),
]


@pytest.mark.parametrize(("budget", "explain", "score", "rate", "found"), BUDGETS)
def test_budget_execution(budget: dict[str, object], explain: str, score: str,
                          rate: str | None, found: list[tuple[str, dict[str, str], str]]) -> None:
    case = _one_row_case(**budget)
    row_reason = make_case([row("x", "≥", "10", "10", 90, reason="r")], scheme="sichuan-2023",
                           budget={k: str(v) for k, v in budget.items()}, budget_weight="10")
    result = evaluate(row_reason)
    b = result.budget
    assert b is not None
    assert (b.explain, str(b.score)) == (explain, score)
    if rate is not None:
        assert str(b.rate) == rate
    assert b.weight == 10
    assert b.reason == budget.get("reason")
    for field in ("initial", "adjusted", "executed"):
        given = budget.get(field)
        # a published figure below 0 is read as blank (`bad-budget`, load/published_budget.py)
        assert getattr(b, field) == (D(str(given)) if given is not None and D(str(given)) >= 0
                                     else None)
    got = [(f.code, {k: v for k, v in f.params if k != "name"}, f.indicator)
           for f in result.findings if f.indicator != "x"]
    assert got == found
    budget_place = case.budget.location if case.budget else None
    for f in result.findings:
        if f.indicator == BUDGET_ROW:
            assert f.location == budget_place
        elif f.indicator == TOTAL_ROW:
            assert f.location == case.location


def test_budget_reported_score_and_raw_score_are_kept() -> None:
    case = make_case([row("x", "≥", "10", "10", 90)], scheme="sichuan-2023",
                     budget={"adjusted": "3", "executed": "2", "reason": "r"},
                     budget_weight="10", reported={"budget_execution": D("6.70")})
    b = evaluate(case).budget
    assert b is not None
    assert b.reported_score == "6.7"
    with localcontext(ENGINE_CONTEXT):
        assert b.raw_score == D(10) * D(2) / D(3)
    zero = make_case([row("x", "≥", "10", "10", 90)], scheme="sichuan-2023",
                     budget={"initial": "5", "adjusted": "0", "executed": "0", "reason": "未拨付"},
                     budget_weight="10", reported={"budget_execution": "0分"})
    z = evaluate(zero).budget
    assert z is not None
    assert (z.reported_score, z.reason, z.rate, z.raw_score) == ("0分", "未拨付", None, None)
    assert (z.initial, z.adjusted, z.executed) == (D(5), D(0), D(0))


@pytest.mark.parametrize(("actual", "exceeds"), [("84", False), ("84.1", True)])
def test_completion_may_exceed_execution_by_the_gap_exactly(actual: str, exceeds: bool) -> None:
    """rate 80% × 1.05 = 84%: a completion of exactly 84% is not flagged (> not ≥)."""
    case = make_case([row("x", "≥", "100", actual, 90, reason="r")], scheme="sichuan-2023",
                     budget={"adjusted": "100", "executed": "80", "reason": "r"},
                     budget_weight="10")
    assert ("completion-exceeds-execution" in codes(evaluate(case))) is exceeds


# --- the case around the rows ------------------------------------------------------------

def test_the_scheme_comes_from_the_argument_then_the_case_then_the_set() -> None:
    case = make_case([row("x", "≥", "240", "184.2", 90)], scheme="sichuan-2023")
    assert evaluate(case).scheme.id == "sichuan-2023"
    assert evaluate(case, "hubei-2020").scheme.id == "hubei-2020"
    from_set = case.model_copy(update={"scheme": None, "indicator_set":
                                       case.indicator_set.model_copy(update={"scheme":
                                                                             "hubei-2020"})})
    assert evaluate(from_set).scheme.id == "hubei-2020"
    neither = from_set.model_copy(update={"indicator_set": case.indicator_set.model_copy(
        update={"scheme": None})})
    assert evaluate(neither).scheme.id == "mof-2020"


def test_project_fields_fall_back_to_the_set() -> None:
    case = make_case([row("x", "≤", "12月底前", "2023-11-30", 90)], year=None)
    iset = case.indicator_set.model_copy(update={"code": "P-1", "year": 2023,
                                                 "department": "财政局", "title": "标题"})
    project = case.project.model_copy(update={"name": None})
    result = evaluate(case.model_copy(update={"indicator_set": iset, "project": project}))
    assert (result.project.name, result.project.code, result.project.department,
            result.project.year) == ("标题", "P-1", "财政局", 2023)
    assert result.indicators[0].explain == "2023-11-30 不晚于 2023-12-31 → 90"  # the set's year
    own = case.project.model_copy(update={"code": "P-2", "department": "教育局", "year": 2024})
    mine = evaluate(case.model_copy(update={"indicator_set": iset, "project": own}))
    assert (mine.project.code, mine.project.department, mine.project.year) == (
        "P-2", "教育局", 2024)


def test_published_total_grade_and_source_are_carried() -> None:
    case = make_case([row("x", "≥", "100", "100", 90)], scheme="sichuan-2023",
                     reported={"total": D("90.00"), "grade": "优"})
    result = evaluate(case)
    assert (result.reported_total, result.reported_grade, result.source) == ("90", "优", "<test>")
    bare = evaluate(make_case([row("x", "≥", "100", "100", 90)]))
    assert (bare.reported_total, bare.reported_grade) == (None, None)


def test_a_case_with_only_manual_scores_is_scorable() -> None:
    result = evaluate(make_case([row("a", "≥", "10", None, 90, manual_score=D(80),
                                     reason="无法计算")]))
    assert result.total == D("80.00")


def test_an_unfilled_table_is_named_at_the_case() -> None:
    case = make_case([row("a", "≥", "10", None)])
    [unfilled] = [f for f in evaluate(case).findings if f.code == "table-unfilled"]
    assert (unfilled.severity, unfilled.location) == ("error", case.location)


def test_a_case_with_every_row_not_applicable_has_no_scorable_row() -> None:
    rows = [row("a", "≥", "10", "10", 90, not_applicable=True, reason="未开展")]
    with pytest.raises(LoadError) as err:
        evaluate(make_case(rows, budget={"adjusted": "1", "executed": "1"}, budget_weight="10"))
    assert err.value.diagnostics[0].code == "no-scorable-row"
    assert evaluate(make_case([row("a", "≥", "10", "10", 90)])).rescaled is False


def test_the_callers_decimal_context_does_not_reach_the_engine() -> None:
    case = make_case([row("a", "≥", "240", "184.2", 50), row("b", "≤", "3", "2", 40)],
                     scheme="sichuan-2023", budget={"adjusted": "3", "executed": "2"},
                     budget_weight="10")
    with localcontext() as ctx:
        ctx.prec = 3
        low = evaluate(case)
    assert low == evaluate(case)
    assert low.budget is not None and low.budget.explain.endswith("≈ 6.666667 → 6.7")


def test_a_budget_weight_without_budget_figures_scores_zero_at_the_weight() -> None:
    case = make_case([row("x", "≥", "10", "10", 90)], scheme="sichuan-2023",
                     budget_weight="10")
    result = evaluate(case)
    b = result.budget
    assert b is not None
    assert (b.initial, b.adjusted, b.executed, b.rate, b.reason, b.reported_score) == (
        None, None, None, None, None, None)
    assert (b.score, b.explain) == (D("0.0"), "调整后预算数为 0 或缺失 → 0")
    (zero,) = [f for f in result.findings if f.code == "budget-zero"]
    assert zero.location == case.indicator_set.budget_execution.location  # type: ignore[union-attr]
