"""The code stays `ruff` clean and `mypy --strict` clean (both are in the test extra)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_is_clean() -> None:
    run = _run("ruff", "check", "scoring", "tests", "benchmarks", "scripts")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    run = _run("mypy", "--strict", "scoring")
    assert run.returncode == 0, run.stdout + run.stderr


def _sources_holding(pattern: str) -> list[str]:
    """The modules of the package whose source matches `pattern`."""
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scoring").rglob("*.py")
                  if re.search(pattern, p.read_text("utf-8")))


def test_one_home_each() -> None:
    """One rounding function, one default scheme id, every exception class in errors.py."""
    assert _sources_holding(r"ROUND_HALF_UP|\.quantize\(") == ["scoring/decimals.py"]
    assert _sources_holding(r"[\"']mof-2020[\"']") == []  # data/schemes.yaml names it
    assert _sources_holding(r"(?m)^\s*class \w+\([^)]*(Exception|Error)\b") == [
        "scoring/errors.py"]
    import scoring.errors as errors

    raised = [v for v in vars(errors).values()
              if isinstance(v, type) and issubclass(v, BaseException)]
    assert all(issubclass(e, errors.ScoringError) for e in raised)
