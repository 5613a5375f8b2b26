"""Outcomes of `scoring batch`: what a worker sends back per project, and the run's tally.

Plain records, small and picklable, produced by the batch (`batch/worker.py`,
`batch/run.py`) and drawn by the summary workbook and the region page
(`report/summary_xlsx.py`, `report/region_html.py`): a project's summary
`Record`, its findings as text rows, its JSON line; the counts over the run;
what the 说明 sheet says about it. Grades are also shown on one scale
(优/良/中/差, data/batch.yaml's `grade_scale`), whatever the scheme's bands.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..read.packaged import data_file

# The keys of a project's record and of an indicator's (`batch.api.results_to_records`,
# the batch outputs, their Arrow schema, the summary workbook): declared once, here.
PROJECT_COLUMNS = ("source", "line", "department", "project", "code", "year", "scheme",
                   "budget_adjusted", "budget_executed", "execution_rate", "budget_score",
                   "total", "max_total", "grade", "reported_total", "reported_grade",
                   "findings", "errors", "warnings")
AUDIT_COLUMNS = ("audit_findings", "manual_points", "total_without_manual",
                 "grade_without_manual", "grade_changes")
INDICATOR_COLUMNS = ("source", "department", "project", "code", "id", "level1", "level2",
                     "name", "comparator", "target", "unit", "actual", "weight", "score",
                     "status", "reported_score", "reason", "place")
NUMBER_COLUMNS = frozenset({  # decimal numbers (as exact text in `Record`); the rest str/int
    "budget_adjusted", "budget_executed", "execution_rate", "budget_score", "total",
    "max_total", "reported_total", "manual_points", "total_without_manual", "weight", "score",
    "reported_score"})
INTEGER_COLUMNS = frozenset({"line", "year", "findings", "errors", "warnings",
                             "audit_findings", "grade_changes"})

Record = dict[str, str | int | None]
FindingRow = tuple[str, str, str, str, str]  # severity, code, indicator, place, message


@dataclass(slots=True)
class Outcome:
    """What a worker sends back for one project: small, plain, picklable."""

    record: Record
    findings: list[FindingRow]
    json: str | None
    failed: bool
    progress: int = 0
    problems: tuple[str, ...] = ()  # formatted diagnostics of a failed project
    scheme: tuple[str, str, str, str] | None = None  # id, name, version, content hash
    severities: tuple[int, int, int] = (0, 0, 0)  # findings: errors, warnings, infos
    grades: tuple[str, ...] = ()  # the scheme's grade labels, highest band first

    def __reduce__(self) -> tuple[type[Outcome], tuple[object, ...]]:
        """Pickled as its fields in order (a worker sends one per project)."""
        return Outcome, (self.record, self.findings, self.json, self.failed, self.progress,
                         self.problems, self.scheme, self.severities, self.grades)


@lru_cache(maxsize=1)
def grade_scale() -> dict[str, Any]:
    """`grade_scale` of data/batch.yaml: the unified labels and the map by band count."""
    scale: dict[str, Any] = data_file("batch.yaml")["grade_scale"]
    return scale


def unified_grade(grade: object, bands: tuple[str, ...]) -> str | None:
    """The grade on the one scale (优/良/中/差) of `grade`, a label of `bands` (the
    scheme's grade labels, highest first): by the band's position, as
    data/batch.yaml's `grade_scale` maps it. None when the grade is not a band's."""
    if not isinstance(grade, str) or grade not in bands:
        return None
    scale = grade_scale()
    labels: list[str] = scale["labels"]
    mapped = scale["by_bands"].get(len(bands))
    i = bands.index(grade)
    return str(mapped[i]) if mapped else labels[min(i, len(labels) - 1)]


def counted(outcome: Outcome) -> Record:
    """The project's record with its unified grade, and its finding counts taken from
    all its findings (under --audit the audit's too: `severities` counts both)."""
    rec = outcome.record
    if outcome.failed:
        return rec
    errors, warnings, infos = outcome.severities
    return {**rec, "grade_scale": unified_grade(rec.get("grade"), outcome.grades),
            "findings": errors + warnings + infos, "errors": errors, "warnings": warnings}


@dataclass(slots=True)
class Tally:
    """Counts over the whole run (all the summary sheets need besides the rows)."""

    projects: int = 0
    failed: int = 0
    findings: Counter[str] = field(default_factory=Counter)  # by severity
    grades: dict[str, Counter[str]] = field(default_factory=dict)  # department → grade → n
    schemes: dict[tuple[str, str, str, str], None] = field(default_factory=dict)  # in order

    def add(self, outcome: Outcome) -> None:
        self.projects += 1
        errors, warnings, infos = outcome.severities
        if errors or warnings or infos:
            found = self.findings
            for severity, n in (("error", errors), ("warning", warnings), ("info", infos)):
                if n:
                    found[severity] += n
        if outcome.scheme is not None:
            self.schemes.setdefault(outcome.scheme, None)
        if outcome.failed:
            self.failed += 1
            return
        rec = outcome.record
        dept = str(rec.get("department") or "（未填）")
        grades = self.grades.get(dept)
        if grades is None:
            grades = self.grades[dept] = Counter()
        grade = rec.get("grade")
        grades[unified_grade(grade, outcome.grades) or str(grade)] += 1


@dataclass(frozen=True, slots=True, kw_only=True)
class RunInfo:
    """What the 说明 sheet says about the run."""

    inputs: tuple[str, ...]
    skipped: tuple[str, ...]
    schemes: tuple[tuple[str, str, str, str], ...]  # id, name, version, content hash
    grade_order: tuple[str, ...]
    audit: bool
    jobs: int
    started: dt.datetime
    finished: dt.datetime
    version: str
