"""review/checks.py: the registry of the audit's checks and a table's own figures —
its total, its grade, its budget figures."""

from __future__ import annotations

from decimal import Decimal as D

from builders import make_case, row

from scoring import audit
from scoring.engine.evaluate import evaluate
from scoring.load.scheme import load_scheme
from scoring.review.checks import (
    AUDIT_CHECKS,
    applicable_weight,
    check_grade,
    check_total,
    check_unscored_budget,
)
from scoring.review.context import AuditContext, build_context
from scoring.review.row_checks import check_budget_score, check_row_scores

SCHEME = load_scheme("mof-2020")


def _audit(first: str, second: str, total: str, grade: str) -> dict[str, str]:
    case = make_case([row("甲", "≥", "10", "8", 10, reported_score=first, reason="原因"),
                      row("乙", "≥", "10", "10", 90, reported_score=second)],
                     reported={"total": total, "grade": grade})
    return {f"{f.code} {f.indicator}": f.message for f in audit(case).findings}


def test_a_table_that_follows_the_rules_has_nothing_to_report() -> None:
    assert _audit("8.0", "90", "98", "优") == {}  # 8.0 is 8 at the published precision


def test_each_published_figure_that_breaks_a_rule_is_one_error() -> None:
    found = _audit("9", "95", "100", "良")
    assert set(found) == {"reported-score-differs 甲", "reported-score-exceeds-weight 乙",
                          "reported-total-mismatch 合计", "reported-grade-mismatch 合计"}
    assert found["reported-score-differs 甲"].startswith("“甲”公布得分 9，按规则计算为 8.00")
    assert "104" in found["reported-total-mismatch 合计"]  # the sum of the published scores


def test_the_registry_runs_the_rows_checks_then_the_tables() -> None:
    assert AUDIT_CHECKS == (check_budget_score, check_row_scores, check_total, check_grade,
                            check_unscored_budget)


def _context(total: str | None, grade: str | None = None, *, second: str = "90",
             budget: dict[str, str] | None = None) -> AuditContext:
    reported = {k: v for k, v in (("total", total), ("grade", grade)) if v is not None}
    case = make_case([row("甲", "≥", "10", "8", 10, reported_score="8", reason="原因"),
                      row("乙", "≥", "10", "10", 90, reported_score=second)],
                     reported=reported, budget=budget)
    return build_context(case, evaluate(case, SCHEME), SCHEME)


def test_the_published_total_is_the_sum_of_the_published_scores() -> None:
    assert list(check_total(_context("98"))) == []
    [wrong] = check_total(_context("97"))
    assert (wrong.code, wrong.indicator) == ("reported-total-mismatch", "合计")
    assert [f.code for f in check_total(_context("合计见附表"))] == ["reported-cell-unreadable"]
    assert list(check_total(_context("97", second="见附表"))) == []


def test_the_published_grade_is_the_schemes_grade_of_the_published_total() -> None:
    assert list(check_grade(_context("98", "优秀"))) == []
    [wrong] = check_grade(_context("98", "良"))
    assert wrong.code == "reported-grade-mismatch" and "优" in wrong.message
    assert list(check_grade(_context(None, "良"))) == []


def test_budget_figures_without_a_budget_row_still_show_unspent_money() -> None:
    ctx = _context("98", budget={"adjusted": "100", "executed": "50"})
    assert ctx.result.budget is None
    found = {f.code: dict(f.params) for f in check_unscored_budget(ctx)}
    assert found["budget-underspent"]["unspent"] == "50（50.00%）"  # data/audit.yaml `unspent`
    assert "completion-exceeds-execution" in found
    spent = _context("98", budget={"adjusted": "100", "executed": "100"})
    assert list(check_unscored_budget(spent)) == []


def test_the_applicable_weight_leaves_out_the_rows_not_applicable() -> None:
    case = make_case([row("甲", "≥", "10", "8", 30), row("乙", "≥", "10", "", 70,
                                                     not_applicable=True, reason="未开展")])
    result = evaluate(case, SCHEME)
    assert applicable_weight(result) == D(30)
