"""The exported form in LibreOffice (headless Calc): 合计 is recomputed from the score
cells, follows an edited score, and the published form prints on one A4 page.

Skipped only when LibreOffice is not installed (.ci/run installs libreoffice-calc)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEED, run_cli

from scoring import evaluate, load_case
from scoring.decimals import round_half_up
from scoring.report import render, render_many

openpyxl = pytest.importorskip("openpyxl")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed "
                                "(.ci/run installs Debian's libreoffice-calc)")
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"


def _convert(path: Path, to: str, tmp_path: Path) -> Path:
    """`path` converted by a headless LibreOffice with its own profile (no lock shared
    with another LibreOffice running on the machine)."""
    out = tmp_path / "out"
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", to, "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    [made] = out.iterdir()
    return made


def _without_cached_values(data: bytes, path: Path, edit: dict[str, Any] | None = None) -> Path:
    """The workbook saved again by openpyxl, which keeps formulas but drops their values:
    whatever LibreOffice then shows in 合计, it computed."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for coord, value in (edit or {}).items():
        book.active[coord] = value
    book.save(path)
    return path


def _total_row(csv_path: Path) -> list[str]:
    rows = list(csv.reader(csv_path.read_text("utf-8").splitlines()))
    return next(r for r in rows if r and r[0] == "合计")


def _cell(data: bytes, text: str, column: int) -> str:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == text)
    return str(ws.cell(row, column).coordinate)


def test_libreoffice_recomputes_the_engines_total(tmp_path: Path) -> None:
    result = evaluate(load_case(SEED))
    data = render(result, "xlsx")
    stripped = _without_cached_values(data, tmp_path / "form.xlsx")
    assert openpyxl.load_workbook(stripped, data_only=True).active[
        _cell(data, "合计", 9)].value is None  # no value left to show: LibreOffice computes
    row = _total_row(_convert(stripped, CSV_AS_SHOWN, tmp_path))
    assert (row[7], row[8]) == (format(result.max_total, "f"), format(result.total, "f"))


def test_every_cases_total_is_recomputed_by_libreoffice(tmp_path: Path) -> None:
    """All cases in one workbook, values dropped, recomputed and saved by LibreOffice as
    XLSX: each form's 合计 is the engine's total at the scheme's places."""
    results = [evaluate(load_case(p)) for p in sorted((ROOT / "cases").glob("*.yaml"))]
    data = render_many(results, "xlsx")
    assert isinstance(data, bytes)
    stripped = tmp_path / "all.xlsx"
    openpyxl.load_workbook(io.BytesIO(data)).save(stripped)
    book = openpyxl.load_workbook(_convert(stripped, "xlsx", tmp_path), data_only=True)
    for ws, result in zip(book.worksheets, results, strict=False):
        row = next(c.row for r in ws.iter_rows() for c in r if c.value == "合计")
        weight, total = ws.cell(row, 8).value, ws.cell(row, 9).value
        assert isinstance(total, (int, float)), ws.title
        assert round_half_up(Decimal(repr(total)), result.scheme.places) == result.total
        assert Decimal(repr(weight)) == result.max_total, ws.title


def test_an_edited_score_changes_the_total(tmp_path: Path) -> None:
    result = evaluate(load_case(SEED))
    data = render(result, "xlsx")
    score = _cell(data, "协议金额", 9)  # 7.7 → 9.7
    edited = _without_cached_values(data, tmp_path / "edited.xlsx", {score: 9.7})
    row = _total_row(_convert(edited, CSV_AS_SHOWN, tmp_path))
    assert Decimal(row[8]) == result.total + 2 == Decimal("99.7")


def test_the_published_form_prints_on_one_page(tmp_path: Path) -> None:
    out = tmp_path / "自评表.xlsx"
    assert run_cli("score", str(SEED.relative_to(ROOT)), "--format", "xlsx", "-o", str(out),
                   "--publish").code == 0
    pdf = _convert(out, "pdf", tmp_path)
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    assert "Pages:           1" in info and "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    assert "97.7" in text and "复核" not in text and "哈希" not in text
