"""Atomic output (issue 7): a failed run leaves an existing output file as it was and no
temporary file beside it, for every command that writes one (`score -o` in each
format, `audit -o`, `batch -o`).

Two failures per output: the input is bad (nothing may be written), and the
disk refuses the write half-way (the CLI runs with RLIMIT_FSIZE, so a write past
a few hundred bytes fails with EFBIG, as on a full disk). Either way: exit 1, one
`scoring: …` line, no traceback, the old file byte for byte, nothing else.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED
from hostile import CASE_TEXT, SET_TEXT

OLD = b"the previous output, which a failed run must not touch\n"
FSIZE = 300  # bytes a run may write to any file


def _small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails, not kills
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE, FSIZE))


def _run(args: list[str], cwd: Path, *, limit: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scoring", *args], cwd=cwd, text=True,
                          capture_output=True, timeout=120,
                          preexec_fn=_small_files if limit else None)


OUTPUTS = [
    ("score", "text", "out.txt"), ("score", "json", "out.json"),
    ("score", "markdown", "out.md"), ("score", "html", "out.html"),
    ("score", "xlsx", "out.xlsx"), ("audit", "text", "memo.txt"),
    ("audit", "json", "audit.json"), ("audit", "xlsx", "audit.xlsx"),
    ("batch", "", "summary.xlsx"), ("batch", "", "summary.csv"), ("batch", "", "results.jsonl"),
]


def _args(command: str, fmt: str, out: str, case: str) -> list[str]:
    if command == "batch":
        return ["batch", case, "-o", out, "--quiet", "--jobs", "1"]
    return [command, case, "--format", fmt, "-o", out]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "set.yaml").write_text(SET_TEXT, "utf-8")
    (tmp_path / "case.yaml").write_text(CASE_TEXT, "utf-8")
    (tmp_path / "bad.yaml").write_text(CASE_TEXT.replace("initial: 300.00", "initial: .nan"),
                                       "utf-8")
    return tmp_path


def _untouched(folder: Path, out: str, before: set[str]) -> None:
    assert (folder / out).read_bytes() == OLD
    assert {p.name for p in folder.iterdir()} == before, "a temporary file was left behind"


@pytest.mark.parametrize(("command", "fmt", "out"), OUTPUTS,
                         ids=[f"{c}-{o}" for c, _, o in OUTPUTS])
def test_failed_write_leaves_the_old_file(folder: Path, command: str, fmt: str,
                                          out: str) -> None:
    (folder / out).write_bytes(OLD)
    before = {p.name for p in folder.iterdir()}
    proc = _run(_args(command, fmt, out, "case.yaml"), folder, limit=True)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith("scoring: ") and "File too large" in line, line
    _untouched(folder, out, before)


# A bad input fails before anything is rendered, so one format per command will do;
# but each batch writer opens its temporary file before the first project is read.
BAD_INPUT = [o for o in OUTPUTS if o[2] in ("out.txt", "out.xlsx", "memo.txt")
             or o[0] == "batch"]


@pytest.mark.parametrize(("command", "fmt", "out"), BAD_INPUT,
                         ids=[f"{c}-{o}" for c, _, o in BAD_INPUT])
def test_bad_input_writes_nothing(folder: Path, command: str, fmt: str, out: str) -> None:
    (folder / out).write_bytes(OLD)
    before = {p.name for p in folder.iterdir()}
    args = _args(command, fmt, out, "bad.yaml") + (["--strict"] if command == "batch" else [])
    proc = _run(args, folder, limit=False)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "(bad-number)" in proc.stderr, proc.stderr
    _untouched(folder, out, before)


def test_a_good_run_replaces_the_file(folder: Path) -> None:
    """The control: the same command without a failure does replace the file."""
    (folder / "out.txt").write_bytes(OLD)
    proc = _run(["score", "case.yaml", "-o", "out.txt"], folder, limit=False)
    assert proc.returncode == 0, proc.stderr
    assert "97.7" in (folder / "out.txt").read_text("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["bad.yaml", "case.yaml", "out.txt",
                                                        "set.yaml"]
    assert SEED.exists()
