"""Sections (部门整体): where an indicator of a department set sits, and a section's weight.

An indicator belongs to the top-level section named by its `level1` and, when
that section is divided, to the inner section named by its `level2`. The load
checks (`load/section_checks.py`) and the engine (`engine/department.py`) both
place indicators this one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..decimals import ZERO
from ..read.cell import Cell
from .case import Indicator, Section


def weight_of(cell: Cell | None) -> Decimal:
    """A weight (of a section or an indicator) as a number; 0 when it does not read as one
    or is blank (a published row without 权重)."""
    return (None if cell is None else cell.number) or ZERO


def placed_in(ind: Indicator, sections: Sequence[Section]) -> tuple[Section | None, Section | None]:
    """The top-level section of `ind` and, if that one is divided, its inner section."""
    top = next((s for s in sections if s.name == ind.level1), None)
    if top is None or not top.sections:
        return top, None
    return top, next((s for s in top.sections if s.name == ind.level2), None)
