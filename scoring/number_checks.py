"""Check numbers: no number of a loaded set or case is beyond what a table can hold.

One of the semantic checks of `checks.py`, run on every indicator set and
case whatever it was read from (YAML, CSV, XLSX). YAML numbers are bounded
when read (`source.MAX_EXPONENT`); this catches those that reach the models
another way: pydantic reads the text `"1e999999999"` into a Decimal field,
and a cell such as `"9999…"` reads as a number of up to `cells.MAX_CELL_CHARS`
digits. A value beyond 10^±MAX_EXPONENT is a diagnostic at its place, so the
engine never computes with, nor prints, a number of a billion digits.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from .cells import read_cell
from .errors import Diagnostic
from .located import Located
from .model import Case, IndicatorSet
from .source import MAX_EXPONENT

# Fields holding cell text that the engine reads as a number (targets, actuals, budgets).
CELL_FIELDS = frozenset({"target", "weight", "value", "reported_score", "initial",
                         "adjusted", "executed", "rate", "budget_execution", "total", "scores"})
_HIDDEN = frozenset({"location", "field_locations", "score_locations", "indicator_set"})
_SHOWN_CHARS = 24


def out_of_range(value: Decimal) -> bool:
    """NaN, an infinity, or a non-zero magnitude beyond 10^±MAX_EXPONENT."""
    return not value.is_finite() or (not value.is_zero()
                                     and abs(value.adjusted()) > MAX_EXPONENT)


def check_set_numbers(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every number of an indicator set (weights, targets, rule parts) is in range."""
    yield from _walk(iset, "")


def check_case_numbers(case: Case) -> Iterator[Diagnostic]:
    """Every number of a case (actuals, facts, budget, reported) is in range; its
    indicator set is checked by `check_set_numbers`."""
    yield from _walk(case, "")


def _walk(obj: Located, key: str) -> Iterator[Diagnostic]:
    key = getattr(obj, "key", key) if not isinstance(obj, (Case, IndicatorSet)) else key
    for field in type(obj).model_fields:
        if field not in _HIDDEN:
            yield from _value(getattr(obj, field), obj, field, key)


def _value(value: Any, owner: Located, field: str, key: str) -> Iterator[Diagnostic]:
    if isinstance(value, Located):
        yield from _walk(value, key)
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _value(item, owner, field, key)
    elif isinstance(value, dict):
        for name, item in value.items():
            inner = name if field in ("actuals", "scores") else key
            yield from _value(item, owner, field, inner)
    elif isinstance(value, Decimal):
        if out_of_range(value):
            yield _diagnostic(owner, field, str(value), key)
    elif isinstance(value, str) and field in CELL_FIELDS:
        cell = read_cell(value)
        if cell.kind in ("number", "range") and any(
                v is not None and out_of_range(v) for v in (cell.value, cell.upper)):
            yield _diagnostic(owner, field, value, key)


def _diagnostic(owner: Located, field: str, text: str, key: str) -> Diagnostic:
    shown = text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
    place = owner.place(field)
    if field == "scores":
        place = getattr(owner, "score_locations", {}).get(key, place)
    return Diagnostic(place, f"{field}: 数字“{shown}”超出范围（绝对值须在 1e-{MAX_EXPONENT} 到 "
                      f"1e{MAX_EXPONENT} 之间）", "bad-number", key)
