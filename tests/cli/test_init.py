"""cli/__init__.py: `program()`, the `scoring` program, imports the CLI without the
garbage collector and freezes what the imports made; the command runs collected."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SEED

PROBE = """
import gc, sys

class Probe:  # what the collector is doing when the command line's modules are imported
    seen = []
    def find_spec(self, name, path=None, target=None):
        if name == "scoring.cli.main":
            Probe.seen.append(gc.isenabled())
        return None

sys.meta_path.insert(0, Probe())
sys.argv = ["scoring", "score", {seed!r}]
from scoring.cli import program
code = program()
print(code, Probe.seen, gc.isenabled(), gc.get_freeze_count(), "scoring.cli.process" in sys.modules,
      file=sys.stderr)
"""


def _probe() -> list[str]:
    run = subprocess.run([sys.executable, "-c", PROBE.format(seed=str(SEED))], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert "总分：97.7" in run.stdout
    return run.stderr.split()


def test_the_program_imports_without_collecting_and_runs_collected() -> None:
    code, seen, enabled, frozen, kept = _probe()
    assert (code, seen, enabled) == ("0", "[False]", "True")
    assert int(frozen) > 10_000  # the modules, classes and pydantic's machinery
    assert kept == "False"  # the program keeps what a command changes: no `process.Kept`


def test_python_m_scoring_and_the_console_script_run_the_program() -> None:
    main = (ROOT / "scoring" / "__main__.py").read_text("utf-8")
    assert "from .cli import program" in main and "sys.exit(program())" in main
    assert 'scoring = "scoring.cli:program"' in (ROOT / "pyproject.toml").read_text("utf-8")
