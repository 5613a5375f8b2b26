"""Render (summary workbook): how the batch summary looks, like a finance workbook.

The formatting of `summary_xlsx.py`'s sheets, apart from what goes in them:
column widths fitted to the cells (CJK characters count double, `grid.text_width`), a
styled header row that is frozen, repeated on every printed page and carries
an autofilter, number formats (scores at 2 places, money with thousands
separators, rates as `0.00%`), a fill by grade on the unified scale (a
conditional format, so it follows an edit), A4 landscape fitted to the page
width, and the grade chart alone on a sheet printed on one page.

The workbook is written in openpyxl's write-only mode: a sheet's widths and
sheet properties go out with its first row, its filter, conditional formats and
page setup when it is saved. Widths are therefore fitted to the header and the
first `SAMPLE` rows, which the writer holds back until then.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from .grid import text_width
from .workbook import cell_value, text_cell

SAMPLE = 1000  # rows held back to fit the column widths
MIN_WIDTH, MAX_WIDTH = 6, 40  # column widths, in character units; longer text wraps
HEADER_FILL = "1F4E78"
HEADER_FONT = "FFFFFF"
SCORE_FORMAT = "0.00"
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
FORMATS = {"total": SCORE_FORMAT, "budget_score": SCORE_FORMAT,
           "reported_total": SCORE_FORMAT, "max_total": SCORE_FORMAT,
           "manual_points": SCORE_FORMAT, "total_without_manual": SCORE_FORMAT,
           "budget_adjusted": MONEY_FORMAT, "budget_executed": MONEY_FORMAT,
           "execution_rate": RATE_FORMAT}
LINE_POINTS = 13.5  # one line of text at the default size
FINDINGS_WIDTHS = (24, 30, 14, 24, 36, 8, 28, 70)
CHART_SIZE = (25.0, 15.5)  # cm: the chart alone on an A4 landscape page


def display_width(value: object) -> int:
    """The width a cell's text takes, CJK characters counting double."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}") + (1 if value < 0 else 0)
    text = str(getattr(value, "value", value))
    return max((text_width(line) for line in text.split("\n")), default=0)


def fitted_widths(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    """Column widths that fit the header and `rows` (between MIN_WIDTH and MAX_WIDTH)."""
    widths = [display_width(h) for h in header]
    for row in rows:
        for i, value in enumerate(row[:len(widths)]):
            widths[i] = max(widths[i], display_width(value))
    return [float(min(MAX_WIDTH, max(MIN_WIDTH, w + 2))) for w in widths]


def row_height(row: Sequence[object], widths: Sequence[float]) -> float | None:
    """The height (points) a row needs for its wrapped text, None for one line."""
    lines = 1
    for value, width in zip(row, widths, strict=False):
        if isinstance(value, str) and len(value) * 2 > width:
            lines = max(lines, -(-display_width(value) // max(int(width) - 1, 1)))
    return LINE_POINTS * lines + 2 if lines > 1 else None


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width


def header_cells(ws: Any, labels: Sequence[str]) -> list[Any]:
    """The header row: bold white on dark blue, centred, wrapped, bordered."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    side = Side(style="thin", color="808080")
    cells = []
    for label in labels:
        cell = text_cell(ws, label)
        cell.font = Font(bold=True, color=HEADER_FONT)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(left=side, right=side, top=side, bottom=side)
        cells.append(cell)
    return cells


def formatted(ws: Any, value: object, number_format: str | None) -> object:
    """A numeric value as a cell with its number format; text wider than a column
    may be as a wrapped cell; other values as they are. Text goes through
    `workbook.cell_value` first: never a formula, control characters visible."""
    value = cell_value(ws, value)
    if isinstance(value, str) and len(value) * 2 > MAX_WIDTH - 2 and \
            display_width(value) > MAX_WIDTH - 2:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment

        text = WriteOnlyCell(ws, value)
        text.data_type = "s"  # text, never a formula
        text.alignment = Alignment(wrap_text=True, vertical="top")
        return text
    if number_format is None or not isinstance(value, (Decimal, int)) or \
            isinstance(value, bool):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value)
    cell.number_format = number_format
    return cell


def page_setup(ws: Any, *, one_page: bool = False) -> None:
    """A4 landscape, fitted to the page width (and height with `one_page`)."""
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def about_sheet(ws: Any, labels: Sequence[str], values: Sequence[str]) -> None:
    """说明 (before its first row): column A fitted to `labels`, B to the longest of
    `values` (paths, hashes; up to twice a table column), fitted to the page width."""
    set_widths(ws, [max(MIN_WIDTH, max(map(display_width, labels), default=0) + 2),
                    min(2 * MAX_WIDTH, max(map(display_width, values), default=0) + 2)])
    page_setup(ws)


def finish_table(ws: Any, columns: int, rows: int) -> None:
    """The header row repeated on every printed page, and an autofilter over the
    table (`rows` counts the header)."""
    from openpyxl.utils import get_column_letter

    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows, 1)}"
    ws.print_title_rows = "1:1"


def grade_fills(ws: Any, grade_cols: Sequence[int], scale_col: int, rows: int,
                fills: dict[str, str]) -> None:
    """Fill the grade cells by their grade on the unified scale (column `scale_col`):
    a conditional format per grade, so the colour follows an edit."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    if rows < 2 or not grade_cols:
        return
    scale = get_column_letter(scale_col)
    ranges = " ".join(f"{get_column_letter(c)}2:{get_column_letter(c)}{rows}"
                      for c in grade_cols)
    for grade, colour in fills.items():
        quoted = grade.replace('"', '""')
        ws.conditional_formatting.add(ranges, FormulaRule(
            formula=[f'${scale}2="{quoted}"'],
            fill=PatternFill("solid", fgColor=colour, bgColor=colour)))


def chart_sheet(ws: Any, data_ws: Any, grades: int, departments: int, title: str,
                y_title: str, colours: Sequence[str | None] = ()) -> None:
    """The grades by department, stacked, alone on `ws` and printed on one page; the
    data are 等级分布's first `1 + grades` columns and `1 + departments` rows."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.y_axis.title = y_title
    data = Reference(data_ws, min_col=2, max_col=1 + grades, min_row=1,
                     max_row=1 + departments)
    cats = Reference(data_ws, min_col=1, min_row=2, max_row=1 + departments)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    for series, colour in zip(chart.series, colours, strict=False):
        if colour:  # the grade's colour, as its cells are filled
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = "808080"
    chart.width, chart.height = CHART_SIZE
    page_setup(ws, one_page=True)
    ws.add_chart(chart, "A1")
