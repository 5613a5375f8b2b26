"""io/formgrid.py: a workbook cell's text as shown, numbers exact whatever the context."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass

import pytest

from scoring.read.formgrid import cell_text


@dataclass
class FakeCell:
    """The two attributes of an openpyxl cell that `cell_text` reads."""

    value: object
    number_format: str = "General"


@pytest.mark.parametrize(("value", "form", "text"), [
    (None, "General", None),
    ("  是否  ", "General", "是否"),
    ("   ", "General", None),
    (True, "General", "是"),
    (7.675, "General", "7.675"),
    (0.1 + 0.2, "General", "0.30000000000000004"),  # the float as stored, not re-rounded
    (120, "0.00", "120.00"),
    (0.125, "0.00%", "12.50%"),
    (0.76, "0%", "76%"),
    (1234567890123456789012345678901234567890, "0.00",
     "1234567890123456789012345678901234567890.00"),  # 40 digits, exactly
    (1234567890123456789012345678901234567890, "0%",
     "123456789012345678901234567890123456789000%"),
    (1e300, "0.00", "1" + "0" * 300 + ".00"),
    (dt.date(2023, 12, 31), "yyyy-mm-dd", "2023-12-31"),
])
def test_cell_text(value: object, form: str, text: str | None) -> None:
    assert cell_text(FakeCell(value, form)) == text


def test_a_narrow_decimal_context_of_the_caller_changes_nothing() -> None:
    expected = [cell_text(FakeCell(v, f)) for v, f in ((0.123456, "0.00%"), (98765.4321, "0.00"))]
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        assert [cell_text(FakeCell(v, f)) for v, f in ((0.123456, "0.00%"),
                                                      (98765.4321, "0.00"))] == expected
    assert expected == ["12.3456%", "98765.4321"]
