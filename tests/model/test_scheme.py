"""model/scheme.py: a scheme's grade bands are half-open and name every total (F12)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from pydantic import ValidationError

from scoring import load_scheme
from scoring.model.scheme import GradeBand, grade_of


@pytest.mark.parametrize(("total", "grade"), [("100", "优"), ("90", "优"), ("89.99", "良"),
                                              ("80", "良"), ("60", "中"), ("59.9", "差"),
                                              ("0", "差")])
def test_a_total_gets_the_band_whose_min_it_reaches(total: str, grade: str) -> None:
    assert grade_of(load_scheme("mof-2020"), D(total)) == grade


def test_a_band_is_strict_and_frozen() -> None:
    band = GradeBand.model_validate({"label": "优", "min": "90"})
    assert (band.min, band.below) == (D(90), None)
    with pytest.raises(ValidationError):
        GradeBand.model_validate({"label": "优", "min": "90", "max": "100"})
    with pytest.raises(ValidationError):
        band.label = "良"  # type: ignore[misc]
