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

from ..read.cells import read_number
from ..read.columns import columns, header_key

META = ("project", "code", "department", "year", "grade")


def _label_kinds(values: list[str]) -> dict[str, str]:
    cat = columns()
    out: dict[str, str] = {}
    for text in values:
        key = header_key(text)
        out[text] = ("budget" if key in cat.budget_labels else "total"
                     if key in cat.total_labels else "grade" if key in cat.grade_labels else "")
    return out


def _is_label(frame: pl.DataFrame, field: str, kind: str) -> pl.Expr:
    """Whether the cell of `field` is a label of `kind` (budget, total, grade): each
    distinct text is told once, the column tested by membership."""
    if field not in frame.columns:
        return pl.lit(False)
    kinds = _label_kinds(frame.get_column(field).drop_nulls().unique().to_list())
    texts = [t for t, k in kinds.items() if k == kind]
    if not texts:
        return pl.lit(False)
    return pl.col(field).is_in(pl.Series(texts, dtype=pl.String).implode()).fill_null(False)


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
    if keyed:
        key = (pl.when(c("code").is_not_null()).then(pl.lit("c\x00") + c("code"))
               .when(c("project").is_not_null()).then(pl.lit("n\x00") + c("project"))
               .otherwise(None).forward_fill().fill_null(""))
    else:
        key = pl.lit("")
    out = base.with_columns(key.alias("_key"))
    out = out.with_columns(_numbered(out).alias("pid")).drop("_key")
    kind = (pl.when(_is_label(out, "level1", "budget")).then(pl.lit("budget"))
            .when(_is_label(out, "level1", "total") | _is_label(out, "name", "total"))
            .then(pl.lit("total"))
            .when(_is_label(out, "level1", "grade") | _is_label(out, "name", "grade"))
            .then(pl.lit("grade")).otherwise(pl.lit("indicator")))
    out = out.with_columns(kind.alias("kind"))
    # each project's indicator rows together, in line order: the levels carried down
    # within runs of rows (no window functions)
    ind = out.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"), "line", "pid",
                     "level1", "level2", "kind").filter(c("kind") == "indicator")
    if not ind.get_column("pid").is_sorted():
        ind = ind.sort(["pid", "line"])
    start = (c("pid") != c("pid").shift(1)).fill_null(True)
    ind = ind.with_columns(start.alias("_start"))
    ind = ind.with_columns(_carried(c("level1"), c("_start")).alias("l1"))
    same = pl.when(c("_start")).then(c("l1").is_null()).otherwise(
        c("l1").eq_missing(c("l1").shift(1)))
    ind = ind.with_columns(_carried(c("level2"), c("_start") | ~same).alias("l2"))
    at = ind.get_column("_i")  # each indicator row's place in `out`: the levels put back
    return out.with_columns(
        pl.repeat(None, out.height, dtype=pl.String, eager=True).scatter(
            at, ind.get_column(f)).alias(f) for f in ("l1", "l2"))


def _numbered(out: pl.DataFrame) -> pl.Expr:
    """Projects (`_key`) numbered in the order of their first rows (`out` in line order)."""
    c = pl.col
    runs = (c("_key") != c("_key").shift(1)).fill_null(True)
    if out.select(runs.sum() == c("_key").n_unique()).item():  # each project's rows together
        return (runs.cum_sum() - 1).cast(pl.Int64)
    firsts = out.group_by("_key").agg(c("line").min().alias("_first")).sort("_first")
    order = firsts.with_row_index("_pid").select("_key", c("_pid").cast(pl.Int64))
    return c("_key").replace_strict(order.get_column("_key"), order.get_column("_pid"),
                                    return_dtype=pl.Int64)


def _carried(value: pl.Expr, start: pl.Expr) -> pl.Expr:
    """`value` forward-filled within runs of rows, each run beginning where `start`."""
    i = pl.int_range(pl.len())
    last = pl.when(value.is_not_null()).then(i).forward_fill()
    begin = pl.when(start).then(i).forward_fill()
    return pl.when(last >= begin).then(value.forward_fill())


def project_meta(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per project: its first line, and the first value (and line) of each of
    its name, code, department, year and grade columns."""
    aggs: list[pl.Expr] = [pl.col("line").min().alias("first_line")]
    for field in META:
        if field in rows.columns:
            given = pl.col(field).is_not_null()
            aggs.append(pl.col(field).filter(given).first().alias(field))
            aggs.append(pl.col("line").filter(given).first().alias(f"{field}_line"))
        else:
            aggs += [pl.lit(None, pl.String).alias(field),
                     pl.lit(None, pl.Int64).alias(f"{field}_line")]
    meta = rows.sort("line").group_by("pid").agg(aggs).sort("pid")
    years = meta.get_column("year").drop_nulls().unique().to_list()
    read = {y: _year(y) for y in years}
    return meta.with_columns(
        pl.col("year").replace_strict(read, default=None, return_dtype=pl.Int64)
        .alias("year_int"),
        (pl.col("year").is_not_null() & pl.col("year").replace_strict(
            {y: v is None for y, v in read.items()}, default=False,
            return_dtype=pl.Boolean)).alias("bad_year"))


def _year(text: str) -> int | None:
    """The 年度 cell as `io/flat.py` reads it (None: `bad-year`)."""
    value = read_number(text.removesuffix("年"))
    if value is None or value != value.to_integral_value() or not 1900 <= value <= 2200:
        return None
    return int(value)
