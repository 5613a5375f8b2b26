"""batch/feed.py: the inputs that are not flat tables as worker tasks; which inputs are."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASES, SEED

from scoring.batch.feed import GROUP, flat_table, tasks

FORMS = sorted((CASES / "forms").glob("*.xlsx"))
TABLE = sorted((CASES / "tables").glob("*.csv"))[0]


def test_case_files_are_paths_and_workbooks_their_cases_a_few_to_a_task() -> None:
    files = [(0, SEED, 0, SEED.stat().st_size)] * (GROUP + 1)
    first, second = tasks(files, None)
    assert [kind for kind, _, _ in first.items] == ["yaml"] * GROUP
    assert second.items == (("yaml", SEED, SEED.stat().st_size),)


def test_a_file_that_cannot_be_read_is_one_error_item(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    (task,) = tasks([(3, bad, 10, 9)], None)
    ((kind, (source, diagnostics), position),) = task.items
    assert (kind, source, position, task.file) == ("error", str(bad), 19, 3)
    assert diagnostics


@pytest.mark.skipif(not FORMS, reason="no exported forms in cases/forms")
def test_flat_tables_are_csv_and_workbooks_without_a_form(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    assert flat_table(TABLE) and not flat_table(SEED)
    assert not flat_table(FORMS[0])  # an official form: the importer's
    book = openpyxl.Workbook()
    book.active.append(["项目名称", "一级指标", "三级指标", "指标值", "权重", "完成值"])
    book.save(tmp_path / "flat.xlsx")
    assert flat_table(tmp_path / "flat.xlsx")
    (tmp_path / "broken.xlsx").write_bytes(b"PK")
    assert not flat_table(tmp_path / "broken.xlsx")  # the importer says what it is
