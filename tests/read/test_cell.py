"""cell.py: the Cell a grammar reading gives — its number, its place, a date of a year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from scoring.errors import Location
from scoring.read.cell import BLANK, make_date, out_of_range
from scoring.read.cells import read_cell


def test_a_plain_number_is_a_number_a_bound_or_an_approximate_one_is_not() -> None:
    assert read_cell("240").number == Decimal("240")
    assert read_cell("≥95%").number is None and read_cell("≥95%").value == Decimal("95")
    assert read_cell("约95%").number is None
    assert BLANK.is_blank and BLANK.number is None and str(BLANK) == ""


def test_a_reading_placed_keeps_what_the_file_held_and_equals_wherever_read() -> None:
    here = Location("t.csv", 3, 7)
    cell = read_cell("98%").at("98%", here)
    assert (cell.place, cell.given, str(cell)) == (here, "98%", "98%")
    assert cell == read_cell("98%").at(Decimal("0.98"), Location("u.yaml", 1, 1))


def test_a_date_without_its_year_takes_the_case_year_month_end_when_no_day() -> None:
    cell = read_cell("12月底前")
    assert cell.month is not None
    assert cell.in_year(2023).date == dt.date(2023, 12, 31) and cell.in_year(None) is cell
    assert read_cell("2月").in_year(2023).date == dt.date(2023, 2, 28)
    assert read_cell("2月").in_year(2024).date == dt.date(2024, 2, 29)
    leap = read_cell("2月29日")  # no such day in 2023: what the text says, undated
    assert leap.in_year(2024).date == dt.date(2024, 2, 29)
    assert leap.in_year(2023).date is None and leap.in_year(2023).month is None


def test_dates_and_magnitudes_out_of_range() -> None:
    assert make_date(2023, 2, None) == dt.date(2023, 2, 28)
    assert make_date(2023, 13, 1) is None and make_date(1800, 1, 1) is None
    assert make_date(2023, 4, 31) is None
    assert out_of_range(Decimal("1e61")) and out_of_range(Decimal("1e-61"))
    assert out_of_range(Decimal("NaN")) and out_of_range(Decimal("Infinity"))
    assert not out_of_range(Decimal("1e60")) and not out_of_range(Decimal("0E-100"))
