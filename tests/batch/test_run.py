"""batch/run.py: `scoring batch` — inputs to one output; its exit code and usage errors."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED

from scoring.batch.run import UsageError, run_batch


def test_an_output_of_no_known_kind_or_that_is_an_input_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="输出文件扩展名应为"):
        run_batch([str(SEED)], str(tmp_path / "out.txt"))
    table = tmp_path / "t.csv"
    table.write_bytes(b"x")
    with pytest.raises(UsageError, match=r"与输入文件 .* 是同一个文件"):
        run_batch([str(table)], str(table))


def test_a_bad_project_is_a_row_of_the_output_and_fails_the_run_only_when_strict(
        write_yaml: Any, tmp_path: Path) -> None:
    bad: Path = write_yaml("bad.yaml", "project: [\n")
    out = tmp_path / "o.csv"
    err = io.StringIO()
    assert run_batch([str(SEED), str(bad)], str(out), jobs=1, quiet=True, stderr=err) == 0
    lines = out.read_text("utf-8-sig").splitlines()
    assert len(lines) == 3 and "error" in lines[2] and "ok" in lines[1]
    assert run_batch([str(SEED), str(bad)], str(out), jobs=1, quiet=True, strict=True,
                     stderr=io.StringIO()) == 1


def test_the_runs_own_lines_and_usage_errors_follow_lang(tmp_path: Path) -> None:
    """`--lang en` gave `输出文件扩展名应为`, `是同一个文件` and the closing `个项目，已评分`
    in Chinese (README: --lang sets the usage errors' language)."""
    with pytest.raises(UsageError, match=r"the output's extension must be one of \.xlsx"):
        run_batch([str(SEED)], str(tmp_path / "out.txt"), lang="en")
    table = tmp_path / "t.csv"
    table.write_bytes(b"x")
    with pytest.raises(UsageError, match="an output never replaces an input"):
        run_batch([str(table)], str(table), lang="en")
    folder = tmp_path / "dept"
    folder.mkdir()
    (folder / "old.doc").write_bytes(b"x")
    err = io.StringIO()
    out = folder / "o.csv"
    for _ in range(2):  # the second run finds its own output in the folder
        assert run_batch([str(folder), str(SEED)], str(out), jobs=1, lang="en", stderr=err) == 0
    text = err.getvalue()
    assert f"{out}: projects 1, scored 1, not scored 0; findings " in text, text
    assert "left out this run's own output and temporary files (1)" in text, text
    assert "left out documents no reader reads (1;" in text, text
    assert not any("\u4e00" <= c <= "\u9fff" for c in text.replace(SEED.name, "")), text
