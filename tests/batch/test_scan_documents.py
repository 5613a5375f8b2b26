"""A folder run takes Word, PDF and `.xls` files as tables and names the documents it cannot
read (scoring/batch/scan.py): nothing is left out silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES, run_cli
from documents import add_form_table, yaml_result

from scoring.batch.scan import scan

docx = pytest.importorskip("docx")
pytest.importorskip("openpyxl")
SEED = CASES / "anju-2023-investment.yaml"


def test_a_folder_takes_documents_and_names_what_it_cannot_read(tmp_path: Path) -> None:
    folder = tmp_path / "region"
    folder.mkdir()
    document = docx.Document()
    add_form_table(document, yaml_result(SEED))
    document.save(str(folder / "决算公开.docx"))
    (folder / "旧版.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (folder / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    (folder / "说明.pdf").write_bytes(b"%PDF-1.4\n")
    found = scan([folder])
    assert [p.name for p in found.files] == ["决算公开.docx", "旧表.xls", "说明.pdf"]
    assert found.unread == [str(folder / "旧版.doc")]
    run = run_cli("batch", str(folder), "-o", str(tmp_path / "out.csv"), "--jobs", "1")
    assert "跳过无法读取的文档 1 个" in run.err and "旧版.doc" in run.err, run.err
    rows = (tmp_path / "out.csv").read_text("utf-8-sig").splitlines()
    assert any("2023招商引资" in row and "97.7" in row for row in rows), rows
    assert sum("旧表.xls" in row for row in rows) == 1  # a damaged .xls is an error row
    assert sum("说明.pdf" in row for row in rows) == 1  # a broken PDF too
