"""Batch (tables): `score_table`, a flat 自评表 as a DataFrame, an Arrow table or a file.

The table API of #14: the data (pandas or polars DataFrame, pyarrow Table, or
the path of a CSV/XLSX table) in the flat columns of FORMATS.md §4 (Chinese
headers or their English aliases, `data/columns.yaml`), scored by the columnar
core (`engine/columns.py`) with the row engine for the projects it leaves,
returned as three Arrow tables with exact `decimal128(38, 6)` numbers. A row
or project that cannot be scored is a finding (an `error` one for a project
refused), never an exception that loses the rest. `explain=True`: each row's
derivation, written by the core as the row engine writes it
(`engine/columns_explain.py`); `audit=True`: the audit's
findings too, made on the core's columns (`review/columns_audit.py`) for the
projects it takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from ..engine.columns import FIELDS, Outcome, combine, iter_path, score_frame
from ..engine.columns_blanks import kept
from ..engine.columns_fallback import More, Places
from ..engine.columns_stage import Detail, Vetted
from ..errors import Diagnostic, EvaluationError, LoadError, Location
from ..load.loader import resolve_scheme_ref
from ..load.scheme import load_scheme
from ..read.columns import Header, Table, read_header
from .layouts import iter_laid, score_laid, with_scheme

if TYPE_CHECKING:  # the audit is imported when asked for (`scoring batch` without it, and
    # `score_table` on a file, import only what reading and scoring need)
    from ..model.case import Case
    from ..model.findings import Finding
    from ..model.result import Result
    from ..model.scheme import Scheme

DECIMAL = pa.decimal128(38, 6)
DECIMAL_FRAME = pl.Decimal(38, 6)
SOURCE = "<frame>"


class TableFrames(NamedTuple):
    """The three tables of a `TableResult` in another library's frames."""

    projects: Any
    rows: Any
    findings: Any


def table_schema() -> TableFrames:
    """The `pyarrow.Schema` of each table of a `TableResult` (projects, rows, findings)."""
    string, integer = pa.string(), pa.int64()
    return TableFrames(
        pa.schema([("project", string), ("code", string), ("department", string),
                   ("year", integer), ("total", DECIMAL), ("max_total", DECIMAL),
                   ("grade", string), ("errors", integer), ("warnings", integer),
                   ("infos", integer), ("engine", string), ("place", string),
                   ("scheme", string)]),
        pa.schema([("project", string), ("indicator", string), ("level1", string),
                   ("level2", string), ("weight", DECIMAL), ("score", DECIMAL),
                   ("status", string), ("explain", string), ("place", string)]),
        pa.schema([("project", string), ("code", string), ("severity", string),
                   ("indicator", string), ("message", string), ("place", string)]))


@dataclass(frozen=True)
class TableResult:
    """A scored table: one row per project, per input row, per finding (`pyarrow.Table`s),
    and how many input rows the row engine scored (`fallback_rows` of `total_rows`)."""

    projects: pa.Table
    rows: pa.Table
    findings: pa.Table
    fallback_rows: int
    total_rows: int

    def to_pandas(self) -> TableFrames:
        """The three tables as pandas DataFrames (decimals as `decimal.Decimal`)."""
        return TableFrames(*(t.to_pandas() for t in (self.projects, self.rows, self.findings)))

    def to_polars(self) -> TableFrames:
        """The three tables as polars DataFrames (decimals as `Decimal(38, 6)`)."""
        return TableFrames(*(pl.from_arrow(t) for t in (self.projects, self.rows,
                                                         self.findings)))


def score_table(data: Any, *, scheme: str | None = None, audit: bool = False,
                explain: bool = False) -> TableResult:
    """Score every project of a flat 自评表: a pandas or polars DataFrame, a pyarrow Table,
    or a path. `scheme`: a built-in id or a scheme file, for every project; None (no
    scheme named): each project under `mof-2020`, unless its printed 预算执行率 weight is
    exactly one other built-in scheme's (湖北/云南 20 points: `hubei-2020`), with the
    finding `scheme-from-layout` [info], as `scoring score` reads a table
    (`batch/layouts.py`); `projects.scheme` says each project's. Places name `row N` of
    an in-memory frame (N its 0-based position) and `file:line:col` or `file:Sheet!H12`
    of a file. `LoadError` when it is no flat table (a required column missing); every
    other problem is a finding."""
    ref = resolve_scheme_ref(scheme, Path.cwd())
    more = _audited if audit else None
    if isinstance(data, (str, Path)):
        outcome = combine(list(score_outcomes(Path(data), ref, audit=audit, explain=explain)))
    else:
        frame, table = _frame(data)
        places, fields = Places(table, "frame"), dict(table.header.index)
        if ref is None:
            outcome = score_laid(frame, places, fields, more=more, explain=explain,
                                 decimals=True)
        else:
            outcome = score_frame(frame, places, load_scheme(ref), ref, fields, more=more,
                                  explain=explain, decimals=True)
    return _result(with_scheme(outcome, ref) if ref is not None else outcome, explain)


def score_outcomes(path: Path, ref: str | None, *, audit: bool = False,
                   explain: bool = False, more: More | None = None,
                   seen: Callable[[Table], object] | None = None) -> Iterator[Outcome]:
    """A flat table file scored in parts of whole projects (`engine/columns.iter_path`),
    with the audit's findings (`more`: another later stage) and the derivations when
    asked: what `score_table` on a path and `scoring batch` on a table both use. `ref`
    None: no scheme named, each project under the scheme its layout names
    (`layouts.iter_laid`). `seen` is given each part's `Table` before it is scored."""
    stage = more if more is not None else _audited if audit else None
    if ref is None:
        yield from iter_laid(path, more=stage, explain=explain, seen=seen)
    else:
        yield from iter_path(path, ref, more=stage, explain=explain, seen=seen)


class _Audited:
    """The audit's findings (RULES.md §5), beside the engine's: per case for the projects
    the row engine scores, as columns for the core's (`review/columns_audit.py`)."""

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> tuple[Finding, ...]:
        from ..review.audit import audit_result

        return audit_result(case, result, scheme).findings

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        from ..review.columns_audit import audit_columns

        return audit_columns(detail, scheme, fields)


_audited = _Audited()


def _frame(data: Any) -> tuple[pl.DataFrame, Table]:
    if isinstance(data, pl.DataFrame):
        frame = data
    elif isinstance(data, pa.Table):
        frame = pl.DataFrame(pl.from_arrow(data))
    elif type(data).__module__.startswith("pandas"):
        frame = pl.from_pandas(data)
    else:
        raise EvaluationError(f"score_table: a DataFrame, an Arrow table or a path, "
                              f"not {type(data).__name__}")
    names = [str(n) for n in frame.columns]

    def place(line: int, col: int) -> Location:
        return Location(SOURCE, line, col + 1)

    header, problems = read_header(names, 1, place)
    if header is None or problems:
        raise LoadError(problems or [Diagnostic(place(1, 0), "不是自评表", "invalid")])
    index = {f: i for f, i in header.index.items() if f in FIELDS}
    # each column read once, in one piece (a frame read in batches has many: the core's
    # gathers are much quicker over whole arrays), stripped only if a cell needs it
    read = {name: _text(frame.get_column(name))
            for name in dict.fromkeys(frame.columns[i] for i in index.values())}
    picked = pl.DataFrame([read[frame.columns[i]].alias(f) for f, i in index.items()])
    picked = picked.with_row_index("line", offset=1).with_columns(pl.col("line").cast(pl.Int64))
    width = len(names)
    table = Table(SOURCE, Header(0, index, width), place,
                  lambda line, cols: {f: place(line, i) for f, i in cols}, lambda: iter(()))
    return picked, table


def _text(column: pl.Series) -> pl.Series:
    """A column as cell text: numbers printed, stripped of what Python's `str.strip`
    strips, as a file's cells are, a blank cell null (`engine/columns_blanks.py`; polars'
    own default strip leaves U+001C–U+001F); printed numbers, dates and booleans have no
    blank to strip."""
    dtype = column.dtype
    if dtype.is_numeric() or dtype.is_temporal() or dtype == pl.Boolean:
        return column.cast(pl.String).rechunk()
    return kept(column.cast(pl.String))


def _decimal(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A number of `frame`: exact already (`score_frame(decimals=True)`), else read from its
    text (a file's outcomes)."""
    if frame.schema[name] == DECIMAL_FRAME:
        return pl.col(name)
    return pl.col(name).cast(pl.String).str.to_decimal(scale=6)


def _result(outcome: Outcome, explain: bool) -> TableResult:
    projects = _with(outcome.projects, {"pid": pl.Int64, "project": pl.String,
                                        "code": pl.String, "department": pl.String,
                                        "year": pl.Int64, "total": pl.String,
                                        "max_total": pl.String, "grade": pl.String,
                                        "engine": pl.String, "place": pl.String,
                                        "scheme": pl.String}).sort("pid")
    names = projects.select("pid", pl.col("project").alias("_name"))
    schema = table_schema()
    proj = projects.with_columns(_counts(outcome.findings, names)).select(
        "project", "code", "department", pl.col("year").cast(pl.Int64),
        _decimal(projects, "total"), _decimal(projects, "max_total"), "grade",
        *[pl.col(s + "s").fill_null(0).alias(s + "s") for s in ("error", "warning", "info")],
        "engine", "place", "scheme")
    rows = _with(outcome.rows, {"pid": pl.Int64, "line": pl.Int64, "name": pl.String,
                                "level1": pl.String, "level2": pl.String,
                                "weight": pl.String, "score": pl.String,
                                "status": pl.String, "place": pl.String})
    if not rows.get_column("line").is_sorted():
        rows = rows.sort("line")
    row_table = rows.select(
        pl.col("name").alias("indicator"), "level1", "level2", _decimal(rows, "weight"),
        _decimal(rows, "score"), "status",
        (pl.col("explain") if explain and "explain" in rows.columns
         else pl.lit(None, pl.String)).alias("explain"), "place")
    found = outcome.findings.select("code", "severity", "indicator", "message", "place")
    return TableResult(_arrow(proj, schema.projects),
                       _arrow(row_table, schema.rows, _named(rows, names)),
                       _arrow(found, schema.findings, _named(outcome.findings, names)),
                       outcome.fallback_rows, outcome.total_rows)


def _counts(findings: pl.DataFrame, names: pl.DataFrame) -> list[pl.Series]:
    """How many errors, warnings and infos each project (`names`, by `pid`) has: counted
    by position when the projects are numbered 0, 1, 2 … (the usual), else grouped."""
    kinds = ("error", "warning", "info")
    if _numbered(names) and findings.get_column("pid").null_count() == 0:
        beyond = len(kinds) * names.height  # a key past every project's: not counted
        severity, rank = pl.col("severity"), pl.lit(beyond, pl.Int64)
        for i, k in reversed(list(enumerate(kinds))):
            rank = pl.when(severity == k).then(pl.lit(i, pl.Int64)).otherwise(rank)
        key = findings.select(pl.col("pid").cast(pl.Int64) * len(kinds) + rank).to_series()
        counts = np.bincount(key.to_numpy(), minlength=beyond + 1)[:beyond].reshape(
            -1, len(kinds))
        return [pl.Series(k + "s", counts[:, i], dtype=pl.Int64) for i, k in enumerate(kinds)]
    grouped = findings.group_by("pid").agg(
        *[(pl.col("severity") == k).sum().cast(pl.Int64).alias(k + "s") for k in kinds])
    joined = names.join(grouped, on="pid", how="left", maintain_order="left")
    return [joined.get_column(k + "s") for k in kinds]


def _numbered(names: pl.DataFrame) -> bool:
    """Whether the projects (`pid`, sorted) are numbered 0, 1, 2 …"""
    pids = names.get_column("pid")
    return pids.null_count() == 0 and pids.equals(
        pl.int_range(pids.len(), dtype=pl.Int64, eager=True), check_names=False)


def _named(frame: pl.DataFrame, names: pl.DataFrame) -> pa.Array:
    """The name of each row's project (`pid`): taken by position when the projects are
    numbered 0, 1, 2 … in order (the usual), else joined."""
    wanted = frame.get_column("pid")
    top = wanted.max()
    if _numbered(names) and (top is None or int(top) < names.height):  # type: ignore[arg-type]
        return pc.take(names.get_column("_name").to_arrow(), wanted.cast(pl.Int64).to_arrow())
    return frame.select("pid").join(names, on="pid", how="left", maintain_order="left") \
        .get_column("_name").to_arrow()


def _with(frame: pl.DataFrame, columns: dict[str, Any]) -> pl.DataFrame:
    """`frame` with a null column of each of `columns` it lacks (a table of refused
    projects has no totals)."""
    return frame.with_columns(pl.lit(None, dtype).alias(name) for name, dtype in columns.items()
                              if name not in frame.columns)


# pyarrow casts a string view to a string from version 18 (older: large strings, a copy)
STRINGS = pl.CompatLevel.newest() if int(pa.__version__.split(".")[0]) >= 18 \
    else pl.CompatLevel.oldest()


def _arrow(frame: pl.DataFrame, schema: pa.Schema, project: pa.Array | None = None) -> pa.Table:
    """`frame` (`schema`'s columns, but `project` when given apart) as an Arrow table of
    `schema`, in one chunk (polars' strings handed over as Arrow string views, then cast,
    where pyarrow can: `STRINGS`)."""
    table = frame.rechunk().to_arrow(compat_level=STRINGS)
    if project is not None:
        table = table.add_column(0, "project", project)
    return table.cast(schema)
