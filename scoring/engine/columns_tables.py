"""Score (columns): a flat table file (CSV, XLSX) → `Outcome`, the core with its fallback.

A CSV is read by polars when `frame.csv_frame` can mirror the importer's
reading, else row by row through the importer's reader; an XLSX sheet row by
row. A table whose rows the importer would refuse as rows (ragged) is scored
by the row engine whole, as is every table under a scheme whose numbers do
not fit the core.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..load.loader import CSV_SUFFIXES, resolve_scheme_ref
from ..load.scheme import DEFAULT_SCHEME, load_scheme
from ..read.columns import Table
from .columns import Outcome, score_frame
from .columns_fallback import More, PlaceKind, Places, engine_frames
from .columns_format import FINDING_SCHEMA
from .columns_read import csv_frame, fields_of, table_frame


def score_path(path: Path, scheme: str = DEFAULT_SCHEME, *, core: bool = True,
               more: More | None = None) -> Outcome:
    """Every project of a flat CSV or XLSX table, scored (`LoadError` when the file is no
    flat table: size, encoding, header, as the importer says); `core=False` or `more`:
    every project by the row engine."""
    ref = resolve_scheme_ref(scheme, Path.cwd()) or DEFAULT_SCHEME
    if path.suffix.lower() in CSV_SUFFIXES:
        table, frame = csv_frame(path)
        return score_table_frame(table, frame, "csv", ref, core=core, more=more)
    from ..read.xlsxtable import open_workbook, read_xlsx_tables

    workbook = open_workbook(path)
    try:
        outcomes = [score_table_frame(t, None, "sheet", ref, core=core, more=more)
                    for t in read_xlsx_tables(path, workbook)]
    finally:
        workbook.close()
    return combine(outcomes)


def score_table_frame(table: Table, frame: pl.DataFrame | None, kind: PlaceKind,
                      ref: str, *, core: bool = True, more: More | None = None) -> Outcome:
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
    return score_frame(frame, places, scheme, ref, fields_of(table), core=core, more=more)


def combine(outcomes: list[Outcome]) -> Outcome:
    """The outcomes of several tables (sheets) as one."""
    if len(outcomes) == 1:
        return outcomes[0]
    return Outcome(
        pl.concat([o.projects for o in outcomes], how="diagonal_relaxed"),
        pl.concat([o.rows for o in outcomes], how="diagonal_relaxed"),
        pl.concat([o.findings for o in outcomes], how="diagonal_relaxed"),
        sum(o.fallback_rows for o in outcomes), sum(o.total_rows for o in outcomes))
