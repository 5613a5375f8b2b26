"""Batch (models): the models the batch builds for a flat table, copied from blank ones.

Used by `batch_case.py` (a project's models) and `batch_fast.py` (a shared
row's). As `io/flat.py` does, models are copies of blank templates with their
fields replaced (`model_copy(update=...)`): no validation, which would turn
the cell text "16" into Decimal("16") and lose how the cell was printed, and
fields added to the models later keep their defaults. `copy_model` makes
that copy without pydantic's generic path (a `copy.copy` of every part), as
it runs several times for every project; `tests/test_batch_fast.py` checks
that it makes what `model_copy` makes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from ..errors import Location
from ..model.case import (
    Actual,
    Budget,
    BudgetExecution,
    Case,
    Indicator,
    IndicatorSet,
    Project,
    Reported,
)
from ..read.cells import read_number
from ..read.columns import Table

IND_FIELDS = ("level1", "level2", "name", "comparator", "target", "unit", "weight")
ACT_FIELDS = (("actual", "value"), ("reported_score", "reported_score"), ("reason", "reason"),
              ("manual_score", "manual_score"))
M = TypeVar("M", bound=BaseModel)
RowPlaces = tuple[Location, dict[str, Location], dict[str, Location]]
"""The places of a row: the row (its 三级指标 cell), the indicator's cells, the actual's."""
_set = object.__setattr__


class Templates(NamedTuple):
    """Blank models, one of each kind the batch builds."""

    indicator: Indicator
    actual: Actual
    reported: Reported
    project: Project
    iset: IndicatorSet
    case: Case
    budget: Budget
    spec: BudgetExecution


@lru_cache(maxsize=1)
def templates() -> Templates:
    ind = Indicator.model_construct(name="", weight="")
    project = Project()
    iset = IndicatorSet.model_construct(indicators=(ind,))
    return Templates(ind, Actual.model_construct(), Reported.model_construct(), project, iset,
                     Case.model_construct(project=project, indicator_set=iset), Budget(),
                     BudgetExecution(weight="0"))


def copy_model(model: M, update: dict[str, Any]) -> M:
    """`model.model_copy(update=update)`: a shallow copy with the fields of `update`
    replaced (and marked as set), not validated."""
    if model.__pydantic_extra__ is not None or model.__pydantic_private__ is not None:
        return model.model_copy(update=update)
    cls = type(model)
    new = cls.__new__(cls)
    state = model.__dict__.copy()
    state.update(update)
    _set(new, "__dict__", state)
    _set(new, "__pydantic_extra__", None)
    _set(new, "__pydantic_fields_set__", model.__pydantic_fields_set__ | update.keys())
    _set(new, "__pydantic_private__", None)
    return new


def row_places(table: Table, src: str, line: int) -> RowPlaces:
    """The places of a row's models as `io/flat.py` sets them."""
    places = {f: Location(src, line, i + 1) for f, i in table.row_columns}
    return (places["name"], {f: places[f] for f in IND_FIELDS if f in places},
            {key: places[f] for f, key in ACT_FIELDS if f in places})


def located_indicator(values: tuple[str | None, ...], places: RowPlaces) -> Indicator:
    """The `Indicator` of a row as `io/flat.py` builds it (cells level1 … weight)."""
    level1, level2, name, comparator, target, unit, weight = values
    here, ind_places, _ = places
    return copy_model(templates().indicator, {
        "level1": level1, "level2": level2, "name": name, "comparator": comparator,
        "target": target, "unit": unit, "weight": weight, "location": here,
        "field_locations": ind_places})


def located_actual(values: tuple[str | None, ...], places: RowPlaces) -> Actual:
    """The `Actual` of a row as `io/flat.py` builds it (cells actual … manual_score)."""
    actual, reason, reported, manual = values
    here, _, act_places = places
    return copy_model(templates().actual, {
        "value": actual, "reason": reason,
        "manual_score": read_number(manual) if manual is not None else None,
        "reported_score": reported, "facts": {}, "location": here,
        "field_locations": act_places})
