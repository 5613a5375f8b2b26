"""Audit summary: many audited projects → counts by code and department, grade changes.

The format-neutral figures of the audit reports (as `table.py` is the 自评表's):
a pure fold over the `AuditResult` records of `review/audit.py`, so the text
memo, the JSON and the XLSX workbook of `scoring audit A B C` all show the
same figures. Two lists of projects: those whose grade changes when the
table is recomputed by the rules (published grade, or the grade of the
published total when no grade is printed, against the recomputed grade), and
those whose recomputed grade rests on points with no evidence (recomputed
grade against the grade without them).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..errors import Severity
from ..model.findings import SEVERITY_ORDER
from ..review.audit import AuditResult


@dataclass(frozen=True, slots=True)
class CodeCount:
    """How often one finding code was raised, and in how many projects."""

    code: str
    severity: Severity
    findings: int
    projects: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DepartmentCount:
    """The findings of one department's projects, by severity."""

    department: str | None
    projects: int
    errors: int
    warnings: int
    infos: int
    grade_changes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class GradeChange:
    """A project whose grade moves: from one total and grade to another."""

    project: str
    department: str | None
    source: str
    from_total: Decimal | None
    from_grade: str
    to_total: Decimal
    to_grade: str
    points: Decimal | None = None  # the points without evidence, for the second list


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditSummary:
    """The figures of a multi-project audit."""

    projects: int
    by_code: tuple[CodeCount, ...]
    by_department: tuple[DepartmentCount, ...]
    grade_changes: tuple[GradeChange, ...]
    evidence_changes: tuple[GradeChange, ...]


def project_label(item: AuditResult) -> str:
    """A project's name, else its file name."""
    return item.result.project.name or Path(item.result.source).name or "?"


def grade_change(item: AuditResult) -> GradeChange | None:
    """The published → recomputed change of one project, if its grade changes."""
    published = item.published_grade
    a = item.audit
    if published is None or a.recomputed_total is None or a.recomputed_grade is None or \
            not item.grade_changes():
        return None
    return GradeChange(project=project_label(item), department=item.result.project.department,
                       source=item.result.source, from_total=a.reported_total,
                       from_grade=published, to_total=a.recomputed_total,
                       to_grade=a.recomputed_grade)


def evidence_change(item: AuditResult) -> GradeChange | None:
    """The recomputed → without-evidence-free-points change, if the grade changes."""
    a = item.audit
    if a.recomputed_total is None or a.recomputed_grade is None or a.total_without_manual \
            is None or a.grade_without_manual is None or not item.evidence_changes_grade():
        return None
    return GradeChange(project=project_label(item), department=item.result.project.department,
                       source=item.result.source, from_total=a.recomputed_total,
                       from_grade=a.recomputed_grade, to_total=a.total_without_manual,
                       to_grade=a.grade_without_manual, points=a.manual_points)


def summarize_audits(items: Sequence[AuditResult]) -> AuditSummary:
    """Counts by finding code and by department, and the projects whose grade changes."""
    counts: Counter[str] = Counter()
    projects: Counter[str] = Counter()
    severity: dict[str, Severity] = {}
    departments: dict[str | None, list[AuditResult]] = defaultdict(list)
    for item in items:
        findings = item.findings
        for f in findings:
            counts[f.code] += 1
            severity[f.code] = f.severity
        projects.update({f.code for f in findings})
        departments[item.result.project.department].append(item)
    by_code = tuple(CodeCount(code, severity[code], counts[code], projects[code])
                    for code in sorted(counts, key=lambda c: (SEVERITY_ORDER[severity[c]],
                                                              -counts[c], c)))
    by_department = tuple(_department(name, group) for name, group in sorted(
        departments.items(), key=lambda kv: (kv[0] is None, kv[0] or "")))
    changes = tuple(c for c in map(grade_change, items) if c is not None)
    evidence = tuple(c for c in map(evidence_change, items) if c is not None)
    return AuditSummary(projects=len(items), by_code=by_code, by_department=by_department,
                        grade_changes=changes, evidence_changes=evidence)


def _department(name: str | None, group: list[AuditResult]) -> DepartmentCount:
    tally: Counter[str] = Counter(f.severity for item in group for f in item.findings)
    return DepartmentCount(department=name, projects=len(group), errors=tally["error"],
                           warnings=tally["warning"], infos=tally["info"],
                           grade_changes=sum(item.grade_changes() for item in group))
