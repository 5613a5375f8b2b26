"""Cells as columns: a column of cell texts → kind, scaled integer, percent, unit ….

One grammar (`cells.read_cell`): a plain cell (`98.5`, `98.5%`, and `1234.56`, which
the grammar's own `make_date` says is no month) and a number with its unit (`2,815个`,
`24.2万元`, `１２４`: `_with_unit`) are read here, vectorized, exactly as `read_cell`
reads them; every other *distinct* text is read once by `read_cell` (and every text of a
column of a few, `FEW_READ`). Numbers are integers scaled by 10^`DIGITS`; a number
that does not fit (more decimals, `LIMIT` or more) has no value and is `wild`:
the core leaves its project to the row engine.

A column is read once per distinct text (`distinct`): the texts are numbered
(`Texts.at`, each row's number) and each row's cell is its text's, gathered by
number (`cells_of`), never joined on the text. The year changes only a date
without its own year (`12月底前`): the rows of such texts are read again with
their year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from ..errors import Unusual
from ..read.cell import make_date
from ..read.cells import MAX_CELL_CHARS, Cell, normalize, read_cell, spellings
from ..read.packaged import data_file
from .columns_format import I128

DIGITS = 6
SCALE = 10**DIGITS
LIMIT = 10**11  # |value| below this (so scaled values fit in 17 digits)
_PLAIN = r"^([0-9]{1,11})(?:\.([0-9]{1,6}))?(%)?$"
_DOTTED = r"^[0-9]{4}\.[0-9]{1,2}$"  # may be a month (`_months`): then read by the grammar
_UNITED = r"^([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,11})(?:\.([0-9]{1,6}))?([\x{4E00}-\x{9FFF}]*)$"
_WIDE = [chr(0xFF10 + i) for i in range(10)]  # full-width digits: NFKC makes them 0-9
_DATE_WORDS: str = data_file("cells.yaml")["date_words"]  # a unit with one may be a date
SCHEMA = {"kind": pl.String, "value": pl.Int64, "pct": pl.Boolean, "unit": pl.String,
          "cmp": pl.String, "approx": pl.Boolean, "dated": pl.Boolean, "wild": pl.Boolean}
BLANK = ("blank", None, False, "", None, False, False, False)  # a blank cell's reading
FEW = 4  # this many distinct texts or fewer are numbered by comparisons, more by an Enum
FEW_READ = 32  # this many distinct texts or fewer are all read by `read_cell`


def scaled(value: Decimal | None) -> int | None:
    """`value` × 10^DIGITS when that is an integer below LIMIT × 10^DIGITS, else None."""
    if value is None or not value.is_finite():
        return None
    if value.is_zero():
        return 0
    if abs(value.adjusted()) > 20:
        return None
    shifted = value.scaleb(DIGITS)
    if shifted != shifted.to_integral_value() or abs(value) >= LIMIT:
        return None
    return int(shifted)


def scheme_int(value: Decimal) -> int:
    """A number of the scheme × 10^6; `Unusual` when it does not fit."""
    out = scaled(value)
    if out is None:
        raise Unusual(str(value))
    return out


def near_tie(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Whether num ÷ den (≥ 0) lies within den·10^-18 of a rounding tie, not on it."""
    n, d = num.cast(I128), den.cast(I128)
    dist = ((2 * n) % (2 * d) - d).abs()
    return (dist > 0) & (dist < (2 * d + 10**18 - 1) // 10**18)


def _row(cell: Cell) -> tuple[str, int | None, bool, str, str | None, bool, bool, bool]:
    value = scaled(cell.value)
    wild = cell.kind == "unreadable" or (cell.kind in ("number", "range") and (
        value is None or (cell.upper is not None and scaled(cell.upper) is None)))
    return (cell.kind, value, cell.percent, cell.unit,
            cell.comparator.value if cell.comparator is not None else None,
            cell.approximate, cell.date is not None, wild)


@dataclass(frozen=True)
class Texts:
    """A column of cell texts read once per distinct text: `texts` the column, `cells` one
    reading (`SCHEMA`) per distinct text and a last one for a blank cell, `at` each row's
    reading (its row in `cells`)."""

    texts: pl.Series
    cells: pl.DataFrame
    at: pl.Series


def distinct(texts: pl.Series) -> Texts:
    """`texts` read as `read_cell(text)` reads each (without a year)."""
    texts = texts.cast(pl.String)
    given = texts.drop_nulls().unique()
    if given.len() * 4 > texts.len() * 3:  # mostly distinct (budgets): each row read
        present = texts.drop_nulls()
        at = pl.DataFrame({"t": texts}).select(pl.when(pl.col("t").is_not_null()).then(
            pl.col("t").is_not_null().cum_sum().cast(pl.UInt32) - 1)
            .otherwise(pl.lit(present.len(), pl.UInt32))).to_series()
        return Texts(texts, _read_distinct(present), at)
    return Texts(texts, _read_distinct(given), _numbered(texts, given))


def _numbered(texts: pl.Series, given: pl.Series) -> pl.Series:
    """Each text's place in `given` (its distinct texts); a blank: `len(given)`."""
    n = given.len()
    if n == 0:
        return pl.zeros(texts.len(), pl.UInt32, eager=True)
    if n <= FEW:  # a few texts (a weight column): compared, no hashing
        expr = pl.lit(n, pl.UInt32)
        for i, text in enumerate(given.to_list()):
            expr = pl.when(pl.col("t") == text).then(pl.lit(i, pl.UInt32)).otherwise(expr)
        return pl.DataFrame({"t": texts}).select(expr).to_series()
    return texts.cast(pl.Enum(given)).to_physical().cast(pl.UInt32).fill_null(n)


def cells_of(read: Texts, prefix: str, years: pl.Series | None = None,
             fields: Mapping[str, pl.Expr] | None = None) -> list[pl.Series]:
    """Each row's reading as the columns `{prefix}kind`, `{prefix}value` … (`SCHEMA`), or
    `fields` (name → an expression of those columns, worked out once per distinct text):
    `read_cell(text, year)` with each row's year of `years` (None: no year)."""
    exprs = fields or {k: pl.col(k) for k in SCHEMA}
    table = read.cells.select(**exprs).rechunk()
    out = [s.gather(read.at).alias(prefix + s.name) for s in table.iter_columns()]
    if years is None:
        return out
    dated = read.cells.get_column("dated")
    if not dated.any():
        return out
    rows = pl.arg_where(dated.gather(read.at) & years.is_not_null(), eager=True)
    if not rows.len():
        return out
    pairs = pl.DataFrame({"_t": read.texts.gather(rows), "_y": years.cast(pl.Int64)
                          .gather(rows)})
    once = pairs.unique()
    reads = [_row(read_cell(t, y)) for t, y in once.iter_rows()]
    again = pairs.join(once.hstack(pl.DataFrame(reads, schema=SCHEMA, orient="row")),
                       on=["_t", "_y"], how="left", maintain_order="left").select(**exprs)
    return [s.scatter(rows, again.get_column(s.name.removeprefix(prefix))) for s in out]


def read_column(texts: pl.Expr, years: pl.Expr | None, frame: pl.DataFrame,
                prefix: str) -> pl.DataFrame:
    """`frame` with the cells of `texts` read (as `read_cell(text, year)`), in columns
    `{prefix}kind`, `{prefix}value` … (`SCHEMA`). Each distinct text is read once."""
    read = distinct(frame.select(texts).to_series())
    year = None if years is None else frame.select(years).to_series()
    return frame.with_columns(cells_of(read, prefix, year))


def _read_distinct(given: pl.Series) -> pl.DataFrame:
    """One reading per text of `given` (none blank), then a blank one: a plain
    number (`_PLAIN`: digits, decimals, a percent sign; a dotted month, `2024.04`, is left
    to the grammar) by its digits as an exact decimal, a number and its unit by
    `_with_unit`, every other text by `read_cell`."""
    if given.len() <= FEW_READ:  # a few texts: the grammar is quicker than a pass
        return pl.DataFrame([*map(_row, map(read_cell, given.to_list())), BLANK],
                            schema=SCHEMA, orient="row")
    text = pl.col("_t")
    value = text.str.strip_suffix("%").cast(pl.Decimal(18, DIGITS), strict=False) \
        .to_physical().cast(pl.Int64)  # exact: at most 11 + DIGITS digits
    plains = pl.DataFrame({"_t": given}).select(
        pl.lit("number").alias("kind"), value.alias("value"),
        text.str.ends_with("%").alias("pct"),
        pl.lit("").alias("unit"), pl.lit(None, pl.String).alias("cmp"),
        *(pl.lit(False).alias(k) for k in ("approx", "dated", "wild")),
        text.str.contains(_PLAIN).alias("_plain"), text.str.contains(_DOTTED).alias("_dot"))
    dotted = pl.arg_where(plains.get_column("_dot"), eager=True)
    if dotted.len():  # `1234.56` is a plain number; `2024.04` may be a month: the grammar's
        plains = plains.with_columns(plains.get_column("_plain").scatter(
            dotted, ~_months(given.gather(dotted))))
    odd = pl.arg_where(~plains.get_column("_plain"), eager=True)
    if odd.len():  # a number and its unit (`2,815个`, `24.2万元`): read here too
        unit = _with_unit(given.gather(odd))
        united = pl.arg_where(unit.get_column("value").is_not_null(), eager=True)
        if united.len():
            at = odd.gather(united)
            plains = plains.with_columns(
                plains.get_column("value").scatter(at, unit.get_column("value").gather(united)),
                plains.get_column("unit").scatter(at, unit.get_column("unit").gather(united)))
            odd = odd.filter(unit.get_column("value").is_null())
    if odd.len():
        reads = [_row(read_cell(t)) for t in given.gather(odd).to_list()]
        table = pl.DataFrame(reads, schema=SCHEMA, orient="row")
        plains = plains.with_columns(
            plains.get_column(k).scatter(odd, table.get_column(k)) for k in SCHEMA)
    blank = pl.DataFrame([BLANK], schema=SCHEMA, orient="row")
    return pl.concat([plains.drop("_plain", "_dot"), blank], rechunk=True)


def _with_unit(texts: pl.Series) -> pl.DataFrame:
    """Per text, its `value` and `unit` when it is a number, then a unit the grammar reads
    as is (`_UNITED`; null else): digits (full-width ones as their NFKC digits; in
    thousands or not, at most 11 before the point and 6 after it), then CJK ideographs
    with no date word (年 月 日 底 末 前, so no date) nor a word the grammar takes off a
    unit's end (左右, 以上 …), each of them its own NFKC form, or no unit when the number
    has thousands or no point (so is no dotted month), the text no longer than the grammar
    reads (`MAX_CELL_CHARS`): what `read_cell` reads as that number with that unit, no
    comparator, not approximate. Each distinct unit is asked once."""
    t = pl.col("_t").str.replace_many(_WIDE, list("0123456789"))
    parts = texts.to_frame("_t").select(
        t.str.extract(_UNITED, 1).alias("_n"), t.str.extract(_UNITED, 2).alias("_f"),
        t.str.extract(_UNITED, 3).alias("unit"),
        (pl.col("_t").str.len_chars() <= MAX_CELL_CHARS).alias("_whole"))
    units = parts.get_column("unit").drop_nulls().unique().to_list()
    read = pl.Series([u for u in units if _plain_unit(u)], dtype=pl.String).implode()
    digits = pl.col("_n").str.replace_all(",", "", literal=True)
    number = pl.concat_str(digits, pl.lit("."), pl.col("_f").fill_null("0"))
    value = number.cast(pl.Decimal(18, DIGITS), strict=False).to_physical().cast(pl.Int64)
    undated = (pl.col("unit") != "") | pl.col("_f").is_null() | \
        pl.col("_n").str.contains(",", literal=True)
    ok = pl.col("unit").is_in(read) & (digits.str.len_bytes() <= 11) & undated & \
        pl.col("_whole")  # a longer text's unit is cut where the grammar stops reading
    return parts.select(pl.when(ok).then(value).alias("value"), "unit")


def _plain_unit(unit: str) -> bool:
    """Whether `read_cell` keeps a number's `unit` as it is (see `_with_unit`)."""
    words = spellings()
    starts = [w for w in words.approximate_before] + [s for s, _ in words.prefixes]
    return normalize(unit) == unit and not any(ch in _DATE_WORDS or ch.isdigit()
                                               for ch in unit) \
        and not any(unit.endswith(w) for w in words.approximate_after) \
        and not any(unit.endswith(s) for s, _ in words.suffixes) \
        and not any(w[:1].isdigit() for w in starts)  # (none: a text then starts so)


def _months(dotted: pl.Series) -> pl.Series:
    """Whether each dotted text (`_DOTTED`: four digits, a point, one or two) reads as a
    month, by the grammar's own rule (`make_date` of its year and month), asked once per
    distinct pair: any other such text reads as the plain number it spells."""
    parts = dotted.to_frame("_t").select(
        pl.col("_t").str.slice(0, 4).cast(pl.Int32).alias("y"),
        pl.col("_t").str.slice(5).cast(pl.Int32).alias("m"))
    pairs = parts.unique()
    month = [make_date(y, m, None) is not None for y, m in pairs.iter_rows()]
    known = pairs.with_columns(pl.Series("_month", month, pl.Boolean))
    return parts.join(known, on=["y", "m"], how="left", maintain_order="left") \
        .get_column("_month")
