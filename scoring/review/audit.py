"""Audit (复核): the published table against the rules, after `evaluate`.

The stage between the engine and the reports, pure (no I/O). `audit` scores
a case and runs the checks of `review/checks.py` (`AUDIT_CHECKS`, on the context of
`review/context.py`) over what it published: each 得分, 合计 and 等级 (RULES.md §5:
`reported-score-differs`, `reported-score-exceeds-weight`, `reported-total-mismatch`,
`reported-grade-mismatch`, `full-score-without-actual`, and the audit's own
`reported-total-missing`, `full-score-on-text-actual`, `reported-cell-unreadable`,
plus the budget findings of a table that lists
budget figures but scores no budget execution). A published score is
compared at the precision it was printed with: `7.7` agrees with a rule
score of 7.675, `10` with 9.96 (→ 10 at 0 decimals) but not with 9.4.

Points that rest on no evidence (`manual_points`): the sum, over indicator
rows whose actual is blank (the engine's `missing` status or
`manual-score-without-actual`), unreadable, or on a quantitative row a
phrase instead of a number (`完成`, `text-actual`), of the points the row
carries in the recomputed result (a manual score, or the rule's reading of
the phrase) or, when it carries none there, of its published score.
`total_without_manual` is the recomputed total with each such row scored 0
(F8, rescaled as F9), `grade_without_manual` its grade. A manual score on a
row that has an actual value or a documented basis (`evidence`, checklist
items) is a judgement with evidence: the engine lists it (`manual-score`);
it is not counted here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..decimals import ZERO, round_half_up
from ..engine.evaluate import evaluate, scheme_for
from ..model.case import Case
from ..model.findings import SEVERITY_ORDER, Finding
from ..model.result import Result
from ..model.scheme import Scheme, grade_of
from .checks import AUDIT_CHECKS, applicable_weight
from .context import AuditRow, Published, build_context
from .grades import same_grade

__all__ = ["Audit", "AuditResult", "ManualRow", "audit", "audit_result", "same_grade",
           "settle", "worst_severity"]

Basis = Literal["manual", "phrase", "published"]


@dataclass(frozen=True, slots=True)
class ManualRow:
    """A row whose points rest on no evidence, and where those points come from."""

    indicator: str  # the indicator id
    name: str
    points: Decimal
    basis: Basis  # manual score | the rule's reading of a phrase | the published score


@dataclass(frozen=True, slots=True)
class Audit:
    """What the published table claims, what the rules give, and what does not hold."""

    reported_total: Decimal | None
    reported_grade: str | None
    recomputed_total: Decimal | None  # None: no row has a weight (no-weights)
    recomputed_grade: str | None
    manual_points: Decimal
    total_without_manual: Decimal | None
    grade_without_manual: str | None
    findings: tuple[Finding, ...]
    manual_rows: tuple[ManualRow, ...] = ()
    reported_total_grade: str | None = None  # the scheme's grade of the published total


@dataclass(frozen=True, slots=True)
class AuditResult:
    """An evaluated case and its audit."""

    result: Result
    audit: Audit

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The engine's findings and the audit's, most severe first."""
        return tuple(sorted((*self.result.findings, *self.audit.findings),
                            key=Finding.sort_key))

    @property
    def published_grade(self) -> str | None:
        """The grade the table stands for: as printed, else that of its printed total."""
        return self.audit.reported_grade or self.audit.reported_total_grade

    def grade_changes(self) -> bool:
        """Whether the recomputed grade differs from the grade the table stands for."""
        published, recomputed = self.published_grade, self.audit.recomputed_grade
        return published is not None and recomputed is not None and not same_grade(
            published, recomputed)  # (no recomputed grade: no row has a weight)

    def evidence_changes_grade(self) -> bool:
        """Whether points with no evidence lift the recomputed grade (the grade without them
        differs)."""
        a = self.audit
        return bool(a.manual_points) and a.recomputed_grade is not None and \
            a.grade_without_manual is not None and not same_grade(a.recomputed_grade,
                                                                  a.grade_without_manual)


def audit(case: Case, scheme: Scheme | str | None = None) -> AuditResult:
    """Evaluate `case` under `scheme` and audit what it published against the rules."""
    applied = scheme_for(case, scheme)
    result = evaluate(case, applied)
    return AuditResult(result, audit_result(case, result, applied))


def _manual_rows(rows: Sequence[AuditRow]) -> tuple[ManualRow, ...]:
    out = []
    for row in rows:
        r = row.result
        if row.evidence == "value" or r.status == "not-applicable" or r.score is None:
            continue
        if r.score > 0:
            basis: Basis = "manual" if r.status == "manual" else "phrase"
            out.append(ManualRow(r.id, r.name, r.score, basis))
        elif row.published is not None and row.published.value:
            out.append(ManualRow(r.id, r.name, row.published.value, "published"))
    return tuple(out)


def _total_without(result: Result, scheme: Scheme, removed: Decimal) -> Decimal | None:
    """The recomputed total with `removed` points taken out (F8, rescaled as F9); None
    when no row has a weight."""
    if not removed or result.total is None:
        return result.total
    kept = sum((r.score for r in result.indicators
                if r.status != "not-applicable" and r.score is not None), ZERO)
    kept += (result.budget.score if result.budget else ZERO) - removed
    if result.rescaled:
        kept = kept / applicable_weight(result) * scheme.total
    return round_half_up(kept, scheme.places)


def audit_result(case: Case, result: Result, scheme: Scheme) -> Audit:
    """The audit of `case` given its evaluation `result` under `scheme`. Pure."""
    ctx = build_context(case, result, scheme)
    found = sorted((f for check in AUDIT_CHECKS for f in check(ctx)), key=Finding.sort_key)
    return settle(result, ctx.rows, scheme, found, ctx.total,
                  case.reported.grade if case.reported else None)


def settle(result: Result, rows: Sequence[AuditRow], scheme: Scheme,
           found: Sequence[Finding], total: Published | None, printed: str | None) -> Audit:
    """The `Audit` of `result` given its rows with their published cells and evidence, the
    audit's findings (sorted), the published 合计 and the grade as printed: the points that
    rest on no evidence and the total and grade without them."""
    manual = _manual_rows(rows)
    removed = sum((row.result.score for row in rows if row.evidence != "value"
                   and row.result.status != "not-applicable" and row.result.score is not None),
                  ZERO)
    without = _total_without(result, scheme, removed)
    value = total.value if total is not None else None
    grade = printed.strip() if printed and printed.strip() else None
    return Audit(
        reported_total=value, reported_grade=grade, recomputed_total=result.total,
        recomputed_grade=result.grade, manual_points=sum((m.points for m in manual), ZERO),
        total_without_manual=without,
        grade_without_manual=None if without is None else grade_of(scheme, without),
        findings=tuple(found), manual_rows=manual,
        reported_total_grade=grade_of(scheme, value) if value is not None else None)


def worst_severity(findings: Iterable[Finding]) -> int | None:
    """The SEVERITY_ORDER rank of the most severe finding (0 = error), None if none."""
    return min((SEVERITY_ORDER[f.severity] for f in findings), default=None)
