"""JSON Schema of each file kind, for editors: completion and validation while typing.

`scoring schema indicator-set|case|scheme` prints what `json_schema(kind)`
returns: the pydantic models of the file formats (`IndicatorSet`, `CaseFile`,
`Scheme`) as JSON Schema (draft 2020-12), with the shapes the loader accepts
beyond the models' own fields: an actual may be a bare value or a list of
checklist items, and a scheme file that `extends:` another one may give any
subset of the keys. Hidden fields (`location`, `field_locations`,
`content_hash`) never appear; decimal fields accept a number or numeric text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from ..model.case import CaseFile, IndicatorSet
from ..model.scheme import Scheme

SchemaKind = Literal["indicator-set", "case", "scheme"]
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELS: dict[str, type[BaseModel]] = {"indicator-set": IndicatorSet, "case": CaseFile,
                                      "scheme": Scheme}
TITLES = {"indicator-set": "scoring indicator set (绩效指标体系)",
          "case": "scoring case (自评)", "scheme": "scoring scheme (评分规则)"}
_BARE_ACTUAL: list[dict[str, Any]] = [
    {"type": ["number", "string", "null"], "description": "完成值 alone"},
    {"type": "array", "items": {"type": "string"},
     "description": "checklist: the items satisfied"},
]


DECIMAL_TEXT = r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$"


class _Generator(GenerateJsonSchema):
    """Pin the shape of a decimal field (a number, or numeric text) instead of following
    what the installed pydantic prints for `Decimal`, which changed between releases."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        number: dict[str, Any] = {"type": "number"}
        for key, name in (("ge", "minimum"), ("gt", "exclusiveMinimum"), ("le", "maximum"),
                          ("lt", "exclusiveMaximum")):
            bound = schema.get(key)
            if bound is not None:
                exact = Decimal(str(bound))
                number[name] = int(exact) if exact == exact.to_integral_value() else float(exact)
        return {"anyOf": [number, {"type": "string", "pattern": DECIMAL_TEXT}]}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of file kind `kind` (indicator-set, case, scheme)."""
    model = MODELS[kind]
    schema = model.model_json_schema(mode="validation", schema_generator=_Generator)
    defs: dict[str, Any] = schema.get("$defs", {})
    if "Actual" in defs:
        defs["Actual"] = {"anyOf": [defs["Actual"], *_BARE_ACTUAL],
                          "description": defs["Actual"].get("description", "")}
    if kind == "scheme":
        _optional(schema)
        for definition in defs.values():
            _optional(definition)
        schema["required"] = ["id"]
    return {"$schema": DIALECT, "title": TITLES[kind], **{k: v for k, v in schema.items()
                                                         if k != "title"}}


def _optional(definition: dict[str, Any]) -> None:
    """A scheme file that extends another may leave out any key (merged at load)."""
    definition.pop("required", None)


def schema_text(kind: str) -> str:
    """The schema as pretty-printed JSON text."""
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"
