"""spelling.py: the nearest known name to a misspelt one, as a hint in Chinese."""

from __future__ import annotations

from scoring.read.spelling import suggest


def test_the_nearest_choice_is_suggested() -> None:
    assert suggest("yaer", ["year", "name"]) == "（是否应为 'year'？）"
    assert suggest("招引项目数", ["招引项目个数", "协议金额"]) == "（是否应为 '招引项目个数'？）"


def test_nothing_is_suggested_when_nothing_is_near() -> None:
    assert suggest("zzz", ["year"]) == ""
    assert suggest("year", []) == ""
