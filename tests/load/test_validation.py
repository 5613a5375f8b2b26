"""validation.py: pydantic errors → located diagnostics in Chinese, with a did-you-mean."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from scoring import LoadError, load_case
from scoring.errors import Location
from scoring.load.validation import diagnostics_from_validation, suggest
from scoring.read.source import parse_yaml


def test_a_misspelt_key_and_a_value_of_no_member_type_are_located(write_yaml: Any) -> None:
    path: Path = write_yaml("c.yaml", "project: {name: 甲, yaer: 2023}\nscheme: mof-2020\n"
                            "indicators:\n  - {level1: a, level2: b, name: c, comparator: \"≥\", "
                            "target: 1, actual: 1, weight: [1]}\n")
    with pytest.raises(LoadError) as caught:
        load_case(path)
    assert [(str(d.location), d.code, d.message) for d in caught.value.diagnostics] == [
        (f"{path}:1:20", "unknown-key", "未知的键 'yaer'（是否应为 'year'？）")]
    # a slip inside a row of an inline case (a published table) is the row's finding
    path.write_text(path.read_text("utf-8").replace("yaer", "year"), "utf-8")
    assert [(str(f.location), f.code, dict(f.params)["problem"])
            for f in load_case(path).noted] == [
        (f"{path}:4:84", "invalid-value", "weight: 应为数字或文本")]


class _Point(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: int
    label: str


def test_each_pydantic_error_becomes_one_diagnostic_at_its_value() -> None:
    data = parse_yaml("x: many\n", "p.yaml")
    with pytest.raises(ValidationError) as caught:
        _Point.model_validate(data)
    found = diagnostics_from_validation(caught.value, data, Location("p.yaml"), _Point)
    assert sorted((str(d.location), d.message) for d in found) == [
        ("p.yaml:1:1", "label: 缺少必填项"), ("p.yaml:1:4", "x: 不是整数")]


def test_suggest_names_the_nearest_choice_or_nothing() -> None:
    assert suggest("weigth", ["weight", "target"]) == "（是否应为 'weight'？）"
    assert suggest("zzz", ["weight"]) == ""
