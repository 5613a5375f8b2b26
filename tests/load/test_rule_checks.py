"""rule_checks.py: per-indicator rules checked at load — the rule, its names, the actuals."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scoring import LoadError, load_case, load_indicator_set

SET = """scheme: mof-2020
names: [class, 年初预算数, 年初预算数]
indicators:
  - level1: 产出指标
    level2: 数量指标
    name: 甲
    weight: 5
    rule:
      bands:
        - {min: 80, points: 4}
        - {min: 90, points: 6}
  - level1: 产出指标
    level2: 数量指标
    name: 乙
    weight: 5
    rule:
      checklist:
        - {item: 制度, points: 2}
        - {item: 制度, points: 4}
  - level1: 产出指标
    level2: 数量指标
    name: 丙
    weight: 5
    rule:
      expression: "weight * actual / 总数"
"""
GOOD_SET = """scheme: mof-2020
names: [年初预算数]
indicators:
  - {level1: 产出指标, level2: 数量指标, name: 乙, weight: 3, rule: {checklist: [
       {item: 制度, points: 1}, {item: 执行, points: 2}]}}
  - {level1: 产出指标, level2: 数量指标, name: 丙, weight: 5, rule: {
       expression: "weight * 年初预算数 / 100"}}
"""


def _problems(path: Path, load: Any) -> list[tuple[str, str, str]]:
    with pytest.raises(LoadError) as caught:
        load(path)
    return [(str(d.location).removeprefix(f"{path}:"), d.code, d.message)
            for d in caught.value.diagnostics]


def test_names_rules_and_expressions_of_a_set_are_checked(write_yaml: Any) -> None:
    assert _problems(write_yaml("set.yaml", SET), load_indicator_set) == [
        ("2:8", "bad-name", "names：“class”不能作为名称（须为标识符，不以 _ 开头）"),
        ("2:8", "bad-name", "names：“年初预算数”重复"),
        ("11:11", "bad-rule", "bands 必须按 min 从高到低排列（第一档最高）"),
        ("11:29", "bad-rule", "bands 的分值 6 超过权重 5"),
        ("17:7", "bad-rule", "checklist 各项分值之和 6 超过权重 5"),
        ("19:11", "bad-rule", "checklist 条目“制度”重复"),
        ("25:38", "unknown-name", "未知的名称 '总数'")]


def test_a_case_names_only_items_and_facts_its_set_declares(write_yaml: Any) -> None:
    write_yaml("set.yaml", GOOD_SET)
    case = write_yaml("case.yaml", "indicator_set: set.yaml\nactuals:\n  乙: [制度, 执形]\n"
                      "  丙: {facts: {年初预算: 5}}\n")
    assert _problems(case, load_case) == [
        ("3:6", "unknown-item", "checklist 中没有条目“执形”"),
        ("4:14", "unknown-name", "事实“年初预算”不是指标体系声明的名称（是否应为 '年初预算数'？）")]
