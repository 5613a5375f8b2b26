"""schema.py: `scoring schema KIND` prints a JSON Schema every shipped file satisfies."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import CASES, INDICATOR_SETS, ROOT, run_cli
from jsonschema import Draft202012Validator

from scoring.load.schema import json_schema, schema_text
from scoring.read.source import read_yaml

SCHEMAS = ROOT / "schemas"
SHIPPED = {
    "indicator-set": sorted(INDICATOR_SETS.glob("*.yaml")),
    "case": sorted(CASES.glob("*.yaml")),
    "scheme": sorted([*(ROOT / "scoring" / "schemes").glob("*.yaml"),
                      *(ROOT / "schemes").glob("*.yaml")]),
}


def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json_schema(kind))


def _plain(node: Any) -> Any:
    """Located YAML data as JSON types (a YAML `2023` is an integer to JSON Schema)."""
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, Decimal):
        return int(node) if node == node.to_integral_value() and "." not in str(node) \
            else float(node)
    return node


def _keys(node: Any) -> set[str]:
    """Every property name anywhere in a schema."""
    out: set[str] = set()
    if isinstance(node, dict):
        out |= set(node.get("properties", {}))
        for value in node.values():
            out |= _keys(value)
    elif isinstance(node, list):
        for value in node:
            out |= _keys(value)
    return out


@pytest.mark.parametrize("kind", ["indicator-set", "case", "scheme"])
def test_cli_prints_a_valid_schema_without_hidden_fields(kind: str) -> None:
    run = run_cli("schema", kind)
    assert run.code == 0, run.err
    schema = json.loads(run.out)
    Draft202012Validator.check_schema(schema)
    assert not {"location", "field_locations", "content_hash"} & _keys(schema)


def test_unknown_kind_is_a_usage_error() -> None:
    assert run_cli("schema", "nonsense").code == 2


@pytest.mark.parametrize(("kind", "path"), [(k, p) for k, paths in SHIPPED.items()
                                            for p in paths],
                         ids=[p.name for paths in SHIPPED.values() for p in paths])
def test_every_shipped_file_validates_against_its_schema(kind: str, path: Path) -> None:
    errors = [e.message for e in _validator(kind).iter_errors(_plain(read_yaml(path)))]
    assert errors == []


def test_there_are_department_files_among_them() -> None:
    names = {p.stem for paths in SHIPPED.values() for p in paths}
    assert {"hunan-yueyang-department", "sichuan-department-framework",
            "anju-2023-department"} <= names


def test_decimals_accept_numbers_and_numeric_text() -> None:
    v = _validator("indicator-set")
    base = {"indicators": [{"name": "x", "rule": {"deduct": {"threshold": 100, "points": "0.5"}},
                            "weight": 5}]}
    assert list(v.iter_errors(base)) == []
    base["indicators"][0]["rule"] = {"deduct": {"threshold": 100, "points": "half"}}
    assert list(v.iter_errors(base)) != []


def test_the_schema_refuses_what_the_loader_refuses() -> None:
    v = _validator("indicator-set")
    two_rules = {"indicators": [{"name": "x", "weight": 1, "rule": {
        "count_deduct": {"per": 1}, "expression": "weight"}}]}
    assert not v.is_valid(two_rules)
    assert not v.is_valid({"indicators": [{"name": "x", "weight": 1, "wieght": 2}]})
    case = _validator("case")
    assert case.is_valid({"actuals": {"a": 1, "b": "98%", "c": None, "d": ["制度健全"],
                                      "e": {"value": 2, "evidence": "审计报告"}}})
    assert not case.is_valid({"actuals": {"a": {"valeu": 1}}})


def test_a_scheme_file_that_extends_may_give_any_subset_of_keys() -> None:
    v = _validator("scheme")
    assert v.is_valid({"id": "x", "extends": "mof-2020", "reverse": "linear"})
    assert not v.is_valid({"extends": "mof-2020"})
    assert not v.is_valid({"id": "x", "reverse": "sideways"})


@pytest.mark.parametrize("kind", ["indicator-set", "case", "scheme"])
def test_shipped_schema_files_are_current(kind: str) -> None:
    path = SCHEMAS / f"{kind}.schema.json"
    text = schema_text(kind)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, "utf-8")
    assert path.read_text("utf-8") == text, "regenerate: scoring schema KIND > schemas/..."
