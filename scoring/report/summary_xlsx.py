"""Render: the batch summary workbook (汇总, 等级分布, 复核发现, 说明), streamed.

The `.xlsx` writer of `scoring batch` (`batch_output.py` picks it by the
output's extension). openpyxl in write-only mode: rows go to the sheet as
each project arrives and are not kept, so memory stays flat however many
projects there are. 汇总 has one row per project, 复核发现 one row per finding
(continued on further sheets past Excel's row limit), 等级分布 counts grades
by department with a bar chart, 说明 records the scheme (id, version, content
hash), the inputs, the counts and the date. Labels are data
(`data/batch.yaml`). Saved to a temporary file, then renamed over the output
(`output.AtomicFile`).
"""

from __future__ import annotations

import gc
import os
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..batch_output import Outcome, RunInfo, Tally
from ..output import AtomicFile
from ..packaged import data_file
from .workbook import require_openpyxl

MAX_ROWS = 1_048_576  # Excel's rows per sheet
NUMERIC = frozenset({"budget_adjusted", "budget_executed", "execution_rate", "budget_score",
                     "total", "max_total", "reported_total", "manual_points",
                     "total_without_manual"})


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

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        require_openpyxl(path)
        from openpyxl import Workbook

        self.path = path
        self.tally = Tally()
        lab = labels()
        order = [c for c in lab["summary_order"] if c in columns]
        self.columns = order + [c for c in columns if c not in order]
        self.wb = Workbook(write_only=True)
        sheets = lab["sheets"]
        self.summary = self.wb.create_sheet(sheets["summary"])
        self.grades = self.wb.create_sheet(sheets["grades"])
        self.findings = self.wb.create_sheet(sheets["findings"])
        self.finding_rows = 1
        self.finding_sheets = 1
        self.summary.freeze_panes = "C2"
        self.findings.freeze_panes = "A2"
        self.summary.append([lab["columns"].get(c, c) for c in self.columns])
        self.findings.append(lab["findings_columns"])
        self.rate = self.columns.index("execution_rate") if "execution_rate" in \
            self.columns else -1
        self.status = lab["status"]
        self.severity = lab["severity"]

    def add(self, outcome: Outcome) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.tally.add(outcome)
        rec = outcome.record
        row: list[object] = [_number(rec.get(c)) if c in NUMERIC else rec.get(c)
                             for c in self.columns]
        if "status" in self.columns:
            i = self.columns.index("status")
            row[i] = self.status.get(str(row[i]), row[i])
        if self.rate >= 0 and row[self.rate] is not None:
            cell = WriteOnlyCell(self.summary, row[self.rate])
            cell.number_format = "0.00%"
            row[self.rate] = cell
        self.summary.append(row)
        head = (rec.get("department"), rec.get("project"), rec.get("code"))
        for severity, code, indicator, place, message in outcome.findings:
            if self.finding_rows >= MAX_ROWS:
                self._next_findings_sheet()
            self.findings.append([*head, indicator, place, self.severity.get(severity,
                                  severity), code, message])
            self.finding_rows += 1

    def _next_findings_sheet(self) -> None:
        lab = labels()
        self.finding_sheets += 1
        self.findings = self.wb.create_sheet(f"{lab['sheets']['findings']}"
                                             f"（续{self.finding_sheets - 1}）")
        self.findings.append(lab["findings_columns"])
        self.finding_rows = 1

    def _grade_sheet(self, info: RunInfo) -> None:
        from openpyxl.chart import BarChart, Reference

        lab = labels()["grades_sheet"]
        grades = list(info.grade_order)
        for counts in self.tally.grades.values():
            grades += [g for g in counts if g not in grades]
        failed_by_dept = self.tally.failed
        ws = self.grades
        ws.append([lab["department"], *grades, lab["total"]])
        depts = sorted(self.tally.grades)
        for dept in depts:
            counts = self.tally.grades[dept]
            ws.append([dept, *(counts.get(g, 0) for g in grades), sum(counts.values())])
        ws.append([lab["total"], *(sum(self.tally.grades[d].get(g, 0) for d in depts)
                                   for g in grades),
                   sum(sum(c.values()) for c in self.tally.grades.values())])
        ws.append([lab["failed"], failed_by_dept])
        if not depts:
            return
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = lab["chart_title"]
        chart.y_axis.title = lab["chart_y"]
        data = Reference(ws, min_col=2, max_col=1 + len(grades), min_row=1,
                         max_row=1 + len(depts))
        cats = Reference(ws, min_col=1, min_row=2, max_row=1 + len(depts))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.width, chart.height = 24, 12
        ws.add_chart(chart, f"{_column(len(grades) + 3)}2")

    def _about_sheet(self, info: RunInfo) -> None:
        lab = labels()
        a = lab["about"]
        ws = self.wb.create_sheet(lab["sheets"]["about"])
        t = self.tally
        yes, no = a["answer_yes"], a["answer_no"]
        ws.append([a["title"]])
        ws.append([a["generated"], info.finished.isoformat(timespec="seconds")])
        ws.append([a["tool"], f"scoring {info.version}"])
        for scheme_id, name, version, digest in info.schemes:
            ws.append([a["scheme"], f"{scheme_id} {name}"])
            ws.append([a["version"], version])
            ws.append([a["content_hash"], digest])
        ws.append([a["projects"], t.projects])
        ws.append([a["scored"], t.projects - t.failed])
        ws.append([a["failed"], t.failed])
        for severity in ("error", "warning", "info"):
            ws.append([f"{a['findings']}（{lab['severity'][severity]}）",
                       t.findings.get(severity, 0)])
        ws.append([a["audit"], yes if info.audit else no])
        ws.append([a["jobs"], info.jobs])
        for path in info.inputs:
            ws.append([a["inputs"], path])
        for path in info.skipped:
            ws.append([a["skipped"], path])

    def close(self, info: RunInfo) -> None:
        self._grade_sheet(info)
        self._about_sheet(info)
        with AtomicFile(self.path) as out:
            self.wb.save(out.handle)

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
            except Exception:
                pass
            gc.collect()
        finally:
            sys.unraisablehook = hook


def _column(n: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(n)
    return letter
