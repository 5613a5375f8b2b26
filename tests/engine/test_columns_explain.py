"""Derivations written by the columnar core (`engine/columns_explain.py`), against the row
engine's, character for character: each formula's branches, the `≈` and `=` of an
unrounded quotient, the score appended at the scheme's places, and the rows whose text
the core cannot be sure of sent to the row engine (tests/engine/test_columns_differential.py
compares every row of every table; these pin the cases one by one)."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from scoring import score_table
from scoring.engine.columns import score_path
from scoring.engine.columns_explain import explain_rows
from scoring.load.scheme import load_scheme

ROOT = Path(__file__).resolve().parents[2]
FORMULAS = str(ROOT / "tests" / "engine" / "linear-exact.yaml")  # ≤ linear, = exact, places 0
HEADER = ["项目名称", "年度", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
          "完成值", "权重", "未完成原因分析"]


def _table(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """One project, a row (comparator, target, actual, weight) each, named A, B, …"""
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n, (comp, target, actual, weight) in enumerate(rows):
            writer.writerow(["项目", "2023", "产出指标", "数量指标", chr(65 + n), comp, target,
                             "个", actual, weight, "原因"])
    return path


def _both(path: Path, scheme: str) -> tuple[list[str], list[str], int]:
    """The core's derivations, the row engine's, and how many rows the core left."""
    core = score_path(path, scheme, explain=True)
    engine = score_path(path, scheme, core=False)
    return (core.rows.sort("line").get_column("explain").to_list(),
            engine.rows.sort("line").get_column("explain").to_list(), core.fallback_rows)


BRANCHES = [  # (comparator, target, actual, weight): every branch of F2–F4 and the kinds
    ("≥", "95", "98", "10"), (">", "-5", "-7", "10"), ("≥", "100", "-3", "10"),
    ("≥", "3", "1", "10"), ("≥", "240", "184.2", "10"), ("≥", "8", "1", "2.55"),
    ("≤", "5", "3", "10"), ("<", "-1", "2", "10"), ("≤", "3", "7", "10"), ("≤", "4", "5", "5"),
    ("≤", "3", "7", "3"), ("=", "0", "-1", "10"), ("=", "0", "2", "10"),
    ("=", "100", "100", "10"), ("=", "100", "90", "10"), ("=", "-2", "3", "10"),
    ("=", "7", "1", "10"), ("=", "3", "9", "10"), ("定性", "达成", "达成", "5"),
    ("定性", "达成", "基本达成", "5"), ("定性", "达成", "？", "5"), ("≥", "95", "", "5"),
    ("≥", "95", "完成", "5"), ("≥", "95", "未完成", "5"), ("≥", "95", "不好说", "5"),
]


@pytest.mark.parametrize("scheme", ["mof-2020", "sichuan-2023", FORMULAS])
def test_every_branch_reads_as_the_row_engine_writes_it(tmp_path: Path, scheme: str) -> None:
    core, engine, left = _both(_table(tmp_path, BRANCHES), scheme)
    assert left == 0  # the core wrote every one of them
    assert core == engine


def test_numbers_as_the_engine_prints_them(tmp_path: Path) -> None:
    core, _, _ = _both(_table(tmp_path, [("≥", "3", "1", "10"), ("≥", "240", "184.2", "10"),
                                         ("≥", "8", "1", "2.55"), ("≥", "95", "98", "10")]),
                       "mof-2020")
    assert core == ["1 ÷ 3 × 10 ≈ 3.333333 → 3.33",  # a long quotient: ≈, 6 places
                    "184.2 ÷ 240 × 10 = 7.675 → 7.68",  # a short one: =, as it is
                    "1 ÷ 8 × 2.55 = 0.31875 → 0.32", "98 ≥ 95 → 10"]  # 10: as 10.00


def test_a_result_the_engines_decimals_may_print_otherwise_goes_to_the_row_engine(
        tmp_path: Path) -> None:
    """3 × (1 − (4 − 3) ÷ 3) is 2, but the engine divides first: 1 ÷ 3 in 34 digits, and
    only its own text says whether that prints `= 2` or `≈ 2`."""
    path = _table(tmp_path, [("≤", "3", "4", "3"), ("≥", "95", "98", "10")])
    core, engine, left = _both(path, FORMULAS)
    assert left == 2 and core == engine
    assert score_path(path, FORMULAS).fallback_rows == 0  # without derivations: the core


def test_a_short_inner_quotient_stays_with_the_core(tmp_path: Path) -> None:
    core, engine, left = _both(_table(tmp_path, [("≤", "4", "5", "8"), ("=", "4", "3", "8")]),
                               FORMULAS)
    assert left == 0 and core == engine == ["8 × (1 − (5 − 4) ÷ 4) = 6 → 6",
                                            "8 × (1 − |3 − 4| ÷ 4) = 6 → 6"]


def test_score_table_explains_an_in_memory_frame_with_the_core() -> None:
    frame = pl.DataFrame({"项目名称": ["甲", "甲"], "一级指标": ["产出指标", "效益指标"],
                          "三级指标": ["A", "B"], "指标性质": ["≥", "定性"],
                          "指标值": ["240", "达成"], "完成值": ["184.2", "达成"],
                          "权重": ["10", "5"]})
    result = score_table(frame, explain=True)
    assert result.fallback_rows == 0
    assert result.projects.column("engine").to_pylist() == ["columns"]
    assert result.rows.column("explain").to_pylist() == [
        "184.2 ÷ 240 × 10 = 7.675 → 7.68", "“达成”→ 达成年度指标，100% × 5 = 5 → 5.00"]
    assert score_table(frame).rows.column("explain").null_count == 2  # not asked


def test_rows_without_a_text_of_the_core(tmp_path: Path) -> None:
    """A row the core does not take has no text of its own (its project is the row
    engine's); a table part without indicator rows gets the columns all the same."""
    path = _table(tmp_path, [("≥", "95", "98", "10"), ("≥", "2023-12-31", "2023-11-30", "5")])
    core_texts, engine_texts, left = _both(path, "mof-2020")
    assert left == 2 and core_texts == engine_texts  # a date row: the row engine's project
    core = score_path(_table(tmp_path, [("≥", "95", "98", "10")]), "mof-2020").detail
    assert core is not None
    rows = core.rows.with_columns(pl.lit("").alias("mode"))  # as if no kind of the core's
    out = explain_rows(rows, load_scheme("mof-2020"))
    assert out.get_column("explain").to_list() == [None]
    assert out.get_column("explain_ok").to_list() == [True]
    assert explain_rows(core.rows.head(0), load_scheme("mof-2020")).columns[-2:] == [
        "explain", "explain_ok"]
