"""Shared test fixtures: paths of the project, and the CLI runners (in this process, and
in a subprocess)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
INDICATOR_SETS = ROOT / "indicator_sets"
SEED = CASES / "anju-2023-investment.yaml"

# Hypothesis profiles, one chosen for the whole run by HYPOTHESIS_PROFILE: `ci` (the
# default: what CI and the README's test command run), `dev` (a quick local loop),
# `fuzz-short` / `fuzz-long` (tests/test_fuzz.py's own, short in every run; `fuzz-long`
# for a long fuzzing session). A test's own @settings(max_examples=…) still wins.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile("fuzz-short", max_examples=25, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz-long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path = ROOT) -> Run:
    """`scoring ARGS` in this process (`scoring.cli.main.main`), from `cwd`: standard
    output and error captured as bytes (neither a terminal) and read back as
    `spawn_cli` reads a pipe (UTF-8, universal newlines); usage errors (argparse's
    `SystemExit`) become their exit code. The process state is the CLI's to put
    back (`cli/process.py`); the working directory and streams are this runner's."""
    from scoring.cli.main import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace",
                              write_through=True)
    here = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = _exit_code(exc, stderr)
            stdout.flush()
            stderr.flush()
    finally:
        os.chdir(here)
    return Run(code, _piped(out.getvalue()), _piped(err.getvalue()))


def _exit_code(exc: SystemExit, stderr: io.TextIOWrapper) -> int:
    """The status `sys.exit(x)` gives a process (a message printed, as the interpreter does)."""
    if exc.code is None or isinstance(exc.code, int):
        return exc.code or 0
    print(exc.code, file=stderr)
    return 1


def _piped(data: bytes) -> str:
    """Bytes as `subprocess.run(text=True)` decodes them."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


def spawn_cli(*args: str, cwd: Path = ROOT) -> Run:
    """Run `python -m scoring ARGS` in a subprocess, as a user would: for tests of the
    process itself (start-up, `-m`, exit status, what a pipe or a terminal receives)."""
    proc = subprocess.run([sys.executable, "-m", "scoring", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def write_yaml(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a YAML text to a file under tmp_path and return its path."""
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return path
    return _write
