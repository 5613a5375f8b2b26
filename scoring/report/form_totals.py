"""Render (XLSX): the form's totals as formulas with cached values, and the review sheet.

合计 is a formula over the score cells (`=SUM(I8,I12:I25)`, the weights
likewise), so a reviewer who edits a score in Excel or LibreOffice sees the
total follow; a rescaled total (rows left out, F9) divides by the applicable
weights (`SUMPRODUCT(ISNUMBER(scores)*weights)`) and rounds at the scheme's
places. openpyxl writes a formula without its value; `with_cached_values`
writes the engine's exact value into each formula cell of the saved workbook,
so a reader that does not compute (and `scoring`'s own form reader, which reads
cached values) still sees the number. What is not part of the official form
(the content hash, the source file, the findings) goes to the review sheet.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model.findings import findings_title, report_label, severity_label
from .table import EXPORT, Table
from .workbook import Sheet

REVIEW_WIDTH = 120  # column A of the review sheet, in character units


@dataclass(frozen=True, slots=True)
class Ranges:
    """Where the form's weights and scores were drawn: the budget row (if any) and the
    first and last indicator rows; the weight column H, the score column I."""

    budget_row: int | None
    first: int
    last: int


def total_formulas(table: Table, at: Ranges) -> tuple[str, str]:
    """(weight total, score total) as formulas over the drawn cells."""
    weights = f"H{at.first}:H{at.last}"
    scores = f"I{at.first}:I{at.last}"
    lead_w = f"H{at.budget_row}," if at.budget_row else ""
    lead_s = f"I{at.budget_row}," if at.budget_row else ""
    weight = f"=SUM({lead_w}{weights})"
    if not table.rescaled or table.full_marks is None:
        return weight, f"=SUM({lead_s}{scores})"
    applicable = f"SUMPRODUCT(ISNUMBER({scores})*{weights})"
    if at.budget_row:
        applicable = f"H{at.budget_row}+{applicable}"
    return weight, (f"=ROUND(SUM({lead_s}{scores})/({applicable})*{table.full_marks:f},"
                    f"{table.places})")


def with_cached_values(data: bytes, cached: Sequence[dict[str, Decimal]]) -> bytes:
    """The saved workbook `data` with each formula cell's value written in.

    `cached[i]` maps a cell (`I25`) of the (i+1)-th worksheet to its value; a
    formula openpyxl wrote there (`<f>…</f><v />`, or `<v></v>` when it writes with lxml)
    gets `<v>value</v>`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            found = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            index = int(found.group(1)) - 1 if found else -1
            if 0 <= index < len(cached):
                for coord, value in cached[index].items():
                    cell = rb'(<c r="' + coord.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)'
                    payload = re.sub(cell + rb"\s*(?:<v\s*/>|<v></v>)",
                                     rb"\g<1><v>" + format(value, "f").encode() + rb"</v>",
                                     payload)
            dst.writestr(info, payload)
    return out.getvalue()


def write_review_sheet(ws: Any, forms: Sequence[tuple[str, Table]]) -> None:
    """The review sheet: for each form (its sheet title), the content hash, the source
    file and the findings; one line each, never inside the form."""
    s = Sheet(ws)  # the workbooks' one writer: text stays text, never a formula
    ws.column_dimensions["A"].width = REVIEW_WIDTH
    row = 1
    for title, table in forms:
        heading = EXPORT["review_heading"].format(sheet=title, review=table.review_title)
        lines = [(heading, s.bold), *((line, s.font) for line in table.review)]
        if table.findings:
            lines.append((findings_title(len(table.findings), table.lang), s.bold))
            lines += [(EXPORT["finding"].format(
                severity=severity_label(sev, table.lang), message=msg, code=code,
                place=EXPORT["finding_place"].format(place=place) if place else ""), s.font)
                for sev, code, place, msg in table.findings]
        for text, font in [*lines, ("", s.font)]:
            s.put(row, 1, 1, text, border=False, align="left", font=font)
            row += 1


def review_sheet_title(table: Table) -> str:
    """The title of the review sheet (in the findings' language)."""
    return report_label("review_sheet", table.lang)
