"""Without openpyxl (the optional `xlsx` extra) every workbook output fails one way.

`score`, `audit` and `batch` asked for a workbook print one `missing-dependency`
line naming `pip install 'scoring[xlsx]'`, exit 1, show no traceback and write
nothing (an existing output stays as it was). openpyxl is hidden by
`sys.modules['openpyxl'] = None`, so importing it raises ImportError, as in a
plain `pip install -e .`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CASES, ROOT, SEED

from scoring import evaluate, load_case
from scoring.errors import LoadError, RenderError

HIDE = "import sys; sys.modules['openpyxl'] = None; from scoring.cli.main import main; " \
       "sys.exit(main(sys.argv[1:]))"
MESSAGE = "写 .xlsx 需要 openpyxl：pip install 'scoring[xlsx]' (missing-dependency)"
OLD = b"an earlier output\n"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", HIDE, *args], cwd=cwd, capture_output=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


WORKBOOKS = {
    "score-o": ["score", str(SEED), "--format", "xlsx", "-o", "s.xlsx"],
    "score-many-o": ["score", str(SEED), str(CASES / "anju-2023-department.yaml"),
                     "--format", "xlsx", "-o", "s.xlsx"],
    "audit-o": ["audit", str(SEED), "--format", "xlsx", "-o", "x.xlsx"],
    "batch-xlsx": ["batch", str(CASES), "-o", "汇总.xlsx", "--quiet"],
    "batch-xlsx-audit": ["batch", str(CASES), "-o", "汇总.xlsx", "--audit", "--quiet"],
    "batch-XLSX": ["batch", str(SEED), "-o", "out.XLSX", "--quiet", "--jobs", "1"],
}


@pytest.mark.parametrize("args", WORKBOOKS.values(), ids=WORKBOOKS.keys())
def test_a_workbook_output_is_one_located_line(tmp_path: Path, args: list[str]) -> None:
    proc = _run(args, tmp_path)
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 1, err
    assert err.splitlines() == [f"{args[args.index('-o') + 1]}: {MESSAGE}"]
    assert proc.stdout == b""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", WORKBOOKS.values(), ids=WORKBOOKS.keys())
def test_an_existing_output_is_left_as_it_was(tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / args[args.index("-o") + 1]
    out.write_bytes(OLD)
    proc = _run(args, tmp_path)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert out.read_bytes() == OLD
    assert list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("command", ["score", "audit"])
def test_a_workbook_to_stdout_says_scoring(tmp_path: Path, command: str) -> None:
    proc = _run([command, str(SEED), "--format", "xlsx"], tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.decode("utf-8").splitlines() == [f"scoring: {MESSAGE}"]
    assert proc.stdout == b""


@pytest.mark.parametrize("args", [["score", str(SEED), "-o", "s.txt"],
                                  ["audit", str(SEED), "--format", "json", "-o", "a.json"],
                                  ["batch", str(SEED), "-o", "b.csv", "--quiet", "--jobs", "1"]],
                         ids=["score-text", "audit-json", "batch-csv"])
def test_other_formats_do_not_need_openpyxl(tmp_path: Path, args: list[str]) -> None:
    proc = _run(args, tmp_path)
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert (tmp_path / args[args.index("-o") + 1]).stat().st_size > 0


def test_reading_a_form_workbook_is_one_located_line(tmp_path: Path) -> None:
    form = CASES / "forms" / "anju-2023-investment.xlsx"
    proc = _run(["score", str(form)], tmp_path)
    assert proc.returncode == 1
    [line] = proc.stderr.decode("utf-8").splitlines()
    assert line.startswith(f"{form}: ") and line.endswith("(missing-dependency)")
    assert "pip install 'scoring[xlsx]'" in line


# The API: each workbook writer raises the same error, a LoadError and a RenderError.

@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)


def _check(exc: pytest.ExceptionInfo[BaseException], where: str) -> None:
    assert isinstance(exc.value, LoadError) and isinstance(exc.value, RenderError)
    [diag] = exc.value.diagnostics
    assert (diag.location.file, diag.code) == (where, "missing-dependency")
    assert str(exc.value) == f"{where}: {MESSAGE}"


def test_render_xlsx(no_openpyxl: None) -> None:
    from scoring.report import render, render_many

    result = evaluate(load_case(SEED))
    with pytest.raises(RenderError) as exc:
        render(result, "xlsx")
    _check(exc, "scoring")
    with pytest.raises(LoadError) as exc:
        render_many([result, result], "xlsx")
    _check(exc, "scoring")


def test_render_audit_xlsx(no_openpyxl: None) -> None:
    from scoring.report import render_audits
    from scoring.review.run import audit_paths

    with pytest.raises(RenderError) as exc:
        render_audits(audit_paths([str(SEED)], None), "xlsx")
    _check(exc, "scoring")


def test_batch_summary_workbook(no_openpyxl: None, tmp_path: Path) -> None:
    from scoring.batch.output import open_writer
    from scoring.batch.run import run_batch

    out = tmp_path / "汇总.xlsx"
    with pytest.raises(LoadError) as exc:
        open_writer(out, audit=True)
    _check(exc, str(out))
    with pytest.raises(LoadError) as exc:
        run_batch([str(SEED)], str(out), jobs=1, quiet=True)
    _check(exc, str(out))
    assert list(tmp_path.iterdir()) == []
