"""Audit checks: the registry of every check, and the checks of a whole table.

`audit.py` runs each check of `AUDIT_CHECKS`, in order, on the context
`context.py` builds (beancount's validation style: one small function per
finding): the published scores of the rows and of the budget row
(`row_checks.py`), then the table's own figures here: the published total against
the sum of the published scores (F8, rescaled over the applicable weight, F9),
the published grade against the scheme's grade of that total (F12), and budget
figures printed without a budget-execution row (unspent money, a completion
beyond the execution rate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from ..decimals import HUNDRED, ONE, ZERO, fmt, percent, round_half_up
from ..model.findings import Finding, finding
from ..model.result import BUDGET_ROW, TOTAL_ROW, Result
from ..model.scheme import grade_of
from .context import AuditContext, known
from .grades import audit_policy, same_grade
from .row_checks import check_budget_score, check_row_scores


def check_total(ctx: AuditContext) -> Iterator[Finding]:
    """The published total against the sum of the published scores (F8)."""
    rep = ctx.case.reported
    applicable = [row for row in ctx.rows if row.result.status != "not-applicable"]  # F9
    scores = [row.published.value for row in applicable
              if row.published is not None and row.published.value is not None]
    budget = ctx.budget.value if ctx.budget is not None else None
    if rep is None or (not scores and budget is None):
        return
    indicators = sum(scores, ZERO)
    added = indicators + (budget or ZERO)
    t = ctx.total
    if t is None:
        if "total" in rep.field_locations:  # the table has a total cell, printed blank
            yield finding("reported-total-missing", TOTAL_ROW, known(rep.place("total")),
                          recomputed=fmt(added))
        return
    if t.value is None:
        yield finding("reported-cell-unreadable", TOTAL_ROW, t.location,
                      field=audit_policy()["fields"]["total"], published=t.text)
        return
    if len(scores) < len(applicable):
        return  # a row's published score is blank or unreadable: the sum cannot be checked
    expected, how = added, fmt(indicators)
    if budget is not None:
        how = f"{fmt(budget)} + {how}"
    if ctx.result.rescaled:  # F9: the published scores over the applicable weight
        weight = applicable_weight(ctx.result)
        expected = added / weight * ctx.scheme.total
        how = f"{f'({how})' if budget is not None else how} ÷ {fmt(weight)} × " \
              f"{fmt(ctx.scheme.total)}"
    if t.value != round_half_up(expected, t.places):
        shown = round_half_up(expected, max(t.places, ctx.scheme.places))
        yield finding("reported-total-mismatch", TOTAL_ROW, t.location, published=t.text,
                      recomputed=fmt(shown), sum=how)


def check_grade(ctx: AuditContext) -> Iterator[Finding]:
    """The published grade against the scheme's grade of the published total (F12)."""
    rep, t = ctx.case.reported, ctx.total
    if rep is None or not (rep.grade or "").strip() or t is None or t.value is None:
        return
    expected = grade_of(ctx.scheme, t.value)
    if not same_grade(rep.grade or "", expected):
        yield finding("reported-grade-mismatch", TOTAL_ROW, known(rep.place("grade")),
                      published=rep.grade, total=t.text, scheme=ctx.scheme.id,
                      recomputed=expected)


def check_unscored_budget(ctx: AuditContext) -> Iterator[Finding]:
    """Budget figures but no budget-execution row: the total cannot show unspent money."""
    b = ctx.case.budget
    if ctx.result.budget is not None or b is None:
        return
    executed, base = b.executed.number, b.adjusted.number
    base = base if base is not None else b.initial.number
    printed = b.rate.number
    if executed is not None and base:
        rate = executed / base
    elif printed is not None:
        rate, executed, base = printed / HUNDRED, None, None
    else:
        return
    where = known(b.location)
    policy = ctx.scheme.budget
    if policy.underspent_above is not None and (ONE - rate) * HUNDRED > policy.underspent_above:
        unspent = percent(ONE - rate) if executed is None or base is None else \
            audit_policy()["unspent"].format(amount=fmt(base - executed),
                                             share=percent(ONE - rate))
        yield finding("budget-underspent", BUDGET_ROW, where, unspent=unspent,
                      adjusted=fmt(base) if base is not None and b.adjusted.number
                      is not None else "—",  # a rate against the initial budget names none
                      threshold=fmt(policy.underspent_above))
    applicable = [(r.weight, r.score) for r in ctx.result.indicators
                  if r.status != "not-applicable" and r.weight is not None and r.score is not None]
    weight = sum((w for w, _ in applicable), ZERO)
    if policy.completion_gap is None or not weight:
        return
    completion = sum((score for _, score in applicable), ZERO) / weight
    if completion > rate * (ONE + policy.completion_gap / HUNDRED):
        yield finding("completion-exceeds-execution", TOTAL_ROW, where,
                      completion=percent(completion), rate=percent(rate),
                      gap=fmt(policy.completion_gap))


AUDIT_CHECKS: tuple[Callable[[AuditContext], Iterator[Finding]], ...] = (
    check_budget_score, check_row_scores, check_total, check_grade, check_unscored_budget,
)


def applicable_weight(result: Result) -> Decimal:
    """The weight of the rows that apply and of the budget row: what a rescaled total's
    published scores are taken over (F9)."""
    weight = sum((r.weight for r in result.indicators
                  if r.status != "not-applicable" and r.weight is not None), ZERO)
    return weight + (result.budget.weight if result.budget else ZERO)
