"""The format of `-o FILE` follows its extension for every command (#16.1), in-process:
what is written is really that format; `--format` wins; a contradiction, an extension
the command cannot write or one that names no format is a usage error (exit 2, one
line, nothing written)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import SEED

from scoring import audit, evaluate, load_case
from scoring.cli.main import main
from scoring.report import render_audits, render_many

openpyxl = pytest.importorskip("openpyxl")

SCORE_EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                    ".json": "json", ".html": "html", ".htm": "html", ".xlsx": "xlsx",
                    ".XLSX": "xlsx", ".Html": "html"}
AUDIT_EXTENSIONS = {".txt": "text", ".json": "json", ".xlsx": "xlsx"}


def _written(path: Path, format: str, expected: str | bytes) -> None:
    """`path` holds `format`: parsed by its own reader, and equal to the API's rendering."""
    data = path.read_bytes()
    if format == "xlsx":
        assert data[:2] == b"PK"
        book = openpyxl.load_workbook(path)
        assert book.sheetnames and book.worksheets[0].max_row > 5
        return
    text = data.decode("utf-8")
    assert text == expected
    if format == "json":
        json.loads(text)
    elif format == "html":
        assert text.startswith("<!DOCTYPE html>")
    elif format == "markdown":
        assert "\n| " in text and "|---" in text.replace(":", "-")
    else:  # a table or memo of plain text: neither JSON nor HTML nor a workbook
        assert not text.lstrip().startswith(("{", "[", "<"))


@pytest.mark.parametrize(("ext", "format"), SCORE_EXTENSIONS.items())
def test_score_writes_the_format_of_the_extension(ext: str, format: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"自评表{ext}"
    assert main(["score", str(SEED), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    _written(out, format, render_many([evaluate(load_case(SEED))], format))


@pytest.mark.parametrize(("ext", "format"), AUDIT_EXTENSIONS.items())
def test_audit_writes_the_format_of_the_extension(ext: str, format: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"复核{ext}"
    assert main(["audit", str(SEED), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    _written(out, format, render_audits([audit(load_case(SEED))], format))


@pytest.mark.parametrize("ext", [".csv", ".jsonl", ".xlsx"])
def test_batch_writes_the_format_of_the_extension(ext: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"汇总{ext}"
    assert main(["batch", str(SEED), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    if ext == ".xlsx":
        assert "汇总" in openpyxl.load_workbook(out).sheetnames
    elif ext == ".csv":
        [row] = list(csv.DictReader(out.open(encoding="utf-8-sig")))
        assert row["total"] == "97.7"
    else:
        [line] = out.read_text("utf-8").splitlines()
        assert json.loads(line)["total"] == "97.7"


def test_format_wins_over_an_extension_that_names_none(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "score.log"
    assert main(["score", str(SEED), "--format", "json", "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["total"] == "97.7"
    same = tmp_path / "score.json"
    assert main(["score", str(SEED), "--format", "json", "-o", str(same)]) == 0


def test_no_output_file_prints_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(SEED)]) == 0
    assert capsys.readouterr().out == render_many([evaluate(load_case(SEED))], "text")


@pytest.mark.parametrize(("args", "message"), [
    (["score", "--format", "text", "-o", "自评表.xlsx"],
     "scoring score: --format text 与 -o {out} 不符（扩展名 .xlsx 表示 xlsx）"),
    (["score", "--format", "xlsx", "-o", "自评表.html"],
     "scoring score: --format xlsx 与 -o {out} 不符（扩展名 .html 表示 html）"),
    (["audit", "--format", "json", "-o", "复核.txt"],
     "scoring audit: --format json 与 -o {out} 不符（扩展名 .txt 表示 text）"),
    (["audit", "-o", "复核.html"],
     "scoring audit: 不能写 html（-o {out}）；可用的格式：text, json, xlsx"),
    (["audit", "-o", "复核.md"],
     "scoring audit: 不能写 markdown（-o {out}）；可用的格式：text, json, xlsx"),
    (["score", "-o", "自评表.csv"], "scoring score: 不知道 -o {out} 要写成什么格式"),
    (["score", "-o", "自评表"], "scoring score: 不知道 -o {out} 要写成什么格式"),
    (["audit", "-o", "复核.pdf"], "scoring audit: 不知道 -o {out} 要写成什么格式"),
    (["--lang", "en", "score", "-o", "out.docx"], "scoring score: which format should -o {out}"),
    (["score", "--lang", "en", "--format", "html", "-o", "out.json"],
     "scoring score: --format html does not match -o {out} (the extension .json means json)"),
])
def test_a_contradiction_is_a_usage_error_and_nothing_is_written(
        args: list[str], message: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / args[args.index("-o") + 1]
    args[args.index("-o") + 1] = str(out)
    command = 2 if args[0] == "--lang" else 0
    args.insert(command + 1, str(SEED))
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message.format(out=out))
    assert captured.err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_batch_refuses_an_extension_it_cannot_write(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "汇总.txt"
    assert main(["batch", str(SEED), "-o", str(out), "--quiet"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not out.exists()
