"""Group (columns): rows of a flat table → projects, row kinds, levels carried down.

The importer's rules (`io/flat.py`) as column expressions: a row belongs to the
project of its 项目编码, else its 项目名称, else the row above's; projects are
numbered (`pid`) in the order of their first rows; a row is a budget, total or
grade row by its 一级指标 (or 三级指标) label, else an indicator row, whose
blank 一级指标 is the one above and whose blank 二级指标 is the one above while
the 一级指标 stays; a project's name, code, department, year and grade are
the first ones given in its rows.
"""

from __future__ import annotations

import polars as pl

from ..load.flat import year_of
from ..read.columns import columns, header_key

META = ("project", "code", "department", "year", "grade")


def _labels(frame: pl.DataFrame, field: str) -> dict[str, pl.Expr]:
    """Per kind (budget, total, grade): whether the cell of `field` is a label of it, each
    distinct text told once, the column tested by membership."""
    cat = columns()
    if field not in frame.columns:
        return {}
    told: dict[str, list[str]] = {}
    for text in frame.get_column(field).drop_nulls().unique().to_list():
        key = header_key(text)
        kind = ("budget" if key in cat.budget_labels else "total"
                if key in cat.total_labels else "grade" if key in cat.grade_labels else "")
        told.setdefault(kind, []).append(text)
    out: dict[str, pl.Expr] = {}
    for kind in ("budget", "total", "grade"):
        given = told.get(kind)
        if given:
            out[kind] = pl.col(field).is_in(pl.Series(given, dtype=pl.String).implode()) \
                .fill_null(False)
    return out


def ensure(frame: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """`frame` with a null string column for each of `fields` it lacks."""
    return frame.with_columns(pl.lit(None, pl.String).alias(f) for f in fields
                              if f not in frame.columns)


def group_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `pid`, `kind` (budget, total, grade or indicator) and, on indicator
    rows, `l1`/`l2`: the levels as carried down."""
    c = pl.col
    keyed = "code" in frame.columns or "project" in frame.columns
    base = ensure(frame, ("code", "project", "level1", "level2", "name"))
    if not base.get_column("line").is_sorted():
        base = base.sort("line")
    level1, name = _labels(base, "level1"), _labels(base, "name")
    no = pl.lit(False)
    kind = (pl.when(level1.get("budget", no)).then(pl.lit("budget"))
            .when(level1.get("total", no) | name.get("total", no)).then(pl.lit("total"))
            .when(level1.get("grade", no) | name.get("grade", no)).then(pl.lit("grade"))
            .otherwise(pl.lit("indicator")))
    pid = _numbered(base) if keyed else pl.zeros(base.height, pl.Int64, eager=True)
    out = base.with_columns(pid.alias("pid"), kind.alias("kind"))
    if out.get_column("pid").is_sorted():  # each project's rows together (the usual)
        return out.with_columns(_levels(out))
    # the indicator rows of each project together, in line order: their levels put back
    ind = out.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"), "line", "pid",
                     "level1", "level2", "kind").filter(c("kind") == "indicator") \
        .sort(["pid", "line"])
    ind = ind.select("_i", *_levels(ind))
    at = ind.get_column("_i")
    return out.with_columns(
        pl.repeat(None, out.height, dtype=pl.String, eager=True).scatter(
            at, ind.get_column(f)).alias(f) for f in ("l1", "l2"))


def _levels(rows: pl.DataFrame) -> list[pl.Series]:
    """`l1`, `l2` of the indicator rows of `rows` (each project's rows together, in line
    order; null on the others): a blank 一级指标 is the one above, a blank 二级指标 the one
    above while the 一级指标 stays, within the project; the other rows are passed over.
    Worked out on row numbers (the row whose text each level is), the texts taken once."""
    c = pl.col
    i = pl.int_range(pl.len(), dtype=pl.Int64)
    ind = c("_ind")

    def carried(given: pl.Expr, begins: pl.Expr) -> pl.Series:
        """The row of the last text an indicator row gives at or above each row, within
        runs of rows each beginning where `begins` (-1 there when it gives none: one
        forward fill)."""
        last = work.select(pl.when(ind & given.is_not_null()).then(i).when(begins)
                           .then(-1).forward_fill()).to_series()
        return last.set(last < 0, None)

    work = rows.select("level1", "level2", (c("kind") == "indicator").alias("_ind"),
                       (c("pid") != c("pid").shift(1)).fill_null(True).alias("_start")).rechunk()
    f1 = carried(c("level1"), c("_start"))
    work = work.with_columns(f1.alias("_f1"), work.get_column("level1").gather(f1).alias("_l1"))
    same = pl.when(c("_start")).then(c("_l1").is_null()).otherwise(
        c("_l1").eq_missing(c("_l1").shift(1)))
    f2 = carried(c("level2"), c("_start") | (ind & ~same))
    rows_of = work.with_columns(f2.alias("_f2")).select(
        *(pl.when(ind).then(c(f)).alias(f) for f in ("_f1", "_f2")))
    l2 = work.get_column("level2").gather(rows_of.get_column("_f2")).alias("l2")
    if not work.get_column("level1").null_count():  # each row its own 一级指标 (the usual)
        return [work.select(pl.when(ind).then(c("level1")).alias("l1")).to_series(), l2]
    return [work.get_column("level1").gather(rows_of.get_column("_f1")).alias("l1"), l2]


def _numbered(base: pl.DataFrame) -> pl.Series:
    """Each row's project (`pid`), numbered in the order of their first rows (`base` in
    line order): a row's project is that of its 项目编码, else its 项目名称, else the row
    above's, told apart by (which of the two, its text), without joining the texts."""
    c = pl.col
    code, project = base.get_column("code"), base.get_column("project")
    if base.height and (not code.null_count() or (
            code.null_count() == base.height and not project.null_count())):
        key = project if code.null_count() else code  # given on every row: the runs of it
        run = key.rle_id().cast(pl.Int64)
        begins = key.filter(run.diff().fill_null(1) != 0)
        if begins.n_unique() == begins.len():  # no text begins two runs
            return run
    work = base.select(
        "line", pl.when(c("code").is_not_null()).then(pl.lit(1, pl.Int8))
        .when(c("project").is_not_null()).then(pl.lit(2, pl.Int8))
        .forward_fill().fill_null(0).alias("_src"),
        pl.coalesce("code", "project").forward_fill().fill_null("").alias("_txt"))
    work = work.with_columns(pl.struct("_src", "_txt").rle_id().cast(pl.Int64).alias("_run"))
    run = work.get_column("_run")
    starts = work.filter((c("_run") != c("_run").shift(1)).fill_null(True)) \
        .select("_src", "_txt", "line")
    if starts.select(pl.struct("_src", "_txt").n_unique()).item() == starts.height:
        return run  # each project's rows together: its run is its number
    firsts = starts.group_by("_src", "_txt").agg(c("line").min().alias("_first")) \
        .sort("_first").with_row_index("_pid")
    of_run = starts.join(firsts, on=["_src", "_txt"], how="left", maintain_order="left") \
        .get_column("_pid").cast(pl.Int64)
    return of_run.gather(run)


def project_meta(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per project: its first line, and the first value (and line) of each of
    its name, code, department, year and grade columns."""
    present = [f for f in META if f in rows.columns]
    work = rows.select("pid", "line", *present)
    if not work.get_column("line").is_sorted():
        work = work.sort("line")
    meta = _firsts(work, present)
    meta = meta.with_columns(
        e for field in META if field not in present
        for e in (pl.lit(None, pl.String).alias(field),
                  pl.lit(None, pl.Int64).alias(f"{field}_line")))
    meta = meta.select("pid", "first_line", *(n for f in META for n in (f, f"{f}_line")))
    years = meta.get_column("year").drop_nulls().unique().to_list()
    read = {y: year_of(y) for y in years}  # as the importer reads the 年度 cell
    return meta.with_columns(
        pl.col("year").replace_strict(read, default=None, return_dtype=pl.Int64)
        .alias("year_int"),
        (pl.col("year").is_not_null() & pl.col("year").replace_strict(
            {y: v is None for y, v in read.items()}, default=False,
            return_dtype=pl.Boolean)).alias("bad_year"))


def _firsts(work: pl.DataFrame, present: list[str]) -> pl.DataFrame:
    """Per project (`pid` order): `first_line`, and each of `present` with its line, the
    first given. Each project's rows together (the usual): a column given on every row
    is read at the projects' first rows, one given on none is null, without grouping."""
    c = pl.col
    if not work.height or not work.get_column("pid").is_sorted():
        return work.group_by("pid", maintain_order=True).agg(
            c("line").first().alias("first_line"),
            *(e for f in present for e in _first_given(f))).sort("pid")
    firsts = work.filter((c("pid") != c("pid").shift(1)).fill_null(True))  # (sorted)
    meta = firsts.select("pid", c("line").alias("first_line"))
    nulls = dict(zip(present, work.select(present).null_count().row(0), strict=True))
    every = [f for f in present if not nulls[f]]
    meta = meta.with_columns(
        *(firsts.get_column(f) for f in every),
        *(c("first_line").alias(f"{f}_line") for f in every),
        *(e for f in present if nulls[f] == work.height
          for e in (pl.lit(None, pl.String).alias(f), pl.lit(None, pl.Int64).alias(f"{f}_line"))))
    some = [f for f in present if 0 < nulls[f] < work.height]
    if some:
        meta = meta.hstack(work.group_by("pid", maintain_order=True).agg(
            e for f in some for e in _first_given(f)).drop("pid"))
    return meta


def _first_given(field: str) -> list[pl.Expr]:
    """A project's first value of `field` given, and its line."""
    c = pl.col
    given = c(field).is_not_null()
    return [c(field).filter(given).first().alias(field),
            c("line").filter(given).first().alias(f"{field}_line")]
