"""Review (run): the work of `scoring audit` — every input read, every case audited, a verdict.

Reads every input (case YAML, flat CSV/XLSX, official-form XLSX) through
`scoring.load.tables.iter_cases`, collecting the diagnostics of all files before
failing; audits each case; and tells whether `--fail-on` makes the run fail.
The thin CLI renders the audits (`scoring.report.render_audits`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from ..errors import Diagnostic, LoadError
from ..load.scheme import load_scheme
from ..model.case import Case
from ..model.findings import SEVERITY_ORDER
from .audit import AuditResult, audit, worst_severity

FailOn = Literal["error", "warning"]


def load_inputs(paths: Sequence[str | Path], scheme: str | None = None) -> list[Case]:
    """Every case of every input; one `LoadError` with the diagnostics of all files."""
    from ..load.tables import iter_cases

    if scheme:
        load_scheme(scheme, Path.cwd())  # an unknown scheme fails before any file is read
    cases: list[Case] = []
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            cases.extend(iter_cases(Path(path), scheme))
        except LoadError as exc:
            problems.extend(exc.diagnostics)
    if problems:
        raise LoadError(problems)
    return cases


def audit_paths(paths: Sequence[str | Path], scheme: str | None = None) -> list[AuditResult]:
    """Load and audit every project of `paths` (`scheme` overrides each case's)."""
    return [audit(case) for case in load_inputs(paths, scheme)]


def fails(items: Sequence[AuditResult], fail_on: FailOn | None) -> bool:
    """Whether any finding is at least as severe as `fail_on` (never, when None)."""
    if fail_on is None:
        return False
    worst = worst_severity(f for item in items for f in item.findings)
    return worst is not None and worst <= SEVERITY_ORDER[fail_on]
