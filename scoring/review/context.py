"""Audit context: each scored row of a `Result` beside the cell the table published.

What the audit's checks look at (`row_checks.py`, `checks.py`): `build_context` pairs
every scored row with its published cell (the 得分 as printed, where it was read,
`read_published`) and with what the engine found about its actual value
(`evidence_of`: a value, blank, or a phrase), and reads the published budget score
and total. A published number keeps the decimals it was printed with, so that the
checks compare it at that precision (RULES.md §5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..decimals import plain
from ..engine.formulas import FIELDS
from ..errors import Location
from ..model.case import Case
from ..model.result import IndicatorResult, Result
from ..model.scheme import Scheme
from ..read.cell import BLANK, Cell
from .grades import max_places

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


def known(location: Location | None) -> Location | None:
    """A place that names a line or a cell (None: a place that names neither)."""
    return location if location is not None and (location.line or location.cell) else None


def read_published(cell: Cell | None, location: Location | None) -> Published | None:
    """A published cell as printed; None when it is blank."""
    value = None if cell is None else cell.given
    if value is None:
        return None
    if isinstance(value, Decimal):
        return Published(plain(value), value, _places(value), known(location))
    if cell is None or cell.kind == "blank":
        return None
    number = cell.number  # "约9.5" is no published score
    return Published(value.strip(), number, _places(number) if number is not None else 0,
                     known(location))


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
        f.code == "unparsed-cell" and dict(f.params).get("field", "").startswith(FIELDS["actual"]))}

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
