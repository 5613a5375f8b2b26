"""Cells: the text of a real 自评表 cell → a `Cell`: a number, a comparator, a range, a date.

The one cell grammar. Every cell field of the models (targets, weights,
actuals, published scores, budget figures) is read here ONCE, when the model
is validated (`model/case.py`), into a `Cell` that knows its printed text, its
place and what it reads as; the engine only looks at Cells. The spellings
(comparators, range separators) are data in `data/cells.yaml`; the phrase
tables that turn words into tiers are scheme data (RULES.md §3, `phrases.py`).
Nothing here guesses: a cell that is not understood reads as `text`, and the
engine decides (qualitative phrase, or `unparsed-cell`); a number beyond
10^±`MAX_EXPONENT` reads as `unreadable` (the checks say so at its place).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from ..errors import UNKNOWN, Location
from .cell import BLANK, UNKNOWN_YEAR, Cell, Comparator, MonthDay, make_date, out_of_range
from .packaged import data_file

MAX_CELL_CHARS = 2000
__all__ = [  # the grammar, and the Cell it reads into (`cell.py`)
    "BLANK", "MAX_CELL_CHARS", "UNKNOWN_YEAR", "Cell", "Comparator", "MonthDay", "bare_number",
    "cell_of", "comparator_cell", "normalize", "read_cell", "read_cell_fully", "read_comparator",
    "read_date", "read_number", "spellings", "unconverted"]


@dataclass(frozen=True, slots=True)
class Spellings:
    prefixes: tuple[tuple[str, Comparator], ...]
    suffixes: tuple[tuple[str, Comparator], ...]
    undirected: frozenset[str]
    range_pattern: re.Pattern[str]
    negations: tuple[str, ...]
    magnitudes: tuple[str, ...]
    magnitude_ratio: Decimal
    approximate_before: tuple[str, ...]
    approximate_after: tuple[str, ...]


@lru_cache(maxsize=1)
def spellings() -> Spellings:
    raw = data_file("cells.yaml")
    prefixes = [(normalize(s), Comparator(c)) for c, words in raw["comparators"].items()
                for s in words]
    suffixes = [(normalize(s), Comparator(c)) for c, words in raw["suffix_comparators"].items()
                for s in words]
    seps = "|".join(re.escape(s) for s in raw["range_separators"])
    pattern = re.compile(rf"^({_NUM})(%?)([^\d]*?)(?:{seps})({_NUM})(%?)(\D*)$")
    return Spellings(
        prefixes=tuple(sorted(prefixes, key=lambda p: -len(p[0]))),
        suffixes=tuple(sorted(suffixes, key=lambda p: -len(p[0]))),
        undirected=frozenset(normalize(s) for s in raw["undirected"]),
        range_pattern=pattern,
        negations=tuple(normalize(s) for s in raw["negations"]),
        magnitudes=tuple(raw["magnitudes"]),
        magnitude_ratio=Decimal(str(raw["magnitude_ratio"])),
        approximate_before=_longest_first(raw["approximate"]["before"]),
        approximate_after=_longest_first(raw["approximate"]["after"]),
    )


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted((normalize(w) for w in words), key=lambda w: -len(w)))


def unconverted(a: Decimal, t: Decimal, actual_unit: str, units: tuple[str, ...]) -> bool:
    """An actual that looks not converted to the order of magnitude of its target: one of
    `units` (the target cell's, the 度量单位) has 万/亿/千, the actual's unit has none, and
    the actual is `magnitude_ratio` times the target or more (data/cells.yaml)."""
    words = spellings().magnitudes
    return t > 0 and a >= t * spellings().magnitude_ratio and \
        not any(w in actual_unit for w in words) and \
        any(w in unit for unit in units for w in words)


# One number as a cell writes it (FORMATS.md §5, "Numbers" in the README): a sign,
# digits with or without thousands commas, a decimal point (`.5`, `5.`), an exponent
# (`1e3`, `1.2E+5`: what a spreadsheet prints). Not `1_000`: no table writes it.
_NUM = r"[-+]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_NUMBER = re.compile(rf"^({_NUM})\s*(%|‰)?(.*)$")
_DATE_FULL = re.compile(
    r"^(\d{4})[-./年](\d{1,2})(?:[-./月](\d{1,2})日?|月)?(底|末)?(前|之前|以前)?$")
_DOTTED_MONTH = re.compile(r"^\d{4}\.\d{1,2}$")  # a number, or a month if the row says so
_DATE_MONTH = re.compile(r"^(\d{1,2})月(?:(\d{1,2})日|底|末)?(前|之前|以前)?$")
_SPACE = re.compile(r"\s+")
_PLAIN = re.compile(r"([0-9]{1,30}(?:\.[0-9]{1,30})?)(%)?")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """NFKC (full-width digits and signs to ASCII) without any whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def read_comparator(text: str | None) -> Comparator | None:
    """A comparator cell → `Comparator`; blank or undirected (定量) → None.

    Raises `ValueError` for text that is no known comparator. Not cached: a cache
    saved 2% of loading a region (benchmarks/caches.py), under the 20% bar.
    """
    if text is None:
        return None
    norm = normalize(text)
    if not norm or norm in spellings().undirected:
        return None
    for spelling, comp in spellings().prefixes:
        if norm == spelling:
            return comp
    raise ValueError(text)


@lru_cache(maxsize=65536)
def read_cell(text: str | None, year: int | None = None) -> Cell:
    """Read one cell's text (FORMATS.md §5): the grammar's entry point. Never raises.

    A date written without its year (`12月底前`) is a date of `year` when one is given;
    without one the cell keeps the month (`Cell.month`) for `Cell.in_year`.
    """
    if text is None:
        return BLANK
    plain = _PLAIN.fullmatch(text)
    if plain is not None and not _DATE_FULL.match(text):
        # the most common cell, "98.5" or "98.5%": what `read_cell_fully` gives, sooner
        return Cell(text, "number", Decimal(plain.group(1)), None, None, "",
                    plain.group(2) is not None, norm=text, given=text)
    return read_cell_fully(text, year)


def read_cell_fully(text: str, year: int | None = None) -> Cell:
    """`read_cell` without its shortcut for plain numbers (and without its cache)."""
    cell = _read(text, year)
    if cell.kind in ("number", "range") and any(
            v is not None and out_of_range(v) for v in (cell.value, cell.upper)):
        return Cell(cell.text, "unreadable", norm=cell.norm, given=text)
    return cell


def _read(given: str, year: int | None) -> Cell:
    raw = given[:MAX_CELL_CHARS]
    norm = normalize(raw)
    if not norm:
        return Cell(given, "blank", given=given)
    text = given.strip()  # the cell as printed, without the blanks around it
    whole = norm if len(given) <= MAX_CELL_CHARS else normalize(given)
    approximate = False
    for word in spellings().approximate_before:
        if norm.startswith(word) and _starts_number(norm[len(word):]):
            approximate, norm = True, norm[len(word):]
            break
    comparator = None
    for spelling, comp in spellings().prefixes:
        if norm.startswith(spelling) and _starts_number(norm[len(spelling):]):
            comparator, norm = comp, norm[len(spelling):]
            break
    match = _NUMBER.match(norm)
    value = _decimal(match.group(1)) if match else None
    unit = match.group(3) if match else ""
    if value is None or any(ch.isdigit() for ch in unit):  # not one number: a range?
        value = None
        ranged = spellings().range_pattern.match(norm)
        if ranged and comparator is None and not approximate:
            lo, hi = _decimal(ranged.group(1)), _decimal(ranged.group(4))
            if lo is not None and hi is not None and lo <= hi:
                unit = ranged.group(6) or ranged.group(3)
                return Cell(text, "range", lo, hi, None, unit,
                            bool(ranged.group(2) or ranged.group(5)), norm=whole, given=given)
    when = None if approximate else read_date(norm, year)
    if when is not None and value is not None and _DOTTED_MONTH.match(norm):
        return Cell(text, "number", value, comparator=comparator, date=when, norm=whole,
                    given=given)
    undated = _undated(text, whole, given, comparator, approximate=approximate, value=value,
                       unit=unit, percent=match is not None and match.group(2) is not None)
    if when is not None:
        month = _month(norm, comparator)
        return Cell(text, "date", comparator=comparator, date=when, norm=whole, given=given,
                    month=month, undated=undated if month is not None else None)
    return undated


def _undated(text: str, whole: str, given: str, comparator: Comparator | None, *,
             approximate: bool, value: Decimal | None, unit: str, percent: bool) -> Cell:
    """What a cell reads as when it is no date: text, or a number with its unit."""
    if value is None:
        return Cell(text, "text", comparator=comparator, norm=whole, given=given)
    for word in spellings().approximate_after:
        if unit.endswith(word):
            approximate, unit = True, unit[: -len(word)]
            break
    for spelling, comp in spellings().suffixes:
        if unit.endswith(spelling) and comparator is None:
            comparator, unit = comp, unit[: -len(spelling)]
            break
    return Cell(text, "number", value, None, comparator, unit, percent,
                approximate=approximate, norm=whole, given=given)


def _month(norm: str, comparator: Comparator | None) -> MonthDay | None:
    part = _DATE_MONTH.match(norm)
    if part is None:
        return None
    day = part.group(2)
    return MonthDay(int(part.group(1)), int(day) if day else None, comparator)


def cell_of(given: Decimal | str | None, place: Location = UNKNOWN) -> Cell:
    """The `Cell` of what a file held at `place`: a YAML number (a `Decimal`, which may
    still be a dotted month, `2024.04`), the text of a cell, or nothing (blank)."""
    if isinstance(given, Decimal):
        cell = _number_cell(given)
    else:
        cell = read_cell(given)
    return cell.at(given, place)


def _number_cell(value: Decimal) -> Cell:
    if out_of_range(value):
        return Cell(str(value), "unreadable", norm=str(value))
    text = format(value, "f")  # as given, without exponent: 300.00 stays 300.00
    cell = read_cell(text)  # YAML `2024.04` may be a dotted month, as in a table
    return cell if cell.date is not None else Cell(text, "number", value, norm=text)


def comparator_cell(given: str | None, place: Location = UNKNOWN) -> Cell:
    """A comparator cell (指标性质) as a `Cell`: blank; `text` with its comparator (None
    for a cell that says no direction, 定量); or `unreadable`, no known spelling."""
    if given is None:
        return Cell("", "blank", place=place)
    norm = normalize(given)
    try:
        comparator = read_comparator(given)
    except ValueError:
        return Cell(given.strip(), "unreadable", norm=norm, given=given, place=place)
    return Cell(given.strip(), "text" if norm else "blank", comparator=comparator, norm=norm,
                given=given, place=place)


def _starts_number(rest: str) -> bool:
    return bool(rest) and (rest[0].isdigit() or rest[0] in "+-.")


def read_number(text: str | Decimal | None) -> Decimal | None:
    """A cell that must hold one plain number (weight, budget): its value or None."""
    if text is None or isinstance(text, Decimal):
        return text
    cell = read_cell(text)
    if cell.kind != "number" or cell.comparator is not None or cell.approximate:
        return None
    return cell.value


def bare_number(text: str) -> Decimal | None:
    """The value of a text that is one number and nothing else (no unit, percent sign,
    comparator, approximate word), read by the grammar of a cell; else None.

    How a YAML number is read (`source.py`): `1e3`, `+5`, `.5`, `5.` are numbers in a
    YAML file exactly when they are in a table, and `1_000` in neither.
    """
    cell = read_cell(text)
    if cell.kind != "number" or cell.comparator is not None or cell.unit or cell.percent \
            or cell.approximate:
        return None
    return cell.value




def read_date(norm: str, year: int | None) -> dt.date | None:
    """`2023-12-31`, `2023年12月31日`, `2023年12月` (month end); `12月底前`, `9月前`, `7月`,
    `6月30日` in the case year, or in `UNKNOWN_YEAR` when the case gives none."""
    full = _DATE_FULL.match(norm)
    if full:
        y, m = int(full.group(1)), int(full.group(2))
        day = full.group(3)
        return make_date(y, m, int(day) if day else None)
    part = _DATE_MONTH.match(norm)
    if part:
        day = part.group(2)
        return make_date(UNKNOWN_YEAR if year is None else year, int(part.group(1)),
                         int(day) if day else None)
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
