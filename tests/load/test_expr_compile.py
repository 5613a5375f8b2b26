"""expr_compile.py: expressions compiled at load, a refusal placed at its token in the file."""

from __future__ import annotations

from typing import Any

import pytest

from scoring import LoadError, load_indicator_set
from scoring.errors import Location
from scoring.load.expr_compile import expression_location

SET = """scheme: mof-2020
indicators:
  - level1: 产出指标
    level2: 数量指标
    name: 甲
    weight: 5
    rule:
      expression: |
        min(weight,
          总数)
  - level1: 产出指标
    level2: 数量指标
    name: 乙
    weight: 5
    rule: {expression: "min(weight, 数量)"}
"""
GOOD = """scheme: mof-2020
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 丙, weight: 5,
     rule: {expression: "min(weight, actual)"}}
"""


def test_a_refused_name_is_placed_in_a_block_or_a_quoted_scalar(write_yaml: Any) -> None:
    path = write_yaml("set.yaml", SET)
    with pytest.raises(LoadError) as caught:
        load_indicator_set(path)
    assert [(str(d.location), d.indicator, d.message) for d in caught.value.diagnostics] == [
        (f"{path}:10:11", "甲", "未知的名称 '总数'"), (f"{path}:15:37", "乙", "未知的名称 '数量'")]


def test_an_allowed_expression_is_stored_on_its_rule(write_yaml: Any) -> None:
    [row] = load_indicator_set(write_yaml("set.yaml", GOOD)).indicators
    assert row.rule is not None and row.rule.compiled is not None


def test_a_place_without_a_line_stays_as_it_is() -> None:
    assert expression_location(Location("<test>"), "a + b", 4) == Location("<test>")
