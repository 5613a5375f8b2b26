"""review/columns_audit_result.py: the `AuditResult` of a project the core took, settled on
its `Result` built from the frames and the audit's findings made on the columns, is the
row engine's `audit(case, scheme)`: every field of the `Audit` (published total and grade,
recomputed ones, the points resting on no evidence and their rows, the total and grade
without them), every finding with its place and message in both languages, and the
audit's JSON (FORMATS.md §6 + `audit`) in Chinese and English.

Tables: every shipped flat table, the generated region with its published 得分, 合计 and
等级 right and wrong in many ways (`test_columns_audit.published_region`; as a CSV and a
workbook), and hypothesis tables of the audit's own strategy, under every built-in scheme
and one that `extends` another. The stage driven is the batch's own
(`batch.columnar_results.AuditedStage`), as `scoring batch --audit -o x.jsonl` drives it.
"""

from __future__ import annotations

import csv
import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shipped import SCHEMES, TABLES, load_module, taken

from scoring.batch.columnar_results import AuditedStage
from scoring.engine.columns import iter_path
from scoring.errors import LoadError
from scoring.load.loader import resolve_scheme_ref
from scoring.load.scheme import load_scheme
from scoring.load.tables import iter_cases
from scoring.model.findings import Finding
from scoring.report.audit_json import audit_to_dict
from scoring.review.audit import AuditResult, audit
from scoring.review.columns_audit_result import audited

ROOT = Path(__file__).resolve().parents[2]


published = load_module("columns_audit", "tests/review/test_columns_audit.py")


def built(path: Path, ref: str) -> tuple[dict[str, AuditResult], int]:
    """The `AuditResult`s of the core's projects, by the place of their first indicator,
    and how many projects the row engine scored."""
    kept: list[Any] = []
    stage = AuditedStage(kept.append, ref)
    out: dict[str, AuditResult] = {}
    for part in iter_path(path, ref, more=stage, explain=True, seen=stage.seen):
        for item in stage.results(part).values():
            out[str(item.result.indicators[0].location)] = item
    return out, len(kept)


def _finding(f: Finding) -> tuple[Any, ...]:
    """A finding as the outputs show it (its parameters by name, in any order)."""
    return (f.code, f.severity, f.indicator, dict(f.params), f.location,
            f.message_in("zh"), f.message_in("en"))


def check(path: Path, scheme: str) -> int:
    """Assert every built `AuditResult` is the row engine's; how many were built."""
    ref = resolve_scheme_ref(scheme, Path.cwd()) or scheme
    applied = load_scheme(ref)
    got, _ = built(path, ref)
    cases = []
    try:
        cases.extend(iter_cases(path, ref))
    except LoadError:  # projects refused (raised at the end): the others were yielded
        pass
    seen = 0
    for case in cases:
        try:
            want = audit(case, applied)
        except LoadError:
            continue
        if not want.result.indicators:
            continue
        mine = got.get(str(want.result.indicators[0].location))
        if mine is None:
            continue
        seen += 1
        assert mine.result == want.result
        assert [_finding(f) for f in mine.findings] == [_finding(f) for f in want.findings]
        assert repr(mine.audit.manual_rows) == repr(want.audit.manual_rows)
        assert repr(replace(mine.audit, findings=())) == repr(replace(want.audit, findings=()))
        assert mine.grade_changes() == want.grade_changes()
        assert mine.evidence_changes_grade() == want.evidence_changes_grade()
        for lang in ("zh", "en"):
            assert json.dumps(audit_to_dict(mine, lang), ensure_ascii=False) == json.dumps(
                audit_to_dict(want, lang), ensure_ascii=False)  # type: ignore[arg-type]
    assert seen == len(got)  # every built result had its reference
    return seen


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", TABLES, ids=[p.stem[:12] for p in TABLES])
def test_shipped_tables(path: Path, scheme: str) -> None:
    check(path, scheme)


def test_shipped_tables_built_from_the_frames_are_some() -> None:
    """The comparison above is not empty: the shipped tables the core takes (most go to
    the row engine whole, for their sections, sub-rows or layouts) are built from the
    frames."""
    assert sum(check(path, "mof-2020") for path in TABLES) >= 2


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_published_region(tmp_path: Path, scheme: str) -> None:
    """Published 得分, 合计 and 等级 right, rounded, wrong, unreadable or blank: nearly
    every project is built from the frames, its audit the row engine's."""
    path = tmp_path / "region.csv"
    published.published_region(path, 80, 5)
    assert check(path, scheme) >= 45


def test_the_published_region_as_a_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    source = tmp_path / "region.csv"
    published.published_region(source, 30, 9)
    with source.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    book = openpyxl.Workbook()
    for record in records:
        book.active.append(record)
    path = tmp_path / "region.xlsx"
    book.save(path)
    assert check(path, "mof-2020") >= 20


def test_points_with_no_evidence_are_settled_from_the_result(tmp_path: Path) -> None:
    """A blank actual whose row published full marks, a phrase: `manual_rows` with their
    basis, the total and grade without them, as the row engine's audit gives them."""
    path = taken(tmp_path, published.HEADER, [
        ["项目一", "", "产出指标", "数量指标", "甲", "≥", "10", "个", "", "40", "40"],
        ["项目一", "", "产出指标", "数量指标", "乙", "≥", "10", "个", "完成", "30", "30"],
        ["项目一", "", "产出指标", "质量指标", "丙", "≥", "10", "个", "10", "30", "30"]],
        "mof-2020")
    assert path is not None
    got, by_rows = built(path, "mof-2020")
    assert by_rows == 0 and len(got) == 1
    item = next(iter(got.values()))
    assert [(m.name, m.basis) for m in item.audit.manual_rows] == [("甲", "published"),
                                                                     ("乙", "phrase")]
    assert item.audit.total_without_manual == item.result.total - item.audit.manual_rows[
        1].points
    assert check(path, "mof-2020") == 1


def test_the_audits_findings_made_one_by_one_keep_their_parameters(tmp_path: Path) -> None:
    """A 合计 that is not the sum of the scores (made by `columns_audit_make.py`): its
    English message is rendered from the parameters the frames keep."""
    path = taken(tmp_path, published.HEADER, [
        ["项目一", "", "产出指标", "数量指标", "甲", "≥", "10", "个", "10", "50", "50"],
        ["项目一", "", "产出指标", "质量指标", "丙", "≥", "10", "个", "10", "50", "50"],
        ["项目一", "", "合计", "", "", "", "", "", "", "", "90"]],
        "mof-2020")
    assert path is not None
    got, _ = built(path, "mof-2020")
    item = next(iter(got.values()))
    made = [f for f in item.audit.findings if f.code == "reported-total-mismatch"]
    assert made and "90" in made[0].message_in("en")
    assert check(path, "mof-2020") == 1


def test_audited_takes_the_findings_in_any_order() -> None:
    path = TABLES[0]
    got, _ = built(path, "mof-2020")
    for item in got.values():
        again = audited(item.result, reversed(item.audit.findings), load_scheme("mof-2020"))
        assert again.audit == item.audit


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=published.tables(), scheme=st.sampled_from(SCHEMES))
def test_adversarial_tables(rows: list[list[str]], scheme: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = taken(Path(tmp), published.HEADER, rows, scheme)
        if path is not None:  # else a project refused: the batch's own tests place it
            check(path, scheme)
