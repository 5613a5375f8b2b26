"""The public API: a sorted __all__, documented, typed, importable names."""

from __future__ import annotations

import inspect

from conftest import ROOT

import scoring


def test_all_is_sorted_and_complete() -> None:
    assert scoring.__all__ == sorted(scoring.__all__)
    for name in scoring.__all__:
        assert hasattr(scoring, name), name


def test_every_public_name_has_a_docstring() -> None:
    for name in scoring.__all__:
        obj = getattr(scoring, name)
        assert inspect.getdoc(obj), name


def test_the_package_is_typed() -> None:
    assert (ROOT / "scoring" / "py.typed").exists()


def test_every_module_says_its_place_in_the_pipeline() -> None:
    for path in (ROOT / "scoring").rglob("*.py"):
        source = path.read_text("utf-8")
        assert source.lstrip().startswith('"""'), f"{path} has no module docstring"
        assert len(source.splitlines()) <= 500, f"{path} is over 500 lines"


def test_audit_is_the_function_though_its_module_loads_lazily() -> None:
    """`scoring` imports nothing heavy at once; `scoring.audit` is the function (its module is
    `scoring.review.audit`)."""
    import subprocess
    import sys

    code = ("import sys, scoring\n"
            "print('scoring.review.audit' in sys.modules)\n"
            "import scoring.review.run\n"
            "from scoring import audit\n"
            "from scoring.review.audit import AuditResult\n"
            "print(callable(audit), scoring.audit is audit,\n"
            "      'scoring.review.audit' in sys.modules)\n"
            "print(AuditResult.__module__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == ["False", "True", "True", "True", "scoring.review.audit"]
