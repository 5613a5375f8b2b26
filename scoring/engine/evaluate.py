"""Evaluate: a case under a scheme → a `Result`. Pure and thread-safe.

Scores every row (`engine/row.py`), the budget execution (F1), the total as the sum
of the rounded scores (F8, rescaled for rows not applicable, F9), the grade
(F12), and the case-level findings. All arithmetic runs in the engine's own
decimal context, whatever the calling thread has set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal, localcontext
from functools import partial

from ..decimals import (
    ENGINE_CONTEXT,
    HUNDRED,
    ONE,
    ZERO,
    fmt,
    fmt_exact,
    fmt_places,
    percent,
    round_half_up,
)
from ..errors import Diagnostic, LoadError
from ..load.scheme import DEFAULT_SCHEME, content_hash, load_scheme
from ..model.case import Case
from ..model.findings import Finding, finding
from ..model.result import BUDGET_ROW, TOTAL_ROW, BudgetResult, ProjectInfo, Result, SchemeInfo
from ..model.scheme import Scheme, grade_of
from ..read.packaged import data_file
from .department import effective_actuals, section_results
from .funds import fund_findings, fund_sources
from .row import RowOutcome, published, score_row
from .table_findings import case_findings, no_weights

_WORDS: dict[str, str] = data_file("derivations.yaml")["budget"]  # F1's derivations


def scheme_for(case: Case, scheme: Scheme | str | None = None) -> Scheme:
    """The scheme to apply: the one given, else the case's, else the default
    (`DEFAULT_SCHEME`, `mof-2020`)."""
    if isinstance(scheme, Scheme):
        return scheme
    return load_scheme(scheme or case.scheme or case.indicator_set.scheme or DEFAULT_SCHEME)


def evaluate(case: Case, scheme: Scheme | str | None = None) -> Result:
    """Score `case` under `scheme` (a `Scheme`, a built-in id or a path).

    Pure: the same inputs give the same `Result`, from any thread. Raises
    `LoadError` when every row of the case is not applicable (F9).
    """
    applied = scheme_for(case, scheme)
    with localcontext(ENGINE_CONTEXT):
        return _evaluate(case, applied)


def _evaluate(case: Case, scheme: Scheme) -> Result:
    iset = case.indicator_set
    year = case.project.year or iset.year
    scores = case.reported.scores if case.reported else {}
    actuals = effective_actuals(case)  # rows of sections not applicable are left out (F9)
    outcomes: list[RowOutcome] = [score_row(ind, actuals.get(ind.key), scheme, year,
                                            scores.get(ind.key))
                                  for ind in iset.indicators]
    return _aggregate(case, scheme, outcomes)


def _aggregate(case: Case, scheme: Scheme, outcomes: Sequence[RowOutcome]) -> Result:
    iset = case.indicator_set
    year = case.project.year or iset.year
    if outcomes and not any(o.applicable for o in outcomes):  # every row left out (F9)
        raise LoadError([Diagnostic(case.location, data_file("derivations.yaml")["no_scorable_row"],
                                    "no-scorable-row")])
    findings: list[Finding] = []
    indicator_sum = weight_sum = applicable_weight = ZERO
    rescaled = False
    for o in outcomes:  # one pass: this runs for every project of a batch
        if o.findings:
            findings.extend(o.findings)
        r = o.result
        if r.weight is None or r.score is None:  # a row without 权重: shown, not scored
            continue
        weight_sum += r.weight
        if o.applicable:
            indicator_sum += r.score
            applicable_weight += r.weight
        else:
            rescaled = True
    findings.extend(case_findings(case, outcomes, scheme))
    reported = case.reported
    budget = _budget(case, scheme, findings)
    if budget is not None and case.budget is not None and case.budget.sources is not None:
        budget = replace(budget, sources=fund_sources(case.budget.sources))
        findings.extend(fund_findings(budget, BUDGET_ROW, case.budget.sources.location))
    budget_weight = budget.weight if budget else ZERO
    max_total = budget_weight + weight_sum
    total = indicator_sum + (budget.score if budget else ZERO)
    if rescaled:
        denominator = applicable_weight + budget_weight  # > 0 unless no row has a weight
        total = round_half_up(total / denominator * scheme.total, scheme.places)
        findings = [f if f.code != "not-applicable" else finding(
            "not-applicable", f.indicator, f.location, applicable=fmt(denominator))
            for f in findings]
    # with a budget row, the scheme's indicator total (RULES.md §5: a table that gives the
    # budget 10 points under a scheme of 20 is found here); without one, the whole total
    scheme_budget = scheme.budget_weight if budget else ZERO
    expected = scheme.total - scheme_budget
    unweighted = no_weights(outcomes)  # judged without points: no total, no grade
    if unweighted:  # one no-weights finding says it for every row
        findings = [f for f in findings if f.code != "row-unweighted"]
    if weight_sum != expected and not unweighted:
        findings.append(finding("weights-do-not-sum", TOTAL_ROW, case.location, sum=fmt(weight_sum),
                                expected=fmt(expected), total=fmt(scheme.total),
                                budget_weight=fmt(scheme_budget)))
    if budget and budget.rate is not None and applicable_weight and scheme.budget.completion_gap \
            is not None:
        completion = indicator_sum / applicable_weight
        if completion > budget.rate * (ONE + scheme.budget.completion_gap / HUNDRED):
            findings.append(finding("completion-exceeds-execution", TOTAL_ROW, case.location,
                                    completion=percent(completion), rate=percent(budget.rate),
                                    gap=fmt(scheme.budget.completion_gap)))
    project = case.project
    return Result(
        project=ProjectInfo(name=project.name or iset.title, code=project.code or iset.code,
                            department=project.department or iset.department,
                            unit=project.unit, year=year, goals=project.goals,
                            goal_completion=project.goal_completion, content=project.content),
        kind=iset.kind,
        scheme=SchemeInfo(id=scheme.id, name=scheme.name, version=scheme.version,
                          content_hash=partial(content_hash, scheme, iset), places=scheme.places),
        budget=budget, indicators=tuple(o.result for o in outcomes),
        total=None if unweighted else round_half_up(total, scheme.places),
        max_total=None if unweighted else max_total,
        grade=None if unweighted else grade_of(scheme, total),
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        rescaled=rescaled, source=case.source,
        reported_total=published(reported.total) if reported else None,
        reported_grade=reported.grade if reported else None,
        sections=section_results(case, [o.result for o in outcomes]),
        full_marks=scheme.total)


def _budget(case: Case, scheme: Scheme, findings: list[Finding]) -> BudgetResult | None:
    """F1: rate = E / B; s = W × min(rate, 1), with the budget findings."""
    spec = case.indicator_set.budget_execution
    if spec is None:
        return None
    w = spec.weight.number or ZERO
    b = case.budget
    initial = b.initial.number if b else None
    adjusted = b.adjusted.number if b else None
    executed = b.executed.number if b else None
    printed_rate = b.rate.number if b else None
    reported = case.reported.budget_execution if case.reported else None
    reason = b.reason if b else None
    loc = b.location if b else spec.location
    share = budget_share(w, executed, adjusted, printed_rate, scheme.places)
    if share is None:  # no rate: an adjusted budget of 0 or none, else no executed figure
        zero = adjusted is None or adjusted <= 0
        findings.append(finding("budget-zero" if zero else "budget-executed-missing",
                                BUDGET_ROW, loc))
        return BudgetResult(initial=initial, adjusted=adjusted, executed=executed, rate=None,
                            weight=w, score=round_half_up(ZERO, scheme.places),
                            explain=_WORDS["zero" if zero else "executed_missing"],
                            reported_score=published(reported), reason=reason)
    rate, raw, score, explain = share
    if rate > ONE and scheme.budget.overspent_finding:
        findings.append(finding("budget-overspent", BUDGET_ROW, loc, executed=fmt(executed or ZERO),
                                adjusted=fmt(adjusted or ZERO), rate=percent(rate)))
    below = scheme.budget.reason_below
    if below is not None and rate * HUNDRED < below and not (reason or "").strip():
        findings.append(finding("budget-reason-missing", BUDGET_ROW, loc, rate=percent(rate),
                                threshold=fmt(below)))
    under = scheme.budget.underspent_above
    if under is not None and (ONE - rate) * HUNDRED > under:
        unspent = _WORDS["unspent"].format(amount=fmt(adjusted - executed),
                                           share=percent(ONE - rate)) if (
            adjusted is not None and executed is not None) else percent(ONE - rate)
        findings.append(finding("budget-underspent", BUDGET_ROW, loc, unspent=unspent,
                                adjusted=fmt(adjusted) if adjusted is not None else "—",
                                threshold=fmt(under)))
    return BudgetResult(initial=initial, adjusted=adjusted, executed=executed, rate=rate,
                        weight=w, score=score, explain=explain,
                        reported_score=published(reported), reason=reason, raw_score=raw)


def budget_share(w: Decimal, executed: Decimal | None, adjusted: Decimal | None,
                 printed_rate: Decimal | None, places: int,
                 ) -> tuple[Decimal, Decimal, Decimal, str] | None:
    """F1's rate, unrounded score, score and derivation from the budget's figures (the
    executed and adjusted budget, else a printed rate); None when they give no rate."""
    product: Decimal | None = None  # W × E ÷ B, multiplied first: exact when it can be
    if adjusted is not None and executed is not None and adjusted > 0:
        rate = executed / adjusted
        product = w * executed / adjusted
        how = f"{fmt(executed)} ÷ {fmt(adjusted)} = {percent(rate)}"
    elif printed_rate is not None and (adjusted is None or executed is None):
        rate = printed_rate / HUNDRED
        how = _WORDS["printed_rate"].format(rate=percent(rate))
    else:
        return None
    capped = min(rate, ONE)
    raw = product if product is not None and rate < ONE else w * capped  # 3 × 1 ÷ 3 = 1
    score = round_half_up(raw, places)
    return rate, raw, score, _WORDS["share"].format(how=how, w=fmt(w), capped=percent(capped),
                                                    q=fmt_exact(raw),
                                                    score=fmt_places(score, places))
