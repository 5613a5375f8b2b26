"""Cells: the text of a real 自评表 cell → a number, a comparator, a range, a date.

Used by the engine on every target and actual, and by the importers. The
spellings (comparators, range separators) are data in `data/cells.yaml`; the
phrase tables that turn words into tiers are scheme data (RULES.md §3).
Nothing here guesses: a cell that is not understood reads as `text`, and the
engine decides (qualitative phrase, or `unparsed-cell`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from .packaged import data_file

CellKind = Literal["blank", "number", "range", "date", "text"]
MAX_CELL_CHARS = 2000


class Comparator(str, enum.Enum):
    """The comparator of an indicator (指标性质)."""

    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="
    QUALITATIVE = "定性"


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as read: its text (blanks around it removed), its kind, its number(s), an
    in-cell comparator and unit."""

    text: str
    kind: CellKind
    value: Decimal | None = None
    upper: Decimal | None = None
    comparator: Comparator | None = None
    unit: str = ""
    percent: bool = False
    date: dt.date | None = None  # a number that may be a dotted month (`2024.04`) has both
    approximate: bool = False  # "约95%", "95%左右": the number, not an exact one


@dataclass(frozen=True, slots=True)
class _Spellings:
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
def _spellings() -> _Spellings:
    raw = data_file("cells.yaml")
    prefixes = [(normalize(s), Comparator(c)) for c, words in raw["comparators"].items()
                for s in words]
    suffixes = [(normalize(s), Comparator(c)) for c, words in raw["suffix_comparators"].items()
                for s in words]
    seps = "|".join(re.escape(s) for s in raw["range_separators"])
    pattern = re.compile(rf"^({_NUM})(%?)([^\d]*?)(?:{seps})({_NUM})(%?)(\D*)$")
    return _Spellings(
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
    words = _spellings().magnitudes
    return t > 0 and a >= t * _spellings().magnitude_ratio and \
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


@lru_cache(maxsize=1024)
def read_comparator(text: str | None) -> Comparator | None:
    """A comparator cell → `Comparator`; blank or undirected (定量) → None.

    Raises `ValueError` for text that is no known comparator. Cached: it runs
    on every row (a few dozen spellings in any table; errors are not cached).
    """
    if text is None:
        return None
    norm = normalize(text)
    if not norm or norm in _spellings().undirected:
        return None
    for spelling, comp in _spellings().prefixes:
        if norm == spelling:
            return comp
    raise ValueError(text)


@lru_cache(maxsize=65536)
def read_cell(text: str | None, year: int | None = None) -> Cell:
    """Read one target or actual cell (FORMATS.md §5). Never raises."""
    if text is None:
        return Cell("", "blank")
    plain = _PLAIN.fullmatch(text)
    if plain is not None and not _DATE_FULL.match(text):
        # the most common cell, "98.5" or "98.5%": what `read_cell_fully` gives, sooner
        return Cell(text, "number", Decimal(plain.group(1)), None, None, "",
                    plain.group(2) is not None)
    return read_cell_fully(text, year)


def read_cell_fully(text: str, year: int | None = None) -> Cell:
    """`read_cell` without its shortcut for plain numbers (and without its cache)."""
    raw = text[:MAX_CELL_CHARS]
    norm = normalize(raw)
    if not norm:
        return Cell(text, "blank")
    text = text.strip()  # the cell as printed, without the blanks around it
    approximate = False
    for word in _spellings().approximate_before:
        if norm.startswith(word) and _starts_number(norm[len(word):]):
            approximate, norm = True, norm[len(word):]
            break
    comparator = None
    for spelling, comp in _spellings().prefixes:
        if norm.startswith(spelling) and _starts_number(norm[len(spelling):]):
            comparator, norm = comp, norm[len(spelling):]
            break
    match = _NUMBER.match(norm)
    value = _decimal(match.group(1)) if match else None
    unit = match.group(3) if match else ""
    if value is None or any(ch.isdigit() for ch in unit):  # not one number: a range?
        value = None
        ranged = _spellings().range_pattern.match(norm)
        if ranged and comparator is None and not approximate:
            lo, hi = _decimal(ranged.group(1)), _decimal(ranged.group(4))
            if lo is not None and hi is not None and lo <= hi:
                unit = ranged.group(6) or ranged.group(3)
                return Cell(text, "range", lo, hi, None, unit,
                            bool(ranged.group(2) or ranged.group(5)))
    when = None if approximate else read_date(norm, year)
    if when is not None and value is not None and _DOTTED_MONTH.match(norm):
        return Cell(text, "number", value, comparator=comparator, date=when)
    if when is not None:
        return Cell(text, "date", comparator=comparator, date=when)
    if match is None or value is None:
        return Cell(text, "text", comparator=comparator)
    for word in _spellings().approximate_after:
        if unit.endswith(word):
            approximate, unit = True, unit[: -len(word)]
            break
    for spelling, comp in _spellings().suffixes:
        if unit.endswith(spelling) and comparator is None:
            comparator, unit = comp, unit[: -len(spelling)]
            break
    return Cell(text, "number", value, None, comparator, unit, match.group(2) is not None,
                approximate=approximate)


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


UNKNOWN_YEAR = 4
"""The year of a date written without one (`9月前`, `7月`) in a case that names none: one
year for all such cells, a leap year (`2月29日` is a date) no table writes, never shown."""


def read_date(norm: str, year: int | None) -> dt.date | None:
    """`2023-12-31`, `2023年12月31日`, `2023年12月` (month end); `12月底前`, `9月前`, `7月`,
    `6月30日` in the case year, or in `UNKNOWN_YEAR` when the case gives none."""
    full = _DATE_FULL.match(norm)
    if full:
        y, m = int(full.group(1)), int(full.group(2))
        day = full.group(3)
        return _make_date(y, m, int(day) if day else None)
    part = _DATE_MONTH.match(norm)
    if part:
        day = part.group(2)
        return _make_date(UNKNOWN_YEAR if year is None else year, int(part.group(1)),
                          int(day) if day else None)
    return None


def _make_date(year: int, month: int, day: int | None) -> dt.date | None:
    if not 1 <= month <= 12 or not (1900 <= year <= 2200 or year == UNKNOWN_YEAR):
        return None
    if day is None:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def match_phrase(text: str, phrases: tuple[tuple[str, str], ...], *, whole: bool) -> str | None:
    """The tier of the phrase `text` is (`whole`), or of the phrase found in it.

    `phrases` is (normalised phrase, tier) sorted longest first, as the scheme
    compiles it. Found in a text (RULES.md §3): a phrase after a negation in its
    clause does not count (`不好`); a phrase that starts inside an earlier one
    gives way to it (`部分达成年度指标` is 部分达成, not 达成年度指标; `未达成…` is
    未达成); of the rest the longest wins, then the first in the table.
    """
    key = (text, whole, id(phrases))
    hit = _PHRASE_HITS.get(key)
    if hit is not None and hit[0] is phrases:  # the entry keeps `phrases` alive: ids stay valid
        return hit[1]
    norm = normalize(text).strip("。.，,;；!！")
    tier = next((found for phrase, found in phrases if norm == phrase), None) if whole \
        else _found_phrase(norm, phrases)
    if len(_PHRASE_HITS) >= MAX_PHRASE_HITS:
        _PHRASE_HITS.clear()
    _PHRASE_HITS[key] = (phrases, tier)
    return tier


_CLAUSE_END = re.compile(r"[。.，,;；!！?？、]")


def _found_phrase(norm: str, phrases: tuple[tuple[str, str], ...]) -> str | None:
    negations = _spellings().negations
    found: list[tuple[int, int, int, str]] = []  # start, end, order in the table, tier
    for order, (phrase, tier) in enumerate(phrases):
        start = norm.find(phrase)
        while start >= 0:
            clause = _CLAUSE_END.split(norm[:start])[-1]
            if not any(word in clause for word in negations):
                found.append((start, start + len(phrase), order, tier))
            start = norm.find(phrase, start + 1)
    kept = [m for m in found if not any(o[0] < m[0] < o[1] for o in found)]
    if not kept:
        return None
    return min(kept, key=lambda m: m[2])[3]  # the table is sorted longest first


_PHRASE_HITS: dict[tuple[str, bool, int], tuple[tuple[tuple[str, str], ...], str | None]] = {}
MAX_PHRASE_HITS = 65536
