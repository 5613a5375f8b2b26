"""The number checks find exactly what a plain walk over every field finds, faster.

`number_checks.py` walks the models with a per-class list of fields and one
list of diagnostics. The reference here is the plain walk (every field of
every model, nested generators); both must give the same diagnostics in the
same order, on every published case and table and on validated models whose
numbers are out of range wherever a number can be (cells the grammar reads as
`unreadable`, and number fields).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES

from scoring import load_case
from scoring.errors import Diagnostic, Location
from scoring.load.number_checks import (
    CELL_FIELDS,
    _diagnostic,
    check_case_numbers,
    check_set_numbers,
    out_of_range,
)
from scoring.load.tables import iter_cases
from scoring.model.case import Actual, Budget, Case, Indicator, IndicatorSet, Project, Reported
from scoring.model.located import Located
from scoring.model.rule import Band, Rule
from scoring.read.cell import Cell


def _plain(obj: Located, key: str) -> Iterator[Diagnostic]:
    """The plain walk: every field of every model, whatever it holds."""
    key = getattr(obj, "key", key) if not isinstance(obj, (Case, IndicatorSet)) else key
    for field in type(obj).model_fields:
        if field not in ("location", "field_locations", "score_locations", "indicator_set"):
            yield from _plain_value(getattr(obj, field), obj, field, key)


def _plain_value(value: Any, owner: Located, field: str, key: str) -> Iterator[Diagnostic]:
    if isinstance(value, Located):
        yield from _plain(value, key)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _plain_value(item, owner, field, key)
    elif isinstance(value, dict):
        for name, item in value.items():
            inner = name if field in ("actuals", "scores") else key
            yield from _plain_value(item, owner, field, inner)
    elif isinstance(value, Decimal):
        if out_of_range(value):
            yield _diagnostic(owner, field, str(value), key)
    elif isinstance(value, Cell) and field in CELL_FIELDS and value.kind == "unreadable":
        yield _diagnostic(owner, field, str(value), key)


def _same(case: Case) -> list[Diagnostic]:
    found = list(check_case_numbers(case)) + list(check_set_numbers(case.indicator_set))
    assert found == list(_plain(case, "")) + list(_plain(case.indicator_set, ""))
    return found


def _published() -> list[Case]:
    cases = [load_case(p) for p in sorted(CASES.glob("*.yaml"))]
    return cases + [c for table in sorted((CASES / "tables").glob("*.csv"))
                    for c in iter_cases(table)]


@pytest.mark.parametrize("case", _published(), ids=lambda c: Path(c.source).name)
def test_the_published_cases_have_no_number_out_of_range(case: Case) -> None:
    assert _same(case) == []


HUGE = "1" + "0" * 80
TINY = "0." + "0" * 80 + "1"


def _hidden_numbers() -> Case:
    """A case built through the API with numbers out of range wherever they can be."""
    here = Location("t.csv", 3, 4)
    band = Band.model_construct(min=Decimal("1e99"), points=Decimal("NaN"), inclusive=True,
                                location=here, field_locations={})
    rule = Rule.model_construct(bands=(band,), location=here, field_locations={})
    inds = (
        Indicator(name="甲", weight="10", target=f"≥{HUGE}%", location=here,
                  field_locations={"target": Location("t.csv", 3, 8)}),
        Indicator(name="乙", id="b", weight=Decimal("-1e99"), rule=rule,
                  target=f"{TINY}~5", location=here, field_locations={}),
        Indicator(name=HUGE, weight=HUGE, unit=HUGE, location=here, field_locations={}),
    )
    iset = IndicatorSet(indicators=inds, names=(HUGE,), location=here, field_locations={})
    actuals = {"甲": Actual(value=HUGE, reason=HUGE, manual_score=Decimal(TINY),
                           facts={"x": Decimal(HUGE)}, items=(HUGE,), location=here,
                           field_locations={}),
               "b": Actual(value=Decimal(HUGE), reported_score=TINY, location=here,
                           field_locations={})}
    reported = Reported(scores={"甲": HUGE, "b": "10"}, total=Decimal(HUGE),
                        score_locations={"甲": Location("t.csv", 9, 12)}, location=here,
                        field_locations={})
    return Case(
        project=Project(name=HUGE, year=10 ** 90, location=here, field_locations={}),
        indicator_set=iset, actuals=actuals, reported=reported, source="t.csv",
        budget=Budget(adjusted=HUGE, executed=f"{TINY}万元", rate=None, location=here,
                      field_locations={}),
        location=here, field_locations={})


def test_numbers_hidden_anywhere_are_found_as_the_plain_walk_finds_them() -> None:
    found = _same(_hidden_numbers())
    assert len(found) >= 12
    assert {d.code for d in found} == {"bad-number"}
    keys_and_places = [(d.indicator, str(d.location)) for d in found]
    assert ("甲", "t.csv:9:12") in keys_and_places  # a published score: at its own place
    assert ("甲", "t.csv:3:8") in keys_and_places  # a target: at its cell
    assert any(k == "b" for k, _ in keys_and_places)  # an indicator's id names its numbers
    unreadable = _hidden_numbers().indicator_set.indicators[0].target
    assert (unreadable.kind, unreadable.place) == ("unreadable", Location("t.csv", 3, 8))
