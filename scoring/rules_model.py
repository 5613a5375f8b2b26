"""Validate: the per-indicator `rule:` of RULES.md §4, with exactly its YAML keys.

An indicator may carry one rule instead of its comparator's formula:
`deduct`, `bands`, `checklist`, `count_deduct` or `expression`. The rules are
evaluated in `rules.py`; expressions are compiled in `expr.py`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_STRICT = ConfigDict(frozen=True, extra="forbid")


class Deduct(BaseModel):
    """`max(0, w − points × units beyond threshold)`; units of `per`."""

    model_config = _STRICT
    threshold: Decimal
    per: Decimal = Field(Decimal(1), gt=0)
    points: Decimal = Field(gt=0)
    direction: Literal["above", "below"] = "above"
    whole: bool = Field(False, description="Count whole units only")


class Band(BaseModel):
    """One band: the first band from the top whose `min` ≤ actual scores `points`."""

    model_config = _STRICT
    min: Decimal
    points: Decimal = Field(ge=0)
    inclusive: bool = Field(True, description="min ≤ a (true) or min < a (false)")


class ChecklistItem(BaseModel):
    """One item of a checklist: its points when satisfied."""

    model_config = _STRICT
    item: str
    points: Decimal = Field(ge=0)


class CountDeduct(BaseModel):
    """`max(0, w − per × count)`; the actual is a count (e.g. of violations)."""

    model_config = _STRICT
    per: Decimal = Field(gt=0)


class Rule(BaseModel):
    """Exactly one of the five per-indicator rules."""

    model_config = _STRICT
    deduct: Deduct | None = None
    bands: tuple[Band, ...] | None = Field(None, min_length=1)
    checklist: tuple[ChecklistItem, ...] | None = Field(None, min_length=1)
    count_deduct: CountDeduct | None = None
    expression: str | None = Field(None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _exactly_one(cls, data: Any) -> Any:
        if isinstance(data, dict):
            given = [k for k in ("deduct", "bands", "checklist", "count_deduct", "expression")
                     if data.get(k) is not None]
            if len(given) != 1:
                raise ValueError("rule must have exactly one of deduct, bands, checklist, "
                                 f"count_deduct, expression (got {', '.join(given) or 'none'})")
        return data

    @property
    def kind(self) -> str:
        for name in ("deduct", "bands", "checklist", "count_deduct", "expression"):
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated rule has a kind")
