"""What the differential, batch and report tests share: the shipped flat tables
(cases/tables, cases/layouts), the schemes they are scored under (every built-in one and
one that `extends` another), and benchmarks/region.py, the generated region, as a module."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from scoring.load.scheme import builtin_ids

ROOT = Path(__file__).resolve().parents[1]
TABLES = sorted((ROOT / "cases" / "tables").glob("*.csv")) + sorted(
    (ROOT / "cases" / "layouts").glob("*.csv"))
EXTENDS = str(ROOT / "schemes" / "hunan-yueyang-department.yaml")
SCHEMES = [*builtin_ids(), EXTENDS]
_spec = importlib.util.spec_from_file_location("region", ROOT / "benchmarks" / "region.py")
assert _spec is not None and _spec.loader is not None
region = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(region)
