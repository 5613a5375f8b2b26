"""Check numbers: no number of a loaded set or case is beyond what a table can hold.

One of the semantic checks of `checks.py`, run on every indicator set and
case whatever it was read from (YAML, CSV, XLSX). YAML numbers are bounded
when read (`source.py`); the cell grammar reads a cell holding a number
beyond 10^±`cells.MAX_EXPONENT` (`"1e999999999"`, a `"9999…"` of
`cells.MAX_CELL_CHARS` digits) as `unreadable`; this check makes each such
cell, and each number field out of range (a manual score, a fact), a
diagnostic at its place, so the engine never computes with, nor prints, a
number of a billion digits.

The walk visits every field of every model (nested models, tuples, lists,
dicts). It runs for every case and every row of a batch, so it is written for
speed: the fields to visit are listed once per model class, and diagnostics go
to one list instead of through nested generators.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..errors import Diagnostic
from ..model.case import Case, IndicatorSet
from ..model.located import Located
from ..read.cell import MAX_EXPONENT, Cell, out_of_range

# Cell fields that may hold a number (targets, actuals, budgets, manual scores, facts).
CELL_FIELDS = frozenset({"target", "weight", "value", "reported_score", "initial",
                         "adjusted", "executed", "rate", "budget_execution", "total", "scores",
                         "manual_score", "deduction", "facts"})
_HIDDEN = frozenset({"location", "field_locations", "score_locations", "indicator_set"})
_KEYED = frozenset({"actuals", "scores"})  # dicts whose keys are indicator keys
_SHOWN_CHARS = 24
# The cells of a published table's rows and budget that `published_budget.py` makes its
# rows' findings of (a 权重 past the bounds: the row's `bad-weight`); facts stay checked.
PUBLISHED_CELLS = frozenset({"target", "weight", "value", "reported_score", "initial",
                             "adjusted", "executed", "rate", "budget_execution", "total",
                             "scores", "manual_score", "deduction"})


def check_set_numbers(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """Every number of an indicator set (weights, targets, rule parts) is in range."""
    found: list[Diagnostic] = []
    _walk(iset, "", found)
    return iter(found)


def check_case_numbers(case: Case) -> Iterator[Diagnostic]:
    """Every number of a case (actuals, facts, budget, reported) is in range; its
    indicator set is checked by `check_set_numbers`."""
    found: list[Diagnostic] = []
    _walk(case, "", found)
    return iter(found)


def check_published_set_numbers(iset: IndicatorSet) -> Iterator[Diagnostic]:
    """`check_set_numbers` of a published table: its rows' cells are its rows' findings."""
    found: list[Diagnostic] = []
    _walk(iset, "", found, PUBLISHED_CELLS)
    return iter(found)


def check_published_case_numbers(case: Case) -> Iterator[Diagnostic]:
    """`check_case_numbers` of a published table: its rows' cells are its rows' findings."""
    found: list[Diagnostic] = []
    _walk(case, "", found, PUBLISHED_CELLS)
    return iter(found)


def _plan(cls: type[Located]) -> tuple[tuple[str, ...], bool]:
    """The fields of a model class the walk visits, and whether its objects have a
    `key` (an indicator's) that names what is inside them."""
    fields = tuple(f for f in cls.model_fields if f not in _HIDDEN)
    keyed = not issubclass(cls, (Case, IndicatorSet)) and (
        hasattr(cls, "key") or "key" in cls.model_fields)
    return fields, keyed


def _walk(obj: Located, key: str, found: list[Diagnostic],
          skip: frozenset[str] = frozenset()) -> None:
    fields, keyed = _plan(type(obj))
    if keyed:
        key = getattr(obj, "key", key)
    for field in fields:
        value = getattr(obj, field)
        if value is None or type(value) is str:
            continue  # most fields: nothing that can hold a number
        _value(value, obj, field, key, found, skip)


def _value(value: Any, owner: Located, field: str, key: str, found: list[Diagnostic],
           skip: frozenset[str]) -> None:
    if type(value) is Cell:  # the common case
        if value.kind == "unreadable" and field in CELL_FIELDS and field not in skip:
            found.append(_diagnostic(owner, field, str(value), key))
    elif isinstance(value, Located):
        _walk(value, key, found, skip)
    elif isinstance(value, (tuple, list)):
        for item in value:
            _value(item, owner, field, key, found, skip)
    elif isinstance(value, dict):
        for name, item in value.items():
            _value(item, owner, field, name if field in _KEYED else key, found, skip)
    elif isinstance(value, Decimal) and out_of_range(value) and field not in skip:
        found.append(_diagnostic(owner, field, str(value), key))


def _diagnostic(owner: Located, field: str, text: str, key: str) -> Diagnostic:
    shown = text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + "…"
    place = owner.place(field)
    if field == "scores":
        place = getattr(owner, "score_locations", {}).get(key, place)
    name = "完成值" if field == "value" else field  # `value` of actuals, `actual` of rows
    return Diagnostic(place, f"{name}: 数字“{shown}”超出范围（绝对值须在 1e-{MAX_EXPONENT} 到 "
                      f"1e{MAX_EXPONENT} 之间）", "bad-number", key)
