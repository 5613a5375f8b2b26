"""#15 Done-when: every table in cases/ scores, audits and round-trips (YAML ↔ CSV ↔ XLSX
flat ↔ form ↔ docx ↔ PDF) to the same scores.

One matrix: each source of cases/ (every case YAML, every flat table of cases/tables/ and
cases/layouts/) × each container it can be published in (tests/roundtrip.py), read back
by the readers of `scoring score` / `scoring audit`. Every row's score and status, the
total and the grade equal the source's. The audit's finding codes equal the source's in
the containers that carry the table as published (its flat table in CSV, a sheet, Word);
the official form as the engine exports it prints the engine's scores as the published
ones, so its containers (XLSX form, Word, PDF) agree with one another. The PDFs of the
whole matrix are printed by one Chromium run, the Word forms are one document."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import CHROMIUM, add_form_table, print_pdf
from roundtrip import SOURCES, Reading, Source, csv_rows, reading, results, typed

from scoring.load.tables import load_cases
from scoring.model.case import Case
from scoring.model.result import Result
from scoring.report import render_many
from scoring.report.html import render_html_many

FLAT_CONTAINERS = ("csv", "xlsx-flat", "docx-flat")
FORM_CONTAINERS = ("form", "docx", "pdf")
MATRIX = [(s, c) for s in SOURCES for c in (*FLAT_CONTAINERS, *FORM_CONTAINERS)
          if c in FORM_CONTAINERS or s.table() is not None]


def _expected(source: Source) -> list[Reading]:
    return [reading(case) for case in source.cases()]


def _flat_xlsx(source: Source, tmp: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    table = source.table()
    assert table is not None
    book = openpyxl.Workbook()
    for row in csv_rows(table):
        book.active.append([typed(c) for c in row])
    for row in book.active.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even `=100%` (openpyxl takes `=…` as a formula)
    out = tmp / f"{table.stem}.xlsx"
    book.save(out)
    return out


def _flat_docx(source: Source, tmp: Path) -> Path:
    docx = pytest.importorskip("docx")
    table = source.table()
    assert table is not None
    rows = csv_rows(table)
    document = docx.Document()
    document.add_paragraph("2023年度部门决算公开")
    word = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            word.cell(r, c).text = text
    out = tmp / f"{table.stem}.docx"
    document.save(str(out))
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Reading]]:
    """Every source's official form read back from each form container: source id +
    container → the readings, in the order of the source's projects."""
    docx = pytest.importorskip("docx")
    tmp = tmp_path_factory.mktemp("roundtrip")
    per_source = [(s, results([s])) for s in SOURCES]
    out: dict[str, list[Reading]] = {}
    document = docx.Document()
    for source, found in per_source:
        data = render_many(found, "xlsx", publish=True)
        assert isinstance(data, bytes)
        path = tmp / f"{source.id.replace('/', '-')}.xlsx"
        path.write_bytes(data)
        out[f"{source.id}:form"] = [reading(c) for c in load_cases(path)]
        for result in found:
            document.add_paragraph("附件：项目支出绩效自评表")
            add_form_table(document, result)
    document.save(str(tmp / "决算公开.docx"))
    _split(out, "docx", per_source, load_cases(tmp / "决算公开.docx"), printed=False)
    if CHROMIUM is not None and _has("pdfplumber"):
        html = render_html_many([r for _, found in per_source for r in found], publish=True)
        _split(out, "pdf", per_source, load_cases(print_pdf(html, tmp)), printed=True)
    return out


def _split(out: dict[str, list[Reading]], container: str,
           per_source: list[tuple[Source, list[Result]]], cases: list[Case], *,
           printed: bool) -> None:
    """The cases read from one document of every form, handed back to their sources."""
    assert len(cases) == sum(len(found) for _, found in per_source), container
    at = 0
    for source, found in per_source:
        out[f"{source.id}:{container}"] = [reading(c, printed=printed)
                                           for c in cases[at:at + len(found)]]
        at += len(found)


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _scores(readings: list[Reading]) -> list[tuple[object, ...]]:
    return [(r.rows, r.total, r.grade) for r in readings]


@pytest.mark.parametrize(("source", "container"), MATRIX,
                         ids=[f"{s.id}:{c}" for s, c in MATRIX])
def test_every_table_round_trips_to_the_same_scores(source: Source, container: str,
                                                   tmp_path: Path,
                                                   exported: dict[str, list[Reading]]) -> None:
    expected = _expected(source)
    if container in FLAT_CONTAINERS:
        table = source.table()
        assert table is not None
        path = {"csv": lambda: table, "xlsx-flat": lambda: _flat_xlsx(source, tmp_path),
                "docx-flat": lambda: _flat_docx(source, tmp_path)}[container]()
        got = [reading(c) for c in load_cases(path, source.scheme)]
        assert _scores(got) == _scores(expected)
        assert [r.audit for r in got] == [r.audit for r in expected]  # as published
        return
    if container == "pdf" and f"{source.id}:pdf" not in exported:
        pytest.skip("chromium or pdfplumber is not installed (.ci/run installs both)")
    got = exported[f"{source.id}:{container}"]
    assert _scores(got) == _scores(expected)
    assert [r.audit for r in got] == [r.audit for r in exported[f"{source.id}:form"]]


def test_the_matrix_holds_every_table_of_cases() -> None:
    """Nothing left out: every YAML and flat table is a source; every YAML with a flat
    transcription meets it in the flat containers."""
    ids = {s.id for s in SOURCES}
    assert len(ids) == len(SOURCES) == 13 + 12
    assert len(MATRIX) == 6 * 12 + 3 * 13 + 3 * sum(1 for s in SOURCES[:13] if s.table())
