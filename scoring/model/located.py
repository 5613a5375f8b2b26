"""Validate: the base of every model read from a file, which knows where it was read.

`Located` is frozen and forbids unknown keys. Built from the located data of
`source.py` (a `YamlMap`), it takes the place of the mapping (`.location`) and
of each of its values (`.field_locations`), so any later stage (checks, the
engine, findings) can point at `file:line:col`. Both are hidden: a user cannot
set them and they appear in no JSON Schema and no dump.
"""

# No `from __future__ import annotations` in the modules of models: pydantic would
# compile each annotation string when the classes are made, on every start-up.
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from ..errors import UNKNOWN, Location
from ..read.source import YamlMap


class Located(BaseModel):
    """Base of every model read from a file: frozen, strict keys, located."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True,
                              coerce_numbers_to_str=False, defer_build=True)

    location: SkipJsonSchema[Location] = Field(default=UNKNOWN, exclude=True, repr=False)
    field_locations: SkipJsonSchema[dict[str, Location]] = Field(
        default_factory=dict, exclude=True, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _take_location(cls, data: Any) -> Any:
        if isinstance(data, YamlMap):
            for reserved in ("location", "field_locations"):
                if reserved in data:
                    raise PydanticCustomError("reserved_key", "reserved key {key}",
                                              {"key": reserved})
            return {**data, "location": data.location, "field_locations": data.value_locations}
        return data

    def place(self, field: str) -> Location:
        """Where `field` was read, else where this object was, else UNKNOWN."""
        return self.field_locations.get(field) or self.location
