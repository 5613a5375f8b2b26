"""Render: the audit as an XLSX workbook — the forms with questioned cells marked.

Per project the official form, drawn by `xlsx.write_form_sheet`, with every
cell a finding questions filled by severity and commented with the finding's
message (several findings on one cell share it; the worst severity colours
it). Which cell a finding code questions is data (`data/audit.yaml`,
`cells`). A sheet lists all findings (project, row, place, code, severity,
published, recomputed, message); for several projects a summary sheet comes
first (by code, by department, grade changes). openpyxl is imported lazily.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from ..decimals import fmt_places
from ..model.findings import SEVERITY_ORDER, Finding, Lang, severity_label
from ..model.result import TOTAL_ROW
from ..read.packaged import data_file
from ..review.audit import AuditResult
from .audit_summary import AuditSummary, GradeChange, project_label, summarize_audits
from .form_totals import with_cached_values
from .grid import text_width
from .memo import phrases
from .table import Table, build_table
from .workbook import (
    LINE_POINTS,
    TEXT_PER_WIDTH,
    append_row,
    reproducible,
    require_openpyxl,
    save_workbook,
    sheet_title,
)
from .xlsx import SCORE, form_cache, markable_cells, write_form_sheet

Marks = dict[tuple[str, str], tuple[str, str]]
COLUMN_WIDTHS = (24, 22, 34, 30, 10, 10, 10, 80)
HEADER_FILL = "F2F2F2"


def form_marks(item: AuditResult, table: Table, lang: Lang = "zh") -> Marks:
    """(row key, column) → (worst severity, the messages) for every finding of `item`."""
    columns: dict[str, str] = data_file("audit.yaml")["cells"]  # finding code → form column
    ids = {r.name: r.id for r in item.result.indicators}
    drawn = markable_cells(table)
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for f in item.findings:
        column = dict(f.params).get("field") if f.code == "unparsed-cell" else None
        column = column or columns.get(f.code, SCORE)
        key = (ids.get(f.indicator, f.indicator), column)
        if key not in drawn:
            key = (TOTAL_ROW, SCORE)
        grouped.setdefault(key, []).append(f)
    marks: Marks = {}
    for key, found in grouped.items():
        worst = min(found, key=lambda f: SEVERITY_ORDER[f.severity]).severity
        marks[key] = (worst, "\n".join(f"[{f.code}] {f.message_in(lang)}" for f in found))
    return marks


def finding_rows(item: AuditResult, lang: Lang = "zh") -> Iterable[tuple[str, ...]]:
    """One row per finding: project, row, place, code, severity, published value,
    recomputed value (as printed), message."""
    places = item.result.scheme.places
    rows = {r.name: r for r in item.result.indicators}
    for f in item.findings:
        params = dict(f.params)
        row = rows.get(f.indicator)
        published = params.get("published") or (row.reported_score if row else None) or ""
        recomputed = params.get("recomputed") or (
            fmt_places(row.score, places) if row is not None and row.score is not None else "")
        yield (project_label(item), f.indicator, str(f.location or ""), f.code,
               severity_label(f.severity, lang), published, recomputed, f.message_in(lang))


def _table_sheet(ws: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    append_row(ws, header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    for values in rows:
        append_row(ws, [_cell(v) for v in values])
        lines = 1
        for cell, width in zip(ws[ws.max_row], COLUMN_WIDTHS, strict=False):
            if isinstance(cell.value, str):
                span = max(1.0, (width - 1) * TEXT_PER_WIDTH)
                lines = max(lines, -(-text_width(cell.value) // int(span)))
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[ws.max_row].height = round(lines * LINE_POINTS + 4, 1)
    for i, width in enumerate(COLUMN_WIDTHS[:len(header)]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    _landscape(ws)


def _landscape(ws: Any) -> None:
    """A4 landscape, one page wide, the header row on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    return value if isinstance(value, (int, str, Decimal)) else str(value)


def _change(c: GradeChange) -> tuple[Any, ...]:
    return (c.project, c.department or "", c.source, c.from_total, c.from_grade,
            c.to_total, c.to_grade, c.points)


def _summary_sheet(ws: Any, summary: AuditSummary, lang: Lang) -> None:
    p = phrases(lang)
    blocks: list[tuple[str, Sequence[str], list[tuple[Any, ...]]]] = [
        (p["by_code"], p["by_code_columns"],
         [(c.code, severity_label(c.severity, lang), c.findings, c.projects)
          for c in summary.by_code]),
        (p["by_department"], p["by_department_columns"],
         [(d.department or p["unknown"], d.projects, d.errors, d.warnings, d.infos,
           d.grade_changes) for d in summary.by_department]),
        (p["grade_changes"], p["change_columns"][:7], [_change(c)[:7]
                                                        for c in summary.grade_changes]),
        (p["evidence_changes"], p["change_columns"], [_change(c)
                                                      for c in summary.evidence_changes]),
    ]
    from openpyxl.styles import Font

    append_row(ws, [p["summary_title"].format(projects=summary.projects)])
    ws["A1"].font = Font(bold=True, size=14)
    for title, header, rows in blocks:
        ws.append([])
        append_row(ws, [title])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        append_row(ws, header)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for values in rows or [(p["none_listed"],)]:
            append_row(ws, [_cell(v) for v in values])
    for i, width in enumerate((40, 22, 30, 12, 10, 12, 10, 12)):
        ws.column_dimensions[chr(ord("A") + i)].width = width


def render_audit_xlsx(items: Sequence[AuditResult], lang: Lang = "zh") -> bytes:
    """The audit workbook: [summary,] the marked forms, the findings sheet."""
    require_openpyxl()
    from openpyxl import Workbook

    p = phrases(lang)
    wb = Workbook()
    wb.remove(wb.active)
    taken = {p["sheets"]["summary"], p["sheets"]["findings"]}
    cached: list[dict[str, Decimal]] = []  # the totals' values, per sheet in order
    if len(items) > 1:
        _summary_sheet(wb.create_sheet(p["sheets"]["summary"]), summarize_audits(items), lang)
        cached.append({})
    for item in items:
        table = build_table(dataclasses.replace(item.result, findings=item.findings), lang)
        ws = wb.create_sheet(sheet_title(project_label(item), taken))
        cached.append(form_cache(table, write_form_sheet(ws, table, form_marks(item, table,
                                                                              lang))))
    rows = [row for item in items for row in finding_rows(item, lang)]
    _table_sheet(wb.create_sheet(p["sheets"]["findings"]), p["findings_columns"], rows)
    buffer = io.BytesIO()
    save_workbook(wb, buffer)
    return reproducible(with_cached_values(buffer.getvalue(), cached))
