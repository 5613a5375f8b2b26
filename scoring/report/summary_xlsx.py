"""Render: the batch summary workbook (汇总, 等级分布, 复核发现, 说明), streamed.

The `.xlsx` writer of `scoring batch` (`batch/output.py` picks it by the
output's extension). openpyxl in write-only mode: rows go to the sheet as
each project arrives and are not kept, so memory stays flat however many
projects there are. 汇总 has one row per project, 复核发现 one row per finding
(both continued on 汇总（续1）, 复核发现（续1）, … past Excel's row limit), 等级分布 counts grades
by department on the unified scale (优/良/中/差), drawn on 等级图, 说明 records
the scheme (id, version, content hash), the inputs, the counts and the date.
Labels are data (`data/batch.yaml`; severity words `data/labels.yaml`, by
--lang); the look (widths, header, filter, formats, print setup) is
`summary_format.py`'s. Every value goes in through `workbook.append_row`
(or `cell_value`, via `summary_format.formatted`): text is never a formula.
Saved to a temporary file, then renamed over the output (`output.AtomicFile`).
"""

from __future__ import annotations

import gc
import os
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model.findings import Lang, severity_label
from ..model.outcome import NUMBER_COLUMNS, Outcome, RunInfo, Tally, counted, grade_scale
from ..read.packaged import data_file
from . import summary_format as look
from .output import AtomicFile
from .workbook import append_row, require_openpyxl, save_workbook

MAX_ROWS = 1_048_576  # Excel's rows per sheet


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """The labels of `data/batch.yaml`."""
    data: dict[str, Any] = data_file("batch.yaml")
    return data


def _number(value: object) -> object:
    """Exact decimal text → a Decimal cell (openpyxl writes its digits as they are)."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


class SummaryWorkbook:
    """The four-sheet summary workbook, written as the outcomes arrive."""

    def __init__(self, path: Path, columns: tuple[str, ...], lang: Lang = "zh") -> None:
        require_openpyxl(path)
        from openpyxl import Workbook

        self.path = path
        self.tally = Tally()
        lab = labels()
        columns = (*columns, "grade_scale")
        order = [c for c in lab["summary_order"] if c in columns]
        self.columns = order + [c for c in columns if c not in order]
        self.wb = Workbook(write_only=True)
        sheets = lab["sheets"]
        self.summary = self.wb.create_sheet(sheets["summary"])
        self.grades = self.wb.create_sheet(sheets["grades"])
        self.chart = self.wb.create_sheet(lab["grades_sheet"]["chart_sheet"])
        self.findings = self.wb.create_sheet(sheets["findings"])
        self.finding_rows = 1
        self.finding_sheets = 1
        self.summary_rows = 1
        self.summaries: list[tuple[Any, int]] = []  # full 汇总 sheets and their rows
        self.summary.freeze_panes = "C2"
        self.findings.freeze_panes = "A2"
        self.header = [lab["columns"].get(c, c) for c in self.columns]
        self.held: list[list[object]] | None = []  # rows held back to fit the widths
        self.widths: list[float] = []
        self.written = 0  # rows written to 汇总
        look.page_setup(self.summary)
        look.page_setup(self.findings)
        look.set_widths(self.findings, look.FINDINGS_WIDTHS)
        self.findings.append(look.header_cells(self.findings, lab["findings_columns"]))
        self.formats = [look.FORMATS.get(c) for c in self.columns]
        self.status = lab["status"]
        self.lang = lang

    def add(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        rec = counted(outcome)
        row: list[object] = [_number(rec.get(c)) if c in NUMBER_COLUMNS else rec.get(c)
                             for c in self.columns]
        if "status" in self.columns:
            i = self.columns.index("status")
            row[i] = self.status.get(str(row[i]), row[i])
        self.summary_rows += 1
        if self.held is not None:
            self.held.append(row)
            if len(self.held) >= look.SAMPLE:
                self._release()
        else:
            self._write(row)
        head = (rec.get("department"), rec.get("project"), rec.get("code"))
        for severity, code, indicator, place, message in outcome.findings:
            if self.finding_rows >= MAX_ROWS:
                self._next_findings_sheet()
            append_row(self.findings, [*head, indicator, place, severity_label(severity, self.lang),
                                  code, message])
            self.finding_rows += 1

    def _next_findings_sheet(self) -> None:
        lab = labels()
        self.finding_sheets += 1
        self.findings = self.wb.create_sheet(lab["continued"].format(
            sheet=lab["sheets"]["findings"], n=self.finding_sheets - 1))
        look.page_setup(self.findings)
        look.set_widths(self.findings, look.FINDINGS_WIDTHS)
        self.findings.append(look.header_cells(self.findings, lab["findings_columns"]))
        self.finding_rows = 1

    def _write(self, row: list[object]) -> None:
        """Append a row; one with wrapped text gets the height its lines need."""
        if self.written >= MAX_ROWS:
            self._next_summary_sheet()
        ws = self.summary
        self.written += 1
        height = look.row_height(row, self.widths)
        if height is not None:
            ws.row_dimensions[self.written].height = height
        append_row(ws, [look.formatted(ws, v, f) for v, f in zip(row, self.formats,
                                                                   strict=True)])
        if height is not None:
            del ws.row_dimensions[self.written]  # written with the row: not kept

    def _next_summary_sheet(self) -> None:
        """汇总 is full (Excel's row limit): the rows go on in 汇总（续1）, …"""
        self.summaries.append((self.summary, self.written))
        self.summary = self.wb.create_sheet(labels()["continued"].format(
            sheet=labels()["sheets"]["summary"], n=len(self.summaries)))
        self.summary.freeze_panes = "C2"
        look.page_setup(self.summary)
        look.set_widths(self.summary, self.widths)
        self.summary.append(look.header_cells(self.summary, self.header))
        self.written = 1

    def _release(self) -> None:
        """Fit the widths to the header and the rows held back, then write them."""
        held, self.held = self.held or [], None
        self.widths = look.fitted_widths(self.header, held)
        look.set_widths(self.summary, self.widths)
        self.summary.append(look.header_cells(self.summary, self.header))
        self.written = 1
        for row in held:
            self._write(row)

    def _finish_summary(self) -> None:
        if self.held is not None:
            self._release()
        grade_cols = [i + 1 for i, c in enumerate(self.columns)
                      if c in ("grade", "grade_scale")]
        for ws, rows in [*self.summaries, (self.summary, self.written)]:
            look.finish_table(ws, len(self.columns), rows)
            look.grade_fills(ws, grade_cols, self.columns.index("grade_scale") + 1, rows,
                             grade_scale()["fill"])
        look.finish_table(self.findings, len(labels()["findings_columns"]), self.finding_rows)

    def _grade_sheet(self, info: RunInfo) -> None:
        """Projects by department and grade on the unified scale; the chart on 等级图."""
        lab = labels()["grades_sheet"]
        grades = list(grade_scale()["labels"])
        for counts in self.tally.grades.values():
            grades += [g for g in counts if g not in grades]
        ws = self.grades
        depts = sorted(self.tally.grades)
        header = [lab["department"], *grades, lab["total"]]
        rows: list[list[object]] = [
            [dept, *(self.tally.grades[dept].get(g, 0) for g in grades),
             sum(self.tally.grades[dept].values())] for dept in depts]
        rows.append([lab["total"], *(sum(self.tally.grades[d].get(g, 0) for d in depts)
                                     for g in grades),
                     sum(sum(c.values()) for c in self.tally.grades.values())])
        rows.append([lab["failed"], self.tally.failed])
        look.set_widths(ws, look.fitted_widths(header, rows))
        look.page_setup(ws)
        ws.append(look.header_cells(ws, header))
        for row in rows:
            append_row(ws, row)
        ws.print_title_rows = "1:1"
        if depts:
            fills = grade_scale()["fill"]
            look.chart_sheet(self.chart, ws, len(grades), len(depts), lab["chart_title"],
                             lab["chart_y"], [fills.get(g) for g in grades])

    def _about_sheet(self, info: RunInfo) -> None:
        lab = labels()
        a = lab["about"]
        ws = self.wb.create_sheet(lab["sheets"]["about"])
        look.about_sheet(ws, [str(v) for v in a.values()],
                         [*info.inputs, *info.skipped, *(" ".join(s) for s in info.schemes)])
        t = self.tally
        yes, no = a["answer_yes"], a["answer_no"]
        append_row(ws, [a["title"]])
        append_row(ws, [a["generated"], info.finished.isoformat(timespec="seconds")])
        append_row(ws, [a["tool"], f"scoring {info.version}"])
        for scheme_id, name, version, digest in info.schemes:
            append_row(ws, [a["scheme"], f"{scheme_id} {name}"])
            append_row(ws, [a["version"], version])
            append_row(ws, [a["content_hash"], digest])
        append_row(ws, [a["projects"], t.projects])
        append_row(ws, [a["scored"], t.projects - t.failed])
        append_row(ws, [a["failed"], t.failed])
        for severity in ("error", "warning", "info"):
            label = lab["by_severity"].format(findings=a["findings"],
                                              severity=severity_label(severity, self.lang))
            append_row(ws, [label, t.findings.get(severity, 0)])
        append_row(ws, [a["audit"], yes if info.audit else no])
        append_row(ws, [a["jobs"], info.jobs])
        for path in info.inputs:
            append_row(ws, [a["inputs"], path])
        for path in info.skipped:
            append_row(ws, [a["skipped"], path])

    def close(self, info: RunInfo) -> None:
        self._finish_summary()
        self._grade_sheet(info)
        self._about_sheet(info)
        with AtomicFile(self.path) as out:
            save_workbook(self.wb, out.handle)

    def abort(self) -> None:
        """Drop the workbook: write-only sheets keep their rows in temporary files,
        which openpyxl removes when it saves; save to nowhere. The failure being
        reported already has its message: a half-written zip that complains while it is
        collected ("Exception ignored in …") is silenced here, and only here."""
        hook = sys.unraisablehook
        sys.unraisablehook = lambda _: None
        try:
            try:
                self.wb.save(os.devnull)
            except Exception:  # a workbook that already failed may fail any way: only cleanup
                pass
            gc.collect()
        finally:
            sys.unraisablehook = hook

