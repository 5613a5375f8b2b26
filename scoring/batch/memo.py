"""Batch (score): a memo over identical rows, so big flat tables score fast and exactly.

Between the flat-table blocks (`batch_table.py`) and the engine. A region's
tables repeat themselves: the same indicator, target and actual text appear
in many projects. `RowMemo` keeps such a row by its cells as read (`build_case`
reads a row it knows without stripping or classifying it again), builds its
models once, checks it once (`checks.py`), scores it once with the engine's
own `rows.score_row` and dumps it once for the content hash; each project then
needs only its own project-level models, and the engine's case-level half
(`engine.evaluate_rows`: budget, total, grade, case findings) runs on the
shared row outcomes.

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
import sys
from dataclasses import dataclass, fields, replace
from decimal import localcontext
from itertools import islice
from operator import attrgetter
from typing import Any, Literal, TypeVar

from ..decimals import ENGINE_CONTEXT
from ..engine.evaluate import evaluate, evaluate_rows
from ..engine.row import RowOutcome, score_row
from ..errors import Location, Unusual
from ..load.checks import run_case_checks, run_set_checks
from ..load.scheme import scheme_by_layout
from ..model.case import IndicatorSet
from ..model.findings import Finding
from ..model.result import Result
from ..model.scheme import Scheme
from ..read.columns import Table
from .case import LOCAL_CHECKS, RowKey, RowValues, build_case
from .models import (
    RowPlaces,
    located_actual,
    located_indicator,
    one_row_case,
    one_row_set,
    row_places,
)
from .table import Block, case_of_block, table_of

PLACEHOLDER = "\x00<row>"
Places = Literal["all", "findings", "none"]  # what `RowMemo.score` puts at its real place
DEFAULT_SIZE = 40_000  # rows; under 2 KB each


@dataclass(slots=True)
class _Entry:
    """A shared row: its cells, whether it passes the checks alone, its indicator's
    text in the content hash, its outcome for a case year. No models are kept."""

    values: tuple[str | None, ...]
    ok: bool
    dumped: str  # shared by every row of the same indicator
    year: int | None
    outcome: RowOutcome


class RowMemo:
    """Score flat-table blocks with shared rows (a memo of at most `size` rows; when
    it is full, the quarter of them kept longest is dropped: cheaper than keeping
    the order of use, and the same while a region's rows fit)."""

    def __init__(self, scheme: Scheme, scheme_ref: str, size: int = DEFAULT_SIZE, *,
                 by_layout: bool = False) -> None:
        self.scheme = scheme
        self.scheme_ref = scheme_ref  # what the importer writes into `Case.scheme`
        self.by_layout = by_layout  # no scheme named: a table's budget weight may name one
        self.size = size
        self.hits = 0
        self.misses = 0
        self.fallbacks = 0  # projects scored by the plain path
        self._rows: dict[RowKey, _Entry] = {}  # by the row as read (`build_case`)
        self._places: dict[tuple[object, ...], RowPlaces] = {}
        self._tokens: dict[tuple[object, ...], int] = {}  # the columns of a table → a number
        self._indicators: dict[tuple[object, ...], tuple[IndicatorSet, str, bool]] = {}

    def score(self, block: Block, *, places: Places = "all") -> Result:
        """`evaluate(case_of_block(block), scheme)`, computed through the memo.

        `places="findings"` leaves the indicator results at their shared place
        (`PLACEHOLDER`); findings are placed all the same. For callers that only
        use the findings' places (the JSON result, the summaries): it saves
        copying every row result. `places="none"` leaves the findings there too,
        in the order of their placeholder places: for callers that only count
        them (the summary record).
        """
        try:
            return self._score(block, places)
        except Exception:  # anything unusual: the plain path says what is wrong, where
            self.fallbacks += 1
            case = case_of_block(block, self.scheme_ref)
            if self.by_layout and (case := scheme_by_layout(case)).scheme_from_layout:
                return evaluate(case)  # as `scoring score` (load/scheme.scheme_by_layout)
            return evaluate(case, self.scheme)

    def _entries(self, pending: list[tuple[_Entry | RowValues, RowKey, int]], token: int,
                 table: Table, year: int | None) -> list[tuple[_Entry, int]]:
        """Each row's shared entry, with the row's line."""
        out = []
        misses = self.misses
        for item, key, line in pending:
            if type(item) is not _Entry:
                entry = self._row(key, item, table, year, token)  # type: ignore[arg-type]
            elif item.year != year:
                entry = self._row(key, item.values, table, year, token)
            else:
                entry = item
            out.append((entry, line))
        self.hits += len(out) - (self.misses - misses)
        return out

    def _row(self, key: RowKey, values: RowValues, table: Table, year: int | None,
             token: int) -> _Entry:
        self.misses += 1
        rows = self._rows
        if len(rows) >= self.size and key not in rows:
            for old in list(islice(rows, max(1, self.size // 4))):
                del rows[old]
        values = tuple(None if v is None else sys.intern(v) for v in values)  # shared text
        places = self._places_of(table)
        iset, dumped, ind_ok = self._indicator(token, values[:7], places)
        ind = iset.indicators[0]
        act = located_actual(values[7:], places)
        case = one_row_case(iset, act)
        ok = ind_ok and not any(d.severity == "error" for d in run_case_checks(case))
        with localcontext(ENGINE_CONTEXT):
            outcome = score_row(ind, act, self.scheme, year, None)
        entry = _Entry(values, ok, dumped, year, outcome)
        rows[(token, values[0], values[1], tuple(map(sys.intern, key[3])))] = entry
        return entry

    def _indicator(self, token: int, part: tuple[str | None, ...],
                   places: RowPlaces) -> tuple[IndicatorSet, str, bool]:
        """The indicator half of a row (few per region), built once: the model in a set
        of its own, its JSON text in the content hash, whether it passes the set checks."""
        key = (token, part)
        found = self._indicators.get(key)
        if found is None:
            if len(self._indicators) >= self.size:
                self._indicators.clear()
            ind = located_indicator(part, places)
            iset = one_row_set(ind)
            found = self._indicators[key] = (
                iset, _dumps(ind.model_dump(mode="json")),
                not any(d.severity == "error" for d in run_set_checks(iset, table=True)))
        return found

    def _places_of(self, table: Table) -> RowPlaces:
        places = self._places.get(table.row_columns)
        if places is None:
            places = self._places[table.row_columns] = row_places(table, PLACEHOLDER, 1)
        return places

    def _score(self, block: Block, places: Places) -> Result:
        if not LOCAL_CHECKS:
            raise Unusual("the plain path")
        table = table_of(block.source)
        token = self._tokens.setdefault(table.row_columns, len(self._tokens))
        case, pending, year = build_case(block, table, self.scheme_ref, self._rows, token)
        if self.by_layout and scheme_by_layout(case).scheme_from_layout:
            raise Unusual("a table whose budget weight names its scheme")
        rows = self._entries(pending, token, table, year)
        if not all(e.ok for e, _ in rows):
            raise Unusual("a row fails a check")
        outcomes = [e.outcome for e, _ in rows]

        def digest(scheme: Scheme, iset: IndicatorSet) -> str:
            return _digest(scheme, iset, [e.dumped for e, _ in rows])

        result = evaluate_rows(case, self.scheme, outcomes, digest)
        if places == "none":
            return result
        return _relocate(result, rows, block.source, places == "all")


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
    line_of = {e.values[2]: line for e, line in rows}
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
