"""Batch (write): the outputs of `scoring batch`, streamed and written atomically.

After the workers (`batch_run.py`): each project's `Outcome` (its summary
record, its findings as text rows, its JSON line) goes to one writer, chosen
by the output's extension: `.csv` (one row per project), `.jsonl` (one
FORMATS.md §6 result per line) or `.xlsx` (the summary workbook,
`report/summary_xlsx.py`) or `.html` (the region report,
`report/region_html.py`). Nothing is kept per project except what the
workbook's last sheets need (counts by department and grade). A writer
writes to a temporary file in the output's folder and renames it over the
output only when the run completes (`output.AtomicFile`, as every output of
the package); an aborted run leaves nothing behind. Every CSV cell goes
through `csv_cell`: text a spreadsheet could take for a formula is prefixed
with `'` (OWASP's CSV-injection advice), control characters are escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any, Protocol

from ..model.findings import Lang
from ..read.packaged import data_file
from ..report.output import AtomicFile
from ..report.workbook import cell_text, formula_like
from .api import AUDIT_COLUMNS, PROJECT_COLUMNS, Record

FindingRow = tuple[str, str, str, str, str]  # severity, code, indicator, place, message
STATUS_COLUMNS = ("status", "problem")
FORMATS = (".xlsx", ".csv", ".jsonl", ".html")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")  # exact decimal text, as records hold numbers


def csv_cell(value: object) -> object:
    """`value` as a CSV cell: text that a spreadsheet could read as a formula (see
    `report.workbook.formula_like`) gets a leading `'`, so it opens as text; control
    characters become visible escapes (`workbook.cell_text`). A number, or text that
    is exactly a decimal number (`-5`, `97.7`: a spreadsheet reads it as that number,
    never as a formula), is written as it is."""
    if not isinstance(value, str):
        return value
    text = cell_text(value)
    if formula_like(text) and NUMBER.fullmatch(text) is None:
        return "'" + text
    return text


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


@dataclass(frozen=True, slots=True)
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


def columns(audit: bool) -> tuple[str, ...]:
    return PROJECT_COLUMNS + (AUDIT_COLUMNS if audit else ()) + STATUS_COLUMNS


class Writer(Protocol):
    tally: Tally

    def add(self, outcome: Outcome) -> None: ...

    def close(self, info: RunInfo) -> None: ...

    def abort(self) -> None: ...


class CsvWriter:
    """One row per project (UTF-8 with BOM, so Excel shows the Chinese right)."""

    def __init__(self, path: Path, audit: bool) -> None:
        self.tally = Tally()
        self.file = AtomicFile(path, text=True)
        # the BOM, as `utf-8-sig` writes it (without that codec's pure-Python encoder,
        # called for every row)
        self.file.handle.write("\ufeff")
        self.columns = columns(audit)
        self.pick = itemgetter(*self.columns)
        self.writer = csv.writer(self.file.handle)
        self.writer.writerow([csv_cell(c) for c in self.columns])

    def add(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        rec = counted(outcome)
        try:
            row = self.pick(rec)
        except KeyError:  # a project that could not be scored has fewer columns
            row = [rec.get(c) for c in self.columns]
        self.writer.writerow([csv_cell(v) for v in row])

    def close(self, info: RunInfo) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


class JsonlWriter:
    """One JSON object per line: a FORMATS.md §6 result (with `audit` under --audit),
    or, for a project that could not be scored, a `scoring.batch-error/1` object."""

    def __init__(self, path: Path) -> None:
        self.tally = Tally()
        self.file = AtomicFile(path, text=True)

    def add(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        assert outcome.json is not None
        self.file.handle.write(outcome.json + "\n")

    def close(self, info: RunInfo) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()


def open_writer(path: Path, audit: bool, lang: Lang = "zh") -> Writer:
    """The writer for `path`'s extension (one of `FORMATS`)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return CsvWriter(path, audit)
    if suffix == ".jsonl":
        return JsonlWriter(path)
    if suffix == ".html":
        from ..report.region_html import RegionReport

        return RegionReport(path, audit, lang)
    from ..report.summary_xlsx import SummaryWorkbook

    return SummaryWorkbook(path, columns(audit), lang)
