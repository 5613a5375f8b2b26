"""Load (tables): rows of the flat 自评表 (FORMATS.md §4) → `Case` objects.

Format-neutral: `csvtable.py` and `xlsxtable.py` deliver a `Table` (columns.py: its
header and a re-iterable stream of rows with the place of every cell); this
module groups the rows into projects, reads the budget, total and grade rows,
and builds one `Case` per project with an inline indicator set. Cell text is
kept as text (the engine reads it with `cells.py`); every indicator and
actual knows its row and the cell of each field. Problems are diagnostics of
the project they belong to: a project with errors is not yielded, the others
are (streaming), and the caller raises them all at the end.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import Diagnostic, Location
from ..model.case import (
    Actual,
    Budget,
    BudgetExecution,
    Case,
    Indicator,
    IndicatorSet,
    Project,
    Reported,
)
from ..model.cell_types import PRINTED
from ..model.findings import finding
from ..model.result import BUDGET_ROW
from ..read.cells import read_cell, read_number
from ..read.columns import RawRow, Table, columns, header_key
from ..read.packaged import data_file
from .checks import run_case_checks, run_set_checks
from .published import kept_cells
from .ragged import ProjectKey, ragged, row_key
from .rowkeys import RowKeys

# The row keys: the cells of a row → the fields of its models (one set, also the batch's).
IND_FIELDS = ("level1", "level2", "name", "comparator", "target", "unit", "weight")
ACT_FIELDS = (("actual", "value"), ("reported_score", "reported_score"), ("reason", "reason"),
               ("manual_score", "manual_score"))
BUDGET_FIELDS = (("target", "adjusted"), ("actual", "executed"), ("initial", "initial"),
                  ("reason", "reason"))
# Rows become validated models whose cells keep their text as printed ("１６",
# "300.00": `PRINTED`), each read once into a `Cell` at its place.


def iter_table_cases(table: Table, scheme: str, sink: list[Diagnostic]) -> Iterator[Case]:
    """Yield each project of `table`, in the order of their first rows, once complete.

    Rows of one project are consecutive or share 项目编码 (or, without a
    code, 项目名称); a first pass records the last row of each project so that
    a project is complete when yielded while memory holds only the projects
    still open and those complete but waiting for an earlier one to close.
    Diagnostics of projects that fail go to `sink`.
    """
    index = table.header.index
    keyed = "project" in index or "code" in index
    last: dict[ProjectKey, int] = {}
    if keyed:
        key: ProjectKey | None = None
        for row in table.rows():
            key = row_key(row, table, key)
            last[key] = row.line
    open_projects: dict[ProjectKey, ProjectRows] = {}
    waiting: deque[tuple[ProjectKey, ProjectRows]] = deque()  # in the order of first rows
    complete: set[ProjectKey] = set()
    key = None
    found = False
    for row in table.rows():
        key = row_key(row, table, key) if keyed else ("", "")
        project = open_projects.get(key)
        if project is None:
            project = open_projects[key] = ProjectRows(table, row.line, scheme)
            waiting.append((key, project))
        project.add(row)
        if keyed and last.get(key) == row.line:
            del open_projects[key]
            complete.add(key)
            while waiting and waiting[0][0] in complete:
                found = True
                yield from waiting.popleft()[1].finish(sink)
    for _, project in waiting:
        found = True
        yield from project.finish(sink)
    if not found:
        sink.append(Diagnostic(table.place(table.header.line, 0), "表头之后没有数据行",
                               "no-data-rows"))


@dataclass(slots=True)
class ProjectRows:
    """The rows of one project as they arrive, then its `Case`."""

    table: Table
    first_line: int
    scheme: str
    indicators: list[Indicator] = field(default_factory=list)
    actuals: dict[str, Actual] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    meta_places: dict[str, Location] = field(default_factory=dict)
    budget: Budget | None = None
    budget_execution: BudgetExecution | None = None
    reported: dict[str, str] = field(default_factory=dict)
    reported_places: dict[str, Location] = field(default_factory=dict)
    above: tuple[str | None, str | None] = (None, None)
    full: bool = False  # more indicators than `max_indicators`: refused
    keys: RowKeys = field(default_factory=RowKeys)  # rows named by their place or line

    def add(self, row: RawRow) -> None:
        if row.problem is not None:  # a ragged row: its finding; a long one shown unread
            if ragged(row, self.table, self.keys, self.indicators, self.actuals):
                return
        index = self.table.header.index
        cells = row.cells
        for meta, i in self.table.meta_columns:
            if cells[i] and meta not in self.meta:
                self.meta[meta] = cells[i]  # type: ignore[assignment]
                self.meta_places[meta] = self.table.place(row.line, i)
        places = self.table.row_places(row.line, self.table.row_columns)
        values = {f: cells[i] for f, i in index.items()}
        level1, name = values.get("level1"), values.get("name")
        cat = columns()
        if values.get("target") is None and values.get("initial_target") is not None:
            values["target"] = values["initial_target"]  # 调整指标值 blank: the 年初指标值
            places["target"] = places["initial_target"]
        budget_label = level1 if "level1" in index else name  # no 一级 column: the 三级
        if budget_label and header_key(budget_label) in cat.budget_labels:
            self._budget_row(values, places)
        elif any(v and header_key(v) in cat.total_labels for v in (level1, name)):
            self._reported("total", values.get("reported_score"), places)
        elif any(v and header_key(v) in cat.grade_labels for v in (level1, name)):
            field = "actual" if values.get("actual") else "reported_score"
            self._reported("grade", values.get(field), places, field)
        else:
            self._indicator_row(row.line, values, places)

    def _levels(self, values: dict[str, str | None]) -> tuple[str | None, str | None]:
        """Blank 一级/二级 = the value above (merged cells); a new 一级 starts a new 二级."""
        level1, level2 = values.get("level1"), values.get("level2")
        above1, above2 = self.above
        if level1 is None:
            level1 = above1
        if level2 is None and level1 == above1:
            level2 = above2
        self.above = (level1, level2)
        return level1, level2

    def _indicator_row(self, line: int, values: dict[str, str | None],
                       places: dict[str, Location]) -> None:
        level1, level2 = self._levels(values)
        name = values.get("name")  # blank: named by its place (row-unnamed), or given
        if not name and not any(  # before: by its line (duplicate-indicator)
                values.get(f) for f in ("target", "actual", "weight", "reported_score")):
            return
        name = self.keys.take(name, line, places.get("name") or self.table.place(line, 0))
        weight = values.get("weight")  # blank: shown, not scored (row-unweighted)
        here = places.get("name") or self.table.place(line, 0)
        if len(self.indicators) >= columns().max_indicators:  # said once; rows dropped
            if not self.full:
                self.diagnostics.append(Diagnostic(here, f"一个项目的指标超过上限 "
                                                   f"{columns().max_indicators} 个",
                                                   "too-many-indicators"))
            self.full = True
            return
        ind_places = {f: places[f] for f in IND_FIELDS if f in places}
        self.indicators.append(Indicator.model_validate({
            "level1": level1, "level2": level2, "name": name,
            "comparator": values.get("comparator"), "target": values.get("target"),
            "unit": values.get("unit"), "weight": weight, "location": here,
            "field_locations": ind_places}, context=PRINTED))
        manual = self._manual(values.get("manual_score"), places, name)
        self.actuals[name] = Actual.model_validate({
            "value": values.get("actual"), "reason": values.get("reason"),
            "manual_score": manual, "reported_score": values.get("reported_score"),
            "facts": {}, "location": here,
            "field_locations": {key: places[f] for f, key in ACT_FIELDS if f in places}},
            context=PRINTED)

    def _manual(self, text: str | None, places: dict[str, Location],
                name: str) -> Decimal | None:
        if text is None:
            return None
        value = read_number(text)
        if value is None or not value.is_finite() or value < 0:
            self.keys.noted.append(finding("bad-manual-score", name, places["manual_score"],
                                           manual=text))  # the row: by its rule
            return None
        return value

    def _budget_row(self, values: dict[str, str | None], places: dict[str, Location]) -> None:
        here = places.get("level1") or places["name"]
        if self.budget is not None:  # the first is scored, this one noted
            self.keys.noted.append(finding("duplicate-budget-row", BUDGET_ROW, here,
                                           line=self.budget.location.line))
            return
        blank = columns().blank_marks  # a figure printed `—` or `/` is blank, not a number
        figures = {key: None if values.get(f) in blank else values.get(f)
                   for f, key in BUDGET_FIELDS}
        budget_places = {key: places[f] for f, key in BUDGET_FIELDS if f in places}
        executed = figures["executed"]
        if figures["adjusted"] is None and executed is not None and read_cell(executed).percent:
            figures["rate"], figures["executed"] = executed, None
            budget_places["rate"] = budget_places.pop("executed")
        self.budget = Budget.model_validate({
            "initial": figures["initial"], "adjusted": figures["adjusted"],
            "executed": figures["executed"], "rate": figures.get("rate"),
            "reason": figures["reason"], "location": here, "field_locations": budget_places},
            context=PRINTED)
        weight = values.get("weight")
        if weight is not None:
            self.budget_execution = BudgetExecution.model_validate({
                "weight": weight, "location": places["weight"], "field_locations": {}},
                context=PRINTED)
        self._reported("budget_execution", values.get("reported_score"), places)

    def _reported(self, key: str, text: str | None, places: dict[str, Location],
                  field: str = "reported_score") -> None:
        """A published figure; its cell is remembered even when printed blank."""
        if key not in self.reported_places and field in places:
            self.reported_places[key] = places[field]
        if text is not None and key not in self.reported:
            self.reported[key] = text
            self.reported_places[key] = places[field]

    def finish(self, sink: list[Diagnostic]) -> Iterator[Case]:
        """The project's `Case`, or its diagnostics into `sink`."""
        where = self.table.place(self.first_line, 0)
        empty = not self.indicators and self.budget is None  # (only a budget row: unfilled)
        if empty and not any(d.severity == "error" for d in self.diagnostics):
            self.diagnostics.append(Diagnostic(where, "该项目没有指标行（三级指标）",
                                               "no-indicator-rows"))
        year = self._year()
        if empty:
            sink.extend(d for d in self.diagnostics if d.severity == "error")
            return
        meta = self.meta
        project = Project(name=meta.get("project"), code=meta.get("code"),
                          department=meta.get("department"), year=year, location=where)
        # a table with only its budget row has no indicator, which a set file may not
        iset = (IndicatorSet if self.indicators else IndicatorSet.model_construct)(
            kind="department" if columns().department(self.table.header, project.name)
            else "project", title=project.name, code=project.code,
            department=project.department, year=year, scheme=self.scheme,
            budget_execution=self.budget_execution, indicators=tuple(self.indicators),
            location=where)
        if "grade" in meta and "grade" not in self.reported:
            self.reported["grade"] = meta["grade"]
            self.reported_places["grade"] = self.meta_places["grade"]
        reported = Reported.model_validate({
            "budget_execution": self.reported.get("budget_execution"),
            "total": self.reported.get("total"), "grade": self.reported.get("grade"),
            "scores": {}, "location": where, "field_locations": self.reported_places,
        }, context=PRINTED) if self.reported_places else None
        case = kept_cells(Case(
            project=project, indicator_set=iset, scheme=self.scheme, budget=self.budget,
            actuals=self.actuals, reported=reported, source=self.table.source, location=where,
            noted=tuple(self.keys.noted)))
        errors = [d for d in (*self.diagnostics, *run_set_checks(iset, table=True),
                                        *run_case_checks(case, table=True))
                  if d.severity == "error"]
        if errors:
            sink.extend(errors)
            return
        yield case

    def _year(self) -> int | None:
        text = self.meta.get("year")
        if text is None:
            return None
        year = year_of(text)
        if year is None:
            self.keys.noted.append(finding("bad-year", columns().official["year"],
                                           self.meta_places["year"], year=text))  # unknown year
        return year


def year_of(text: str) -> int | None:
    """A 年度 cell's year: a whole number within the bounds of data/cells.yaml, with or
    without its suffix (`2023年`); None when it is none (`bad-year`)."""
    spec = data_file("cells.yaml")["year"]
    value = read_number(text.removesuffix(spec["suffix"]))
    if value is None or value != value.to_integral_value() or \
            not spec["first"] <= value <= spec["last"]:
        return None
    return int(value)
