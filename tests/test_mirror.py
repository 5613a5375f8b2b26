"""The tests mirror the package: every module of scoring/ has its test module.

`scoring/<stage>/<module>.py` is tested in `tests/<stage>/test_<module>.py` (or
`test_<module>_<aspect>.py`, when one file would be too long); a package's
`__init__.py` that holds code in `tests/<stage>/test_init.py`. A module that only
wires others is listed in `WIRING` with the reason and where its behaviour is tested.
One test per module, so a failure names it. (Test modules named by a feature rather
than a module, such as tests/engine/test_unweighted.py, are welcome beside them.)
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "scoring"
TESTS = ROOT / "tests"
WIRING = {
    "__init__.py": "the facade: names re-exported from the stages (tests/test_api.py tests the "
                   "public API through it, tests/test_docs.py that each name is documented)",
    "__main__.py": "`python -m scoring`: calls cli.program and exits with its code (run as a "
                   "process by spawn_cli and the tests of signals, pipes and limits)",
}


def _only_a_docstring(path: Path) -> bool:
    body = ast.parse(path.read_text("utf-8")).body
    return all(isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
               for node in body)


def _modules() -> list[str]:
    """Every module of the package (an `__init__.py` with no code is no module of its own)."""
    return sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                  if not (p.name == "__init__.py" and _only_a_docstring(p)))


def _tests_of(module: str) -> list[Path]:
    path = Path(module)
    name = "init" if path.name == "__init__.py" else path.stem
    folder = TESTS / path.parent
    pattern = re.compile(rf"test_{re.escape(name)}(_\w+)?\.py")
    return sorted(p for p in folder.glob("test_*.py") if pattern.fullmatch(p.name))


@pytest.mark.parametrize("module", _modules())
def test_every_module_has_its_mirrored_test_module(module: str) -> None:
    if module in WIRING:
        assert not _tests_of(module), f"{module} has tests: take it off WIRING"
        return
    assert _tests_of(module), (f"scoring/{module} has no tests/{Path(module).parent}/"
                               f"test_{Path(module).stem}*.py")

