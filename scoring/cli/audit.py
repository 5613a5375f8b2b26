"""Run: the work of `scoring audit`, as functions the thin CLI calls.

Reads every input (case YAML, flat CSV/XLSX, official-form XLSX) through
`scoring.load.tables.iter_cases`, collecting the diagnostics of all files before
failing; audits each case; renders the audits in one format (text memo,
JSON, XLSX workbook); and tells whether `--fail-on` makes the run fail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from ..errors import Diagnostic, LoadError, RenderError
from ..load.scheme import load_scheme
from ..model.case import Case
from ..model.findings import SEVERITY_ORDER, Lang
from ..review.audit import AuditResult, audit, worst_severity

FailOn = Literal["error", "warning"]
AuditRenderer = Callable[[Sequence[AuditResult], Lang], str | bytes]
AUDIT_FORMATS = ("text", "json", "xlsx")
BINARY_AUDIT_FORMATS = frozenset({"xlsx"})


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


def _renderer(format: str) -> AuditRenderer:
    if format == "text":
        from ..report.memo import render_memos
        return render_memos
    if format == "json":
        from ..report.audit_json import render_audit_json
        return render_audit_json
    if format == "xlsx":
        from ..report.audit_xlsx import render_audit_xlsx
        return render_audit_xlsx
    raise RenderError(f"未知的复核输出格式 '{format}'（可用：{', '.join(AUDIT_FORMATS)}）")


def render_audits(items: Sequence[AuditResult], format: str = "text",
                  lang: Lang = "zh") -> str | bytes:
    """The audits of `items` as one output: memo text, JSON text or XLSX bytes."""
    if not items:
        raise RenderError("没有可复核的项目")
    return _renderer(format)(items, lang)


def fails(items: Sequence[AuditResult], fail_on: FailOn | None) -> bool:
    """Whether any finding is at least as severe as `fail_on` (never, when None)."""
    if fail_on is None:
        return False
    worst = worst_severity(f for item in items for f in item.findings)
    return worst is not None and worst <= SEVERITY_ORDER[fail_on]
