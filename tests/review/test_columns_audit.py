"""The audit's findings made on the core's columns against the row engine's audit: the same
codes, severities, indicators, messages, places and order, project by project (#14).

The reference scores every project with the row engine and audits it with
`audit_result` (a stage that is no `ColumnStage`); the core takes what it can
and audits it with `review/columns_audit.py`. Tables: every shipped flat one,
the generated region with its published 得分, 合计 and 等级 deliberately right
and wrong in many ways, and hypothesis-generated ones, under every built-in
scheme and one that `extends` one.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import SCHEMES, TABLES, region, two_sheets

from scoring.batch.frames import _audited, score_table
from scoring.engine.columns import Outcome, score_path
from scoring.engine.columns_format import FINDING_SCHEMA
from scoring.engine.columns_stage import Detail, Vetted
from scoring.model.case import Case
from scoring.model.findings import Finding
from scoring.model.result import Result
from scoring.model.scheme import Scheme
from scoring.review.columns_audit import audit_columns

ROOT = Path(__file__).resolve().parents[2]
FINDING = ("pid", "place", "code", "severity", "indicator", "message")


class RowsOnly:
    """The audit per case only: every project by the row engine (the reference)."""

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        return _audited(case, result, scheme)


def _findings(outcome: Outcome) -> list[tuple[Any, ...]]:
    frame = outcome.findings
    if frame.height == 0:
        return []
    return frame.with_row_index("_i").sort("pid", "_i").select(FINDING).rows()


def compare(path: Path, scheme: str) -> float:
    """Assert both audits agree on `path`, finding by finding in order; the share of rows
    the core audited."""
    core = score_path(path, scheme, more=_audited)
    ref = score_path(path, scheme, more=RowsOnly())
    assert ref.fallback_rows == ref.total_rows  # the reference is the row engine's
    assert _findings(core) == _findings(ref)
    return 1 - core.fallback_rows / max(core.total_rows, 1)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", TABLES, ids=[p.stem[:12] for p in TABLES])
def test_shipped_tables(path: Path, scheme: str) -> None:
    compare(path, scheme)


SCORES = ["", "", "{w}", "{w}", "{w}.0", "{w}.00", "0", "4.6", "4.60", "3.75", "约5", "5分",
          "五", "-1", "{w}1", "7.5", "9.96", "9.4", "2.5", "0.000000001", "1e2", "1,000"]
CLEAN = ["{w}", "{w}.0", "4.6", "4.60", "3.75", "0", "7.5", "9.96", "9.4", "2.5", "{w}1", "5"]
GRADES = ["优", "优秀", "良", "良好", "中", "差", "较差", "A", " 优 "]


def published_region(path: Path, projects: int, seed: int) -> None:
    """The generated region with a 评价等级 column, its 得分 cells varied (right, rounded,
    wrong, above the weight, unreadable, blank), 合计 rows (the sum of the published
    scores, off by one, blank, unreadable, or printed to other decimals) and 等级 rows."""
    rng = random.Random(seed)
    header = [*region.HEADER, "评价等级"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(projects):
            rows = [[*r, ""] for r in region.project_rows(i, rng)]
            total = 0.0
            numeric = True
            clean = rng.random() < 0.5  # every row publishes a number: the total is checked
            for row in rows:
                weight = row[10]
                cell = rng.choice(CLEAN if clean else SCORES).format(w=weight) \
                    if rng.random() < 0.7 else row[11] or (weight if clean else "")
                row[11] = cell
                try:
                    total += float(cell)
                except ValueError:
                    numeric = False
            if rng.random() < 0.3:
                rows[rng.randrange(len(rows))][-1] = rng.choice(GRADES)
            kind = rng.randrange(6)
            if kind < 4:
                shown = {0: f"{total:.2f}", 1: f"{total + 1:g}", 2: f"{total:.0f}",
                         3: rng.choice(["", "九十", f"{total:.1f}"])}[kind]
                label = rng.choice(["合计", "总分", "自评得分"])
                rows.append([rows[0][0], rows[0][1], rows[0][2], label, "", "", "", "", "", "",
                             "", shown if numeric or kind == 3 else "", "", ""])
            if rng.random() < 0.4:
                label = rng.choice(["评价等级", "等级"])
                where = 9 if rng.random() < 0.5 else 11
                grade = ["" for _ in header]
                grade[:3], grade[3], grade[where] = rows[0][:3], label, rng.choice(GRADES)
                rows.append(grade)
            writer.writerows(rows)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_generated_region(tmp_path: Path, scheme: str) -> None:
    path = tmp_path / "region.csv"
    region.write_region(path, 100, seed=11)
    assert compare(path, scheme) > 0.95


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("seed", [1, 2])
def test_generated_region_published_wrong(tmp_path: Path, scheme: str, seed: int) -> None:
    path = tmp_path / "published.csv"
    published_region(path, 100, seed)
    assert compare(path, scheme) > 0.5


def test_published_region_as_xlsx(tmp_path: Path) -> None:
    """The same as a workbook of two sheets: places `Sheet!K12`, plain numbers written as
    numbers (openpyxl gives them back as such)."""
    pytest.importorskip("openpyxl")
    source = tmp_path / "published.csv"
    published_region(source, 40, 3)
    path = two_sheets(source, tmp_path / "published.xlsx")
    assert compare(path, "mof-2020") > 0.5


def test_score_table_audits_on_the_core(tmp_path: Path) -> None:
    """`score_table(audit=True)`: the core scores the region, with the audit's findings."""
    path = tmp_path / "published.csv"
    published_region(path, 60, 5)
    frame = pl.read_csv(path, infer_schema=False)
    audited = score_table(frame, audit=True)
    plain = score_table(frame)
    assert audited.fallback_rows < audited.total_rows / 2
    codes = set(audited.findings.column("code").to_pylist())
    assert {"reported-score-differs", "reported-total-mismatch",
            "reported-grade-mismatch"} <= codes
    assert not codes & {"reported-score-differs"} & set(plain.findings.column("code").to_pylist())
    assert audited.projects.column("total") == plain.projects.column("total")


CELLS = st.sampled_from(["", "10", "5", "4.6", "4.60", "0", "完成", "约5", "五", "-1", "11",
                         "2.5", "3.333", "9.995", "100%", "1e3", "5分", "７"])
TARGETS = st.sampled_from(["95", "≥95%", "100", "10", "0", "有效", "≤30万元", "2.5", "3"])
ACTUALS = st.sampled_from(["", "96", "90", "100", "0", "完成", "未完成", "有效", "基本达成",
                           "31万元", "2.4", "1", "2023-12-31", "否", "33.3"])


@st.composite
def tables(draw: st.DrawFn) -> list[list[str]]:
    rows: list[list[str]] = []
    for p in range(draw(st.integers(1, 3))):
        name, grade = f"项目{p}", draw(st.sampled_from(["", "", "优", "良好", "差"]))
        if draw(st.booleans()):
            rows.append([name, grade, "预算执行情况", "", "", "", draw(st.sampled_from(
                ["100", "80", "0"])), "万元", draw(st.sampled_from(["100", "95", "120", "33"])),
                draw(st.sampled_from(["10", "3"])), draw(CELLS)])
        for n in range(draw(st.integers(1, 5))):
            rows.append([name, "", "产出指标", "数量指标", f"指标{n}", draw(st.sampled_from(
                ["≥", "≤", "=", "定性", "", "<"])), draw(TARGETS), draw(st.sampled_from(
                    ["", "%", "万元"])), draw(ACTUALS), draw(st.sampled_from(["10", "5", "3",
                                                                              "2.5"])),
                draw(CELLS)])
        for label in draw(st.lists(st.sampled_from(["合计", "等级"]), max_size=2)):
            total = draw(st.sampled_from(["", "90", "89.5", "60", "约90", "100.00"]))
            rows.append([name, "", label, "", "", "", "", "", draw(st.sampled_from(
                ["", "优", "中"])) if label == "等级" else "", "", total])
    return rows


HEADER = ["项目名称", "评价等级", "一级指标", "二级指标", "三级指标", "指标性质", "指标值",
          "度量单位", "完成值", "权重", "得分"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=tables(), scheme=st.sampled_from(SCHEMES))
def test_adversarial_tables(rows: list[list[str]], scheme: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([HEADER, *rows])
        compare(path, scheme)


class Recorded:
    """The audit on the columns, each of its answers kept."""

    def __init__(self) -> None:
        self.answers: list[Vetted] = []

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        return _audited(case, result, scheme)

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        self.answers.append(audit_columns(detail, scheme, fields))
        return self.answers[-1]


def test_the_audit_on_the_columns_names_its_findings_and_the_projects_it_leaves() -> None:
    stage = Recorded()
    for path in TABLES:
        score_path(path, SCHEMES[0], more=stage)
    assert stage.answers
    for answer in stage.answers:
        assert isinstance(answer, Vetted)
        assert answer.findings.columns[:len(FINDING_SCHEMA)] == list(FINDING_SCHEMA)
        assert answer.unsure == sorted(set(answer.unsure))
