"""Builders for the document round trips (tests/read/test_docx.py, test_pdf.py, test_xls.py):
the official form of a case drawn into a Word table, printed to PDF by headless Chromium,
saved as `.xls` by headless LibreOffice; and what a scoring is compared on."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from conftest import ROOT

from scoring import evaluate, load_case
from scoring.model.case import Case
from scoring.model.result import Result
from scoring.read.xlsxcell import cell_text
from scoring.report import render

CASE_FILES = sorted((ROOT / "cases").glob("*.yaml"))
CHROMIUM = shutil.which("chromium")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-pdf-header-footer")
Scored = tuple[Decimal | None, str | None, list[tuple[str, Decimal | None]]]


def scored(result: Result) -> Scored:
    """What two readings of one table must agree on: total, grade, every row's score (not
    its status: the form prints a row scored by its own rule as a manual score)."""
    return (result.total, result.grade, [(r.name, r.score) for r in result.indicators])


def yaml_result(path: Path) -> Result:
    return evaluate(load_case(path))


def case_result(case: Case) -> Result:
    return evaluate(case)


def form_sheet(result: Result) -> object:
    """The official form of `result` as the XLSX export draws it (an openpyxl sheet)."""
    import openpyxl

    data = render(result, "xlsx")
    assert isinstance(data, bytes)
    return openpyxl.load_workbook(io.BytesIO(data), data_only=True).active


def add_form_table(document: object, result: Result) -> None:
    """The form of `result` as one Word table: the export's cells, its merges."""
    ws = form_sheet(result)
    table = document.add_table(rows=ws.max_row, cols=ws.max_column)  # type: ignore[attr-defined]
    covered: set[tuple[int, int]] = set()
    for merged in ws.merged_cells.ranges:  # type: ignore[attr-defined]
        table.cell(merged.min_row - 1, merged.min_col - 1).merge(
            table.cell(merged.max_row - 1, merged.max_col - 1))
        covered |= {(r, c) for r, c in merged.cells} - {(merged.min_row, merged.min_col)}
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            text = cell_text(cell.value, cell.number_format)
            if text is not None and (cell.row, cell.column) not in covered:
                table.cell(cell.row - 1, cell.column - 1).text = text


def print_pdf(html: str, tmp_path: Path) -> Path:
    """`html` printed to PDF by headless Chromium (its own profile)."""
    assert CHROMIUM is not None
    page = tmp_path / "form.html"
    page.write_text(html, "utf-8")
    pdf = tmp_path / "form.pdf"
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, timeout=180,
                   capture_output=True)
    return pdf


def convert(path: Path, to: str, tmp_path: Path, *, infilter: str | None = None) -> Path:
    """`path` converted by headless LibreOffice (its own profile) to format `to`."""
    assert SOFFICE is not None
    out = tmp_path / "converted"
    read_as = [f"--infilter={infilter}"] if infilter else []
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--headless", *read_as, "--convert-to", to, "--outdir", str(out),
                    str(path)],
                   check=True, capture_output=True, timeout=180)
    [made] = out.iterdir()
    return made


def run_without(module: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI run with `module` hidden (importing it raises ImportError), as in an
    install without the extra that brings it."""
    hide = (f"import sys; sys.modules[{module!r}] = None; from scoring.cli.main import main; "
            "sys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", hide, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
