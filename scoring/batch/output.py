"""Batch (write): the outputs of `scoring batch`, streamed and written atomically.

After the workers (`run.py`): each project's `Outcome` (`model/outcome.py`: its
summary record, its findings as text rows, its JSON line) goes to one writer, chosen
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
import re
from operator import itemgetter
from pathlib import Path
from typing import Protocol

from ..model.findings import Lang
from ..model.outcome import AUDIT_COLUMNS, PROJECT_COLUMNS, Outcome, RunInfo, Tally, counted
from ..report.output import AtomicFile
from ..report.workbook import cell_text, formula_like

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
