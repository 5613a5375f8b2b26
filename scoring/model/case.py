"""Validate: the file formats of FORMATS.md §1–3 as frozen pydantic models.

Every model is frozen and forbids unknown keys. Each object read from a file
knows its location (`.location`), filled from the located data of
`source.py`; a user cannot set it. A cell field is written as a number (YAML
numbers arrive as `Decimal` from their text) or as cell text such as `"98%"`,
and holds a `Cell` read once, at validation, with its place (`cell_types.py`).
"""

# No `from __future__ import annotations` in the modules of models: pydantic would
# compile each annotation string when the classes are made, on every start-up.
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ..errors import Location
from ..read.source import YamlMap
from .cell_types import (
    CellValue,
    ComparatorValue,
    Facts,
    Number,
    Points,
    cell_field,
    number_of,
    placed_scores,
)
from .findings import Finding
from .located import Located
from .rule import Rule


class BudgetExecution(Located):
    """The 预算执行情况 section: its weight (W)."""

    weight: Number = Field(description="Weight W of budget execution (10 in most schemes)")


class Indicator(Located):
    """One indicator (三级指标) of an indicator set."""

    level1: str | None = Field(None, description="一级指标")
    level2: str | None = Field(None, description="二级指标")
    name: str = Field(description="三级指标")
    id: str | None = Field(None, description="Stable key; defaults to name")
    comparator: ComparatorValue = cell_field("指标性质: ≥ > ≤ < = 定性, or blank")
    target: CellValue = cell_field("指标值: number, cell text, or a phrase")
    unit: str | None = Field(None, description="度量单位")
    # None only for a row of a published table (an inline case, a flat table, a form) whose
    # 权重 is blank: shown, not scored (`row-unweighted`); a set file is refused it (checks.py)
    weight: Number | SkipJsonSchema[None] = Field(description="权重 (points)")
    rule: Rule | None = Field(None, description="Per-indicator rule (RULES.md §4)")

    @property
    def key(self) -> str:
        return self.id if self.id is not None else self.name


class Section(Located):
    """A section of a 部门整体 framework (一级, or 二级 inside one) and its weight.

    A top-level section holds the indicators whose `level1` is its name; a
    section inside it holds those whose `level2` is its name. The weights of
    what a section holds add up to its own weight (checked at load).
    """

    name: str = Field(min_length=1, description="一级 (or, nested, 二级) 指标 name")
    weight: Number = Field(description="Points of the section")
    not_applicable: bool = Field(False, description="Left out; the total is rescaled (F9)")
    reason: str | None = Field(None, description="Why the section is not applicable")
    sections: tuple["Section", ...] = Field((), description="二级 sections inside a 一级 one")


class SectionActual(Located):
    """What a case says about a section: not applicable this year, and why."""

    not_applicable: bool = Field(False, description="Left out; the total is rescaled (F9)")
    reason: str | None = Field(None, description="Why (e.g. 本年度未开展政府采购)")


class IndicatorSet(Located):
    """An indicator set (绩效指标体系), FORMATS.md §1."""

    kind: Literal["project", "department"] = "project"
    title: str | None = None
    code: str | None = None
    department: str | None = None
    year: int | None = None
    scheme: str | None = Field(None, description="Built-in scheme id or a path to a scheme file")
    budget_execution: BudgetExecution | None = None
    names: tuple[str, ...] = Field((), description="Extra names that expressions may use")
    sections: tuple[Section, ...] = Field((), description="Sections with weights (部门整体)")
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class Actual(Located):
    """What happened for one indicator: the actual value and what goes with it."""

    value: CellValue = cell_field("完成值; blank is missing, not 0")
    reason: str | None = Field(None, description="未完成原因分析")
    manual_score: Points | None = Field(None, description="Evaluator's own score")
    not_applicable: bool = Field(False, description="Row left out; total rescaled (F9)")
    deduction: Points | None = Field(None, description="Manual deduction 扣减 (F11)")
    reported_score: CellValue = cell_field("Published 得分 (for audit)")
    facts: Facts = Field(default_factory=dict, description="Named facts for expression rules")
    items: tuple[str, ...] = Field((), description="Checklist items satisfied")
    evidence: str | None = Field(None, description="评分依据: what supports the score")

    @property
    def manual(self) -> Decimal | None:
        """The manual score's number, or None when none is given."""
        return None if self.manual_score is None else number_of(self.manual_score)

    @property
    def deducted(self) -> Decimal | None:
        """The deduction's number, or None when none is given."""
        return None if self.deduction is None else number_of(self.deduction)

    @model_validator(mode="before")
    @classmethod
    def _scalar_is_value(cls, data: Any) -> Any:
        if data is None or isinstance(data, (str, Decimal, int)):
            return {"value": data}
        if isinstance(data, list):
            return {"items": data}  # a checklist actual: the items satisfied
        return data


def _blank_as_empty(value: Any) -> Any:
    return "" if value is None else value


@cache
def blank_actual() -> Actual:
    """The actual of a row a case says nothing about: every cell blank (made once)."""
    return Actual()


class CaseIndicator(Indicator):
    """A row of an inline case: an indicator with its actual value."""

    # A published table is evidence: a blank 三级指标 is named by its place (`第 3 行`,
    # row-unnamed), a blank 权重 is a row shown and not scored (row-unweighted).

    name: Annotated[str, BeforeValidator(_blank_as_empty)] = Field(
        "", description="三级指标; blank: the row is named by its place (第 3 行)")
    weight: Number | None = Field(
        None, description="权重 (points); blank: shown, not scored (row-unweighted)")
    actual: CellValue | tuple[str, ...] = cell_field(
        "完成值; for a checklist row, the list of items satisfied")
    reason: str | None = None
    manual_score: Points | None = None
    not_applicable: bool = False
    deduction: Points | None = None
    reported_score: CellValue = cell_field()
    facts: Facts = Field(default_factory=dict)
    items: tuple[str, ...] = ()
    evidence: str | None = None

    # `to_actual` and `to_indicator` hand the row's Cells (read once) to their models.

    def to_actual(self) -> Actual:
        actual = self.actual
        given: dict[str, Any] = {"value": actual}
        if isinstance(actual, tuple):  # a checklist row: the items satisfied
            given = {"items": actual}
        elif "items" in self.model_fields_set:
            given["items"] = self.items
        return Actual(
            **given, reason=self.reason, manual_score=self.manual_score,
            not_applicable=self.not_applicable, deduction=self.deduction,
            reported_score=self.reported_score, facts=self.facts, evidence=self.evidence,
            location=self.location, field_locations=_renamed(self.field_locations))

    def to_indicator(self) -> Indicator:
        return Indicator(
            level1=self.level1, level2=self.level2, name=self.name, id=self.id,
            comparator=self.comparator, target=self.target, unit=self.unit, weight=self.weight,
            rule=self.rule, location=self.location, field_locations=self.field_locations)


def _renamed(places: dict[str, Location]) -> dict[str, Location]:
    """Row keys of an inline case → keys of `Actual` (`actual` is `value` there)."""
    return {("value" if k == "actual" else k): v for k, v in places.items()}


class Project(Located):
    """Who and what: shown in every output."""

    name: str | None = None
    code: str | None = None
    department: str | None = None
    unit: str | None = Field(None, description="实施单位")
    year: int | None = None
    goals: str | None = Field(None, description="项目年度目标")
    goal_completion: str | None = Field(None, description="年度目标完成情况")
    content: str | None = Field(None, description="项目实施内容（及过程概述）")


class FundRow(Located):
    """One fund-source row of the budget block (万元), like the total row."""

    initial: CellValue = cell_field("年初预算数")
    adjusted: CellValue = cell_field("调整后预算数")
    executed: CellValue = cell_field("执行数")


class FundSources(Located):
    """The 其中 rows under the budget total: where the money came from."""

    fiscal: FundRow | None = Field(None, description="其中：财政资金")
    special_account: FundRow | None = Field(None, description="财政专户管理资金")
    unit: FundRow | None = Field(None, description="单位资金")
    other: FundRow | None = Field(None, description="其他资金")


FUND_KEYS = ("fiscal", "special_account", "unit", "other")  # FundSources' rows, as on the form


class Budget(Located):
    """Budget figures in 万元 (or as printed)."""

    initial: CellValue = cell_field("年初预算数")
    adjusted: CellValue = cell_field("调整后预算数 (B)")
    executed: CellValue = cell_field("预算执行数 (E)")
    rate: CellValue = cell_field("执行率 as printed, when B and E are not")
    reason: str | None = Field(None, description="原因 (below the scheme's threshold)")
    sources: FundSources | None = Field(None, description="Fund-source rows (其中：财政资金 …)")


class Reported(Located):
    """What the department published, for audit."""

    score_locations: SkipJsonSchema[dict[str, Location]] = Field(
        default_factory=dict, exclude=True, repr=False)  # (before `scores`: they use it)
    budget_execution: CellValue = cell_field()
    scores: Annotated[dict[str, CellValue], AfterValidator(placed_scores)] = Field(
        default_factory=dict)
    total: CellValue = cell_field()
    grade: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _take_score_locations(cls, data: Any) -> Any:
        """Keep where each published score was read, so audit can point at it."""
        if not isinstance(data, YamlMap):
            return data
        if "score_locations" in data:
            raise PydanticCustomError("reserved_key", "reserved key {key}",
                                      {"key": "score_locations"})
        scores = data.get("scores")
        if not isinstance(scores, YamlMap):
            return data
        out = YamlMap({**data, "score_locations": scores.value_locations})
        out.location, out.key_locations = data.location, data.key_locations
        out.value_locations = data.value_locations
        return out


class CaseFile(Located):
    """A case file (自评), FORMATS.md §2: points at an indicator set or inlines it."""

    project: Project = Field(default_factory=Project)
    indicator_set: str | None = Field(None, description="Path of the indicator set file")
    scheme: str | None = None
    budget: Budget | None = None
    budget_execution: BudgetExecution | None = None
    indicators: tuple[CaseIndicator, ...] | None = Field(
        None, description="Inline rows; none: only the budget is published (table-unfilled)")
    actuals: dict[str, Actual] = Field(default_factory=dict)
    sections: dict[str, SectionActual] = Field(
        default_factory=dict, description="Sections not applicable this year, by name")
    reported: Reported | None = None


class Case(Located):
    """A loaded case: its indicator set resolved, actuals keyed by indicator key."""

    project: Project
    indicator_set: IndicatorSet
    scheme: str | None = None
    budget: Budget | None = None
    actuals: dict[str, Actual] = Field(default_factory=dict)
    sections: dict[str, SectionActual] = Field(default_factory=dict)
    reported: Reported | None = None
    source: str = ""
    scheme_from_layout: SkipJsonSchema[bool] = Field(False, exclude=True, repr=False)
    noted: SkipJsonSchema[tuple[Finding, ...]] = Field((), exclude=True, repr=False, description=(
        "Row findings made as a published table was read (row-unnamed, duplicate-indicator …)"))
