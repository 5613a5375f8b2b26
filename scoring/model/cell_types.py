"""Validate: the cell fields of the models, each read once into a `Cell` at its place.

A cell field (a target, a weight, an actual, a published score, a budget
figure, a comparator, a manual score, a deduction, a fact) is written in a
file as a number or as the text of a cell; that is what the JSON Schema of
the file formats says, and what a model dumps (a manual score, a deduction
and a fact dump as the number they hold). Validated, the field holds a `Cell`
read by the one grammar (`cells.py`) with the place of the field
(`file:line:col` or `Sheet!H12`, from the model's `field_locations`), so no
later stage reads text again. A `Cell` given to a model (a row's cell handed
to its `Actual`) is kept as it is.
"""

# No `from __future__ import annotations` in the modules of models: pydantic would
# compile each annotation string when the classes are made, on every start-up.
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetPydanticSchema,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import PydanticCustomError, core_schema

from ..errors import UNKNOWN, Location
from ..read.cell import Cell
from ..read.cells import bare_number, cell_of, comparator_cell, read_number


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

    return _wrapped(build, given, _given, _SERIALIZED)


def _wrapped(build: Callable[..., Cell], given: Any, dump: Callable[[Cell], Any],
             dumped: Any) -> Any:
    """The pydantic schema of a `Cell` field: validated by `build` around the schema of
    `given`, dumped by `dump` as the type `dumped`. The schemas of `given` and `dumped`
    (plain types, no references) are made once for every field of the type: made again
    for each of the 29 cell fields on a case's path, they were ≈ 2.5 ms of start-up."""
    made: dict[str, core_schema.CoreSchema] = {}

    def schema(_source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        if not made:
            made["given"] = handler.generate_schema(given)
            made["dumped"] = handler.generate_schema(dumped)
        return core_schema.with_info_wrap_validator_function(
            build, made["given"], serialization=core_schema.plain_serializer_function_ser_schema(
                dump, return_schema=made["dumped"]))
    return GetPydanticSchema(schema)


CellValue = Annotated[Cell, _cell_type(_GIVEN_OR_BLANK, cell_of)]
"""A number, or the text of a cell (`"98%"`, `"≥95%"`, `"完成"`), or blank: a `Cell`."""
Number = Annotated[Cell, _cell_type(_GIVEN, cell_of)]
"""A number, or the text of a cell that should hold one (a weight): a `Cell`."""
ComparatorValue = Annotated[Cell, _cell_type(str | None, comparator_cell)]
"""A comparator cell (指标性质: ≥ > ≤ < = 定性, or blank), read as a `Cell`."""


def _read_decimal(value: Any) -> Any:
    """Text in a field that holds only a number (a manual score, a deduction, a fact) is
    read as a table cell of that column is (`cells.read_number`: `"1e1"`, `"5分"`), and
    `"1_000"` is refused here as there."""
    if not isinstance(value, str):
        return value
    number = read_number(value)
    if number is None:
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return number


def number_of(cell: Cell) -> Decimal:
    """The number of a `Points` or `Fact` cell: what a file wrote as a number (even past the
    bounds a cell may hold: the number check refuses it, at its place), else what the
    text reads as (validated: one number)."""
    given = cell.given
    number = given if isinstance(given, Decimal) else cell.value
    assert number is not None, "a Points or Fact cell holds a number (validated)"
    return number


def _number_type(given: Any) -> Any:
    """A field type holding a `Cell` of one number, validated as the Decimal type `given`
    is (so a file may write no more than before) and written (and dumped) as that number."""
    def build(value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Cell:
        if isinstance(value, Cell):  # a row's cell handed to its `Actual`: checked again
            handler(value.given)
            return value
        number = handler(value)  # refused here when it is no number, or out of bounds
        return cell_of(value if isinstance(value, str) else number, field_place(info))

    return _wrapped(build, given, number_of, Decimal)


Points = Annotated[Cell, _number_type(
    Annotated[Decimal, Field(ge=0), BeforeValidator(_read_decimal)])]
"""A number ≥ 0 (a manual score, a deduction), written as a number or as the text of a
cell (`"5分"`): a `Cell`."""
Fact = Annotated[Cell, _number_type(
    Annotated[Decimal, BeforeValidator(_read_decimal), Field(allow_inf_nan=False)])]
"""A named fact for an expression rule: a number, or the text of a cell, as a `Cell`."""


def cell_field(description: str | None = None) -> Any:
    """An optional cell field: left out, it holds a blank `Cell` at its model's place."""
    return Field(None, validate_default=True, description=description)


def placed_scores(scores: dict[str, Cell], info: ValidationInfo) -> dict[str, Cell]:
    """Published scores, each at its own place (`score_locations`, read before them)."""
    places: dict[str, Location] = info.data.get("score_locations") or {}
    return {key: cell if key not in places else replace(cell, place=places[key])
            for key, cell in scores.items()}


def placed_values(given: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """A map of cells (facts), each at the place of its own value in the file."""
    out: dict[str, Cell] = handler(given)
    places: dict[str, Location] = getattr(given, "value_locations", None) or {}
    return {key: cell if key not in places else replace(cell, place=places[key])
            for key, cell in out.items()}


Facts = Annotated[dict[str, Fact], WrapValidator(placed_values)]
"""Named facts for expression rules, each a `Cell` at the place of its own value."""
