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


def _kind_of(frame: pl.DataFrame, field: str) -> pl.Expr:
    if field not in frame.columns:
        return pl.lit("")
    distinct = frame.get_column(field).drop_nulls().unique().to_list()
    return pl.col(field).replace_strict(_label_kinds(distinct), default="",
                                        return_dtype=pl.String).fill_null("")


def ensure(frame: pl.DataFrame, fields: tuple[str, ...]) -> pl.DataFrame:
    """`frame` with a null string column for each of `fields` it lacks."""
    return frame.with_columns(pl.lit(None, pl.String).alias(f) for f in fields
                              if f not in frame.columns)


def group_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `pid`, `kind` (budget, total, grade or indicator) and, on indicator
    rows, `l1`/`l2`: the levels as carried down."""
    keyed = "code" in frame.columns or "project" in frame.columns
    base = ensure(frame, ("code", "project", "level1", "level2", "name"))
    if keyed:
        key = (pl.when(pl.col("code").is_not_null()).then(pl.lit("c\x00") + pl.col("code"))
               .when(pl.col("project").is_not_null()).then(pl.lit("n\x00") + pl.col("project"))
               .otherwise(None).forward_fill().fill_null(""))
    else:
        key = pl.lit("")
    out = base.with_columns(key.alias("_key"))
    firsts = out.group_by("_key").agg(pl.col("line").min().alias("_first")).sort("_first")
    firsts = firsts.with_row_index("pid").with_columns(pl.col("pid").cast(pl.Int64))
    out = out.join(firsts.select("_key", "pid"), on="_key", how="left").drop("_key")
    k1, kn = _kind_of(out, "level1"), _kind_of(out, "name")
    kind = (pl.when(k1 == "budget").then(pl.lit("budget"))
            .when((k1 == "total") | (kn == "total")).then(pl.lit("total"))
            .when((k1 == "grade") | (kn == "grade")).then(pl.lit("grade"))
            .otherwise(pl.lit("indicator")))
    out = out.with_columns(kind.alias("kind"))
    ind = out.filter(pl.col("kind") == "indicator").sort("line")
    l1 = pl.col("level1").forward_fill().over("pid")
    ind = ind.with_columns(l1.alias("l1"))
    same = pl.col("l1").eq_missing(pl.col("l1").shift(1).over("pid"))
    ind = ind.with_columns((~same).cast(pl.Int64).cum_sum().over("pid").alias("_seg"))
    ind = ind.with_columns(pl.col("level2").forward_fill().over(["pid", "_seg"]).alias("l2"))
    return out.join(ind.select("line", "l1", "l2"), on="line", how="left").sort("line")


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
