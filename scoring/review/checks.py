"""Audit checks: each published cell against the rules, one small function per finding.

Used by `audit.py`. `build_context` pairs every scored row of a `Result`
with its published cell (the 得分 as printed, where it was read) and with
what the engine found about its actual value (a value, blank, or a phrase);
each check of `AUDIT_CHECKS` takes that context and yields findings
(beancount's validation style). A published score is compared at the
precision it was printed with (RULES.md §5).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..decimals import HUNDRED, ONE, ZERO, fmt, fmt_places, percent, plain, round_half_up
from ..engine.row_kinds import outside_band, qualitative_tier
from ..errors import Location
from ..model.case import Case
from ..model.findings import Finding, finding
from ..model.result import BUDGET_ROW, TOTAL_ROW, IndicatorResult, Result
from ..model.scheme import Scheme, grade_of
from ..read.cell import BLANK, Cell
from .grades import max_places, same_grade

Evidence = Literal["value", "blank", "phrase"]


@dataclass(frozen=True, slots=True)
class Published:
    """A published cell: its text, its number (None if unreadable), printed decimals."""

    text: str
    value: Decimal | None
    places: int
    location: Location | None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """A scored row, its published cell, and whether its actual is a value, blank or a phrase."""

    result: IndicatorResult
    published: Published | None
    evidence: Evidence
    target: Cell = BLANK  # the row's target and actual cells, as read at load
    actual: Cell = BLANK


@dataclass(frozen=True, slots=True)
class AuditContext:
    """Everything the checks look at: the case, its result, the published cells."""

    case: Case
    result: Result
    scheme: Scheme
    rows: tuple[AuditRow, ...]
    budget: Published | None
    total: Published | None


def _known(location: Location | None) -> Location | None:
    return location if location is not None and (location.line or location.cell) else None


def read_published(cell: Cell | None, location: Location | None) -> Published | None:
    """A published cell as printed; None when it is blank."""
    value = None if cell is None else cell.given
    if value is None:
        return None
    if isinstance(value, Decimal):
        return Published(plain(value), value, _places(value), _known(location))
    if cell is None or cell.kind == "blank":
        return None
    number = cell.number  # "约9.5" is no published score
    return Published(value.strip(), number, _places(number) if number is not None else 0,
                     _known(location))


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return min(places, max_places())


def evidence_of(result: Result) -> Callable[[IndicatorResult], Evidence]:
    """Whether a row's actual is a value, blank or a phrase. The engine decides what counts
    as an actual (a value, checklist items, facts, a documented basis of a manual score);
    the audit reads its verdict from the findings."""
    blank = {f.indicator for f in result.findings if f.code == "manual-score-without-actual"}
    phrase = {f.indicator for f in result.findings if f.code == "text-actual" or (
        f.code == "unparsed-cell" and dict(f.params).get("field", "").startswith("完成值"))}

    def of(r: IndicatorResult) -> Evidence:
        return "blank" if r.status == "missing" or r.name in blank else (
            "phrase" if r.name in phrase else "value")
    return of


def build_context(case: Case, result: Result, scheme: Scheme) -> AuditContext:
    rep = case.reported
    evidence = evidence_of(result)
    rows = []
    targets = {ind.key: ind.target for ind in case.indicator_set.indicators}
    for r in result.indicators:
        act = case.actuals.get(r.id)
        score = rep.scores.get(r.id) if rep is not None else None
        if rep is not None and score is not None and score.given is not None:
            published = read_published(score, rep.score_locations.get(r.id)
                                       or rep.place("scores"))
        elif act is not None:
            published = read_published(act.reported_score, act.place("reported_score"))
        else:
            published = None
        rows.append(AuditRow(r, published, evidence(r), targets.get(r.id, BLANK),
                             act.value if act is not None else BLANK))
    budget = total = None
    if rep is not None:
        budget = read_published(rep.budget_execution, rep.place("budget_execution"))
        total = read_published(rep.total, rep.place("total"))
    return AuditContext(case, result, scheme, tuple(rows), budget, total)


def score_findings(name: str, p: Published, weight: Decimal, raw: Decimal | None,
                    score: Decimal, explain: str, places: int) -> Iterator[Finding]:
    """A published score against its weight and against the rule, at its precision."""
    if p.value is None:
        yield finding("reported-cell-unreadable", name, p.location, field="得分",
                      published=p.text)
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
    return r.comparator == "定性" or (not r.comparator and r.rule is None and r.target is not None
                                    and target.kind == "text")


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
            yield finding("reported-total-missing", TOTAL_ROW, _known(rep.place("total")),
                          recomputed=fmt(added))
        return
    if t.value is None:
        yield finding("reported-cell-unreadable", TOTAL_ROW, t.location, field="总分",
                      published=t.text)
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
        yield finding("reported-grade-mismatch", TOTAL_ROW, _known(rep.place("grade")),
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
    where = _known(b.location)
    policy = ctx.scheme.budget
    if policy.underspent_above is not None and (ONE - rate) * HUNDRED > policy.underspent_above:
        unspent = percent(ONE - rate) if executed is None or base is None else \
            f"{fmt(base - executed)}（{percent(ONE - rate)}）"
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
    weight = sum((r.weight for r in result.indicators
                  if r.status != "not-applicable" and r.weight is not None), ZERO)
    return weight + (result.budget.weight if result.budget else ZERO)
