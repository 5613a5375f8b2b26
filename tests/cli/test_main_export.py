"""`scoring score --format html|xlsx`: files written atomically, the workbook readable
back, binary output refused on a terminal, an existing file never half-replaced."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEED, run_cli

from scoring import RenderError
from scoring.cli.main import main

openpyxl = pytest.importorskip("openpyxl")


def test_html_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "seed.html"
    run = run_cli("score", str(SEED), "--format", "html", "-o", str(out))
    assert (run.code, run.out, run.err) == (0, "", "")
    html = out.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and ">97.7<" in html


def test_xlsx_to_a_file_scores_back_to_the_same_total(tmp_path: Path) -> None:
    out = tmp_path / "seed.xlsx"
    assert run_cli("score", str(SEED), "--format", "xlsx", "-o", str(out)).code == 0
    assert openpyxl.load_workbook(out).active["A1"].value.startswith("部门预算项目支出绩效自评表")
    run = run_cli("score", str(out))
    assert run.code == 0, run.err
    assert "总分：97.7    评价等级：优秀" in run.out
    assert f"{out}:'2023招商引资'!G19" in run.out  # findings name the cell


def test_xlsx_to_a_pipe_is_the_workbook_bytes() -> None:
    proc = subprocess.run([sys.executable, "-m", "scoring", "score", str(SEED), "--format",
                           "xlsx"], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout[:2] == b"PK"
    wb = openpyxl.load_workbook(io.BytesIO(proc.stdout))
    assert wb.active["A1"].value.startswith("部门预算项目支出绩效自评表")


def test_xlsx_to_a_terminal_is_refused_with_exit_2() -> None:
    master, slave = os.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "scoring", "score", str(SEED),
                               "--format", "xlsx"], cwd=ROOT, stdout=slave,
                              stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 2
    assert "-o FILE" in proc.stderr.decode("utf-8")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "scoring: --format xlsx 是二进制文件，不能输出到终端；请用 -o FILE 指定输出文件"
           "（或把标准输出重定向到文件）\n"),
    ("en", "scoring: --format xlsx is a binary file and cannot go to a terminal; give -o FILE"
           " (or redirect standard output to a file)\n")])
def test_the_refusal_of_a_terminal_speaks_the_language_asked(
        lang: str, said: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Its words are in data/cli.yaml, in both languages (in-process: stdout a terminal)."""
    monkeypatch.setattr(sys, "stdout", _Terminal())
    assert main(["--lang", lang, "score", str(SEED), "--format", "xlsx"]) == 2
    assert capsys.readouterr().err == said


def test_several_cases_give_one_workbook_and_one_html(tmp_path: Path) -> None:
    other = ROOT / "cases" / "002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml"
    book = tmp_path / "two.xlsx"
    assert run_cli("score", str(SEED), str(other), "--format", "xlsx", "-o", str(book)).code == 0
    assert len(openpyxl.load_workbook(book).sheetnames) == 3  # two forms and the review
    page = tmp_path / "two.html"
    assert run_cli("score", str(SEED), str(other), "--format", "html", "-o", str(page)).code == 0
    assert page.read_text("utf-8").count('<section class="form"') == 2


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_a_failing_renderer_leaves_the_existing_file_untouched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "form.xlsx"
    out.write_bytes(b"the previous workbook")
    import scoring.report as report

    def broken(results: object, lang: object) -> bytes:
        raise RenderError("渲染失败（测试）")

    monkeypatch.setitem(report.MANY_RENDERERS, "xlsx", broken)
    assert main(["score", str(SEED), "--format", "xlsx", "-o", str(out)]) == 1
    assert out.read_bytes() == b"the previous workbook"
    assert _leftovers(tmp_path, {"form.xlsx"}) == []


def test_a_failing_write_leaves_no_partial_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "form.html"
    out.write_text("previous", "utf-8")
    import scoring.report.output as output

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    assert main(["score", str(SEED), "--format", "html", "-o", str(out)]) == 1
    assert out.read_text("utf-8") == "previous"
    assert _leftovers(tmp_path, {"form.html"}) == []
    fresh = tmp_path / "new.xlsx"
    assert main(["score", str(SEED), "--format", "xlsx", "-o", str(fresh)]) == 1
    assert not fresh.exists() and _leftovers(tmp_path, {"form.html"}) == []


def test_bad_input_leaves_the_existing_output_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("project: {name: x}\nindicator_set: missing.yaml\n", "utf-8")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep me")
    run = run_cli("score", str(bad), "--format", "xlsx", "-o", str(out))
    assert run.code == 1 and "Traceback" not in run.err
    assert out.read_bytes() == b"keep me"
