"""Legacy `.xls` workbooks: the official form and the flat table, saved as `.xls` by headless
LibreOffice, read by xlrd (scoring/read/xls.py) score exactly as the same case in YAML (the
form) or the same CSV (the flat table); cells placed `Sheet!H12`; without xlrd one line names
the extra."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import CASES, run_cli
from documents import CASE_FILES, SOFFICE, convert, run_without, scored, yaml_result

from scoring import evaluate, load_case, load_cases
from scoring.report import render_many

pytest.importorskip("xlrd")
pytest.importorskip("openpyxl")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed "
                                "(.ci/run installs Debian's libreoffice-calc)")
FLAT = sorted((CASES / "tables").glob("*.csv")) + sorted((CASES / "layouts").glob("*.csv"))
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def forms_xls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every case's official form, one sheet each, in one workbook saved as `.xls`."""
    tmp = tmp_path_factory.mktemp("forms")
    data = render_many([yaml_result(p) for p in CASE_FILES], "xlsx")
    assert isinstance(data, bytes)
    (tmp / "forms.xlsx").write_bytes(data)
    return convert(tmp / "forms.xlsx", "xls", tmp)


def test_every_form_in_an_xls_scores_as_its_yaml(forms_xls: Path) -> None:
    assert forms_xls.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real OLE2 workbook
    cases = load_cases(forms_xls)
    assert [scored(evaluate(c)) for c in cases] == [scored(yaml_result(p)) for p in CASE_FILES]
    assert [c.project.name for c in cases] == [load_case(p).project.name for p in CASE_FILES]


def test_cells_are_placed_by_sheet_and_address(forms_xls: Path) -> None:
    case = load_cases(forms_xls)[0]
    where = case.indicator_set.indicators[0].field_locations["weight"]
    assert where.file == str(forms_xls)
    sheet, _, address = where.cell.rpartition("!")
    assert sheet and address[0].isalpha() and address[-1].isdigit(), where


@pytest.mark.parametrize("table", FLAT, ids=[p.stem for p in FLAT])
def test_a_flat_table_saved_as_xls_scores_as_the_csv(table: Path, tmp_path: Path) -> None:
    """The CSV typed into a sheet (numbers as numbers, the rest as text: `=100%` typed in
    Excel would be a formula), saved as `.xlsx`, then as `.xls` by LibreOffice."""
    import openpyxl

    data = table.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    book = openpyxl.Workbook()
    for row in csv.reader(text.splitlines()):
        book.active.append([(float(c) if "." in c else int(c)) if NUMBER.fullmatch(c) else
                            (c or None) for c in row])
    for row in book.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even `=100%` (openpyxl takes `=…` as a formula)
    book.save(tmp_path / f"{table.stem}.xlsx")
    xls = convert(tmp_path / f"{table.stem}.xlsx", "xls", tmp_path)
    expected = [scored(evaluate(c)) for c in load_cases(table)]
    assert [scored(evaluate(c)) for c in load_cases(xls)] == expected


def test_score_audit_and_batch_read_an_xls(forms_xls: Path, tmp_path: Path) -> None:
    for command in ("score", "audit", "check"):
        run = run_cli(command, str(forms_xls))
        assert "Traceback" not in run.err and "(legacy-xls)" not in run.err, run.err
    run = run_cli("batch", str(forms_xls.parent), "-o", str(tmp_path / "out.csv"), "--quiet")
    assert run.code == 0, run.err
    rows = (tmp_path / "out.csv").read_text("utf-8-sig").splitlines()
    assert len(rows) == 1 + len(CASE_FILES)  # the .xls (forms.xlsx is an export: left out)


def test_without_xlrd_one_line_names_the_extra(forms_xls: Path, tmp_path: Path) -> None:
    proc = run_without("xlrd", ["score", str(forms_xls)], tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"{forms_xls}: 读取 .xls 需要 xlrd：pip install 'scoring[xls]' (missing-dependency)"]
