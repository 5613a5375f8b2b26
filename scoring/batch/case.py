"""Batch (read): a flat-table project block → its project-level case and its rows' cells.

Part of the batch's memo (`batch/memo.py`). Reads a block of a flat CSV exactly
as the importer (`load/flat.py`) does, its header and project rules, the budget,
total and grade rows, blank 一级/二级 carried down, the places of every cell,
but builds only the project-level models (project, budget, what it published:
the case without its rows), checks them, and hands each indicator row's cells to
the memo, which shares the row's models and outcome between projects. Anything
it does not take as it is raises `Unusual`: the block then goes the plain way.

Checks: every check registered in `load/checks.py` is `local` (it looks at one row
at a time or at the project without its rows: `LOCAL_CHECKS`), so a project passes them all
when each row passes alone (checked once per shared row) and the rowless case
passes (checked here); duplicate names (`check_unique_keys`) are checked here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter
from typing import Any, Protocol, TypeVar

from ..errors import Location, Unusual
from ..load.checks import CASE_CHECKS, SET_CHECKS
from ..load.flat import BUDGET_FIELDS
from ..load.number_checks import check_case_numbers, check_set_numbers
from ..model.case import (
    Budget,
    BudgetExecution,
    Case,
    IndicatorSet,
    Project,
    Reported,
)
from ..read.cells import read_cell, read_number
from ..read.columns import Table, columns, header_key
from .models import printed, stand_in
from .table import Block

RowValues = tuple[str | None, ...]
"""The cells of an indicator row: level1, level2 (carried down), name … manual_score."""
RowKey = tuple[object, str | None, str | None, tuple[str, ...]]
"""A row as read: a prefix, its 一级 and 二级 (carried down), its other cells as read."""


class Shared(Protocol):
    """What a caller keeps for a row read before: at least its cells."""

    values: RowValues


S = TypeVar("S", bound=Shared)
ROW_FIELDS = ("name", "comparator", "target", "unit", "weight", "actual", "reason",
              "reported_score", "manual_score")
_label = lru_cache(maxsize=4096)(header_key)


@lru_cache(maxsize=4096)
def _row_kind(text: str) -> str:
    """What a 一级指标 or 三级指标 cell makes of its row (`load/flat.py`'s labels)."""
    key, cat = _label(text), columns()
    return ("budget" if key in cat.budget_labels else "total" if key in cat.total_labels
            else "grade" if key in cat.grade_labels else "")


@lru_cache(maxsize=16384)
def _kind(level1: str | None, name: str | None) -> str:
    """What a row is by its 一级指标 and 三级指标: budget (in 一级指标), else total,
    then grade (in either); "" for an indicator row."""
    kind = _row_kind(level1) if level1 else ""
    if kind != "budget" and name:
        other = _row_kind(name)
        kind = "total" if "total" in (kind, other) else "grade" if "grade" in (
            kind, other) else ""
    return kind


# One pass over a project's records, state carried row to row (the levels carried down,
# the key memo): the batch's hot loop, kept whole; the columnar core replaces it (#14.3).
def build_case(  # noqa: C901, PLR0912, PLR0915
        block: Block, table: Table, scheme_ref: str,
               known: Mapping[RowKey, S] | None = None, prefix: object = None,
               ) -> tuple[Case, list[tuple[S | RowValues, RowKey, int]], int | None]:
    """The case `load/flat.py` builds for `block`, without its rows, each indicator
    row with its key and line, and the case's year; `Unusual` when anything is odd.

    The returned case has no actuals and, for its set, one stand-in row that passes
    every check and is never scored (`models.stand_in`): it is what the engine's
    case-level half needs (`engine.evaluate_rows`), checked by every project-level
    check; the caller checks the rows. An indicator row is its cells (`RowValues`),
    or, when its key (`prefix`, its 一级 and 二级 as carried down, its other cells as
    read) is in `known`, what `known` holds for it: its cells are a function of that
    key, so a row read before is not stripped, classified or checked again.
    """
    index = table.header.index
    if "level1" not in index or "initial_target" in index:
        raise Unusual("no 一级指标 column, or a 年初指标值 beside the target")  # load/flat.py
    width = table.header.width
    src = block.source
    col = [index.get(f) for f in ("level1", "level2", *ROW_FIELDS)]
    c1, c2 = col[0], col[1]
    tail = itemgetter(*(i for i in col[2:] if i is not None))  # 三级指标, 指标值 and 权重 at
    # least (required columns): a tuple
    initial = index.get("initial")
    meta_cols = table.meta_columns
    meta: dict[str, str] = {}
    pending: list[tuple[S | RowValues, RowKey, int]] = []
    names: set[str] = set()
    reported: dict[str, str] = {}
    places: dict[str, Location] = {}
    budget: Budget | None = None
    spec: BudgetExecution | None = None
    above1 = above2 = None
    first = 0
    seen = (known or {}).get
    for line, record in block.records:
        if len(record) != width:
            raise Unusual("ragged row")
        if len(meta) < len(meta_cols):
            for key, i in meta_cols:
                text = record[i].strip()
                if text and key not in meta:
                    meta[key] = text
                    places["meta:" + key] = Location(src, line, i + 1)
        # The key: 一级 and 二级 as carried down (as below), the other cells as read. A
        # level carried from above is an indicator row's, never a budget, total or grade
        # label, so the key also tells whether the row is an indicator row.
        level1 = None if c1 is None else record[c1].strip() or None
        level2 = None if c2 is None else record[c2].strip() or None
        level1 = above1 if level1 is None else level1
        if level2 is None and level1 == above1:
            level2 = above2
        row_key = (prefix, level1, level2, tail(record))
        hit = seen(row_key)
        if hit is not None:  # an indicator row read before: the same cells
            above1, above2 = level1, level2
            first = first or line
            pending.append((hit, row_key, line))
            names.add(hit.values[2])  # type: ignore[arg-type]
            continue
        v = [None if i is None else record[i].strip() or None for i in col]
        level1, level2, name = v[0], v[1], v[2]
        kind = _kind(level1, name)
        if kind:
            if kind == "budget":
                if budget is not None:
                    raise Unusual("duplicate budget row")
                v.append(None if initial is None else record[initial].strip() or None)
                budget, spec = _budget(v, line, src, index, reported, places)
            elif kind == "total":
                _published(reported, places, "total", v[9], line=line, src=src, index=index,
                           field="reported_score")
            else:
                which = "actual" if v[7] else "reported_score"
                _published(reported, places, "grade", v[7] if v[7] else v[9], line=line,
                           src=src, index=index, field=which)
            first = first or line
            continue
        if not name:
            if not any(v) and not any(c.strip() for c in record):
                continue  # a blank row (cells of other columns count, as in load/flat.py)
            raise Unusual("row without name")
        first = first or line
        level1 = above1 if level1 is None else level1
        if level2 is None and level1 == above1:
            level2 = above2
        above1, above2 = level1, level2
        if v[6] is None:
            raise Unusual("row without weight")
        manual = v[10]
        if manual is not None:
            value = read_number(manual)
            if value is None or not value.is_finite() or value < 0:
                raise Unusual("bad manual score")
        v[0], v[1] = level1, level2
        pending.append((tuple(v), row_key, line))
        names.add(name)
    if not pending or len(names) != len(pending):  # check_unique_keys: names are the keys
        raise Unusual("no indicator rows, or a name twice")
    year = _year(meta)
    return _finish(table.place(first, 0), table, scheme_ref, meta, places=places,
                   reported=reported, budget=budget, spec=spec, year=year), pending, year


def _year(meta: dict[str, str]) -> int | None:
    """The 年度 column as `load/flat.py` reads it."""
    if "year" not in meta:
        return None
    value = read_number(meta["year"].removesuffix("年"))
    if value is None or value != value.to_integral_value() or not 1900 <= value <= 2200:
        raise Unusual("bad year")
    return int(value)


def _published(reported: dict[str, str], places: dict[str, Location], key: str,
               text: str | None, *, line: int, src: str, index: dict[str, int],
               field: str) -> None:
    if text is not None and key not in reported:
        reported[key] = text
        places[key] = Location(src, line, index[field] + 1)


def _budget(v: list[str | None], line: int, src: str, index: dict[str, int],
            reported: dict[str, str], places: dict[str, Location]) -> tuple[
                Budget, BudgetExecution | None]:
    """`load/flat.py`'s budget row: 指标值 adjusted, 完成值 executed (or the printed rate)."""
    def at(f: str) -> Location:
        return Location(src, line, index[f] + 1)
    blank = columns().blank_marks  # a figure printed `—` or `/` is blank, as load/flat.py
    figures: dict[str, Any] = {"adjusted": v[4], "executed": v[7], "initial": v[11],
                               "reason": v[8]}
    figures = {k: None if k != "reason" and x in blank else x for k, x in figures.items()}
    budget_places = {key: at(f) for f, key in BUDGET_FIELDS if f in index}
    if figures["adjusted"] is None and v[7] is not None and read_cell(v[7]).percent:
        figures["rate"], figures["executed"] = v[7], None
        budget_places["rate"] = budget_places.pop("executed")
    budget = printed(Budget, {**figures, "location": at("level1"),
                              "field_locations": budget_places})
    spec = None if v[6] is None else printed(BudgetExecution, {
        "weight": v[6], "location": at("weight"), "field_locations": {}})
    _published(reported, places, "budget_execution", v[9], line=line, src=src, index=index,
               field="reported_score")
    return budget, spec


def _finish(where: Location, table: Table, scheme_ref: str, meta: dict[str, str], *,
            places: dict[str, Location], reported: dict[str, str], budget: Budget | None,
            spec: BudgetExecution | None, year: int | None) -> Case:
    """`ProjectRows.finish` of `load/flat.py` without the rows: the project, its budget and
    what it published, checked (the rows are checked one by one, `_row_ok`)."""
    project = Project(name=meta.get("project"), code=meta.get("code"),
                      department=meta.get("department"), year=year, location=where)
    kind = "department" if columns().department(table.header, project.name) else "project"
    iset = IndicatorSet(kind=kind, title=project.name, code=project.code,
                        department=project.department, year=year, scheme=scheme_ref,
                        budget_execution=spec, indicators=(stand_in(),), location=where)
    if "grade" in meta and "grade" not in reported:
        reported["grade"] = meta["grade"]
        places["grade"] = places["meta:grade"]
    published = printed(Reported, {
        "budget_execution": reported.get("budget_execution"), "total": reported.get("total"),
        "grade": reported.get("grade"), "scores": {}, "location": where,
        "field_locations": {k: places[k] for k in reported}}) if reported else None
    case = Case(project=project, indicator_set=iset, scheme=scheme_ref, budget=budget,
                actuals={}, reported=published, source=table.source, location=where)
    if _errors(iset, case):
        raise Unusual("checks")
    return case


def _errors(iset: IndicatorSet, case: Case) -> bool:
    """Whether the rowless project fails a check (its stand-in row passes them all). The
    number checks walk every field of every model; here only the project's own cells can
    hold a number out of range (budget figures, the published budget score and total, the
    budget weight), so they are looked at directly, as the number checks look at them."""
    if any(d.severity == "error" for check in _SET_CHECKS for d in check(iset)) or any(
            d.severity == "error" for check in _CASE_CHECKS for d in check(case)):
        return True
    budget, reported, spec = case.budget, case.reported, iset.budget_execution
    cells = [budget.initial, budget.adjusted, budget.executed, budget.rate] if budget else []
    if reported is not None:
        cells += [reported.budget_execution, reported.total]
    if spec is not None:
        cells.append(spec.weight)
    return any(cell.kind == "unreadable" for cell in cells)


_SET_CHECKS = tuple(check.run for check in SET_CHECKS if check.run is not check_set_numbers)
_CASE_CHECKS = tuple(check.run for check in CASE_CHECKS if check.run is not check_case_numbers)


# Whether every set and case check is `local` (`load/checks.Check`): a project then
# passes them all when each of its rows passes them alone and the project passes them
# without rows (`check_unique_keys` is done here: `len(actuals) != len(rows)`).
LOCAL_CHECKS = (all(check.local for check in SET_CHECKS)
                and all(check.local for check in CASE_CHECKS))
