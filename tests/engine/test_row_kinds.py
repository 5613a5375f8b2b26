"""row_kinds.py: a row scored by what its cells hold — numbers, phrases, 定性 tiers, units."""

from __future__ import annotations

from typing import Any

import pytest
from builders import make_case, row

from scoring import evaluate

FILL = row("fill", "≥", "1", "1", 90)


def _scored(*args: Any, **extra: Any) -> tuple[str, str, str, list[str]]:
    result = evaluate(make_case([row(*args, **extra), FILL]))
    got = result.indicators[0]
    return (got.status, str(got.score), got.explain,
            [f.code for f in result.findings if f.indicator == got.name])


@pytest.mark.parametrize(("actual", "status", "score"), [
    ("达成", "met", "10.00"), ("基本达成", "partial", "7.00"), ("未达成", "partial", "3.00")])
def test_a_qualitative_row_scores_its_tier(actual: str, status: str, score: str) -> None:
    assert _scored("质量", "定性", "有效", actual, 10, reason="原因")[:2] == (status, score)


def test_a_phrase_for_a_number_is_read_as_done_with_a_finding() -> None:
    assert _scored("个数", "≥", "10", "完成", 10) == (
        "met", "10.00", "完成值“完成”视为完成 → 10", ["text-actual"])


def test_an_approximate_target_is_scored_and_said() -> None:
    status, score, _, codes = _scored("个数", "≥", "约10", "8", 10, reason="原因")
    assert (status, score, codes) == ("partial", "8.00", ["approximate-value"])


def test_equals_is_scored_as_at_least() -> None:
    assert _scored("个数", "=", "10", "9", 10, reason="r")[1:3] == (
        "9.00", "“=”按 ≥ 计：9 ÷ 10 × 10 = 9 → 9.00")


def test_a_percent_row_with_an_actual_written_as_a_fraction_is_suspect() -> None:
    assert "unit-suspect" in _scored("满意度", "≥", "95%", "0.98", 10, unit="%",
                                     reason="原因")[3]
