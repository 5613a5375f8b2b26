"""Score (columns): a flat table's frame → projects, rows and findings, exactly (#14).

The columnar exact core: cells become scaled integers (`columns_cells.py`), the rows are
grouped into projects (`columns_group.py`) and scored as columns with exact integer
arithmetic (`columns_rows.py`), projects summed and graded and the findings made
(`columns_totals.py`), findings rendered as columns (`columns_format.py`), derivations
written (`columns_explain.py`); files are read by `columns_read.py` and `score_path` here,
whole, or a batch of whole projects at a time by `columns_stream.py` and `iter_path` here.

The core takes each project whose rows it can score; every other one (a per-indicator
rule, a manual score, a date, a range, a number that does not fit, a duplicate name,
anything the importer would refuse) is built by the importer (`load/flat.py`) and scored
by the row engine, whole (`columns_fallback.py`), into the same three frames;
`Outcome.fallback_rows` says how many rows went that way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import polars as pl

from ..errors import Unusual
from ..load.loader import CSV_SUFFIXES, resolve_scheme_ref
from ..load.scheme import DEFAULT_SCHEME, load_scheme
from ..model.scheme import Scheme
from ..read.columns import Table, columns
from .columns_cells import read_column
from .columns_fallback import Frames, More, PlaceKind, Places, engine_frames, fallback_results
from .columns_format import FINDING_SCHEMA, sort_findings
from .columns_group import ensure, group_rows, project_meta
from .columns_numbers import RAW, exact, exact_text, printed
from .columns_published import PUBLISHED, published
from .columns_read import csv_frame, fields_of, table_frame
from .columns_rows import row_sums, score_indicators
from .columns_stage import ColumnStage, Detail, Fast, vetted
from .columns_stream import HOLD, PIECE, ROWS, iter_parts
from .columns_totals import (
    budget_findings,
    project_findings,
    project_totals,
    row_findings,
    score_budgets,
)

FIELDS = columns().fields  # data/columns.yaml: the project's fields, then the row's
PROJECT_ONLY = ("department", "project", "code", "year", "grade", "level1", "level2",
                "initial_target", "initial")  # not carried by the indicator rows (`l1`, `l2`)


@dataclass(frozen=True)
class Outcome:
    """The three frames of a scored table and how many rows the row engine scored;
    `detail`: the core's frames of the projects it took (None when it took none)."""

    projects: pl.DataFrame
    rows: pl.DataFrame
    findings: pl.DataFrame
    fallback_rows: int
    total_rows: int
    detail: Detail | None = None


def score_frame(frame: pl.DataFrame, places: Places, scheme: Scheme, scheme_ref: str,
                fields: dict[str, int], *, core: bool = True, more: More | None = None,
                explain: bool = False, decimals: bool = False) -> Outcome:
    """Score the projects of `frame` (the table's fields, `columns_read.py`), `explain`: with
    `rows.explain`; `core=False` or `more` (a later stage's findings): by the row engine,
    unless `more` is a `ColumnStage` (`columns_stage.py`), which works on the core's frames
    too. Numbers printed, or `decimals`: exact (`columns_numbers.py`)."""
    grouped = group_rows(ensure(frame, FIELDS))
    meta = project_meta(grouped)
    fast = None
    stage = more if isinstance(more, ColumnStage) else None
    # the core mirrors the importer for these columns only (a table with others, or without
    # 一级指标, is read by rules it does not know: the row engine scores it whole)
    if core and (more is None or stage is not None) and "level1" in fields and \
            set(fields) <= set(FIELDS):
        with suppress(Unusual):
            fast = _columns(grouped, meta, scheme, fields, explain)
        if fast is not None and stage is not None:
            fast = vetted(fast, stage, scheme, fields)
    projects: pl.DataFrame | None = None
    rows: pl.DataFrame | None = None
    findings: pl.DataFrame | None = None
    taken = pl.Series("pid", [], pl.Int64)
    detail = None
    if fast is not None:
        projects, rows, found, detail = fast
        projects, rows = (exact if decimals else printed)(projects, rows, scheme.places)
        findings = found.with_columns(places.render(found).alias("place"))
        taken = projects.get_column("pid")
    rest = grouped.clear() if taken.len() == meta.height else \
        grouped.filter(~pl.col("pid").is_in(taken.implode()))  # the core took all, or not
    slow = fallback_results(rest, meta, places, scheme, scheme_ref, more)
    if decimals:
        slow = Frames(exact_text(slow.projects, ("total", "max_total")),
                      exact_text(slow.rows, ("weight", "score")), slow.findings)
    out_rows = _stack(rows, slow.rows)
    name_col = pl.lit(fields.get("name", 0), pl.Int64)
    if out_rows.height:
        out_rows = out_rows.with_columns(places.render(out_rows.with_columns(
            name_col.alias("col"))).alias("place"))
    out_projects = _stack(projects, slow.projects)
    if out_projects.height:
        first = out_projects.join(meta.select("pid", pl.col("first_line").alias("_f")),
                                  on="pid", how="left", maintain_order="left")
        out_projects = out_projects.with_columns(places.render(first.select(
            pl.col("_f").alias("line"), pl.lit(0, pl.Int64).alias("col"))).alias("place"))
    return Outcome(out_projects, out_rows, slow.merged(findings), rest.height,
                   grouped.height, detail)


def _stack(core: pl.DataFrame | None, engine: pl.DataFrame | None) -> pl.DataFrame:
    """The core's frame and the row engine's, one after the other."""
    parts = [f for f in (core, engine) if f is not None]
    if not parts:
        return pl.DataFrame(schema=FINDING_SCHEMA)
    return pl.concat(parts, how="diagonal_relaxed")


def _columns(grouped: pl.DataFrame, meta: pl.DataFrame, scheme: Scheme,
             fields: dict[str, int], explain: bool = False) -> Fast | None:
    c = pl.col
    ind = grouped.select(pl.exclude(PROJECT_ONLY)).filter(c("kind") == "indicator") \
        .drop("kind")
    ind = ind.with_columns(meta.get_column("year_int").gather(ind.get_column("pid")))
    scored = score_indicators(ind, scheme, explain)
    budget = score_budgets(grouped.filter(c("kind") == "budget"), scheme)
    total_rows = grouped.filter(c("kind") == "total").with_columns(
        c("reported_score").is_not_null().alias("_given"))
    sums = row_sums(scored)
    budgets = budget.group_by("pid").agg(
        pl.len().alias("_nb"), c("btaken").first(), c("BW").first(), c("E").first(),
        c("B").first(), c("bscore").first())
    wild_total = read_column_wild(total_rows)
    projects = meta.join(sums, on="pid", how="left").join(budgets, on="pid", how="left") \
        .join(wild_total, on="pid", how="left").join(published(grouped, meta), on="pid",
                                                     how="left")
    taken = (c("_rows_ok").fill_null(False) & ~c("_nameless").fill_null(True)
             & ~c("_twice") & (c("_n") <= columns().max_indicators)
             & c("_scored").fill_null(False) & ~c("bad_year")
             & (c("_nb").is_null() | ((c("_nb") == 1) & c("btaken")))
             & ~c("_wild_total").fill_null(False))
    projects = project_totals(projects.with_columns(taken.fill_null(False).alias("taken")),
                              scheme).filter(c("taken"))
    pids = projects.get_column("pid").implode()
    every = projects.height == meta.height  # the usual: the core takes every project
    rows = scored if every else scored.filter(c("pid").is_in(pids))
    budget = budget if every else budget.filter(c("pid").is_in(pids))
    found = pl.concat([row_findings(rows, scheme.places, fields),
                       budget_findings(budget, scheme, fields["level1"]),
                       project_findings(projects, scheme)], how="diagonal_relaxed")
    marked = c("kind").is_in(["total", "grade"]) | c("grade").is_not_null()
    marks = grouped.filter(marked if every else c("pid").is_in(pids) & marked)
    return Fast(_project_frame(projects, scheme), _row_frame(rows, scheme),
                sort_findings(found, params=explain), Detail(rows, budget, projects, marks))


def read_column_wild(total_rows: pl.DataFrame) -> pl.DataFrame:
    """Per project: whether a published total's cell holds a number the core cannot hold."""
    read = read_column(pl.col("reported_score"), None, total_rows, "x_")
    return read.group_by("pid").agg(pl.col("x_wild").any().alias("_wild_total"))


def _project_frame(projects: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """The core's projects, `total`, `max_total` and the budget figures scaled integers
    (`score_frame` prints them or makes them decimals)."""
    return projects.select(
        "pid", "first_line", "project", "code", "department", pl.col("year_int").alias("year"),
        "total", "max_total", "grade", pl.lit("columns").alias("engine"), *PUBLISHED, *RAW)


def _row_frame(rows: pl.DataFrame, scheme: Scheme) -> pl.DataFrame:
    """The core's rows, `weight` and `score` scaled integers (as `_project_frame`'s)."""
    c = pl.col
    return rows.select("pid", "line", "name", c("l1").alias("level1"), c("l2").alias("level2"),
                       c("^explain$"), c("W").alias("weight"), "score", "status")


def score_path(path: Path, scheme: str = DEFAULT_SCHEME, *, core: bool = True,
               more: More | None = None, explain: bool = False) -> Outcome:
    """Every project of a flat CSV or XLSX table, scored (`LoadError` when the file is no
    flat table: size, encoding, header, as the importer says); `core=False` or `more`:
    every project by the row engine."""
    ref = resolve_scheme_ref(scheme, Path.cwd()) or DEFAULT_SCHEME
    scored = partial(score_table_frame, ref=ref, core=core, more=more, explain=explain)
    if path.suffix.lower() in CSV_SUFFIXES:
        table, frame = csv_frame(path)
        return scored(table, frame, "csv")
    from ..read.xlsxtable import open_workbook, read_xlsx_tables

    workbook = open_workbook(path)
    try:
        outcomes = [scored(t, None, "sheet") for t in read_xlsx_tables(path, workbook)]
    finally:
        workbook.close()
    return combine(outcomes)


def iter_path(path: Path, scheme: str = DEFAULT_SCHEME, *, core: bool = True,
              more: More | None = None, rows: int = ROWS, piece: int = PIECE,
              hold: int = HOLD, explain: bool = False,
              seen: Callable[[Table], object] | None = None) -> Iterator[Outcome]:
    """`score_path` in parts, each an `Outcome` of whole projects, in input order, so a
    caller (`scoring batch`) can write each part before the next is read: the table is
    read a batch at a time (`columns_stream.py`: parts of at least `rows` rows, a CSV
    read `piece` bytes at a time, its first `hold` bytes read once). Projects are
    numbered (`pid`) across the parts as the whole read numbers them: the parts,
    stacked, are `score_path`'s frames. `seen` is given each part's `Table` before it
    is scored (its places, its header)."""
    ref = resolve_scheme_ref(scheme, Path.cwd()) or DEFAULT_SCHEME
    loaded = load_scheme(ref)
    after = 0
    for part in iter_parts(path, rows=rows, piece=piece, hold=hold):
        if seen is not None:
            seen(part.table)
        if part.frame is None:
            outcome = score_table_frame(part.table, None, part.kind, ref, core=core, more=more,
                                        explain=explain)
        else:
            outcome = score_frame(part.frame, Places(part.table, part.kind), loaded, ref,
                                  fields_of(part.table), core=core, more=more, explain=explain)
        outcome, after = numbered(outcome, after)
        yield outcome


def score_table_frame(table: Table, frame: pl.DataFrame | None, kind: PlaceKind,
                      ref: str, *, core: bool = True, more: More | None = None,
                      explain: bool = False) -> Outcome:
    """One table: its frame (read row by row when None) scored by the core."""
    places = Places(table, kind)
    scheme = load_scheme(ref)
    index = table.header.index
    if "level1" not in index or "initial_target" in index:
        frame = None
    elif frame is None:
        frame = table_frame(table)
    if frame is None:  # a ragged row: the importer's project builder says what is wrong;
        # a table without 一级指标 or with 年初指标值 (重庆 部门整体): the importer's rules
        whole = engine_frames(table, places, scheme, ref, more=more)
        empty = pl.DataFrame()
        count = sum(1 for _ in table.rows())
        return Outcome(whole.projects if whole.projects is not None else empty,
                       whole.rows if whole.rows is not None else empty,
                       whole.findings if whole.findings is not None
                       else pl.DataFrame(schema=FINDING_SCHEMA), count, count)
    return score_frame(frame, places, scheme, ref, fields_of(table), core=core, more=more,
                       explain=explain)


def combine(outcomes: list[Outcome]) -> Outcome:
    """The outcomes of several tables (sheets) as one, each table's projects numbered
    (`pid`) after the previous table's (parts so numbered already, `iter_path`'s, keep
    their numbers)."""
    if len(outcomes) == 1:
        return outcomes[0]
    shifted, after = [], 0
    for o in outcomes:
        o, after = numbered(o, after)
        shifted.append(o)
    outcomes = shifted
    return Outcome(
        pl.concat([o.projects for o in outcomes], how="diagonal_relaxed"),
        pl.concat([o.rows for o in outcomes], how="diagonal_relaxed"),
        pl.concat([o.findings for o in outcomes], how="diagonal_relaxed"),
        sum(o.fallback_rows for o in outcomes), sum(o.total_rows for o in outcomes),
        Detail.stacked([o.detail for o in outcomes if o.detail is not None]))


def numbered(outcome: Outcome, after: int) -> tuple[Outcome, int]:
    """`outcome` with its projects numbered from `after` on (when they are numbered
    lower), and the number after its last."""
    pids = outcome.projects.get_column("pid") if "pid" in outcome.projects.columns else None
    low = None if pids is None else pids.min()
    if low is None:  # no project, or the row engine's numberless ones
        return outcome, after
    moved = shift_pids(outcome, max(0, after - int(low)))  # type: ignore[arg-type]
    return moved, int(moved.projects.get_column("pid").max()) + 1  # type: ignore[arg-type]


def shift_pids(outcome: Outcome, offset: int) -> Outcome:
    """`outcome` with every project number (`pid`) moved up by `offset`."""
    if not offset:
        return outcome

    def move(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(pl.col("pid") + offset) if "pid" in frame.columns else frame

    d = outcome.detail
    return Outcome(move(outcome.projects), move(outcome.rows), move(outcome.findings),
                   outcome.fallback_rows, outcome.total_rows,
                   None if d is None else d.moved(offset))
