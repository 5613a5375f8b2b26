"""Render: the official 部门预算项目支出绩效自评表 as an XLSX workbook.

Draws only the format-neutral `Table` of `table.py`, in the places of the
official form (四川 510000_0013zp): the title, the header block, the 项目基本情况
block (项目年度目标 | 年度目标完成情况, 项目实施内容), the 预算执行情况 block (the
total row and the fund-source rows), the 绩效指标 block (一级/二级 merged down
as in the published form), 合计 (formulas over the score and weight cells, with
their values cached: `form_totals.py`), 评价等级/评价结论 and the scheme line.
Numbers are stored as numbers (scores at the scheme's places, the rate as
`0.00%`); user text is always a string cell, never a formula. The page is A4
landscape, fitted to one page wide, the indicator header repeated on every
printed page. The content hash, the source file and the findings go to a
review sheet after the forms (none with `publish`). `write_form_sheet` also
serves the audit workbook: `marks` colours a cell and attaches a comment.
openpyxl is imported lazily.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..errors import RenderError
from ..model.findings import Lang
from ..model.result import BUDGET_ROW, TOTAL_ROW, Result
from .form_totals import (
    Ranges,
    review_sheet_title,
    total_formulas,
    with_cached_values,
    write_review_sheet,
)
from .output import error_message
from .table import CONCLUSION, EXPORT, GRADE, INDICATOR, Table, build_table, level_spans
from .workbook import (
    FONT,
    LAST,
    LINE_POINTS,
    SEVERITY_FILL,
    WIDTHS,
    Sheet,
    cell_text,
    places_format,
    reproducible,
    require_openpyxl,
    save_workbook,
    sheet_title,
)

Marks = Mapping[tuple[str, str], tuple[str, str]]
# (first column, last column) of each budget column and each header pair, 1-based
BUDGET_SPANS = ((1, 2), (3, 3), (4, 5), (6, 6), (7, 7), (8, 8), (9, 9))
HEADER_SPANS = ((1, 2, 3, 6), (7, 8, 9, 11))  # label from-to, value from-to
WEIGHT, SCORE = INDICATOR["weight"], INDICATOR["score"]  # columns that can be marked
REASON, EXPLAIN = INDICATOR["reason"], INDICATOR["explain"]  # (of the budget row too)


def _title_and_header(s: Sheet, table: Table) -> int:
    """The column widths, the title and the header block; the next free row."""
    for i, width in enumerate(WIDTHS):
        s.ws.column_dimensions[chr(ord("A") + i)].width = width
    s.put(1, 1, LAST, table.title, border=False, font=_title_font())
    s.heights[1] = 2.2
    row = 2
    for i in range(0, len(table.header), len(HEADER_SPANS)):
        for (lf, lt, vf, vt), (name, value) in zip(HEADER_SPANS, table.header[i:i + 2],
                                                     strict=False):
            s.put(row, lf, lt, name, label=True)
            s.put(row, vf, vt, value, align="left")
        row += 1
    return row


def write_form_sheet(ws: Any, table: Table, marks: Marks | None = None) -> dict[
        tuple[str, str], str]:
    """Draw `table` as the official form on the openpyxl worksheet `ws`.

    `marks` maps (row key, column header) to (severity, comment): the row key is an
    indicator id, `预算执行率` or `合计`; the column is a column name of `table.py` (e.g.
    `得分`, `完成值`; for `合计` also `权重` and `评价等级`). Marked cells get a fill by
    severity and a comment. An unknown key or severity raises `RenderError`. Returns
    where each markable cell was drawn: (row key, column) → coordinate (`I10`); the
    keys are exactly `markable_cells(table)`.
    """
    from openpyxl.worksheet.properties import PageSetupProperties

    s = Sheet(ws)
    row = _basics(s, table, _title_and_header(s, table))
    budget_row = None
    if table.budget is not None:
        row, budget_row = _budget(s, table, row)
    row = _indicators(s, table, row)
    header_row = row - len(table.indicators.rows) - 1
    weight_formula, score_formula = total_formulas(
        table, Ranges(budget_row, header_row + 1, max(row - 1, header_row + 1)))
    s.put(row, 1, 7, table.total[0], label=True)
    weight_cell = s.put(row, 8, 8, None, label=True)
    score_cell = s.put(row, 9, 9, None, label=True)
    weight_cell.value, score_cell.value = weight_formula, score_formula
    score_cell.number_format = places_format(table.places)
    s.places[(TOTAL_ROW, WEIGHT)] = weight_cell.coordinate
    s.places[(TOTAL_ROW, SCORE)] = score_cell.coordinate
    note = table.total_note  # e.g. 已按适用权重折算
    s.put(row, 10, LAST, note, label=True, align="left")
    row += 1
    s.put(row, 1, 2, GRADE, label=True)
    s.places[(TOTAL_ROW, GRADE)] = s.put(row, 3, 4, table.grade).coordinate
    s.put(row, 5, 6, CONCLUSION, label=True)
    s.put(row, 7, LAST, table.conclusion, align="left")
    row += 1
    if table.sections is not None:
        row = _sections(s, table, row)
    for line in table.footer:
        s.put(row, 1, LAST, line, border=False, align="left", font=s.small)
        row += 1
    for r, lines in s.heights.items():
        ws.row_dimensions[r].height = round(lines * LINE_POINTS + 4, 1)
    _mark(s, marks or {})
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:K{row - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    return dict(s.places)


def markable_cells(table: Table) -> set[tuple[str, str]]:
    """The (row key, column) pairs `write_form_sheet` can mark for `table`."""
    cells = {(key, column) for key in table.indicators.keys
             for column in table.indicators.columns}
    if table.budget is not None:
        cells |= {(BUDGET_ROW, c) for c in (*table.budget.columns, REASON, EXPLAIN)}
    return cells | {(TOTAL_ROW, WEIGHT), (TOTAL_ROW, SCORE), (TOTAL_ROW, GRADE)}


def _title_font() -> Any:
    from openpyxl.styles import Font

    return Font(name=FONT, size=16, bold=True)


def _basics(s: Sheet, table: Table, row: int) -> int:
    """项目年度目标 | 年度目标完成情况 on one row, 项目实施内容 below (empty when not given)."""
    if not table.basics:
        return row
    (goals, goal_text), (done, done_text), (content, content_text) = table.basics
    for (lf, lt, vf, vt), (name, value) in zip(HEADER_SPANS, ((goals, goal_text),
                                                              (done, done_text)), strict=True):
        s.put(row, lf, lt, name, label=True)
        s.put(row, vf, vt, value, align="left")
    s.put(row + 1, 1, 2, content, label=True)
    s.put(row + 1, 3, LAST, content_text, align="left")
    return row + 2


def _budget(s: Sheet, table: Table, row: int) -> tuple[int, int]:
    """The budget block: the total row (scored), then the fund-source rows; the
    未完成原因分析 and 计分说明 cells span them all. Returns the next row and the
    total row."""
    block = table.budget
    assert block is not None
    s.put(row, 1, LAST, block.title, label=True, align="left")
    row += 1
    for (first, last), name in zip(BUDGET_SPANS, block.columns, strict=True):
        s.put(row, first, last, name, label=True)
    s.put(row, 10, 10, REASON, label=True)
    s.put(row, 11, 11, EXPLAIN, label=True)
    row += 1
    formats = {4: "0.00%", 6: places_format(table.places)}
    for n, texts in enumerate(block.rows):
        values = block.values[n] if block.values else (None,) * len(block.columns)
        for i, ((first, last), text) in enumerate(zip(BUDGET_SPANS, texts, strict=True)):
            value: str | Decimal | None = values[i] if values[i] is not None else text
            cell = s.put(row + n, first, last, value, label=i == 0, number_format=formats.get(i))
            if n == 0:
                s.places[(BUDGET_ROW, block.columns[i])] = cell.coordinate
    end = row + len(block.rows) - 1
    height = s.heights.get(row, 1.0)
    for col, name, text in ((10, REASON, table.budget_reason),
                            (11, EXPLAIN, table.budget_explain)):
        s.places[(BUDGET_ROW, name)] = s.put(row, col, col, text, align="left").coordinate
        for r in range(row + 1, end + 1):
            s.put(r, col, col, None)
        if end > row:
            s.ws.merge_cells(start_row=row, start_column=col, end_row=end, end_column=col)
    s.heights[row] = max(height, s.heights.get(row, 1.0) / len(block.rows))
    return end + 1, row


def _sections(s: Sheet, table: Table, row: int) -> int:
    """The 分项得分 block of a 部门整体 form: 分项 | 权重 | 得分 | 说明."""
    block = table.sections
    assert block is not None
    spans = ((1, 7), (8, 8), (9, 9), (10, LAST))
    s.put(row, 1, LAST, block.title, label=True, align="left")
    for (first, last), name in zip(spans, block.columns, strict=True):
        s.put(row + 1, first, last, name, label=True)
    for i, cells in enumerate(block.rows, start=row + 2):
        values = block.values[i - row - 2] if block.values else (None,) * len(cells)
        for j, ((first, last), text) in enumerate(zip(spans, cells, strict=True)):
            value = values[j] if values[j] is not None else text
            s.put(i, first, last, value, align="left" if j in (0, 3) else "center",
                  number_format=places_format(table.places) if j == 2 else None)
    return row + 2 + len(block.rows)


def _indicators(s: Sheet, table: Table, row: int) -> int:
    block = table.indicators
    s.put(row, 1, LAST, block.title, label=True, align="left")
    row += 1
    for col, name in enumerate(block.columns, start=1):
        s.put(row, col, col, name, label=True)
    row += 1
    top = row
    score_format = places_format(table.places)
    spans = level_spans(block.rows)
    starts = [top, top]  # row where the current 一级 / 二级 cell starts
    for i, cells in enumerate(block.rows):
        values = block.values[i] if block.values else (None,) * len(cells)
        key = block.keys[i] if block.keys else cells[2]
        for col, text in enumerate(cells, start=1):
            value: str | Decimal | None = values[col - 1] if values[col - 1] is not None \
                else text
            fmt_ = score_format if col == 9 else None
            align = "left" if col in (3, 10, 11) else "center"
            cell = s.put(row + i, col, col, value, number_format=fmt_, align=align)
            if col <= 2 and spans[i][col - 1]:
                starts[col - 1] = row + i
            drawn = s.ws.cell(row=starts[col - 1], column=col) if col <= 2 else cell
            s.places[(key, block.columns[col - 1])] = drawn.coordinate
    for i, pair in enumerate(spans):  # 一级/二级 merged down, as in the published form
        for col, span in enumerate(pair, start=1):
            if span > 1:
                s.ws.merge_cells(start_row=top + i, start_column=col, end_row=top + i + span - 1,
                                 end_column=col)
    rows = block.rows
    return top + len(rows)


def _mark(s: Sheet, marks: Marks) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    for (key, column), (severity, text) in marks.items():
        where = s.places.get((key, column))
        if where is None:
            raise RenderError(error_message("no_such_cell", key=key, column=column))
        if severity not in SEVERITY_FILL:
            raise RenderError(error_message("unknown_severity", severity=severity))
        cell = s.ws[where]
        cell.fill = PatternFill("solid", fgColor=SEVERITY_FILL[severity])
        comment = Comment(cell_text(text), "scoring")
        comment.width, comment.height = 300, 120
        cell.comment = comment


def render_xlsx_many(results: Sequence[Result], lang: Lang = "zh", publish: bool = False) -> bytes:
    """One workbook, one official form per result (one sheet each), then the review
    sheet (unless `publish`)."""
    require_openpyxl()
    from openpyxl import Workbook

    if not results:
        raise RenderError(error_message("no_results"))
    wb = Workbook()
    wb.remove(wb.active)
    tables = [build_table(result, lang, publish) for result in results]
    taken = {review_sheet_title(tables[0])}
    forms: list[tuple[str, Table]] = []
    cached: list[dict[str, Decimal]] = []
    for result, table in zip(results, tables, strict=True):
        ws = wb.create_sheet(sheet_title(result.project.name or EXPORT["sheet"], taken))
        cached.append(form_cache(table, write_form_sheet(ws, table)))
        forms.append((ws.title, table))
    if not publish:
        write_review_sheet(wb.create_sheet(review_sheet_title(tables[0])), forms)
    buffer = io.BytesIO()
    save_workbook(wb, buffer)
    return reproducible(with_cached_values(buffer.getvalue(), cached))


def form_cache(table: Table, places: Mapping[tuple[str, str], str]) -> dict[str, Decimal]:
    """The values of the total formulas `write_form_sheet` drew (for `with_cached_values`)."""
    if table.total_values is None:
        return {}
    max_total, total = table.total_values
    return {places[(TOTAL_ROW, WEIGHT)]: max_total, places[(TOTAL_ROW, SCORE)]: total}


def render_xlsx(result: Result, lang: Lang = "zh", publish: bool = False) -> bytes:
    """The official form of `result` as the bytes of an XLSX workbook."""
    return render_xlsx_many([result], lang, publish)
