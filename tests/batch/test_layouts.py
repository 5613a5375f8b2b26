"""batch/layouts.py: with no scheme named, `score_table` and `scoring batch` score each
project of a table under the scheme its printed 预算执行率 weight names, in the core,
exactly as the row engine scores the same cases (`load_cases` + `evaluate`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from shipped import load_module

import scoring
from scoring.engine.evaluate import evaluate
from scoring.load.scheme import load_scheme
from scoring.model.findings import Finding
from scoring.review.audit import audit_result

ROOT = Path(__file__).resolve().parents[2]
columnar = load_module("columnar", "tests/batch/test_columnar.py")


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = columnar.mixed_region(tmp_path_factory.mktemp("layouts") / "mixed.csv")
    return path


def _findings(result: scoring.TableResult) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for f in result.findings.to_pylist():
        out.setdefault(f["project"], []).append(
            (f["code"], f["severity"], f["indicator"], f["message"], f["place"]))
    return out


def _row(f: Finding) -> tuple[Any, ...]:
    return (f.code, f.severity, f.indicator, f.message, str(f.location))


@pytest.mark.parametrize("audit", [False, True], ids=["score", "audit"])
def test_each_project_under_its_layouts_scheme_as_the_row_engine(mixed: Path,
                                                                 audit: bool) -> None:
    got = scoring.score_table(mixed, audit=audit)
    projects = got.projects.to_pylist()
    assert {(p["engine"], p["scheme"]) for p in projects} == {
        ("columns", "mof-2020"), ("columns", "hubei-2020"), ("rows", "mof-2020"),
        ("rows", "hubei-2020")}
    want_totals, want_found = [], {}
    for case in scoring.load_cases(mixed):  # no scheme: `scheme_by_layout`, per case
        scheme = load_scheme(str(case.scheme))
        result = evaluate(case, scheme)
        want_totals.append((case.project.name, scheme.id, result.total, result.grade))
        extra = sorted(audit_result(case, result, scheme).findings,
                       key=Finding.sort_key) if audit else []
        want_found[case.project.name] = [_row(f) for f in (*result.findings, *extra)]
    assert [(p["project"], p["scheme"], p["total"], p["grade"]) for p in projects] == \
        want_totals
    assert _findings(got) == want_found
    assert sum(p["scheme"] == "hubei-2020" for p in projects) == 14
    assert Counter(f["code"] for f in got.findings.to_pylist())["scheme-from-layout"] == 14


def test_a_frame_in_memory_too_and_a_named_scheme_wins(mixed: Path) -> None:
    frame = pd.read_csv(mixed, dtype=str, keep_default_na=False)
    laid = scoring.score_table(frame)
    assert [(p["project"], p["scheme"], p["total"]) for p in laid.projects.to_pylist()] == [
        (p["project"], p["scheme"], p["total"])
        for p in scoring.score_table(mixed).projects.to_pylist()]
    named = scoring.score_table(frame, scheme="mof-2020")
    assert {p["scheme"] for p in named.projects.to_pylist()} == {"mof-2020"}
    assert "scheme-from-layout" not in named.findings.column("code").to_pylist()
    want = [evaluate(c).total for c in scoring.load_cases(mixed, "mof-2020")]
    assert [p["total"] for p in named.projects.to_pylist()] == want
    assert named.fallback_rows == laid.fallback_rows == 32


def test_a_table_the_importer_reads_whole(tmp_path: Path) -> None:
    """No 一级指标 column (the importer's own rules): each case by its layout too."""
    table = tmp_path / "t.csv"
    table.write_text("项目名称,三级指标,指标值,权重,完成值\n"
                     "A,预算执行率,100,20,90\nA,培训人次,≥10,80,10\n"
                     "B,预算执行率,100,10,90\nB,培训人次,≥10,90,10\n", "utf-8")
    got = scoring.score_table(table).projects.to_pylist()
    want = [(c.project.name, c.scheme, evaluate(c).total) for c in scoring.load_cases(table)]
    assert [(p["project"], p["scheme"], p["total"]) for p in got] == want
    assert [p["scheme"] for p in got] == ["hubei-2020", "mof-2020"]
