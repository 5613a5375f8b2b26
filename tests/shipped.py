"""What the differential, batch and report tests share: the shipped flat tables
(cases/tables, cases/layouts), the schemes they are scored under (every built-in one and
one that `extends` another), benchmarks/region.py, the generated region, as a module, and
`load_module`, which loads a file of the repository (a script, a benchmark, another test
module) by its path."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from scoring.load.scheme import builtin_ids

ROOT = Path(__file__).resolve().parents[1]
TABLES = sorted((ROOT / "cases" / "tables").glob("*.csv")) + sorted(
    (ROOT / "cases" / "layouts").glob("*.csv"))
EXTENDS = str(ROOT / "schemes" / "hunan-yueyang-department.yaml")
SCHEMES = [*builtin_ids(), EXTENDS]


def load_module(name: str, relative: str) -> ModuleType:
    """The file `relative` (to the repository's root) run as a module named `name` (not
    put in `sys.modules`: each caller gets its own)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


region = load_module("region", "benchmarks/region.py")
