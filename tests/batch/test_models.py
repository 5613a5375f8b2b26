"""batch/models.py: a flat table row's indicator and actual, placed at their cells."""

from __future__ import annotations

from decimal import Decimal as D

from conftest import CASES

from scoring.batch.models import located_actual, located_indicator, row_places
from scoring.batch.table import iter_blocks, table_of

TABLE = CASES / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv"
CELLS = ("产出指标", "数量指标", "招引项目个数", "≥", "16", "个", "10")


def _places(line: int):  # type: ignore[no-untyped-def]
    [block] = list(iter_blocks(TABLE))
    return row_places(table_of(block.source), block.source, line)


def _column(field: str) -> int:
    """The 1-based column of `field` in the table's header."""
    [block] = list(iter_blocks(TABLE))
    return table_of(block.source).header.index[field] + 1


def test_a_rows_indicator_holds_its_cells_each_at_its_column() -> None:
    ind = located_indicator(CELLS, _places(3))
    assert (ind.name, ind.comparator.given, ind.target.given, ind.unit, ind.weight.given) == (
        "招引项目个数", "≥", "16", "个", "10")
    assert (ind.target.kind, ind.target.value, ind.weight.number) == ("number", D(16), D(10))
    assert str(ind.location).endswith(f":3:{_column('name')}")  # the row: its 三级指标 cell
    assert str(ind.place("target")).endswith(f":3:{_column('target')}")


def test_a_rows_actual_reads_a_manual_score_as_a_number() -> None:
    act = located_actual(("21", None, "10", "9.5"), _places(3))
    assert (act.value.given, act.reason, act.reported_score.given, act.manual) == (
        "21", None, "10", D("9.5"))
    assert act.manual_score is not None and act.manual_score.place == act.place("manual_score")
    assert str(act.place("value")).endswith(f":3:{_column('actual')}")
