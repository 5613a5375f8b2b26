"""Packaging (#16.5): the licence, an sdist whose tests run, an editable install that mypy
sees, dependencies that are used. The builds run setuptools' own PEP 517 hooks on a copy
of the tree, in a subprocess."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from conftest import ROOT

import scoring

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
TEST_DIRS = ("tests", "cases", "indicator_sets", "schemas", "schemes", "docs", "benchmarks",
             "scripts")
SKIP = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                              ".*_cache", ".hypothesis", "out")


def test_the_licence_is_apache_2_whole() -> None:
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
    assert "9. Accepting Warranty or Additional Liability." in text
    assert "END OF TERMS AND CONDITIONS" in text
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_the_version_is_one() -> None:
    assert scoring.__version__ == metadata.version("scoring") == PYPROJECT["project"]["version"]


def test_every_dependency_is_imported_by_the_package() -> None:
    """No dependency that nothing uses (wcwidth went when the widths moved to grid.py)."""
    imported: set[str] = set()
    for path in (ROOT / "scoring").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
    modules = {"pyyaml": "yaml"}
    for requirement in PYPROJECT["project"]["dependencies"]:
        name = re.split(r"[<>=!~ ;\[]", requirement)[0].lower()
        assert modules.get(name, name) in imported, requirement


def _installed_by(requirements: list[str]) -> set[str]:
    """The distributions a plain `pip install` of `requirements` brings, transitively
    (no extras), as normalised names."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = list(requirements)
    while todo:
        requirement = Requirement(todo.pop())
        name = re.sub(r"[-_.]+", "-", requirement.name).lower()
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        try:
            todo.extend(metadata.requires(requirement.name) or [])
        except metadata.PackageNotFoundError:
            pass
    return seen


def test_every_module_imported_at_load_comes_with_a_plain_install() -> None:
    """`pip install -e .` (README's first command) brings every third-party module a module
    of the package imports at its top: numpy, imported by batch/frames.py and
    engine/columns_fallback.py but not a dependency, made `score_table` and `scoring batch`
    on a table fail with a traceback on a plain install."""
    brought = _installed_by(PYPROJECT["project"]["dependencies"])
    distributions = metadata.packages_distributions()
    for path in (ROOT / "scoring").rglob("*.py"):
        for node in ast.parse(path.read_text("utf-8")).body:  # the module's top level only
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module.split(".")[0]]
            else:
                continue
            for name in names:
                if name in sys.stdlib_module_names or name == "scoring":
                    continue
                owners = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(name, [])}
                assert owners & brought, f"{path.relative_to(ROOT)} imports {name}"


def _build(hook: str, tmp_path: Path) -> Path:
    if int(metadata.version("setuptools").split(".")[0]) < 77:
        pytest.skip("setuptools < 77 cannot build PEP 639 licence metadata "
                    "(pip install -e '.[test]' brings a newer one)")
    tree, out = tmp_path / "tree", tmp_path / "out"
    shutil.copytree(ROOT, tree, ignore=SKIP)
    out.mkdir()
    code = (f"import sys; from setuptools import build_meta as b; "
            f"print(b.{hook}(sys.argv[1]))")
    proc = subprocess.run([sys.executable, "-c", code, str(out)], cwd=tree,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out / proc.stdout.strip().splitlines()[-1]


def test_the_sdist_holds_what_the_tests_need(tmp_path: Path) -> None:
    sdist = _build("build_sdist", tmp_path)
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    wanted = {"LICENSE", "README.md", "pyproject.toml", ".ci/run", "scoring/py.typed",
              "scoring/data/cli.yaml"}
    for folder in TEST_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and not SKIP(str(path.parent), [path.name]) and not any(
                    part.startswith(".") or part == "__pycache__"
                    for part in path.relative_to(ROOT).parts):
                wanted.add(str(path.relative_to(ROOT)))
    assert wanted - names == set()


def test_the_editable_install_is_a_path_mypy_follows(tmp_path: Path) -> None:
    """A .pth naming the project folder (mypy reads those), not an import hook (mypy
    cannot run it): `from scoring import evaluate` type-checks in the user's code."""
    wheel = _build("build_editable", tmp_path)
    with zipfile.ZipFile(wheel) as zf:
        pth = [n for n in zf.namelist() if n.endswith(".pth")]
        assert len(pth) == 1, zf.namelist()
        assert not [n for n in zf.namelist() if n.endswith("_finder.py")]
        lines = zf.read(pth[0]).decode().split()
    assert lines == [str(tmp_path / "tree")]
    assert (Path(lines[0]) / "scoring" / "py.typed").is_file()
