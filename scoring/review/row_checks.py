"""Audit checks of the rows: each published 得分 against its weight and its rule.

One check per published score of a row (`check_row_scores`) and of the
budget-execution row (`check_budget_score`), on the context `context.py` builds:
a published score above its weight, or not the rule's score at the precision it
was printed with, a full score on a row whose actual is blank or a phrase; a
定性 row's score only outside its tier's band (F6). `score_findings` and
`full_score_findings` are also what the audit on the core's frames makes its
findings with (`columns_audit_make.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..decimals import ZERO, fmt, fmt_places, plain, round_half_up
from ..engine.row_kinds import outside_band, qualitative_tier
from ..model.findings import Finding, finding
from ..model.result import BUDGET_ROW, IndicatorResult
from ..read.cell import Cell, Comparator
from .context import AuditContext, Evidence, Published
from .grades import audit_policy


def score_findings(name: str, p: Published, weight: Decimal, raw: Decimal | None,
                    score: Decimal, explain: str, places: int) -> Iterator[Finding]:
    """A published score against its weight and against the rule, at its precision."""
    if p.value is None:
        yield finding("reported-cell-unreadable", name, p.location,
                      field=audit_policy()["fields"]["score"], published=p.text)
        return
    recomputed = fmt_places(score, places)
    if p.value > weight:
        yield finding("reported-score-exceeds-weight", name, p.location, published=p.text,
                      weight=fmt(weight), recomputed=recomputed)
        return
    expected = round_half_up(score if raw is None else raw, p.places)
    if p.value != expected:
        yield finding("reported-score-differs", name, p.location, published=p.text,
                      recomputed=recomputed, expected=plain(expected), explain=explain)


def check_row_scores(ctx: AuditContext) -> Iterator[Finding]:
    """Each published 得分 against its row: the rule's score, its weight, its evidence."""
    places = ctx.scheme.places
    for row in ctx.rows:
        r, p = row.result, row.published
        w, score = r.weight, r.score
        if p is None or r.status == "not-applicable" or w is None or score is None:
            continue  # a row without 权重 has no points to check
        tier = qualitative_tier(row.target.norm, row.actual.norm, ctx.scheme) if (
            _qualitative(r, row.target) and r.actual and r.status != "manual") else None
        if tier is not None and p.value is not None and p.value <= w:
            # F6: the evaluator places the score inside its tier's band; only outside it
            # is a finding (as for a manual score), not a difference from the default share
            outside = outside_band(r.name, tier, p.value, w, ctx.scheme, p.location)
            if outside is not None:
                yield outside
        else:
            yield from score_findings(r.name, p, w, r.raw_score, score, r.explain, places)
        yield from full_score_findings(r.name, p, w, row.evidence, score=score,
                                       actual=r.actual or "",
                                       target=_target_text(r, row.target), places=places)


def full_score_findings(name: str, p: Published, w: Decimal, evidence: Evidence, *,
                        score: Decimal, actual: str, target: str,
                        places: int) -> Iterator[Finding]:
    """A full published score on a row whose actual is blank or a phrase."""
    if p.value is None or p.value < w or evidence == "value":
        return
    if evidence == "blank":
        yield finding("full-score-without-actual", name, p.location, published=p.text,
                      weight=fmt(w), recomputed=fmt_places(ZERO, places))
    else:
        yield finding("full-score-on-text-actual", name, p.location, published=p.text,
                      actual=actual, target=target, recomputed=fmt_places(score, places))


def _qualitative(r: IndicatorResult, target: Cell) -> bool:
    """A 定性 row: so marked, or a text target with no direction in 指标性质 (blank or
    定量), which the engine scores as 定性 (#15.2)."""
    return r.comparator == Comparator.QUALITATIVE or (
        not r.comparator and r.rule is None and r.target is not None and target.kind == "text")


def _target_text(r: IndicatorResult, cell: Cell) -> str:
    return target_text(r.target or "", r.comparator, r.unit, cell)


def target_text(target: str, comparator: str, unit: str | None, cell: Cell) -> str:
    """The target as a reader says it: `≤30万元` (`cell`: the target's cell as read)."""
    if cell.comparator is not None:
        return target
    shown = unit if unit and not target.endswith(unit) else ""
    return f"{comparator}{target}{shown}"


def check_budget_score(ctx: AuditContext) -> Iterator[Finding]:
    """The published budget-execution score against F1."""
    b, p = ctx.result.budget, ctx.budget
    if b is not None and p is not None:
        yield from score_findings(BUDGET_ROW, p, b.weight, b.raw_score, b.score, b.explain,
                                   ctx.scheme.places)
