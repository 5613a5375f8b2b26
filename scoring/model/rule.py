"""Validate: the per-indicator `rule:` of RULES.md §4, with exactly its YAML keys.

An indicator may carry one rule instead of its comparator's formula:
`deduct`, `bands`, `checklist`, `count_deduct` or `expression`. Every part is
`Located`, so a check can point at the band, the item or the expression that
is wrong. The rules are evaluated in `engine/formulas.py`; an expression is compiled at
load (`checks.check_expressions` → `expr.compile_expression`) and its checked
tree is stored on the rule (`Rule.compiled`), to be evaluated many times.
"""

# No `from __future__ import annotations` in the modules of models: pydantic would
# compile each annotation string when the classes are made, on every start-up.
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict, Field, PrivateAttr, model_validator

from .located import Located

if TYPE_CHECKING:
    from .expr import Compiled

RULE_KINDS = ("deduct", "bands", "checklist", "count_deduct", "expression")


class Deduct(Located):
    """`max(0, w − points × units beyond threshold)`; a unit is `per`."""

    threshold: Decimal = Field(description="No deduction up to here (e.g. 100 for ≤100%)")
    per: Decimal = Field(Decimal(1), gt=0, description="Size of one unit (e.g. 1 pp)")
    points: Decimal = Field(gt=0, description="Points deducted per unit")
    direction: Literal["above", "below"] = Field(
        "above", description="above: deduct for a > threshold; below: for a < threshold")
    whole: bool = Field(False, description="Count whole units only (2.7 units → 2)")


class Band(Located):
    """One band: the first band from the top whose `min` ≤ actual scores `points`."""

    min: Decimal = Field(description="Lower bound of the band")
    points: Decimal = Field(ge=0, description="Score of the band")
    inclusive: bool = Field(True, description="min ≤ a (true) or min < a (false)")


class ChecklistItem(Located):
    """One item of a checklist: its points when satisfied."""

    item: str = Field(min_length=1, description="The item, as the case names it")
    points: Decimal = Field(ge=0, description="Points when satisfied")


class CountDeduct(Located):
    """`max(0, w − per × count)`; the actual is a count (e.g. of violations)."""

    per: Decimal = Field(gt=0, description="Points deducted per counted case")


class Rule(Located):
    """Exactly one of the five per-indicator rules."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1, "maxProperties": 1})

    deduct: Deduct | None = None
    bands: tuple[Band, ...] | None = Field(None, min_length=1)
    checklist: tuple[ChecklistItem, ...] | None = Field(None, min_length=1)
    count_deduct: CountDeduct | None = None
    expression: str | None = Field(
        None, min_length=1, description="A formula over actual, target, weight and the names "
        "the indicator set declares")
    _compiled: "Compiled | None" = PrivateAttr(None)

    @model_validator(mode="before")
    @classmethod
    def _exactly_one(cls, data: Any) -> Any:
        if isinstance(data, dict):
            given = [k for k in RULE_KINDS if data.get(k) is not None]
            if len(given) != 1:
                raise ValueError("rule must have exactly one of deduct, bands, checklist, "
                                 f"count_deduct, expression (got {', '.join(given) or 'none'})")
        return data

    @property
    def kind(self) -> str:
        for name in RULE_KINDS:
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated rule has a kind")

    @property
    def compiled(self) -> "Compiled | None":
        """The checked expression tree stored at load (None until compiled)."""
        return self._compiled

    def store(self, compiled: "Compiled") -> None:
        """Keep the checked tree of the expression (done once, by the loader's checks)."""
        self._compiled = compiled
