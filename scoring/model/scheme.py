"""Scheme models (评分规则): the frozen, validated shape of a scheme after `extends:`.

A scheme is data: weights, rounding places, formula variants, grade bands,
phrase tables (RULES.md §2). Loading one (built-in YAML, user files that
`extends:` them, the checks, the content hash) is `load/scheme.py`'s work.
"""

# No `from __future__ import annotations` in the modules of models: pydantic would
# compile each annotation string when the classes are made, on every start-up.
from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from ..read.cells import normalize
from .located import Located
from .name_direction import InferReverse

_STRICT = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class GradeBand(Located):
    """`min ≤ total < below` gets `label`; `below: null` is the top band."""

    label: str = Field(min_length=1)
    min: Decimal = Field(ge=0)
    below: Decimal | None = None


class BudgetPolicy(BaseModel):
    """Thresholds of the budget findings (percent)."""

    model_config = _STRICT
    reason_below: Decimal | None = None
    underspent_above: Decimal | None = Field(Decimal(20), ge=0, le=100)
    overspent_finding: bool = True
    completion_gap: Decimal | None = Field(Decimal(5), ge=0)


class TargetTooLow(BaseModel):
    """When an actual far beyond target suggests a target set too low (percent)."""

    model_config = _STRICT
    positive: Decimal | None = Field(Decimal(130), gt=100)
    reverse: Decimal | None = Field(Decimal(70), ge=0, lt=100)


class QualitativeBands(BaseModel):
    """Lower bounds (percent of w) of the 达成 and 部分达成 tiers (F6)."""

    model_config = _STRICT
    achieved: Decimal = Field(ge=0, le=100)
    partial: Decimal = Field(ge=0, le=100)


class DefaultShares(BaseModel):
    """Share of w (percent) when only the tier is known [policy]."""

    model_config = _STRICT
    achieved: Decimal = Field(ge=0, le=100)
    partial: Decimal = Field(ge=0, le=100)
    unmet: Decimal = Field(ge=0, le=100)


class Qualitative(BaseModel):
    model_config = _STRICT
    bands: QualitativeBands
    default_shares: DefaultShares


class QuantitativePhrases(BaseModel):
    model_config = _STRICT
    met: tuple[str, ...]
    unmet: tuple[str, ...]


class QualitativePhrases(BaseModel):
    model_config = _STRICT
    achieved: tuple[str, ...]
    partial: tuple[str, ...]
    unmet: tuple[str, ...]


class Phrases(BaseModel):
    model_config = _STRICT
    quantitative: QuantitativePhrases
    qualitative: QualitativePhrases


class Scheme(BaseModel):
    """A complete scheme after `extends` is resolved (RULES.md §2)."""

    model_config = ConfigDict(frozen=True, extra="forbid", ignored_types=(cached_property,),
                              defer_build=True)

    id: str = Field(min_length=1)
    extends: str | None = None
    name: str = ""
    version: str = ""
    source: str = ""
    total: Decimal = Field(Decimal(100), gt=0)
    budget_weight: Decimal = Field(ge=0)
    indicator_total: Decimal = Field(gt=0)
    places: int = Field(ge=0, le=6)
    reverse: Literal["ratio", "linear"]
    equal: Literal["as_positive", "exact"]
    default_comparator: Literal["≥", "≤", "="] | None = "≥"
    budget: BudgetPolicy = Field(default_factory=BudgetPolicy)
    target_too_low: TargetTooLow = Field(default_factory=TargetTooLow)
    infer_reverse: InferReverse = Field(default_factory=InferReverse)
    qualitative: Qualitative
    grades: tuple[GradeBand, ...] = Field(min_length=1)
    phrases: Phrases
    content_hash: SkipJsonSchema[str] = Field(
        "", description="sha256 of the merged scheme (set by the loader)")

    @cached_property
    def quantum(self) -> Decimal:
        """The rounding quantum: Decimal('0.1') for 1 place."""
        return Decimal(1).scaleb(-self.places)

    @cached_property
    def quantitative_phrases(self) -> tuple[tuple[str, str], ...]:
        q = self.phrases.quantitative
        return _phrase_table({"met": q.met, "unmet": q.unmet})

    @cached_property
    def qualitative_phrases(self) -> tuple[tuple[str, str], ...]:
        q = self.phrases.qualitative
        return _phrase_table({"achieved": q.achieved, "partial": q.partial, "unmet": q.unmet})


def _phrase_table(tiers: dict[str, tuple[str, ...]]) -> tuple[tuple[str, str], ...]:
    pairs = [(normalize(p), tier) for tier, phrases in tiers.items() for p in phrases]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def grade_of(scheme: Scheme, total: Decimal) -> str:
    """The label of the band holding `total` (bands are checked at load)."""
    for band in scheme.grades:
        if band.min <= total and (band.below is None or total < band.below):
            return band.label
    return scheme.grades[-1].label if total < 0 else scheme.grades[0].label
