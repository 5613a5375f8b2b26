"""Check files: tell an indicator set, a case and a scheme apart, load, evaluate, report.

Used by `scoring check`: each file is recognised by its keys, loaded with the
matching loader, and for a case also evaluated (so this is the engine's stage),
so every problem the engine would meet shows up as a located diagnostic.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Diagnostic, LoadError, Location, ScoringError
from ..load.loader import file_kind, is_table, load_case, load_indicator_set
from ..load.scheme import load_scheme
from ..load.tables import iter_cases
from ..read.source import read_yaml
from .evaluate import evaluate


def check_file(path: Path) -> list[Diagnostic]:
    """Every diagnostic of one file (empty when it is clean)."""
    if is_table(path):
        return _check_table(path)
    try:
        kind = file_kind(read_yaml(path))
        if kind == "scheme":
            load_scheme(path.resolve())
        elif kind == "case":
            evaluate(load_case(path))
        else:
            iset = load_indicator_set(path)
            if iset.scheme:
                load_scheme(iset.scheme)
    except LoadError as exc:
        return list(exc.diagnostics)
    except ScoringError as exc:
        return [Diagnostic(Location(str(path)), str(exc), "invalid")]
    return []


def _check_table(path: Path) -> list[Diagnostic]:
    """A CSV/XLSX table: every project loaded and evaluated, every problem kept."""
    found: list[Diagnostic] = []
    try:
        for case in iter_cases(path):
            try:
                evaluate(case)
            except LoadError as exc:
                found.extend(exc.diagnostics)
    except LoadError as exc:
        found.extend(exc.diagnostics)
    except ScoringError as exc:
        found.append(Diagnostic(Location(str(path)), str(exc), "invalid"))
    return found
