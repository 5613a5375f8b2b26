"""audit_summary.py: many audits → findings by code and department, grade changes."""

from __future__ import annotations

from decimal import Decimal

from conftest import CASES, SEED

from scoring import load_case
from scoring.report.audit_summary import summarize_audits
from scoring.review.audit import audit

NAMES = ("002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml",
         "004-shanxi-jishan-jiandanglika-yibao-peitao-2020.yaml",
         "026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021.yaml")


def _items() -> list:  # type: ignore[type-arg]
    return [audit(load_case(CASES / n)) for n in NAMES] + [audit(load_case(SEED))]


def test_counts_by_code() -> None:
    s = summarize_audits(_items())
    codes = {c.code: (c.severity, c.findings, c.projects) for c in s.by_code}
    assert s.projects == 4
    assert codes["reported-score-differs"] == ("error", 2 + 4 + 1, 3)
    assert codes["reported-total-mismatch"] == ("error", 2, 2)
    assert codes["full-score-without-actual"] == ("warning", 3, 1)
    severities = [c.severity for c in s.by_code]
    assert severities == sorted(severities, key=("error", "warning", "info").index)


def test_counts_by_department() -> None:
    s = summarize_audits(_items())
    rows = {d.department: d for d in s.by_department}
    assert rows[None].projects == 1 and rows[None].grade_changes == 1  # 026 names none
    anju = rows["遂宁市安居区经济合作局"]
    assert (anju.errors, anju.warnings) == (0, 6)
    assert s.by_department[-1].department is None  # the unnamed department comes last
    assert sum(d.projects for d in s.by_department) == 4


def test_projects_whose_grade_changes() -> None:
    s = summarize_audits(_items())
    [change] = s.grade_changes
    assert (change.from_total, change.from_grade, change.to_total, change.to_grade) == (
        Decimal("97.6"), "优", Decimal("43.05"), "差")
    [evidence] = s.evidence_changes
    assert (evidence.project, evidence.from_grade, evidence.to_total, evidence.to_grade,
            evidence.points) == ("2023招商引资", "优秀", Decimal("77.7"), "中等", 20)
