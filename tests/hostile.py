"""Hostile inputs for tests: files built in a folder, run through the CLI (bounded) and the API.

A `Hostile` is one class of bad input (issue 7): the files it needs, the CLI
arguments that read them, the diagnostic expected (its code and where it
points) and the API call that must raise it. `run_bounded` runs the CLI as a
user would, in a subprocess limited to `MEMORY_LIMIT` of address space and
`TIME_LIMIT` seconds; `run_all` runs many of them two at a time.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from conftest import INDICATOR_SETS, SEED

from scoring import evaluate
from scoring.errors import LoadError, ScoringError
from scoring.load.tables import iter_cases

MEMORY_LIMIT = 1 << 30   # bytes of address space for one CLI run
TIME_LIMIT = 20          # seconds: a run beyond it is killed (a hang)
FAST = 12.0              # seconds a run may take on a busy shared machine
SET_TEXT = (INDICATOR_SETS / "anju-2023-investment.yaml").read_text("utf-8")
CASE_TEXT = SEED.read_text("utf-8").replace("../indicator_sets/anju-2023-investment.yaml",
                                            "set.yaml")
# A diagnostic line: `file:line:col: …`, `file:Sheet!A1: …` or `file: …`, then `(code)`.
LINE = re.compile(r"^[^\s:][^:]*(:\d+:\d+|:[^:]*![A-Z]+\d+)?: .+ \([a-z0-9-]+\)$")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(args: Sequence[str], cwd: Path) -> Run:
    """`python -m scoring ARGS` in `cwd`, with bounded memory and time."""
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "scoring", *args], cwd=cwd,
                          capture_output=True, text=True, errors="replace",
                          timeout=TIME_LIMIT, preexec_fn=_limit)
    return Run(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)


def api_score(path: Path) -> None:
    """What `scoring score` does through the API: every case of a file, evaluated."""
    for case in iter_cases(path):
        evaluate(case)


@dataclass(frozen=True)
class Hostile:
    """One class of bad input and what must come of it."""

    id: str
    files: dict[str, str | bytes]
    code: str                      # the diagnostic code expected
    where: str | tuple[str, ...]   # the place it points at: `case.yaml:14:12`, `book.xlsx`
    #                                (a tuple: any of these places, where libyaml versions differ)
    args: tuple[str, ...] = ("score", "case.yaml")
    api: Callable[[Path], object] | None = field(default=lambda d: api_score(d / "case.yaml"))
    exit: int = 1

    def write(self, folder: Path) -> Path:
        here = folder / self.id
        here.mkdir(parents=True, exist_ok=True)
        for name, content in self.files.items():
            path = here / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content.replace("{here}", str(here)), "utf-8")
        return here


def case(**replace: str) -> dict[str, str | bytes]:
    """The seed case (with its set as `set.yaml`) with texts replaced in the case."""
    text = CASE_TEXT
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return {"case.yaml": text, "set.yaml": SET_TEXT}


def indicator_set(old: str, new: str) -> dict[str, str | bytes]:
    """The seed case with one text of its indicator set replaced."""
    assert old in SET_TEXT, old
    return {"case.yaml": CASE_TEXT, "set.yaml": SET_TEXT.replace(old, new, 1)}


FIRST_ROW = "unit: 个, weight: 10}"


def expression(text: str) -> dict[str, str | bytes]:
    """The seed with an `expression` rule on its first indicator (set.yaml line 12)."""
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return indicator_set(FIRST_ROW, f"unit: 个, weight: 10, rule: {{expression: {quoted}}}}}")


def run_all(specs: Sequence[Hostile], folder: Path) -> dict[str, tuple[Path, Run]]:
    """Every spec's files written and its CLI run, two at a time (two cores)."""
    dirs = {spec.id: spec.write(folder) for spec in specs}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = dict(zip(dirs, pool.map(lambda s: run_bounded(s.args, dirs[s.id]), specs),
                        strict=True))
    return {key: (dirs[key], runs[key]) for key in dirs}


def _places(spec: Hostile) -> tuple[str, ...]:
    return spec.where if isinstance(spec.where, tuple) else (spec.where,)


def check_cli(spec: Hostile, run: Run) -> None:
    """Exit code, no traceback, one located line per problem, the expected one among them."""
    assert "Traceback" not in run.err, run.err[-2000:]
    assert run.code == spec.exit, (run.code, run.err[-2000:])
    assert run.seconds < FAST, run.seconds
    lines = [line for line in run.err.splitlines() if line.strip()]
    assert lines, "no message"
    if spec.exit == 2:
        return
    if spec.where == "scoring":
        assert lines[0].startswith("scoring: "), lines
        return
    assert all(LINE.match(line) for line in lines), lines
    assert any(line.split(": ")[0].endswith(_places(spec)) and line.endswith(f"({spec.code})")
               for line in lines), lines


def check_api(spec: Hostile, folder: Path) -> None:
    """The API raises a `ScoringError` (a located `LoadError` with the code), quickly."""
    if spec.api is None:
        return
    start = time.monotonic()
    try:
        spec.api(folder)
    except LoadError as exc:
        assert any(str(d.location).endswith(_places(spec)) and d.code == spec.code
                   for d in exc.diagnostics), [str(d.location) + " " + d.code
                                               for d in exc.diagnostics]
    except ScoringError:
        assert spec.where == "scoring", "a ScoringError where a located LoadError was expected"
    else:
        raise AssertionError("no error")
    assert time.monotonic() - start < FAST
