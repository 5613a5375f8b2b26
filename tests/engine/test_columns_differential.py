"""The columnar core against the row engine: the same scores, statuses, totals, grades,
findings (codes, severities, places, messages) on every input kind (#14.2).

The reference is the importer reading the file its own way (`io/csvtable.py`,
`io/flat.py`) and `engine.evaluate` scoring each project; the core is
`scoring.columnar.tables.score_path`. Tables: every shipped one, the generated
region, and hypothesis-generated adversarial ones, under every built-in scheme,
a user scheme that `extends` one, and one with the formulas no built-in uses (≤ linear,
= exact, no decimals). With `explain`, each row's derivation is compared too.
"""

from __future__ import annotations

import csv
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import SCHEMES as SHIPPED_SCHEMES
from shipped import TABLES, region, two_sheets

from scoring.engine.columns import score_path
from scoring.engine.columns_fallback import Frames, Places, engine_frames
from scoring.load.scheme import load_scheme
from scoring.read.csvtable import read_csv_table
from scoring.read.xlsxtable import open_workbook, read_xlsx_tables

ROOT = Path(__file__).resolve().parents[2]
FORMULAS = str(ROOT / "tests" / "engine" / "linear-exact.yaml")  # ≤ linear, = exact
SCHEMES = [*SHIPPED_SCHEMES, FORMULAS]


def _rows(frame: pl.DataFrame | None, cols: tuple[str, ...]) -> Counter[tuple[Any, ...]]:
    if frame is None or frame.height == 0:
        return Counter()
    present = [c for c in cols if c in frame.columns]
    return Counter(frame.select(present).iter_rows())


PROJECT = ("first_line", "total", "max_total", "grade")
ROW = ("line", "name", "level1", "level2", "weight", "score", "status")
FINDING = ("place", "code", "severity", "indicator", "message")


def _reference(path: Path, scheme: str) -> Frames:
    """The importer's reading of `path` (CSV, or every sheet of an XLSX), scored by the
    row engine."""
    if path.suffix == ".csv":
        table = read_csv_table(path)
        return engine_frames(table, Places(table, "csv"), load_scheme(scheme), scheme)
    workbook = open_workbook(path)
    try:
        parts = [engine_frames(t, Places(t, "sheet"), load_scheme(scheme), scheme)
                 for t in read_xlsx_tables(path, workbook)]
    finally:
        workbook.close()

    def stack(frames: list[pl.DataFrame | None]) -> pl.DataFrame | None:
        given = [f for f in frames if f is not None]
        return pl.concat(given, how="diagonal_relaxed") if given else None

    return Frames(stack([p.projects for p in parts]), stack([p.rows for p in parts]),
                  stack([p.findings for p in parts]))


def compare(path: Path, scheme: str, explain: bool = False) -> float:
    """Assert the core and the row engine agree on `path` (with `explain`: each row's
    derivation too, character for character); the core's share of rows."""
    core = score_path(path, scheme, explain=explain)
    ref = _reference(path, scheme)
    scored = core.projects.filter(~pl.col("refused").fill_null(False)) \
        if "refused" in core.projects.columns else core.projects
    want = ref.projects.filter(~pl.col("refused")) if ref.projects is not None else None
    assert _rows(scored, PROJECT) == _rows(want, PROJECT)
    row = (*ROW, "explain") if explain else ROW
    assert _rows(core.rows, row) == _rows(ref.rows, row)
    if explain and core.rows.height:
        assert core.rows.get_column("explain").null_count() == 0
    assert _rows(core.findings, FINDING) == _rows(ref.findings, FINDING)
    return 1 - core.fallback_rows / max(core.total_rows, 1)


@pytest.mark.parametrize("explain", [False, True], ids=["scores", "explain"])
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", TABLES, ids=[p.stem[:12] for p in TABLES])
def test_shipped_tables(path: Path, scheme: str, explain: bool) -> None:
    compare(path, scheme, explain)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_generated_region_as_xlsx(tmp_path: Path, scheme: str) -> None:
    """The same region as a workbook of two sheets: cells placed `Sheet!H12`, numbers
    written as numbers where they are plain (openpyxl gives them back as such)."""
    pytest.importorskip("openpyxl")
    source = tmp_path / "region.csv"
    region.write_region(source, 40, seed=3)
    path = two_sheets(source, tmp_path / "region.xlsx")
    assert compare(path, scheme, explain=True) > 0.95


@pytest.mark.parametrize("explain", [False, True], ids=["scores", "explain"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_generated_region(tmp_path: Path, scheme: str, explain: bool) -> None:
    path = tmp_path / "region.csv"
    region.write_region(path, 200, seed=11)
    share = compare(path, scheme, explain)
    assert share > 0.95  # the core takes nearly every row of a generated region


@pytest.mark.parametrize("explain", [False, True], ids=["scores", "explain"])
def test_a_region_of_10_and_20_point_projects_by_their_layouts(tmp_path: Path,
                                                               explain: bool) -> None:
    """No scheme named (`batch/layouts.py`): every third project prints a 20-point
    预算执行率 and is scored by the core under `hubei-2020` with `scheme-from-layout`, the
    others under `mof-2020`, as the row engine scores each case by its layout
    (`scheme_by_layout`)."""
    from scoring.batch.layouts import iter_laid
    from scoring.engine.columns import combine
    from scoring.load.scheme import DEFAULT_SCHEME, scheme_by_layout

    path = tmp_path / "mixed.csv"
    region.write_region(path, 60, seed=7)
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    for n, record in enumerate(records[1:]):
        if n % 48 == 0:  # the budget row of every third project
            record[10] = "20"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(records)
    core = combine(list(iter_laid(path, explain=explain)))
    table = read_csv_table(path)

    def choose(case: Any) -> Any:
        laid = scheme_by_layout(case)
        return laid, load_scheme(str(laid.scheme))

    ref = engine_frames(table, Places(table, "csv"), load_scheme(DEFAULT_SCHEME),
                        DEFAULT_SCHEME, choose=choose)
    assert _rows(core.projects, (*PROJECT, "scheme")) == _rows(ref.projects,
                                                               (*PROJECT, "scheme"))
    row = (*ROW, "explain") if explain else ROW
    assert _rows(core.rows, row) == _rows(ref.rows, row)
    assert _rows(core.findings, FINDING) == _rows(ref.findings, FINDING)
    assert Counter(core.projects.get_column("scheme").to_list()) == {
        "hubei-2020": 20, "mof-2020": 40}
    assert core.fallback_rows == 0


def mostly(usual: st.SearchStrategy[str], odd: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """`usual` nine times in ten, else `odd`."""
    return st.integers(0, 9).flatmap(lambda i: odd if i == 0 else usual)


PLAIN = st.one_of(st.integers(-5, 300).map(str), st.decimals(0, 1000, places=2).map(str),
                  st.sampled_from(["98.5%", "0.98", "100%", "1,200", "１２０", "0", "3.", ".5",
                                   "20万元", "11000", "1.2万", "95", "16", "240"]))
ODD_NUMBERS = st.sampled_from([
    "1e3", "-3", "2024.04", "2024.13", "1e999", "99999999999999", "0.0000001", "约95%",
    "95%左右", "80%-90%", "≥95%", "≤30万元", "2023-12-31", "12月底前", "12月", "30亿元",
    "1.23456789", "0.333333"])
NUMBERS = mostly(PLAIN, ODD_NUMBERS)
PHRASES = st.sampled_from(["完成", "已完成", "未完成", "达标", "否", "有效", "显著提升", "基本达成",
                           "效果较差", "不好", "达成年度指标", "部分达成", "无", "良好", "？"])
CELLS = mostly(st.one_of(st.just(""), PLAIN, PHRASES), st.one_of(ODD_NUMBERS, st.text(max_size=4)))
COMPARATORS = mostly(st.sampled_from(["≥", ">", "≤", "<", "=", "定性", "", "不高于", "≧", "＝",
                                      "大于等于", "<="]), st.sampled_from(["定量", "maybe", "≤≥"]))
WEIGHTS = mostly(st.sampled_from(["10", "5", "2.5", "3", "0.333", "5分", "1"]),
                 st.sampled_from(["0", "-1", "abc", "", "1e3", "100000", "1e-9"]))
NAMES = ["招引项目个数", "验收合格率", "投诉发生率", "群众满意度", "差旅费", "A", "B", "C", "D"]


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    rows: list[list[str]] = []
    for p in range(draw(st.integers(1, 4))):
        name = draw(mostly(st.just(f"项目{p}"), st.sampled_from(["项目0", ""])))
        code = draw(st.sampled_from(["", f"C{p}"]))
        year = draw(mostly(st.sampled_from(["", "2023"]), st.sampled_from(["2023年", "1800"])))
        if draw(st.booleans()):
            rows.append([name, code, year, draw(st.sampled_from(["预算执行情况", "预算执行率"])),
                         "", "", "", draw(NUMBERS), "万元", draw(NUMBERS), draw(WEIGHTS),
                         draw(CELLS), draw(st.sampled_from(["", "原因"]))])
        names = draw(st.lists(st.sampled_from(NAMES), max_size=6, unique=True))
        if names and draw(st.integers(0, 9)) == 0:
            names.append(names[0])  # a name twice
        for indicator in names:
            comparator = draw(COMPARATORS)
            target = draw(st.one_of(NUMBERS, PHRASES) if comparator == "定性" else NUMBERS)
            rows.append([name if draw(st.booleans()) else "", code, year,
                         draw(st.sampled_from(["产出指标", "效益指标", ""])),
                         draw(st.sampled_from(["数量指标", ""])), indicator, comparator, target,
                         draw(st.sampled_from(["", "%", "万元", "个"])), draw(CELLS),
                         draw(WEIGHTS), draw(CELLS), draw(st.sampled_from(["", "原因"]))])
        if draw(st.booleans()):
            rows.append([name, code, year, "合计", "", "", "", "", "", "", "", draw(CELLS), ""])
    return rows


HEADER = ["项目名称", "项目编码", "年度", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
          "度量单位", "完成值", "权重", "得分", "未完成原因分析"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), scheme=st.sampled_from(SCHEMES), explain=st.booleans())
def test_adversarial_tables(rows: list[list[str]], scheme: str, explain: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        if not rows:
            return
        try:
            read_csv_table(path)
        except Exception:
            return
        compare(path, scheme, explain)
