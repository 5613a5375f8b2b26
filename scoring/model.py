"""Validate: the file formats of FORMATS.md §1–3 as frozen pydantic models.

Every model is frozen and forbids unknown keys. Each object read from a file
knows its location (`.location`), filled from the located data of
`source.py`; a user cannot set it. Numeric fields accept a `Decimal` (YAML
numbers arrive as `Decimal` from their text) or cell text such as `"98%"`;
cell text is read later, in the engine, so the original text is kept.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from .errors import UNKNOWN, Location
from .rules_model import Rule
from .source import YamlMap

CellValue = Annotated[Decimal | str | None, Field(union_mode="left_to_right")]
"""A number, or the text of a cell (`"98%"`, `"≥95%"`, `"完成"`), or blank."""
Number = Annotated[Decimal | str, Field(union_mode="left_to_right")]


class Located(BaseModel):
    """Base of every model read from a file: frozen, strict keys, located."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True,
                              coerce_numbers_to_str=False)

    location: SkipJsonSchema[Location] = Field(default=UNKNOWN, exclude=True, repr=False)
    field_locations: SkipJsonSchema[dict[str, Location]] = Field(
        default_factory=dict, exclude=True, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _take_location(cls, data: Any) -> Any:
        if isinstance(data, YamlMap):
            if "location" in data or "field_locations" in data:
                raise PydanticCustomError("extra_forbidden", "Extra inputs are not permitted")
            return {**data, "location": data.location, "field_locations": data.value_locations}
        return data


class BudgetExecution(Located):
    """The 预算执行情况 section: its weight (W)."""

    weight: Number = Field(description="Weight W of budget execution (10 in most schemes)")


class Indicator(Located):
    """One indicator (三级指标) of an indicator set."""

    level1: str | None = Field(None, description="一级指标")
    level2: str | None = Field(None, description="二级指标")
    name: str = Field(description="三级指标")
    id: str | None = Field(None, description="Stable key; defaults to name")
    comparator: str | None = Field(None, description="指标性质: ≥ > ≤ < = 定性, or blank")
    target: CellValue = Field(None, description="指标值: number, cell text, or a phrase")
    unit: str | None = Field(None, description="度量单位")
    weight: Number = Field(description="权重 (points)")
    rule: Rule | None = Field(None, description="Per-indicator rule (RULES.md §4)")

    @property
    def key(self) -> str:
        return self.id if self.id is not None else self.name


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
    indicators: tuple[Indicator, ...] = Field(min_length=1)


class Actual(Located):
    """What happened for one indicator: the actual value and what goes with it."""

    value: CellValue = Field(None, description="完成值; blank is missing, not 0")
    reason: str | None = Field(None, description="未完成原因分析")
    manual_score: Decimal | None = Field(None, ge=0, description="Evaluator's own score")
    not_applicable: bool = Field(False, description="Row left out; total rescaled (F9)")
    deduction: Decimal | None = Field(None, ge=0, description="Manual deduction 扣减 (F11)")
    reported_score: CellValue = Field(None, description="Published 得分 (for audit)")
    facts: dict[str, Decimal] = Field(default_factory=dict,
                                      description="Named facts for expression rules")
    items: tuple[str, ...] = Field((), description="Checklist items satisfied")

    @model_validator(mode="before")
    @classmethod
    def _scalar_is_value(cls, data: Any) -> Any:
        if data is None or isinstance(data, (str, Decimal, int)):
            return {"value": data}
        return data


class CaseIndicator(Indicator):
    """A row of an inline case: an indicator with its actual value."""

    actual: CellValue = None
    reason: str | None = None
    manual_score: Decimal | None = Field(None, ge=0)
    not_applicable: bool = False
    deduction: Decimal | None = Field(None, ge=0)
    reported_score: CellValue = None
    facts: dict[str, Decimal] = Field(default_factory=dict)
    items: tuple[str, ...] = ()

    def to_actual(self) -> Actual:
        return Actual(value=self.actual, reason=self.reason, manual_score=self.manual_score,
                      not_applicable=self.not_applicable, deduction=self.deduction,
                      reported_score=self.reported_score, facts=self.facts, items=self.items,
                      location=self.location, field_locations=_renamed(self.field_locations))

    def to_indicator(self) -> Indicator:
        return Indicator(level1=self.level1, level2=self.level2, name=self.name, id=self.id,
                         comparator=self.comparator, target=self.target, unit=self.unit,
                         weight=self.weight, rule=self.rule, location=self.location,
                         field_locations=self.field_locations)


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


class Budget(Located):
    """Budget figures in 万元 (or as printed)."""

    initial: CellValue = Field(None, description="年初预算数")
    adjusted: CellValue = Field(None, description="调整后预算数 (B)")
    executed: CellValue = Field(None, description="预算执行数 (E)")
    rate: CellValue = Field(None, description="执行率 as printed, when B and E are not")
    reason: str | None = Field(None, description="原因 (below the scheme's threshold)")


class Reported(Located):
    """What the department published, for audit."""

    budget_execution: CellValue = None
    scores: dict[str, CellValue] = Field(default_factory=dict)
    total: CellValue = None
    grade: str | None = None


class CaseFile(Located):
    """A case file (自评), FORMATS.md §2: points at an indicator set or inlines it."""

    project: Project = Field(default_factory=Project)
    indicator_set: str | None = Field(None, description="Path of the indicator set file")
    scheme: str | None = None
    budget: Budget | None = None
    budget_execution: BudgetExecution | None = None
    indicators: tuple[CaseIndicator, ...] | None = None
    actuals: dict[str, Actual] = Field(default_factory=dict)
    reported: Reported | None = None


class Case(Located):
    """A loaded case: its indicator set resolved, actuals keyed by indicator key."""

    project: Project
    indicator_set: IndicatorSet
    scheme: str | None = None
    budget: Budget | None = None
    actuals: dict[str, Actual] = Field(default_factory=dict)
    reported: Reported | None = None
    source: str = ""
