"""scoring: exact, explained scoring and audit of 预算绩效自评.

Budget-performance self-evaluations, scored by the rules.

The public API. Load an indicator set, a case and a scheme; `evaluate` them
into a `Result` whose every score carries its derivation; `render` it as the
official 自评表 or as JSON.

    >>> from scoring import load_case, evaluate, render
    >>> result = evaluate(load_case("cases/anju-2023-investment.yaml"))
    >>> str(result.total), result.grade
    ('97.7', '优秀')
"""

# Names load on first use (PEP 562), so `scoring score` imports only what it needs.
from __future__ import annotations

import importlib
import sys
from types import FunctionType, ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .audit import Audit, AuditResult, ManualRow, audit
    from .audit_run import render_audits
    from .audit_summary import AuditSummary, summarize_audits
    from .batch import audit_many, results_to_records, score_many
    from .engine import evaluate
    from .errors import (
        Diagnostic,
        EvaluationError,
        LoadError,
        Location,
        RenderError,
        ScoringError,
        UnknownSchemeError,
        format_diagnostic,
    )
    from .findings import Finding
    from .io import iter_cases, load_cases
    from .loader import load_case, load_indicator_set
    from .model import Actual, Budget, Case, Indicator, IndicatorSet, Project, Reported
    from .record_schema import records_schema
    from .report import render
    from .result import BudgetResult, IndicatorResult, ProjectInfo, Result, SchemeInfo
    from .scheme import Scheme, builtin_ids, load_scheme

_EXPORTS = {
    "Actual": "model",
    "Audit": "audit",
    "AuditResult": "audit",
    "AuditSummary": "audit_summary",
    "Budget": "model",
    "BudgetResult": "result",
    "Case": "model",
    "Diagnostic": "errors",
    "EvaluationError": "errors",
    "Finding": "findings",
    "Indicator": "model",
    "IndicatorResult": "result",
    "IndicatorSet": "model",
    "LoadError": "errors",
    "Location": "errors",
    "ManualRow": "audit",
    "Project": "model",
    "ProjectInfo": "result",
    "RenderError": "errors",
    "Reported": "model",
    "Result": "result",
    "Scheme": "scheme",
    "SchemeInfo": "result",
    "ScoringError": "errors",
    "UnknownSchemeError": "errors",
    "audit": "audit",
    "audit_many": "batch",
    "builtin_ids": "scheme",
    "evaluate": "engine",
    "format_diagnostic": "errors",
    "iter_cases": "io",
    "load_case": "loader",
    "load_cases": "io",
    "load_indicator_set": "loader",
    "load_scheme": "scheme",
    "render": "report",
    "records_schema": "record_schema",
    "render_audits": "audit_run",
    "results_to_records": "batch",
    "score_many": "batch",
    "summarize_audits": "audit_summary",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scoring' has no attribute '{name}'")
    value = _public(getattr(importlib.import_module(f".{module}", __name__), name))
    globals()[name] = value
    return value


def _public(value: Any) -> Any:
    """A public function runs in the engine's decimal context, whatever the caller's
    (`decimals.in_engine_context`); pickled by its public name, `scoring.<name>`."""
    if not isinstance(value, FunctionType):
        return value
    from .decimals import in_engine_context

    guarded = in_engine_context(value)
    guarded.__module__ = __name__
    guarded.__qualname__ = value.__name__
    return guarded


def __dir__() -> list[str]:
    return sorted(__all__)


class _Package(ModuleType):
    """The package module: `scoring.audit` names the function `audit`, not its submodule.

    Importing a submodule sets it as an attribute of its package; the submodule
    `scoring.audit` would thereby shadow the function of the same name (the eager
    import that used to prevent it cost every command the whole audit). The
    submodule stays reachable in `sys.modules` and by `from scoring.audit import …`.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "audit" and isinstance(value, ModuleType):
            value = globals().get("audit")
            if not isinstance(value, FunctionType):
                value = _public(sys.modules[f"{__name__}.audit"].audit)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "Actual",
    "Audit",
    "AuditResult",
    "AuditSummary",
    "Budget",
    "BudgetResult",
    "Case",
    "Diagnostic",
    "EvaluationError",
    "Finding",
    "Indicator",
    "IndicatorResult",
    "IndicatorSet",
    "LoadError",
    "Location",
    "ManualRow",
    "Project",
    "ProjectInfo",
    "RenderError",
    "Reported",
    "Result",
    "Scheme",
    "SchemeInfo",
    "ScoringError",
    "UnknownSchemeError",
    "audit",
    "audit_many",
    "builtin_ids",
    "evaluate",
    "format_diagnostic",
    "iter_cases",
    "load_case",
    "load_cases",
    "load_indicator_set",
    "load_scheme",
    "records_schema",
    "render",
    "render_audits",
    "results_to_records",
    "score_many",
    "summarize_audits",
]
__version__ = "0.1.0"
