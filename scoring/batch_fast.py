"""Batch (score): a memo over identical rows, so big flat tables score fast and exactly.

Between the flat-table blocks (`batch_table.py`) and the engine. A region's
tables repeat themselves: the same indicator, target and actual text appear
in many projects. `RowMemo` builds the models of such a row once, checks it
once (`checks.py`), scores it once with the engine's own `rows.score_row` and
dumps it once for the content hash; each project then needs only its own
project-level models, and the engine's case-level half (`engine.evaluate_rows`:
budget, total, grade, case findings) runs on the shared row outcomes.

Why this equals `evaluate(case_of_block(block))` exactly: the case is read as
`io/flat.py` reads it (same fields, same places); `score_row` is a pure
function of a row's cells, the scheme, the year and the published score that
only carries the row's places into its result; every registered check looks
at one row at a time or at the project without its rows (`LOCAL_CHECKS`), so
a project passes them when each row passes alone and the rowless project
passes; `json.dumps` of a mapping is the join of its parts, so the content
hash can splice in each row's text. A shared row is built at a placeholder
place (`<row>:1:col`, the real columns); after evaluation each placeholder
becomes `file:line:col` of the project's own row and the findings are sorted
again by the engine's key. Anything out of the ordinary (a ragged row, a
duplicate budget row, a failed check, any exception) goes to the plain path,
whose diagnostics name real places. `tests/test_batch_fast.py` checks the
equality on generated regions and on the published tables.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field, fields, replace
from decimal import localcontext
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar

from .batch_table import Block, case_of_block, table_of
from .cells import read_cell, read_number
from .checks import CASE_CHECKS, SET_CHECKS, run_case_checks, run_set_checks
from .decimals import ENGINE_CONTEXT
from .engine import evaluate, evaluate_rows
from .errors import Location
from .findings import Finding
from .io.columns import Table, columns, header_key
from .model import Actual, Budget, BudgetExecution, Case, Indicator, IndicatorSet, Project, Reported
from .result import Result
from .rows import RowOutcome, score_row
from .scheme import Scheme

PLACEHOLDER = "\x00<row>"
DEFAULT_SIZE = 12_000  # rows; about 3 KB each
IND_FIELDS = ("level1", "level2", "name", "comparator", "target", "unit", "weight")
ACT_FIELDS = (("actual", "value"), ("reported_score", "reported_score"), ("reason", "reason"),
              ("manual_score", "manual_score"))
ROW_FIELDS = ("name", "comparator", "target", "unit", "weight", "actual", "reason",
              "reported_score", "manual_score")
_label = lru_cache(maxsize=4096)(header_key)


class Unusual(Exception):
    """A block the fast builder leaves to the plain path (which says what is wrong)."""


@dataclass(slots=True)
class _Entry:
    """A shared row: its cells, whether it passes the checks alone, its text in the
    content hash, its outcome per case year. Its models are not kept (memory)."""

    values: tuple[str | None, ...]
    ok: bool
    dumped: str
    outcomes: dict[int | None, RowOutcome] = field(default_factory=dict)


class RowMemo:
    """Score flat-table blocks with shared rows (a bounded LRU of `size` rows)."""

    def __init__(self, scheme: Scheme, scheme_ref: str, size: int = DEFAULT_SIZE) -> None:
        self.scheme = scheme
        self.scheme_ref = scheme_ref  # what the importer writes into `Case.scheme`
        self.size = size
        self.hits = 0
        self.misses = 0
        self.fallbacks = 0  # projects scored by the plain path
        self._rows: OrderedDict[tuple[object, ...], _Entry] = OrderedDict()
        self._places: dict[tuple[object, ...], Places] = {}
        self._tokens: dict[tuple[object, ...], int] = {}  # the columns of a table → a number
        self._shapes: dict[int, tuple[Table, int]] = {}

    def score(self, block: Block, *, row_places: bool = True) -> Result:
        """`evaluate(case_of_block(block), scheme)`, computed through the memo.

        `row_places=False` leaves the indicator results at their shared place
        (`PLACEHOLDER`); findings are placed all the same. For callers that only
        use the findings' places (the JSON result, the summaries): it saves
        copying every row result.
        """
        try:
            return self._score(block, row_places)
        except Exception:  # anything unusual: the plain path says what is wrong, where
            self.fallbacks += 1
            return evaluate(case_of_block(block, self.scheme_ref), self.scheme)

    def _row(self, values: tuple[str | None, ...], table: Table) -> _Entry:
        shape = self._shapes.get(id(table))
        if shape is None or shape[0] is not table:  # a table seen first: its columns
            token = self._tokens.setdefault(table.row_columns, len(self._tokens))
            shape = self._shapes[id(table)] = (table, token)
        key = (shape[1], values)
        rows = self._rows
        entry = rows.get(key)
        if entry is None:
            self.misses += 1
            if len(rows) >= self.size:
                rows.popitem(last=False)
            ind, act = located_row(values, self._places_of(table))
            entry = rows[key] = _Entry(values, _row_ok(ind, act),
                                       _dumps(ind.model_dump(mode="json")))
        else:
            self.hits += 1
            rows.move_to_end(key)
        return entry

    def _places_of(self, table: Table) -> Places:
        places = self._places.get(table.row_columns)
        if places is None:
            places = self._places[table.row_columns] = row_places(table, PLACEHOLDER, 1)
        return places

    def _outcome(self, entry: _Entry, table: Table, year: int | None) -> RowOutcome:
        """`score_row` of the shared row (in the engine's decimal context)."""
        out = entry.outcomes.get(year)
        if out is None:
            ind, act = located_row(entry.values, self._places_of(table))
            out = entry.outcomes[year] = score_row(ind, act, self.scheme, year, None)
        return out

    def _score(self, block: Block, row_places: bool) -> Result:
        if block.repeated or not LOCAL_CHECKS:
            raise Unusual("the plain path")
        table = table_of(block.source)
        case, rows = build_case(block, table, self.scheme_ref, self._row)
        year = case.project.year or case.indicator_set.year
        with localcontext(ENGINE_CONTEXT):
            outcomes = [self._outcome(e, table, year) for e, _ in rows]

        def digest(scheme: Scheme, iset: IndicatorSet) -> str:
            return _digest(scheme, iset, [e.dumped for e, _ in rows])

        result = evaluate_rows(case, self.scheme, outcomes, digest)
        return _relocate(result, rows, block.source, row_places)


@lru_cache(maxsize=4096)
def _row_kind(text: str) -> str:
    """What a 一级指标 or 三级指标 cell makes of its row (`io/flat.py`'s labels)."""
    key, cat = _label(text), columns()
    return ("budget" if key in cat.budget_labels else "total" if key in cat.total_labels
            else "grade" if key in cat.grade_labels else "")


def build_case(block: Block, table: Table, scheme_ref: str,
               row: Any) -> tuple[Case, list[tuple[_Entry, int]]]:
    """The case `io/flat.py` builds for `block`, from shared rows; `Unusual` otherwise."""
    index = table.header.index
    width = table.header.width
    src = block.source
    col = [index.get(f) for f in ("level1", "level2", *ROW_FIELDS, "initial")]
    meta_cols = table.meta_columns
    meta: dict[str, str] = {}
    rows: list[tuple[_Entry, int]] = []
    names: set[str] = set()
    reported: dict[str, str] = {}
    places: dict[str, Location] = {}
    budget: Budget | None = None
    spec: BudgetExecution | None = None
    above1 = above2 = None
    first = 0
    for line, record in block.records:
        if len(record) != width:
            raise Unusual("ragged row")
        cells = [c.strip() or None for c in record]
        if len(meta) < len(meta_cols):
            for key, i in meta_cols:
                text = cells[i]
                if text and key not in meta:
                    meta[key] = text
                    places["meta:" + key] = Location(src, line, i + 1)
        v = [None if i is None else cells[i] for i in col]
        level1, level2, name = v[0], v[1], v[2]
        kind = _row_kind(level1) if level1 else ""
        if kind != "budget" and name:  # total, then grade: in 一级指标 or 三级指标
            other = _row_kind(name)
            kind = "total" if "total" in (kind, other) else "grade" if "grade" in (
                kind, other) else ""
        if kind:
            if kind == "budget":
                if budget is not None:
                    raise Unusual("duplicate budget row")
                budget, spec = _budget(v, line, src, index, reported, places)
            elif kind == "total":
                _published(reported, places, "total", v[9], line, src, index,
                           "reported_score")
            else:
                which = "actual" if v[7] else "reported_score"
                _published(reported, places, "grade", v[7] if v[7] else v[9], line, src,
                           index, which)
            first = first or line
            continue
        if not any(cells):
            continue
        first = first or line
        level1 = above1 if level1 is None else level1
        if level2 is None and level1 == above1:
            level2 = above2
        above1, above2 = level1, level2
        if not name or v[6] is None:
            raise Unusual("row without name or weight")
        manual = v[10]
        if manual is not None:
            value = read_number(manual)
            if value is None or not value.is_finite() or value < 0:
                raise Unusual("bad manual score")
        v[0], v[1] = level1, level2
        rows.append((row(tuple(v[:11]), table), line))
        names.add(name)
    if not rows or len(names) != len(rows):  # check_unique_keys: names are the keys
        raise Unusual("no indicator rows, or a name twice")
    if not all(e.ok for e, _ in rows):
        raise Unusual("a row fails a check")
    return _finish(table.place(first, 0), table, scheme_ref, meta, places, reported, budget,
                   spec), rows


def _published(reported: dict[str, str], places: dict[str, Location], key: str,
               text: str | None, line: int, src: str, index: dict[str, int],
               field: str) -> None:
    if text is not None and key not in reported:
        reported[key] = text
        places[key] = Location(src, line, index[field] + 1)


def _budget(v: list[str | None], line: int, src: str, index: dict[str, int],
            reported: dict[str, str], places: dict[str, Location]) -> tuple[
                Budget, BudgetExecution | None]:
    """`io/flat.py`'s budget row: 指标值 adjusted, 完成值 executed (or the printed rate)."""
    def at(f: str) -> Location:
        return Location(src, line, index[f] + 1)
    figures: dict[str, Any] = {"adjusted": v[4], "executed": v[7], "initial": v[11],
                               "reason": v[8]}
    budget_places = {key: at(f) for f, key in (("target", "adjusted"), ("actual", "executed"),
                                               ("initial", "initial"), ("reason", "reason"))
                     if f in index}
    if figures["adjusted"] is None and v[7] is not None and read_cell(v[7]).percent:
        figures["rate"], figures["executed"] = v[7], None
        budget_places["rate"] = budget_places.pop("executed")
    budget = _templates()[6].model_copy(update={**figures, "location": at("level1"),
                                                "field_locations": budget_places})
    spec = None if v[6] is None else _templates()[7].model_copy(update={
        "weight": v[6], "location": at("weight"), "field_locations": {}})
    _published(reported, places, "budget_execution", v[9], line, src, index, "reported_score")
    return budget, spec


def _finish(where: Location, table: Table, scheme_ref: str, meta: dict[str, str],
            places: dict[str, Location], reported: dict[str, str], budget: Budget | None,
            spec: BudgetExecution | None) -> Case:
    """`_Project.finish` of `io/flat.py` without the rows: the project, its budget and
    what it published, checked (the rows are checked one by one, `_row_ok`)."""
    _, _, _, project_t, iset_t, case_t, _, _ = _templates()
    year = None
    if "year" in meta:
        value = read_number(meta["year"].removesuffix("年"))
        if value is None or value != value.to_integral_value() or not 1900 <= value <= 2200:
            raise Unusual("bad year")
        year = int(value)
    project = project_t.model_copy(update={
        "name": meta.get("project"), "code": meta.get("code"),
        "department": meta.get("department"), "year": year, "location": where})
    iset = iset_t.model_copy(update={
        "kind": "project", "title": project.name, "code": project.code,
        "department": project.department, "year": year, "scheme": scheme_ref,
        "budget_execution": spec, "indicators": (), "location": where})
    if "grade" in meta and "grade" not in reported:
        reported["grade"] = meta["grade"]
        places["grade"] = places["meta:grade"]
    published = _templates()[2].model_copy(update={
        "budget_execution": reported.get("budget_execution"), "total": reported.get("total"),
        "grade": reported.get("grade"), "scores": {}, "location": where,
        "field_locations": {k: places[k] for k in reported}}) if reported else None
    case = case_t.model_copy(update={
        "project": project, "indicator_set": iset, "scheme": scheme_ref, "budget": budget,
        "actuals": {}, "reported": published, "source": table.source, "location": where})
    if _errors(iset, case):
        raise Unusual("checks")
    return case


def _errors(iset: IndicatorSet, case: Case) -> bool:
    return any(d.severity == "error" for d in (*run_set_checks(iset), *run_case_checks(case)))


def _row_ok(ind: Indicator, act: Actual) -> bool:
    """Whether one row, alone in a case, passes every check."""
    _, _, _, _, iset_t, case_t, _, _ = _templates()
    iset = iset_t.model_copy(update={"indicators": (ind,)})
    return not _errors(iset, case_t.model_copy(update={"indicator_set": iset,
                                                        "actuals": {ind.key: act}}))


# The checks of `checks.py` that look at one row at a time, or at the project without
# its rows (budget, names, sections); `check_unique_keys` compares rows, and is done
# here (`len(actuals) != len(rows)`), as is `check_actual_keys` (true by construction).
# A project then passes all checks when each of its rows passes them alone and the
# project passes them without rows. A check not listed here turns this off: projects
# are then checked whole (slower, never wrong).
_ROW_OR_PROJECT = frozenset({
    "check_unique_keys", "check_weights", "check_comparators", "check_rule_parts",
    "check_names", "check_expressions", "check_sections", "check_actual_keys",
    "check_manual_scores", "check_budget", "check_rule_actuals", "check_case_sections",
    "check_set_numbers", "check_case_numbers"})
LOCAL_CHECKS = {f.__name__ for f in (*SET_CHECKS, *CASE_CHECKS)} <= _ROW_OR_PROJECT


Places = tuple[Location, dict[str, Location], dict[str, Location]]


def row_places(table: Table, src: str, line: int) -> Places:
    """The places of a row's models as `io/flat.py` sets them: the row (its 三级指标
    cell), the indicator's cells, the actual's cells."""
    places = {f: Location(src, line, i + 1) for f, i in table.row_columns}
    return (places["name"], {f: places[f] for f in IND_FIELDS if f in places},
            {key: places[f] for f, key in ACT_FIELDS if f in places})


def located_row(values: tuple[str | None, ...], places: Places) -> tuple[Indicator, Actual]:
    """The models of one indicator row as `io/flat.py` builds them, at `places`
    (shared by every row of the memo: nothing changes them)."""
    level1, level2, name, comparator, target, unit, weight, actual, reason, reported, \
        manual = values
    here, ind_places, act_places = places
    ind_t, act_t = _templates()[:2]
    ind = ind_t.model_copy(update={
        "level1": level1, "level2": level2, "name": name, "comparator": comparator,
        "target": target, "unit": unit, "weight": weight, "location": here,
        "field_locations": ind_places})
    act = act_t.model_copy(update={
        "value": actual, "reason": reason,
        "manual_score": read_number(manual) if manual is not None else None,
        "reported_score": reported, "facts": {}, "location": here,
        "field_locations": act_places})
    return ind, act


@lru_cache(maxsize=1)
def _templates() -> tuple[Indicator, Actual, Reported, Project, IndicatorSet, Case, Budget,
                          BudgetExecution]:
    """Blank models copied with `model_copy(update=...)`, as `io/flat.py` does: fields
    added to the models later keep their defaults."""
    ind = Indicator.model_construct(name="", weight="")
    project = Project()
    iset = IndicatorSet.model_construct(indicators=(ind,))
    return (ind, Actual.model_construct(), Reported.model_construct(), project, iset,
            Case.model_construct(project=project, indicator_set=iset), Budget(),
            BudgetExecution(weight="0"))


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # = json.dumps(…, these)
_dumps = _ENCODER.encode
_SLOT = "\x00rows\x00"
_SLOT_TEXT = _dumps(_SLOT)


def _digest(scheme: Scheme, iset: IndicatorSet, rows: list[str]) -> str:
    """`scheme.content_hash(scheme, iset)` with the JSON text of each shared row dumped
    once: `json.dumps` of a mapping is the join of its items' texts, so the rows' texts
    spliced into the text of the rest give the same text, and the same hash (the
    equality tests compare the results' hashes)."""
    rest = iset.model_dump(mode="json", exclude={"indicators"})
    text = _dumps({**rest, "indicators": _SLOT})
    if text.count(_SLOT_TEXT) != 1:  # the placeholder text in the data itself
        text = _dumps(iset.model_dump(mode="json"))
    else:
        text = text.replace(_SLOT_TEXT, "[" + ", ".join(rows) + "]")
    return hashlib.sha256(f"{scheme.content_hash}\n{text}".encode()).hexdigest()


def _relocate(result: Result, rows: list[tuple[_Entry, int]], src: str,
              row_places: bool) -> Result:
    """Every placeholder place → the place of the project's own row; findings re-sorted."""
    line_of = {e.ind.name: line for e, line in rows}
    indicators = list(result.indicators)
    for i, (r, (_, line)) in enumerate(zip(indicators, rows, strict=True)):
        loc = r.location
        if row_places and loc is not None and loc.file == PLACEHOLDER:
            indicators[i] = _moved(r, Location(src, line, loc.col, loc.cell))
    found = []
    for f in result.findings:
        loc = f.location
        if loc is not None and loc.file == PLACEHOLDER:
            f = _moved(f, Location(src, line_of[f.indicator], loc.col, loc.cell))
        found.append(f)
    found.sort(key=Finding.sort_key)
    return replace(result, indicators=tuple(indicators), findings=tuple(found))


T = TypeVar("T")
_SHAPES: dict[type, tuple[Any, int]] = {}


def _moved(obj: T, location: Location) -> T:
    """A copy of a result record (named tuple or frozen dataclass) with another
    `location` (`dataclasses.replace` without its per-call introspection)."""
    replace_tuple = getattr(obj, "_replace", None)
    if replace_tuple is not None:
        moved: T = replace_tuple(location=location)
        return moved
    cls = type(obj)
    shape = _SHAPES.get(cls)
    if shape is None:
        names = [f.name for f in fields(obj)]  # type: ignore[arg-type]
        shape = _SHAPES[cls] = (attrgetter(*names), names.index("location"))
    values = list(shape[0](obj))
    values[shape[1]] = location
    return cls(*values)
