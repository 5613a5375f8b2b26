"""engine/columns_results.py: the `Result` built from the core's frames is the row engine's.

The differential test of #14.3: every project the core takes, on every shipped table
(the flat tables of cases/*.yaml and the layouts), the generated region (a CSV, and a
workbook of two sheets) and hypothesis-generated adversarial tables, under every built-in
scheme, one that `extends` another and one with the formulas no built-in uses: its
`Result` built from the frames has the same repr as the row engine's (every field,
every Decimal with its exponent, each finding's parameters and place, the scheme's
content hash), and the same JSON (FORMATS.md §6) in Chinese and in English.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import load_module, taken, two_sheets

from scoring.engine.columns import iter_path
from scoring.engine.columns_format import FINDING_SCHEMA, fields
from scoring.engine.columns_results import Builder
from scoring.engine.columns_stage import Detail, Vetted
from scoring.engine.evaluate import evaluate
from scoring.errors import LoadError
from scoring.load.loader import resolve_scheme_ref
from scoring.load.scheme import load_scheme
from scoring.load.tables import iter_cases
from scoring.model.case import Case
from scoring.model.findings import catalogue
from scoring.model.result import Result
from scoring.model.scheme import Scheme
from scoring.read.columns import Table
from scoring.report.json import result_to_dict

ROOT = Path(__file__).resolve().parents[2]
differential = load_module("columns_differential", "tests/engine/test_columns_differential.py")
TABLES, SCHEMES, region = differential.TABLES, differential.SCHEMES, differential.region


class Kept:
    """The stage the batch gives the core (`batch/columnar_results.py`), reduced to what
    this test needs: the projects the row engine scores are counted, the others settled."""

    def __init__(self) -> None:
        self.rows = 0

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> tuple[()]:
        self.rows += 1
        return ()

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        return Vetted(pl.DataFrame(schema=FINDING_SCHEMA), [])


def built(path: Path, scheme: str) -> tuple[dict[str, Result], int]:
    """The `Result`s built from the frames, by the place of their first indicator, and
    how many projects the row engine scored."""
    ref = resolve_scheme_ref(scheme, Path.cwd()) or scheme
    tables: list[Table] = []
    kept = Kept()
    builder = Builder(ref)
    out: dict[str, Result] = {}
    for part in iter_path(path, ref, more=kept, explain=True, seen=tables.append):
        for result in builder.results(part, tables[-1]).values():
            out[str(result.indicators[0].location)] = result
    return out, kept.rows


def check(path: Path, scheme: str) -> int:
    """Assert every built `Result` is the row engine's; how many were built."""
    ref = resolve_scheme_ref(scheme, Path.cwd()) or scheme
    applied = load_scheme(ref)
    got, _ = built(path, scheme)
    seen = 0
    cases: list[Case] = []
    try:
        for case in iter_cases(path, ref):
            cases.append(case)
    except LoadError:  # projects refused (raised at the end): the others were yielded
        pass
    for case in cases:
        try:
            want = evaluate(case, applied)
        except LoadError:
            continue
        if not want.indicators:
            continue
        mine = got.get(str(want.indicators[0].location))
        if mine is None:
            continue
        seen += 1
        assert repr(mine) == repr(want)
        assert mine == want
        for lang in ("zh", "en"):
            assert json.dumps(result_to_dict(mine, lang), ensure_ascii=False) == json.dumps(
                result_to_dict(want, lang), ensure_ascii=False)
    assert seen == len(got)  # every built result had its reference
    return seen


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", TABLES, ids=[p.stem[:12] for p in TABLES])
def test_shipped_tables(path: Path, scheme: str) -> None:
    check(path, scheme)


def test_the_shipped_tables_have_projects_the_core_builds() -> None:
    assert sum(check(p, "mof-2020") for p in TABLES) >= 2


@pytest.mark.parametrize("scheme", SCHEMES)
def test_generated_region(tmp_path: Path, scheme: str) -> None:
    path = tmp_path / "region.csv"
    region.write_region(path, 150, seed=7)
    assert check(path, scheme) >= 140  # nearly every project is built from the frames


def test_generated_region_as_a_workbook(tmp_path: Path) -> None:
    """Two sheets: every place is a `Sheet!H12` cell of its own sheet."""
    pytest.importorskip("openpyxl")
    source = tmp_path / "region.csv"
    region.write_region(source, 40, seed=3)
    path = two_sheets(source, tmp_path / "region.xlsx")
    assert check(path, "mof-2020") >= 35


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=differential.tables(), scheme=st.sampled_from(SCHEMES))
def test_adversarial_tables(rows: list[list[str]], scheme: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path = taken(Path(tmp), differential.HEADER, rows, scheme)
        except Exception:
            return  # no table at all
        if path is not None:  # else a project refused: the batch's own tests place it
            check(path, scheme)


def test_each_finding_of_the_core_carries_what_its_message_was_filled_with(
        tmp_path: Path) -> None:
    """The `params` of every finding the core makes (`columns_format.findings`) fill its
    template to its message: they are what the English rendering takes. They are made
    with the derivations (what `Result`s are built from), and only then."""
    path = tmp_path / "region.csv"
    region.write_region(path, 150, seed=11)
    seen: set[str] = set()
    assert all("params" not in part.findings.columns for part in iter_path(path, "mof-2020"))
    for table in (path, *TABLES):
        for part in iter_path(table, "mof-2020", explain=True):
            core = part.projects.filter(pl.col("engine") == "columns").get_column("pid")
            if core.is_empty():
                continue  # the row engine's findings: its own `Finding`s
            for code, indicator, message, params in part.findings.filter(
                    pl.col("pid").is_in(core.implode())).select(
                    "code", "indicator", "message", "params").iter_rows():
                values = dict(zip(fields(code), params, strict=True))
                assert catalogue()[code].message["zh"].format(
                    name=indicator, **values) == message
                seen.add(code)
    assert len(seen) >= 6, seen


def test_a_name_holding_its_findings_words_is_built_from_the_frames(tmp_path: Path) -> None:
    """Its message reads two ways, but the parameters are the frames', not read back from
    the message: the project is built by the core, equal to the row engine's."""
    name = "甲”得分 5.00（满分 10），但未填写未完成原因分析；指标“乙"
    path = tmp_path / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([differential.HEADER, [
            "项目一", "", "2023", "产出指标", "", name, "≥", "10", "", "5", "10", "", ""], [
            "项目一", "", "2023", "产出指标", "", "乙", "≥", "10", "", "10", "90", "", ""], [
            "项目二", "", "2023", "产出指标", "", "丙", "≥", "10", "", "5", "100", "", ""]])
    got, by_rows = built(path, "mof-2020")
    assert by_rows == 0 and sorted(r.project.name for r in got.values()) == ["项目一", "项目二"]
    assert check(path, "mof-2020") == 2
    first = next(r for r in got.values() if r.project.name == "项目一")
    assert ("name", name) in first.findings[0].params


def test_a_scheme_file_is_read_once_for_every_project(tmp_path: Path) -> None:
    """The `Result`s of a run take the scheme file as it was when first read: an edit
    while the table is scored changes no later project (and the file is not re-read,
    validated and hashed per project)."""
    source = ROOT / "schemes" / "hunan-yueyang-department.yaml"
    path = tmp_path / "scheme.yaml"
    path.write_text(source.read_text("utf-8"), "utf-8")
    builder = Builder(str(path))
    first = builder.scheme(str(path))
    path.write_text(source.read_text("utf-8").replace("name:", "name: 改过的", 1), "utf-8")
    assert load_scheme(str(path)).name != first.name  # the edit shows to a new reading
    assert builder.scheme(str(path)) is first
    assert Builder(str(path)).scheme(str(path)).name == load_scheme(str(path)).name
