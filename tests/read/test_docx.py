"""Word documents: every 自评表 table of a `.docx` is read as the form (or flat table) it is,
merged cells and all, each placed `file.docx:表3!R5C7`, and scores exactly as its YAML case.

The documents are built here: python-docx draws the official form of each case in
`cases/` as a Word table (the XLSX export's cells and merged ranges)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED, run_cli
from documents import CASE_FILES, add_form_table, run_without, scored, yaml_result

from scoring import evaluate, load_case, load_cases
from scoring.errors import LoadError

docx = pytest.importorskip("docx")
pytest.importorskip("openpyxl")


def _document(paths: list[Path], out: Path, *, between: bool = True) -> Path:
    """A 决算公开-like document: a paragraph, an unrelated table, then each case's form."""
    document = docx.Document()
    document.add_paragraph("2023年度部门决算公开")
    if between:
        other = document.add_table(rows=2, cols=3)
        for c, text in enumerate(("项目", "本年收入", "本年支出")):
            other.cell(0, c).text = text
    for path in paths:
        document.add_paragraph("附件：项目支出绩效自评表")
        add_form_table(document, yaml_result(path))
    document.save(str(out))
    return out


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_each_case_in_a_docx_scores_as_its_yaml(path: Path, tmp_path: Path) -> None:
    [case] = load_cases(_document([path], tmp_path / "决算公开.docx"))
    assert scored(evaluate(case)) == scored(yaml_result(path))
    assert case.project.name == load_case(path).project.name


def test_several_tables_are_several_cases_in_order_placed_by_table(tmp_path: Path) -> None:
    paths = CASE_FILES[:3]
    doc = _document(paths, tmp_path / "决算公开.docx")
    cases = load_cases(doc)
    assert [scored(evaluate(c)) for c in cases] == [scored(yaml_result(p)) for p in paths]
    # table 1 is the unrelated 收支 table: the forms are tables 2, 3 and 4
    assert [str(c.location).split(":")[-1].split("!")[0] for c in cases] == ["表2", "表3", "表4"]
    first = cases[0].indicator_set.indicators[0].location
    assert first is not None and first.file == str(doc)
    assert first.cell.startswith("表2!R") and "C" in first.cell


def test_a_merged_cell_is_read_once_and_fills_what_it_covers(tmp_path: Path) -> None:
    """一级指标 merged down several rows: every row below takes it; the merge's place is
    its top-left cell."""
    [case] = load_cases(_document([SEED], tmp_path / "d.docx", between=False))
    levels = [i.level1 for i in case.indicator_set.indicators]
    assert levels == [i.level1 for i in load_case(SEED).indicator_set.indicators]
    second = case.indicator_set.indicators[1]
    assert second.field_locations["level1"].cell == case.indicator_set.indicators[
        0].field_locations["level1"].cell


def test_a_flat_table_in_a_docx_is_read_as_the_csv(tmp_path: Path) -> None:
    import csv

    table = ROOT / "cases" / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv"
    rows = list(csv.reader(table.read_bytes().decode("gb18030").splitlines()))
    document = docx.Document()
    word = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            word.cell(r, c).text = text
    out = tmp_path / "flat.docx"
    document.save(str(out))
    expected = [scored(evaluate(c)) for c in load_cases(table, "sichuan-2023")]
    assert [scored(evaluate(c)) for c in load_cases(out, "sichuan-2023")] == expected


def test_audit_reads_every_table_of_the_document(tmp_path: Path) -> None:
    doc = _document(CASE_FILES[:2], tmp_path / "决算公开.docx")
    run = run_cli("audit", str(doc), "--format", "json")
    assert run.code in (0, 1), run.err
    for path in CASE_FILES[:2]:
        assert load_case(path).project.name in run.out


def test_a_document_without_a_form_is_one_diagnostic(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("没有表格")
    out = tmp_path / "empty.docx"
    document.save(str(out))
    with pytest.raises(LoadError) as err:
        load_cases(out)
    assert [d.code for d in err.value.diagnostics] == ["no-form-table"]


def test_a_file_that_is_no_docx_is_named(tmp_path: Path) -> None:
    out = tmp_path / "old.docx"
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    run = run_cli("score", str(out))
    assert run.code == 1 and "Traceback" not in run.err
    assert run.err.strip().endswith("(not-docx)") and run.err.startswith(f"{out}: ")


def test_a_docx_with_xml_entities_is_refused_before_python_docx(tmp_path: Path) -> None:
    """The zip guard of workbooks judges a document's parts first: a DOCTYPE (where
    entities are declared: billion laughs, XXE) is refused, nothing parsed."""
    import zipfile

    doc = _document([SEED], tmp_path / "d.docx", between=False)
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(doc) as src, zipfile.ZipFile(evil, "w") as out:
        for member in src.infolist():
            data = src.read(member)
            if member.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "x">]>', 1)
            out.writestr(member, data)
    with pytest.raises(LoadError) as err:
        load_cases(evil)
    assert [d.code for d in err.value.diagnostics] == ["xml-entity"]


def test_without_python_docx_one_line_names_the_extra(tmp_path: Path) -> None:
    doc = _document([SEED], tmp_path / "d.docx", between=False)
    for command in ("score", "check", "audit"):
        proc = run_without("docx", [command, str(doc)], tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.splitlines() == [
            f"{doc}: 读取 .docx 需要 python-docx：pip install 'scoring[docx]' "
            "(missing-dependency)"], command
