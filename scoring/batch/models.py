"""Batch (models): the validated models the batch's memo builds for a flat table's rows.

Used by `batch/case.py` (a project's models) and `batch/memo.py` (a shared
row's). As `load/flat.py` does, every model is validated with the table's
context (`PRINTED`: a cell keeps its text as printed), so each cell is read
once into a `Cell` at its place, exactly as the importer reads it.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import Location
from ..load.flat import ACT_FIELDS, IND_FIELDS
from ..model.case import Actual, Case, Indicator, IndicatorSet, Project
from ..model.cell_types import PRINTED
from ..read.cells import read_number
from ..read.columns import Table

M = TypeVar("M", bound=BaseModel)
RowPlaces = tuple[Location, dict[str, Location], dict[str, Location]]
"""The places of a row: the row (its 三级指标 cell), the indicator's cells, the actual's."""


@cache
def stand_in() -> Indicator:
    """The one row of a project's case without its rows (`batch/case.py`): a set holds
    at least one indicator. It passes every check and is never scored."""
    return Indicator(name="（项目）", weight="1")


def row_places(table: Table, src: str, line: int) -> RowPlaces:
    """The places of a row's models as `load/flat.py` sets them."""
    places = {f: Location(src, line, i + 1) for f, i in table.row_columns}
    return (places["name"], {f: places[f] for f in IND_FIELDS if f in places},
            {key: places[f] for f, key in ACT_FIELDS if f in places})


def located_indicator(values: tuple[str | None, ...], places: RowPlaces) -> Indicator:
    """The `Indicator` of a row as `load/flat.py` builds it (cells level1 … weight)."""
    level1, level2, name, comparator, target, unit, weight = values
    here, ind_places, _ = places
    return Indicator.model_validate({
        "level1": level1, "level2": level2, "name": name, "comparator": comparator,
        "target": target, "unit": unit, "weight": weight, "location": here,
        "field_locations": ind_places}, context=PRINTED)


def located_actual(values: tuple[str | None, ...], places: RowPlaces) -> Actual:
    """The `Actual` of a row as `load/flat.py` builds it (cells actual … manual_score)."""
    actual, reason, reported, manual = values
    here, _, act_places = places
    return Actual.model_validate({
        "value": actual, "reason": reason,
        "manual_score": read_number(manual) if manual is not None else None,
        "reported_score": reported, "facts": {}, "location": here,
        "field_locations": act_places}, context=PRINTED)


def one_row_set(ind: Indicator) -> IndicatorSet:
    """A set of one row (the memo checks each shared indicator alone)."""
    return IndicatorSet(indicators=(ind,))


def one_row_case(iset: IndicatorSet, act: Actual) -> Case:
    """The case of a one-row set (the memo checks each shared row alone)."""
    return Case(project=blank_project(), indicator_set=iset,
                actuals={iset.indicators[0].key: act})


@cache
def blank_project() -> Project:
    """A project with nothing said about it (made once)."""
    return Project()


def printed(model: type[M], fields: dict[str, Any]) -> M:
    """`model` validated from a table's cells (`PRINTED`)."""
    return model.model_validate(fields, context=PRINTED)
