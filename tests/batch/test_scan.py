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
