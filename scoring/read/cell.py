"""Cells (the value): one cell as read by the grammar of `cells.py`.

A `Cell` knows its printed text, its place (`file:line:col` or `Sheet!H12`),
what the file held, and what it reads as: a number (with a percent sign, an
in-cell comparator, a unit, approximate or not), a range, a date (or a date
without its year, resolved by `Cell.in_year` without reading again), text,
blank, or unreadable (a number beyond 10^±`MAX_EXPONENT`).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal, NamedTuple

from ..errors import UNKNOWN, Location

CellKind = Literal["blank", "number", "range", "date", "text", "unreadable"]
UNKNOWN_YEAR = 4
"""The year of a date written without one (`9月前`, `7月`) in a case that names none: one
year for all such cells, a leap year (`2月29日` is a date) no table writes, never shown."""
MAX_EXPONENT = 60  # |adjusted exponent| of a number a cell may hold; 1e60 yuan is not a budget


class Comparator(str, enum.Enum):
    """The comparator of an indicator (指标性质)."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="
    QUALITATIVE = "定性"


class MonthDay(NamedTuple):
    """A date written without its year (`12月底前`, `6月30日`): the year is the case's."""

    month: int
    day: int | None
    comparator: Comparator | None


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as read: its text (blanks around it removed), its kind, its number(s), an
    in-cell comparator and unit; where it was read (`place`) and what the file held
    (`given`: a YAML number as a `Decimal`, else the text as written). Two cells are
    equal when they read the same, wherever they were read."""

    text: str
    kind: CellKind
    value: Decimal | None = None
    upper: Decimal | None = None
    comparator: Comparator | None = None
    unit: str = ""
    percent: bool = False
    date: dt.date | None = None  # a number that may be a dotted month (`2024.04`) has both
    approximate: bool = False  # "约95%", "95%左右": the number, not an exact one
    month: MonthDay | None = None  # a date without its year: `in_year` makes it a date
    norm: str = ""  # the text NFKC-normalised without whitespace (phrases are matched on it)
    undated: Cell | None = field(default=None, compare=False, repr=False)  # (with `month`)
    given: Decimal | str | None = field(default=None, compare=False)
    place: Location = field(default=UNKNOWN, compare=False)

    def __str__(self) -> str:
        """What the file held, as the diagnostics quote it."""
        return "" if self.given is None else str(self.given)

    @property
    def number(self) -> Decimal | None:
        """The value of a cell that holds one plain number (a weight, a budget figure):
        no comparator, not approximate; else None."""
        if self.kind != "number" or self.comparator is not None or self.approximate:
            return None
        return self.value

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"

    def at(self, given: Decimal | str | None, place: Location) -> Cell:
        """This reading of what a file held (`given`) at `place` (a plain constructor
        call: `dataclasses.replace` costs several times more, once per cell read)."""
        return Cell(self.text, self.kind, self.value, self.upper, self.comparator, self.unit,
                    self.percent, self.date, self.approximate, self.month, self.norm,
                    self.undated, given, place)

    def in_year(self, year: int | None) -> Cell:
        """This cell in a case of `year`: a date written without its year (`12月底前`)
        becomes that date of the year (read once, resolved here without reading again)."""
        if self.month is None or year is None:
            return self
        when = make_date(year, self.month.month, self.month.day)
        if when is None:  # no such day in that year (`2月29日`): what the text says undated
            assert self.undated is not None
            return replace(self.undated, given=self.given, place=self.place)
        return replace(self, date=when, month=None, undated=None)


BLANK = Cell("", "blank")


def out_of_range(value: Decimal) -> bool:
    """NaN, an infinity, or a non-zero magnitude beyond 10^±MAX_EXPONENT."""
    return not value.is_finite() or (not value.is_zero()
                                     and abs(value.adjusted()) > MAX_EXPONENT)


def make_date(year: int, month: int, day: int | None) -> dt.date | None:
    """The date, or None if there is none (month end when `day` is None)."""
    if not 1 <= month <= 12 or not (1900 <= year <= 2200 or year == UNKNOWN_YEAR):
        return None
    if day is None:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
