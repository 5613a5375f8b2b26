"""Validate: the cell fields of the models, each read once into a `Cell` at its place.

A cell field (a target, a weight, an actual, a published score, a budget
figure, a comparator) is written in a file as a number or as the text of a
cell; that is what the JSON Schema of the file formats says, and what a model
dumps. Validated, the field holds a `Cell` read by the one grammar
(`cells.py`) with the place of the field (`file:line:col` or `Sheet!H12`, from
the model's `field_locations`), so no later stage reads text again. A `Cell`
given to a model (a row's cell handed to its `Actual`) is kept as it is.
"""

# No `from __future__ import annotations` in the modules of models: pydantic would
# compile each annotation string when the classes are made, on every start-up.
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    Field,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import core_schema

from ..errors import UNKNOWN, Location
from ..read.cell import Cell
from ..read.cells import bare_number, cell_of, comparator_cell


def _text_as_is(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Cell text that is no bare number by the one grammar of cells (`cells.bare_number`)
    stays text, read as a table cell is: pydantic would read `"1_000"` into a Decimal by
    rules of its own (#12.9)."""
    return value if isinstance(value, str) and bare_number(value) is None else handler(value)


_GIVEN_OR_BLANK = Annotated[Decimal | str | None, Field(union_mode="left_to_right"),
                            WrapValidator(_text_as_is)]
_GIVEN = Annotated[Decimal | str, Field(union_mode="left_to_right"), WrapValidator(_text_as_is)]
_SERIALIZED = Decimal | str | None


PRINTED: dict[str, Any] = {"cells": "as printed"}
"""The validation context of a table's models: a cell's text stays as printed (`"１６"`,
`"300.00"`), where a file's text that is a bare number is read as a YAML number is."""


def field_place(info: ValidationInfo) -> Location:
    """The place of the field being validated: its own, else its model's, else UNKNOWN
    (`location` and `field_locations` are the first fields of every located model)."""
    data = info.data
    places = data.get("field_locations")
    here: Location | None = places.get(info.field_name) if places and info.field_name else None
    where: Location = here or data.get("location", UNKNOWN)
    return where


def _given(cell: Cell) -> Decimal | str | None:
    return cell.given


def _cell_type(given: Any, read: Callable[[Any, Location], Cell]) -> Any:
    """A field type holding a `Cell`, written (and dumped) as `given` is."""
    def build(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Cell:
        if isinstance(value, Cell):
            return value
        if isinstance(value, str) and info.context is PRINTED:
            return read(value, field_place(info))  # a table's cell: its text as printed
        return read(handler(value), field_place(info))

    def schema(_source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.with_info_wrap_validator_function(
            build, handler.generate_schema(given),
            serialization=core_schema.plain_serializer_function_ser_schema(
                _given, return_schema=handler.generate_schema(_SERIALIZED)))
    return GetPydanticSchema(schema)


CellValue = Annotated[Cell, _cell_type(_GIVEN_OR_BLANK, cell_of)]
"""A number, or the text of a cell (`"98%"`, `"≥95%"`, `"完成"`), or blank: a `Cell`."""
Number = Annotated[Cell, _cell_type(_GIVEN, cell_of)]
"""A number, or the text of a cell that should hold one (a weight): a `Cell`."""
ComparatorValue = Annotated[Cell, _cell_type(str | None, comparator_cell)]
"""A comparator cell (指标性质: ≥ > ≤ < = 定性, or blank), read as a `Cell`."""


def cell_field(description: str | None = None) -> Any:
    """An optional cell field: left out, it holds a blank `Cell` at its model's place."""
    return Field(None, validate_default=True, description=description)


def placed_scores(scores: dict[str, Cell], info: ValidationInfo) -> dict[str, Cell]:
    """Published scores, each at its own place (`score_locations`, read before them)."""
    places: dict[str, Location] = info.data.get("score_locations") or {}
    return {key: cell if key not in places else replace(cell, place=places[key])
            for key, cell in scores.items()}
