"""Shared test fixtures: paths of the project, and a CLI runner."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
INDICATOR_SETS = ROOT / "indicator_sets"
SEED = CASES / "anju-2023-investment.yaml"


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path = ROOT) -> Run:
    """Run `python -m scoring ARGS` in a subprocess, as a user would."""
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
