"""What the differential, batch and report tests share: the shipped flat tables
(cases/tables, cases/layouts), the schemes they are scored under (every built-in one and
one that `extends` another), benchmarks/region.py, the generated region, as a module, and
`load_module`, which loads a file of the repository (a script, a benchmark, another test
module) by its path, `two_sheets`, a flat table as a workbook of two sheets, and `taken`,
a generated table written as a CSV when the row engine takes every project of it."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path
from types import ModuleType

from scoring.errors import LoadError
from scoring.load.scheme import builtin_ids
from scoring.load.tables import iter_cases

ROOT = Path(__file__).resolve().parents[1]
TABLES = sorted((ROOT / "cases" / "tables").glob("*.csv")) + sorted(
    (ROOT / "cases" / "layouts").glob("*.csv"))
EXTENDS = str(ROOT / "schemes" / "hunan-yueyang-department.yaml")
SCHEMES = [*builtin_ids(), EXTENDS]


def load_module(name: str, relative: str) -> ModuleType:
    """The file `relative` (to the repository's root) run as a module named `name` (not
    put in `sys.modules`: each caller gets its own)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def taken(folder: Path, header: list[str], rows: list[list[str]], scheme: str) -> Path | None:
    """`rows` under `header` written as `folder`/t.csv, or None when the row engine (the
    reference) refuses a project of it: the adversarial tests compare what both engines
    take; the batch's own tests place a refused project."""
    path = folder / "t.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    try:
        list(iter_cases(path, scheme))
    except LoadError:
        return None
    return path


region = load_module("region", "benchmarks/region.py")


def two_sheets(table: Path, book: Path, *, decimals: bool = True) -> Path:
    """The flat CSV `table` written to `book` as a workbook of two sheets (`Sheet`,
    `第二批`), each with the header and about half the rows, whole projects on each;
    plain numbers written as numbers (openpyxl gives them back as such; `decimals=False`:
    integers only)."""
    import openpyxl

    with table.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    half = 1 + (len(records) - 1) // 2
    while 1 < half < len(records) and records[half][1] == records[half - 1][1]:
        half += 1  # the project of the middle row stays on the first sheet
    workbook = openpyxl.Workbook()
    for sheet, part in ((workbook.active, records[1:half]),
                        (workbook.create_sheet("第二批"), records[half:])):
        sheet.append(records[0])
        for record in part:
            sheet.append([_number(c, decimals) for c in record])
    workbook.save(book)
    return book


def _number(cell: str, decimals: bool) -> object:
    if cell.isdigit():
        return int(cell)
    if decimals and "." in cell and cell.replace(".", "", 1).isdigit():
        return float(cell)
    return cell
