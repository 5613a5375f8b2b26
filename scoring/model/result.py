"""Result: what evaluation returns, every score with its derivation.

Frozen, slotted records (cheap to make in the hot loop, safe to share between
threads). Decimals stay Decimals here; renderers decide how to print them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Literal, NamedTuple

from ..errors import Location
from .findings import Finding

Status = Literal["met", "partial", "unmet", "manual", "missing", "unparsed", "not-applicable"]
STATUSES: tuple[Status, ...] = ("met", "partial", "unmet", "manual", "missing", "unparsed",
                                "not-applicable")
# The keys of the two rows that are not indicators, in findings, diagnostics and tables.
BUDGET_ROW = "预算执行率"
TOTAL_ROW = "合计"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectInfo:
    """Who and what the result is about."""

    name: str | None
    code: str | None
    department: str | None
    unit: str | None
    year: int | None
    goals: str | None = None  # 项目年度目标
    goal_completion: str | None = None  # 年度目标完成情况
    content: str | None = None  # 项目实施内容


@dataclass(frozen=True, slots=True, kw_only=True)
class FundSourceResult:
    """One fund-source row under the budget total (其中：财政资金 …), as read."""

    key: str  # fiscal, special_account, unit, other
    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None
    rate: Decimal | None  # executed ÷ adjusted, when both are given and adjusted > 0


class _IndicatorFields(NamedTuple):
    """The fields of `IndicatorResult`, in order (its `__new__` takes them by keyword)."""

    id: str
    level1: str | None
    level2: str | None
    name: str
    comparator: str
    target: str | None
    unit: str | None
    actual: str | None
    weight: Decimal | None  # None: a published row without 权重, shown and not scored
    score: Decimal | None  # None: as the weight
    status: Status
    explain: str
    reported_score: str | None
    reason: str | None
    location: Location | None
    raw_score: Decimal | None = None  # the score before rounding (audit compares at any precision)
    evidence: str | None = None  # 评分依据 given with the actual
    rule: str | None = None  # the kind of the row's own rule (RULES.md §4), if it has one
    completion: Decimal | None = None  # of a row without weight: the share its rule gives


class IndicatorResult(_IndicatorFields):
    """One scored row: the inputs as read, the score, how it was derived.

    Built by keyword only, like every other record (`IndicatorResult(1, 2, …)`
    raises TypeError). A named tuple rather than a keyword-only frozen slotted
    dataclass: it is made once per row in the hot loop, and a tuple is the
    cheapest immutable record Python has. Measured (2026-12-04, interleaved, 5
    runs, CPU time, `evaluate()` on 3,000 generated rows as in
    `benchmarks/engine.py`): the dataclass made `evaluate()` 2–14% slower,
    9% at the median (tables 45,411 → 41,013 rows/s, every kind 47,404 →
    43,588), over the 5% the issue allows (#13.3). The keyword-only `__new__`
    costs what the named tuple's own did (README "Benchmarks").
    """

    __slots__ = ()

    def __new__(  # noqa: PLR0913 (a record's fields, as a dataclass's generated __init__)
            cls, *, id: str, level1: str | None, level2: str | None, name: str,
            comparator: str, target: str | None, unit: str | None, actual: str | None,
            weight: Decimal | None, score: Decimal | None, status: Status, explain: str,
            reported_score: str | None, reason: str | None, location: Location | None,
            raw_score: Decimal | None = None, evidence: str | None = None,
            rule: str | None = None, completion: Decimal | None = None) -> IndicatorResult:
        return tuple.__new__(cls, (id, level1, level2, name, comparator, target, unit, actual,
                                   weight, score, status, explain, reported_score, reason,
                                   location, raw_score, evidence, rule, completion))

    def __reduce__(self) -> tuple[Callable[..., IndicatorResult], tuple[object, ...]]:
        # pickle (the batch's workers send results) and copy rebuild it from its values
        return (_rebuilt, (tuple(self),))


def _rebuilt(values: tuple[object, ...]) -> IndicatorResult:
    """An `IndicatorResult` from its values in field order (pickle's way back)."""
    return IndicatorResult._make(values)


@dataclass(frozen=True, slots=True, kw_only=True)
class BudgetResult:
    """The 预算执行情况 section (F1)."""

    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None
    rate: Decimal | None
    weight: Decimal
    score: Decimal
    explain: str
    reported_score: str | None
    reason: str | None
    raw_score: Decimal | None = None  # W × min(rate, 1) before rounding
    sources: tuple[FundSourceResult, ...] = ()  # the fund-source rows given, in form order


@dataclass(frozen=True, slots=True, kw_only=True)
class SectionResult:
    """One section of a 部门整体 framework: its weight and the sum of its rows' scores."""

    name: str
    parent: str | None  # the 一级 section of a 二级 one
    weight: Decimal
    score: Decimal  # Σ of the rounded scores of its applicable rows
    applicable: bool
    reason: str | None = None


class SchemeInfo:
    """Which scheme produced the result, exactly: id, name, version, places, and the
    sha256 of the scheme and indicator set (`content_hash`).

    Immutable. The hash may be given as a function: it is then worked out when first
    read (hashing a set costs more than scoring it, and a loop of `evaluate` calls
    rarely prints it). Equal, hashed and pickled by its values.
    """

    __slots__ = ("_digest", "_hash", "id", "name", "places", "version")
    id: str
    name: str
    version: str
    places: int
    _hash: str | None
    _digest: Callable[[], str] | None

    def __init__(self, *, id: str, name: str, version: str,
                 content_hash: str | Callable[[], str], places: int) -> None:
        for field, value in (("id", id), ("name", name), ("version", version),
                             ("places", places)):
            object.__setattr__(self, field, value)
        lazy = not isinstance(content_hash, str)
        object.__setattr__(self, "_hash", None if lazy else content_hash)
        object.__setattr__(self, "_digest", content_hash if lazy else None)

    @property
    def content_hash(self) -> str:
        """sha256 (hex) of the merged scheme and of the indicator set it was applied to."""
        known: str | None = self._hash
        if known is None:
            assert self._digest is not None
            known = self._digest()
            object.__setattr__(self, "_hash", known)  # the same value from any thread
            object.__setattr__(self, "_digest", None)
        return known

    def _values(self) -> tuple[str, str, str, str, int]:
        return (self.id, self.name, self.version, self.content_hash, self.places)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"SchemeInfo is immutable: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SchemeInfo):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "SchemeInfo(id={!r}, name={!r}, version={!r}, content_hash={!r}, places={!r})" \
            .format(*self._values())

    def __reduce__(self) -> tuple[Callable[[], SchemeInfo], tuple[()]]:
        id, name, version, content_hash, places = self._values()
        return (partial(SchemeInfo, id=id, name=name, version=version,
                        content_hash=content_hash, places=places), ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """The evaluation of one case: per-row scores, total, grade and findings."""

    project: ProjectInfo
    kind: str
    scheme: SchemeInfo
    budget: BudgetResult | None
    indicators: tuple[IndicatorResult, ...]
    total: Decimal | None  # None: no row has a weight (no-weights), nothing is scored
    max_total: Decimal | None
    grade: str | None
    findings: tuple[Finding, ...]
    rescaled: bool
    source: str
    reported_total: str | None = None
    reported_grade: str | None = None
    sections: tuple[SectionResult, ...] = ()
    full_marks: Decimal | None = None  # the scheme's total: the scale of a rescaled total

    def indicator(self, key: str) -> IndicatorResult:
        """The row with id (or name) `key`; KeyError if there is none."""
        for row in self.indicators:
            if row.id == key or row.name == key:
                return row
        raise KeyError(key)
