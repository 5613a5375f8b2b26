"""rule.py: the per-indicator rules of RULES.md §4, exactly one per row, strict keys."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from scoring.model.rule import Rule


def test_exactly_one_rule_kind() -> None:
    with pytest.raises(ValidationError, match="exactly one of deduct, bands, checklist, "
                       r"count_deduct, expression \(got deduct, bands\)"):
        Rule.model_validate({"deduct": {"threshold": 1, "points": 1},
                             "bands": [{"min": 1, "points": 1}]})
    with pytest.raises(ValidationError, match=r"\(got none\)"):
        Rule.model_validate({})


def test_a_band_reads_exact_decimals_and_is_inclusive_by_default() -> None:
    rule = Rule.model_validate({"bands": [{"min": "89.95", "points": 5}]})
    assert rule.bands is not None
    assert (rule.bands[0].min, rule.bands[0].inclusive) == (Decimal("89.95"), True)


@pytest.mark.parametrize(("data", "error"), [
    ({"count_deduct": {"per": 0}}, "greater_than"),
    ({"deduct": {"threshold": 1, "points": 1, "extra": 2}}, "extra_forbidden"),
    ({"checklist": [{"item": "", "points": 1}]}, "string_too_short"),
    ({"bands": []}, "too_short"),
])
def test_rule_parts_are_validated(data: dict[str, object], error: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Rule.model_validate(data)
    assert caught.value.errors()[0]["type"] == error
