"""model/sections.py: where a row of a 部门整体 set sits, and what a weight reads as."""

from __future__ import annotations

from decimal import Decimal as D

from conftest import INDICATOR_SETS

from scoring import load_indicator_set
from scoring.model.sections import placed_in, weight_of
from scoring.read.cells import cell_of


def test_a_row_sits_in_its_level1_section_and_that_ones_level2_section() -> None:
    iset = load_indicator_set(INDICATOR_SETS / "sichuan-department-framework.yaml")
    top, inner = placed_in(iset.indicators[0], iset.sections)
    assert (iset.indicators[0].name, top and top.name, inner and inner.name) == (
        "相关性", "部门决策", "目标任务")


def test_a_weight_reads_as_a_number_or_zero() -> None:
    assert (weight_of(cell_of("12.5")), weight_of(cell_of(D(3))), weight_of(cell_of("abc")),
            weight_of(None)) == (D("12.5"), D(3), 0, 0)
