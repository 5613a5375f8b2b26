"""Spreadsheets that expand (issue 12.4): refused before openpyxl works, fast, in one line.

A merged range as large as Excel allows (`A1:XFD1048576`: openpyxl made an
object for each of its 17 billion cells when it loaded the form: killed
after a minute and 3.4 GB), a row numbered 1048576, a cell in column XFD (a
read-only sheet pads every row to it), too many cells, merged cells or
shared strings: `io/sheetguard.py` finds them in the sheet XML before
openpyxl sees it and refuses the workbook with one `sheet-too-large` line at
the sheet's cell. Through the CLI in a subprocess limited to 1 GiB, in
under 5 s; and through the API with the caps of `data/columns.yaml` lowered.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from hostile import Hostile, api_score, check_api, check_cli, run_all

from scoring.errors import LoadError
from scoring.read import sheetguard
from scoring.read.columns import columns

FORM = (ROOT / "cases/forms/anju-2023-investment.xlsx").read_bytes()
SHEET = "xl/worksheets/sheet1.xml"
TITLE = "'2023招商引资'"


def rezip(text: str) -> bytes:
    """The seed form workbook with its sheet's XML replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(FORM)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, text.encode() if info.filename == SHEET else src.read(info))
    return out.getvalue()


def sheet_text() -> str:
    with zipfile.ZipFile(io.BytesIO(FORM)) as src:
        return src.read(SHEET).decode()


def merged(ref: str) -> bytes:
    return rezip(re.sub(r'<mergeCell ref="[^"]+" ?/>', f'<mergeCell ref="{ref}"/>',
                        sheet_text(), count=1))


def extra_row(xml: str) -> bytes:
    return rezip(sheet_text().replace("</sheetData>", xml + "</sheetData>"))


def xlsx(id: str, content: bytes, cell: str) -> Hostile:
    return Hostile(id, {"t.xlsx": content}, "sheet-too-large", f"t.xlsx:{TITLE}!{cell}",
                   ("score", "t.xlsx"), lambda d: api_score(d / "t.xlsx"))


SPECS = [
    xlsx("merged-whole-sheet", merged("A1:XFD1048576"), "A1"),
    xlsx("merged-below-the-cap", merged("A5:B1048576"), "A5"),
    xlsx("row-1048576", extra_row('<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x'
                                  '</t></is></c></row>'), "A1048576"),
    xlsx("column-xfd", extra_row('<row r="31"><c r="XFD31" t="inlineStr"><is><t>x</t></is>'
                                 '</c></row>'), "XFD31"),
]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, object]]:
    return run_all(SPECS, tmp_path_factory.mktemp("sheets"))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.id)
def test_expanding_sheet_is_refused_first(spec: Hostile, runs: dict) -> None:  # type: ignore[type-arg]
    folder, run = runs[spec.id]
    check_cli(spec, run)
    assert len(run.err.strip().splitlines()) == 1, run.err[:2000]  # one line, not 487k
    assert run.seconds < 5, run.seconds
    check_api(spec, folder)


def lowered(monkeypatch: pytest.MonkeyPatch, **caps: int) -> None:
    monkeypatch.setattr(sheetguard, "columns", lambda: dataclasses.replace(columns(), **caps))


def refusal(path: Path) -> str:
    with pytest.raises(LoadError) as err:
        api_score(path)
    [diagnostic] = err.value.diagnostics
    assert diagnostic.code == "sheet-too-large"
    return str(diagnostic.location)


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    path = tmp_path / "t.xlsx"
    path.write_bytes(FORM)
    return path


def test_each_cap_refuses_at_its_place(seed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api_score(seed)  # within every cap
    lowered(monkeypatch, max_xlsx_rows=20)
    assert refusal(seed) == f"{seed}:{TITLE}!A21"
    lowered(monkeypatch, max_columns=5)
    assert refusal(seed).startswith(f"{seed}:{TITLE}!F")
    lowered(monkeypatch, max_xlsx_cells=100)
    assert refusal(seed) == f"{seed}:{TITLE}!A1"
    lowered(monkeypatch, max_merged_cells=20)
    assert refusal(seed).startswith(f"{seed}:{TITLE}!")


def test_shared_strings_past_the_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl holds every shared string in memory: their part's inflated size is capped."""
    path = tmp_path / "s.xlsx"
    path.write_bytes(FORM)
    strings = "".join(f"<si><t>{i}</t></si>" for i in range(100))
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/sharedStrings.xml", f'<sst count="100">{strings}</sst>')
    api_score(path)
    lowered(monkeypatch, max_shared_strings_bytes=1000)
    assert refusal(path) == str(path)


def test_real_workbooks_pass_the_guard() -> None:
    for path in sorted((ROOT / "cases").rglob("*.xlsx")):
        with zipfile.ZipFile(path) as archive:
            sheetguard.guard_sheets(archive, str(path))
