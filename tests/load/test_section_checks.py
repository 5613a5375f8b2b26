"""section_checks.py: a 部门整体 set's sections are unique, hold every row, and add up."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import INDICATOR_SETS

from scoring import LoadError, load_case, load_indicator_set

SET = """kind: department
scheme: mof-2020
sections:
  - name: 决策
    weight: 20
    sections:
      - {name: 目标, weight: 10}
      - {name: 目标, weight: 5}
  - name: 产出
    weight: 80
indicators:
  - {level1: 决策, level2: 目标, name: 甲, comparator: "≥", target: 1, weight: 10}
  - {level1: 产出, level2: x, name: 乙, comparator: "≥", target: 1, weight: 70}
  - {level1: 效益, level2: x, name: 丙, comparator: "≥", target: 1, weight: 10}
"""


def test_every_problem_of_the_sections_is_placed(write_yaml: Any) -> None:
    path = write_yaml("set.yaml", SET)
    with pytest.raises(LoadError) as caught:
        load_indicator_set(path)
    assert {(str(d.location).removeprefix(f"{path}:"), d.code, d.indicator)
            for d in caught.value.diagnostics} == {
        ("5:13", "section-weights-do-not-sum", "决策"),  # 10 + 5 inside it
        ("8:9", "duplicate-section", "目标"),
        ("8:28", "section-weights-do-not-sum", "目标"),
        ("10:13", "section-weights-do-not-sum", "产出"),  # its rows hold 70
        ("14:14", "unknown-section", "丙")}


def test_a_case_names_only_sections_of_its_set(write_yaml: Any) -> None:
    path = write_yaml("case.yaml", f"indicator_set: {INDICATOR_SETS}/sichuan-department-"
                      "framework.yaml\nsections:\n  非税收入: {not_applicable: true}\n")
    with pytest.raises(LoadError, match="没有分项“非税收入”（是否应为 '非税收入执收'？）"):
        load_case(path)
