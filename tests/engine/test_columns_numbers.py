"""engine/columns_numbers.py: the core's scaled integers printed as `fmt` prints them, or
as exact `Decimal(38, 6)` made from the integers (the same numbers as their text read)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from scoring.engine.columns import score_frame
from scoring.engine.columns_fallback import Places
from scoring.engine.columns_numbers import (
    DECIMAL,
    Numbers,
    as_decimal,
    exact,
    exact_text,
    printed,
)
from scoring.engine.columns_read import csv_frame, fields_of
from scoring.load.scheme import load_scheme

VALUES = [0, 1, -1, 5, -5, 123456789, -987654321, 10**20 + 7, -(10**20) - 7, None]


@pytest.mark.parametrize("digits", [0, 1, 2, 4, 6])
def test_as_decimal_is_the_integer_scaled(digits: int) -> None:
    values = pl.Series("v", VALUES, dtype=pl.Int128)
    out = as_decimal(values, digits)
    assert out.name == "v" and out.dtype == DECIMAL
    assert out.to_list() == [None if v is None else Decimal(v).scaleb(-digits)
                             for v in VALUES]


def test_exact_text_reads_the_row_engines_numbers() -> None:
    frame = pl.DataFrame({"weight": ["10", "2.5", None], "score": [None, None, None],
                          "budget_score": ["1", "2", "3"]})
    out = exact_text(frame, ("weight", "score"))
    assert out is not None and out.columns == ["weight", "score"]
    assert out.schema["weight"] == out.schema["score"] == DECIMAL
    assert out.get_column("weight").to_list() == [Decimal("10"), Decimal("2.5"), None]
    assert exact_text(None, ("weight",)) is None


ROWS = ("项目名称,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分\n"
        "A,预算执行率,,,,300,,100,10,\n"
        "A,产出指标,数量指标,x,≥,3,个,2,45,\n"
        "A,产出指标,数量指标,y,≥,10,个,10,45,\n"
        "B,产出指标,数量指标,x,≥,10,个,=1+1,100,\n")  # B: an expression, the row engine's


def test_decimals_are_the_printed_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(ROWS, "utf-8")
    table, frame = csv_frame(path)
    scheme = load_scheme("mof-2020")

    def scored(decimals: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
        out = score_frame(frame, Places(table, "csv"), scheme, "mof-2020", fields_of(table),
                          decimals=decimals)
        return out.projects.sort("pid"), out.rows.sort("line")

    (text_projects, text_rows), (projects, rows) = scored(False), scored(True)
    assert projects.get_column("engine").to_list() == ["columns", "rows"]
    assert "budget_score" in text_projects.columns and "budget_score" not in projects.columns
    for name, frame_, text in (("total", projects, text_projects),
                               ("max_total", projects, text_projects),
                               ("weight", rows, text_rows), ("score", rows, text_rows)):
        assert frame_.schema[name] == DECIMAL
        assert frame_.get_column(name).to_list() == [
            None if t is None else Decimal(t) for t in text.get_column(name).to_list()]
    assert text_projects.get_column("total").to_list()[0] == "78.33"  # 3.33 + 30 + 45
    assert projects.get_column("total").to_list()[0] == Decimal("78.33")


def _core(places: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    projects = pl.DataFrame({"pid": [0, 1], "total": [8_525 * 10 ** (places - 2), 0],
                             "max_total": [100_000_000, 90_000_000], "_nb": [1, None],
                             "B": [2_000_000, None], "E": [1_500_000, None],
                             "bscore": [9 * 10**places, None]},
                            schema_overrides={k: pl.Int128 for k in ("total", "max_total",
                                                                     "B", "E", "bscore")})
    rows = pl.DataFrame({"pid": [0, 0], "weight": [10_000_000, 2_500_000],
                         "score": [10**places, -(10**places) // 2]},
                        schema={"pid": pl.Int64, "weight": pl.Int128, "score": pl.Int128})
    return projects, rows


def test_printed_and_exact_name_the_same_numbers() -> None:
    printed_ = printed(*_core(2), 2)
    exact_ = exact(*_core(2), 2)
    assert isinstance(printed_, Numbers) and isinstance(exact_, Numbers)
    assert printed_.projects.get_column("total").to_list() == ["85.25", "0"]
    assert printed_.projects.get_column("budget_adjusted").to_list() == ["2", None]
    assert printed_.rows.get_column("score").to_list() == ["1", "-0.5"]
    assert exact_.projects.get_column("total").to_list() == [Decimal("85.25"), Decimal(0)]
    assert "budget_adjusted" not in exact_.projects.columns
    for name in ("weight", "score"):
        assert [Decimal(v) for v in printed_.rows.get_column(name)] == \
            exact_.rows.get_column(name).to_list()
