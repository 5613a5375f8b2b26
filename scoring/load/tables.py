"""Import: tables as departments exchange them → `Case` objects.

The entry of the pipeline for files that are not case YAML. A path is
dispatched on its suffix:

- `.csv` / `.tsv` / `.txt`: the flat 自评表 of FORMATS.md §4, streamed row by
  row (`csvtable.py` → `flat.py`); encoding detected (`encoding.py`).
- `.xlsx` / `.xlsm`: the official form when `scoring.load.form` recognises one
  (`read_form_workbook`), else the flat table on every sheet that has its
  header (`xlsxtable.py`).
- `.xls`: a legacy workbook (OLE2) read by xlrd (`read/xls.py`), each sheet as
  the official form or a flat table; an `.xlsx` misnamed `.xls` is refused
  with what it is (`container.py`).
- `.docx` / `.pdf`: every 自评表 table of a Word document (python-docx,
  `read/docx.py`) or a digital PDF (pdfplumber, `read/pdf.py`), one case per
  form (`load/documents.py`).
- anything else: a case YAML (`loader.load_case`).

    >>> from pathlib import Path
    >>> from scoring import evaluate
    >>> from scoring.load.tables import load_cases
    >>> seed = Path("cases/tables/000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv")
    >>> [(c.project.name, str(evaluate(c).total)) for c in load_cases(seed, "sichuan-2023")]
    [('2023招商引资', '97.7')]

Cases built from a table carry an inline indicator set (kind `project`, or
`department` for a 部门整体 table), the scheme given, cell text exactly as
printed, and the place (`file:line:col` or `file:Sheet!H12`) of every row and
cell. A table whose scheme nobody names (no `scheme`, no footer) takes the
default `mof-2020`, unless its printed 预算执行率 weight is another built-in
scheme's budget weight (湖北/云南: 20): then that scheme, and the case says so
(`scheme-from-layout`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Diagnostic, LoadError
from ..model.case import Case
from .loader import (
    CSV_SUFFIXES,
    DOCUMENT_SUFFIXES,
    LEGACY_SUFFIXES,
    XLSX_SUFFIXES,
    load_case,
    resolve_scheme_ref,
)
from .scheme import DEFAULT_SCHEME, scheme_by_layout

if TYPE_CHECKING:
    from ..read.columns import Table

__all__ = ["iter_cases", "load_cases"]


def iter_cases(path: Path, scheme: str | None = None) -> Iterator[Case]:
    """Every case in `path`, one by one (a table may hold many projects).

    A CSV is streamed: each project is yielded when its rows end, so memory
    does not grow with the file. Projects that fail to load are skipped and,
    after the last project, one `LoadError` carries every diagnostic, sorted.
    `scheme` (a built-in id or a scheme file) is the scheme of table cases
    (default `mof-2020`) and overrides the scheme of a YAML case.
    """
    path = Path(path)
    ref = resolve_scheme_ref(scheme, Path.cwd())
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        from ..read.csvtable import read_csv_table

        yield from _from_tables([read_csv_table(path)], ref)
    elif suffix in XLSX_SUFFIXES:
        yield from _from_workbook(path, ref)
    elif suffix in LEGACY_SUFFIXES | DOCUMENT_SUFFIXES:
        yield from _from_document(path, suffix, ref)
    else:
        case = load_case(path)
        yield case if ref is None else case.model_copy(update={"scheme": ref})


def load_cases(path: Path, scheme: str | None = None) -> list[Case]:
    """`list(iter_cases(path, scheme))`: every case of a file, or one `LoadError`."""
    return list(iter_cases(path, scheme))


def _from_tables(tables: list[Table], scheme: str | None) -> Iterator[Case]:
    """The cases of flat tables: under `scheme`, else by their layout (`scheme_by_layout`)."""
    from .flat import iter_table_cases  # tables only: a YAML case does not pay for it

    sink: list[Diagnostic] = []
    for table in tables:
        for case in iter_table_cases(table, scheme or DEFAULT_SCHEME, sink):
            yield case if scheme else scheme_by_layout(case)
    if sink:
        raise LoadError(sink)


def _from_document(path: Path, suffix: str, scheme: str | None) -> Iterator[Case]:
    from .documents import document_cases

    if suffix == ".docx":
        from ..read.docx import read_docx_grids

        yield from document_cases(str(path), read_docx_grids(path), scheme, DEFAULT_SCHEME)
    elif suffix == ".pdf":
        from ..read.pdf import read_pdf

        grids, found = read_pdf(path)
        yield from document_cases(str(path), grids, scheme, DEFAULT_SCHEME, found)
    else:
        from ..read.container import OLE2_MAGIC, head, refuse_xls
        from ..read.xls import read_xls_grids

        if not head(path, str(path)).startswith(OLE2_MAGIC):
            raise refuse_xls(path)
        yield from document_cases(str(path), read_xls_grids(path), scheme, DEFAULT_SCHEME)


def _from_workbook(path: Path, scheme: str | None) -> Iterator[Case]:
    """The cases of a workbook: its forms, else its flat tables. openpyxl's errors on a
    damaged file are `unreadable-file` where openpyxl runs (`form.py`, `xlsxtable.py`)."""
    try:
        from .form import read_form_workbook
    except ImportError:
        forms = None
    else:
        forms = read_form_workbook(path)
    if forms is not None:
        for case in forms:  # a form without a scheme in its footer: by its layout
            yield case.model_copy(update={"scheme": scheme}) if scheme else \
                case if case.scheme else scheme_by_layout(case)
        return
    from ..read.xlsxtable import open_workbook, read_xlsx_tables

    workbook = open_workbook(path)
    try:
        yield from _from_tables(read_xlsx_tables(path, workbook), scheme)
    finally:
        workbook.close()
