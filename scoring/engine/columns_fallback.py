"""Score (columns): the projects the core leaves, through the importer and the row engine.

Their rows (the frame's, in table order) are handed to the importer's project
builder (`io/flat.py`, `iter_table_cases`) as the `RawRow`s the table reader
would give, each case is scored by `engine.evaluate`, and the `Result`s (or
the diagnostics of a project refused) become rows of the same three frames the
core makes. Places are rendered once for both (`Places`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

import numpy as np
import polars as pl
import pyarrow as pa

from ..decimals import fmt, round_half_up
from ..errors import Diagnostic, LoadError, Location
from ..load.flat import iter_table_cases
from ..model.case import Case
from ..model.findings import Finding
from ..model.result import Result
from ..model.scheme import Scheme
from ..read.columns import RawRow, Table
from .columns_format import FINDING_SCHEMA, SEVERITY_RANK
from .evaluate import evaluate

PlaceKind = Literal["csv", "sheet", "frame"]


@dataclass(frozen=True)
class Places:
    """How the cells of a table are named: `file:line:col` (CSV), `file:Sheet!H12`
    (a sheet), or `row N` (a data frame: N its 0-based position, line N + 1; each
    `row N` printed once, however many rows and findings name it)."""

    table: Table
    kind: PlaceKind
    _printed: dict[str, pl.Series] = field(default_factory=dict, compare=False, repr=False)

    def text(self, where: Location | None) -> str | None:
        """A Location as a finding's place."""
        if where is None:
            return None
        if self.kind == "frame":
            return f"row {where.line - 1}"
        return str(where)

    def _rows(self, lines: int) -> pl.Series:
        """`row 0` … `row {lines - 1}`, each printed once for the frame."""
        texts = self._printed.get("rows", pl.Series("row", [], pl.String))
        if texts.len() < lines:
            more = row_texts(texts.len(), lines)
            texts = pl.concat([texts, more], rechunk=True) if texts.len() else more
            self._printed["rows"] = texts
        return texts

    def render(self, frame: pl.DataFrame) -> pl.Series:
        """The places of a frame's (line, 0-based col) pairs."""
        c = pl.col
        if self.kind == "csv":
            return frame.select(pl.format("{}:{}:{}", pl.lit(self.table.source), c("line"),
                                          c("col") + 1)).to_series()
        if self.kind == "frame":
            lines = frame.get_column("line").cast(pl.Int64)
            low, top = lines.min(), lines.max()
            if isinstance(low, int) and low < 1:  # no row of the frame
                return frame.select(pl.format("row {}", c("line") - 1)).to_series()
            return self._rows(top if isinstance(top, int) else 0).gather(lines - 1)
        pairs = frame.select("line", "col").unique()
        text = [str(self.table.place(line, col)) for line, col in pairs.iter_rows()]
        named = pairs.with_columns(pl.Series("_p", text, dtype=pl.String))
        return frame.join(named, on=["line", "col"], how="left", maintain_order="left") \
            .get_column("_p")


ROW = b"row "


def _four_digits() -> np.ndarray:
    """Each of 0 … 9999 printed with four digits (`%04d`) as a 32-bit word, its first digit
    the lowest byte."""
    numbers, words = np.arange(10000, dtype=np.uint32), np.zeros(10000, np.uint32)
    for k in range(4):
        words |= (numbers // 10 ** (3 - k) % 10 + ord("0")) << (8 * k)
    return words


FOUR = _four_digits()


def row_texts(start: int, stop: int) -> pl.Series:
    """`row {start}` … `row {stop - 1}` (as `Places.text` prints them). Each is at most 12
    bytes up to `row 99999999`, so it is held inside its 16-byte Arrow string view (length,
    then the bytes): the views are written as words, each number's eight digits ("%08d",
    two lookups of four) less the leading zeros of its width (a shift), a run of numbers of
    one width at a time (three times as quick as polars' `format`); past that (or with a
    pyarrow without string views), formatted."""
    if stop > 10 ** (16 - 4 - len(ROW)) or not hasattr(pa, "string_view"):  # pyarrow < 16
        return pl.select(pl.format("row {}", pl.int_range(start, stop, dtype=pl.Int64))) \
            .to_series().alias("row")
    words = np.zeros((max(stop - start, 0), 4), np.uint32)  # length, "row ", the digits
    words[:, 1] = int.from_bytes(ROW, "little")
    low, width = start, len(str(start))
    while low < stop:
        high = min(stop, 10**width)
        block, numbers = words[low - start:high - start], np.arange(low, high, dtype=np.uint32)
        top = numbers // 10000
        numbers -= top * 10000
        digits = FOUR[top].astype(np.uint64) | FOUR[numbers].astype(np.uint64) << np.uint64(32)
        digits >>= np.uint64(8 * (8 - width))  # the first digit of `width` now lowest
        block[:, 2:] = digits.view(np.uint32).reshape(-1, 2)
        block[:, 0] = len(ROW) + width
        low, width = high, width + 1
    array = pa.Array.from_buffers(pa.string_view(), len(words), [None, pa.py_buffer(words)])
    return pl.Series("row", array, dtype=pl.String)


@dataclass(frozen=True)
class Frames:
    """The projects, rows and findings of the projects the row engine scored."""

    projects: pl.DataFrame | None
    rows: pl.DataFrame | None
    findings: pl.DataFrame | None

    def merged(self, core: pl.DataFrame | None) -> pl.DataFrame:
        """The core's findings (`core`, by project) and these in project order (`pid`; a
        diagnostic of no project, the header's, after them), each project's in the order
        it was made (`Result.findings`', then a later stage's); no sort when the row engine
        found nothing."""
        if self.findings is None:
            return core if core is not None else pl.DataFrame(schema=FINDING_SCHEMA)
        both = self.findings if core is None else \
            pl.concat([core, self.findings], how="diagonal_relaxed")
        return both.sort("pid", nulls_last=True, maintain_order=True)


def _raw_rows(rest: pl.DataFrame, table: Table) -> Iterator[RawRow]:
    index = table.header.index
    width = table.header.width
    names = [f for f in index if f in rest.columns]
    for record in rest.select("line", *names).iter_rows():
        cells: list[str | None] = [None] * width
        for f, value in zip(names, record[1:], strict=True):
            cells[index[f]] = value
        yield RawRow(record[0], cells)


More = Callable[[Case, Result, Scheme], Iterable[Finding]]
"""Findings a later stage adds to each project the row engine scores (the audit's)."""


def fallback_results(rest: pl.DataFrame, meta: pl.DataFrame, places: Places, scheme: Scheme,
                     scheme_ref: str, more: More | None = None) -> Frames:
    """The projects of `rest` (rows with `pid`) scored by the row engine."""
    if rest.height == 0:
        return Frames(None, None, None)
    rest = rest.sort("line")
    by_line = dict(zip(rest.get_column("line").to_list(), rest.get_column("pid").to_list(),
                       strict=True))
    table = replace(places.table, rows=lambda: _raw_rows(rest, places.table))
    frames = engine_frames(table, places, scheme, scheme_ref, by_line, more)
    if frames.projects is None:
        return frames
    # a project refused has the first line and names its rows give (as the core's)
    named = ("first_line", "project", "code", "department")
    projects = frames.projects.with_columns(
        pl.lit(None, meta.schema[f]).alias(f) for f in named
        if f not in frames.projects.columns).join(
        meta.select("pid", *(pl.col(f).alias("_m_" + f) for f in named)), on="pid",
        how="left", maintain_order="left")
    return replace(frames, projects=projects.with_columns(
        pl.when(pl.col("refused")).then(pl.col("_m_" + f)).otherwise(pl.col(f)).alias(f)
        for f in named).drop(*("_m_" + f for f in named)))


Choose = Callable[[Case], tuple[Case, Scheme]]
"""Each case with the scheme it is scored under (no scheme named: by its layout)."""


def engine_frames(table: Table, places: Places, scheme: Scheme, scheme_ref: str,
                  by_line: dict[int, int] | None = None, more: More | None = None,
                  choose: Choose | None = None) -> Frames:
    """Every project of `table` built by the importer and scored by the row engine (the
    reference the core is tested against); `by_line` numbers projects by their rows,
    else (the table read whole) each scored in the order of its case, the projects
    marked `whole`; `choose`: each case's scheme (the projects then have a `scheme`
    column)."""
    sink: list[Diagnostic] = []
    projects: list[dict[str, object]] = []
    rows: list[dict[str, object]] = []
    found: list[dict[str, object]] = []
    lines = by_line or {}
    for case in iter_table_cases(table, scheme_ref, sink):
        pid = lines.get(case.location.line) if by_line is not None else len(projects)
        case, used = choose(case) if choose is not None else (case, scheme)
        try:
            result = evaluate(case, used)
        except LoadError as exc:
            sink.extend(exc.diagnostics)
            continue
        projects.append(_project(result, pid, case.location.line))
        if choose is not None:
            projects[-1]["scheme"] = case.scheme
        rows.extend(_rows(result, pid))
        extra = sorted(more(case, result, used), key=Finding.sort_key) if more else ()
        found.extend(_findings(result.findings, pid, places))
        found.extend(_findings(extra, pid, places))
    refused = sorted({p for d in sink if (p := lines.get(d.location.line)) is not None})
    projects.extend({"pid": pid, "engine": "rows", "refused": True} for pid in refused)
    if by_line is None:
        for project in projects:
            project["whole"] = True
    found.extend({"pid": lines.get(d.location.line), "line": d.location.line,
                  "col": d.location.col - 1, "code": d.code,  # 0-based, as the core's
                  "severity": d.severity, "indicator": d.indicator, "message": d.message,
                  "place": places.text(d.location)} for d in sink)
    return Frames(_frame(projects), _frame(rows), _frame(found))


def _frame(items: list[dict[str, object]]) -> pl.DataFrame | None:
    if not items:
        return None
    frame = pl.DataFrame(items, infer_schema_length=None)
    return frame.cast({k: pl.Int64 for k in ("pid", "line", "first_line") if k in frame.columns})


def _fmt(value: Decimal | None) -> str | None:
    return None if value is None else fmt(value)  # None: no row has a weight (no-weights)


def _project(result: Result, pid: int | None, line: int) -> dict[str, object]:
    info, b = result.project, result.budget
    return {"pid": pid, "first_line": line, "project": info.name, "code": info.code,
            "department": info.department, "year": info.year, "total": _fmt(result.total),
            "max_total": _fmt(result.max_total), "grade": result.grade, "engine": "rows",
            "refused": False, "reported_total": result.reported_total,
            "reported_grade": result.reported_grade,
            # the budget figures as `columns_published.py` gives them
            "budget_adjusted": _fmt(b.adjusted) if b else None,
            "budget_executed": _fmt(b.executed) if b else None,
            "execution_rate": None if b is None or b.rate is None
            else fmt(round_half_up(b.rate, 4)),
            "budget_score": _fmt(b.score) if b else None}


def _rows(result: Result, pid: int | None) -> Iterator[dict[str, object]]:
    for row in result.indicators:
        yield {"pid": pid, "line": row.location.line if row.location else None,
               "name": row.name, "level1": row.level1, "level2": row.level2,
               "weight": None if row.weight is None else fmt(row.weight),  # row-unweighted
               "score": None if row.score is None else fmt(row.score), "status": row.status,
               "explain": row.explain}


def _findings(findings: Iterable[Finding], pid: int | None,
              places: Places) -> Iterator[dict[str, object]]:
    for f in findings:
        yield {"pid": pid, "line": f.location.line if f.location else None, "code": f.code,
               "severity": f.severity, "indicator": f.indicator, "message": f.message,
               "place": places.text(f.location), "rank": SEVERITY_RANK[f.severity]}
