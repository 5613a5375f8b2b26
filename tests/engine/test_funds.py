"""funds.py: the fund-source rows under the budget total, read as numbers with their rate."""

from __future__ import annotations

from decimal import Decimal as D

from scoring.engine.funds import fund_source, fund_sources
from scoring.model.case import FundRow, FundSources


def test_a_row_is_read_and_its_rate_worked_out() -> None:
    row = fund_source("fiscal", FundRow(initial="300", adjusted="200", executed="150"))
    assert (row.key, row.initial, row.adjusted, row.executed, row.rate) == (
        "fiscal", D(300), D(200), D(150), D("0.75"))
    assert fund_source("unit", FundRow(adjusted="0", executed="1")).rate is None  # no ÷ 0


def test_rows_given_come_in_the_forms_order() -> None:
    rows = fund_sources(FundSources(other=FundRow(adjusted="1", executed="1"),
                                    fiscal=FundRow(adjusted="2", executed="1")))
    assert [r.key for r in rows] == ["fiscal", "other"]
    assert fund_sources(None) == ()
