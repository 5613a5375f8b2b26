"""batch/scan.py: a run's input files in a fixed order, and what its folders leave out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import INDICATOR_SETS, SEED

from scoring.batch.scan import scan
from scoring.errors import LoadError


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "b").mkdir(parents=True)
    shutil.copy(SEED, folder / "b" / "case.yaml")
    shutil.copy(SEED, folder / "a.yaml")
    shutil.copy(INDICATOR_SETS / "anju-2023-investment.yaml", folder / "set.yaml")
    (folder / ".hidden.yaml").write_text("x", "utf-8")
    (folder / "~$lock.xlsx").write_bytes(b"x")
    (folder / ".out.csv.0a1b.tmp").write_text("x", "utf-8")
    return folder


def test_a_folder_is_searched_sorted_and_leaves_out_what_is_no_input(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    found = scan([folder], tmp_path / "out.csv")
    assert [p.relative_to(folder).as_posix() for p in found.files] == ["a.yaml", "b/case.yaml"]
    assert found.skipped == [str(folder / "set.yaml")]  # an indicator set: no case
    assert found.own == [str(folder / ".out.csv.0a1b.tmp")]  # a temp file of this run's output


def test_a_file_named_is_taken_as_it_is_and_a_missing_one_is_refused(tmp_path: Path) -> None:
    assert scan([SEED]).files == [SEED]
    with pytest.raises(LoadError) as caught:
        scan([SEED, tmp_path / "missing", tmp_path / "gone.csv"])
    assert [d.code for d in caught.value.diagnostics] == ["file-not-found"] * 2


def test_an_exported_form_is_told_however_its_xml_spells_the_characters(tmp_path: Path) -> None:
    """openpyxl with lxml writes 评 as &#35780;: the footer is found in both spellings."""
    import zipfile

    footer = "评分规则：mof-2020（内容哈希 0123456789ab）"
    refs = "".join(c if c.isascii() else f"&#{ord(c)};" for c in footer)
    folder = tmp_path / "dept"
    folder.mkdir()
    for name, text in (("plain.xlsx", footer), ("refs.xlsx", refs), ("other.xlsx", "项目")):
        with zipfile.ZipFile(folder / name, "w") as book:
            book.writestr("xl/worksheets/sheet1.xml", f"<worksheet><t>{text}</t></worksheet>")
    found = scan([folder])
    assert [Path(p).name for p in found.exports] == ["plain.xlsx", "refs.xlsx"]
    assert [p.name for p in found.files] == ["other.xlsx"]


def test_the_output_in_a_folder_is_left_out_only_when_it_is_an_earlier_output(
        tmp_path: Path) -> None:
    """`-o dept/2023.csv` naming a department's table in the folder read was skipped as "the
    run's own output" and then replaced by the summary: the table was lost. Now only an
    earlier output of `scoring batch` (its CSV header, its workbook's sheets) is left out;
    any other file stays an input, which `run_batch` refuses to replace."""
    from openpyxl import Workbook

    from scoring.batch.run import UsageError, run_batch
    from scoring.model.outcome import PROJECT_COLUMNS

    folder = tmp_path / "dept"
    folder.mkdir()
    table = folder / "2023.csv"
    shutil.copy(SEED.parent / "tables" / "000-sichuan-suining-anju-jinghe-zhaoshang-2023.csv",
                table)
    before = table.read_bytes()
    assert scan([folder], table).files == [table] and scan([folder], table).own == []
    with pytest.raises(UsageError, match="是同一个文件"):
        run_batch([str(folder)], str(table), jobs=1, quiet=True)
    assert table.read_bytes() == before
    earlier = folder / "out.csv"
    earlier.write_text("\ufeff" + ",".join(PROJECT_COLUMNS) + ",status,problem\n", "utf-8")
    book = Workbook()
    book.active.title = "汇总"
    book.create_sheet("说明")
    book.save(folder / "out.xlsx")
    other = Workbook()
    other.active.title = "自评表"
    other.save(folder / "form.xlsx")
    for name, left_out in (("out.csv", True), ("out.xlsx", True), ("form.xlsx", False)):
        found = scan([folder], folder / name)
        assert (found.own == [str(folder / name)]) is left_out, name
        assert (folder / name in found.files) is not left_out, name
