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
from types import FunctionType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch.api import audit_many, results_to_records, score_many
    from .batch.distributed import score_arrow_batches
    from .batch.frames import TableResult, score_table, table_schema
    from .batch.record_schema import records_schema
    from .engine.evaluate import evaluate
    from .errors import (
        Diagnostic,
        EvaluationError,
        LoadError,
        Location,
        MissingDependencyError,
        RenderError,
        ScoringError,
        UnknownSchemeError,
        WorkerLost,
        format_diagnostic,
    )
    from .load.loader import load_case, load_indicator_set
    from .load.scheme import builtin_ids, load_scheme
    from .load.tables import iter_cases, load_cases
    from .model.case import Actual, Budget, Case, Indicator, IndicatorSet, Project, Reported
    from .model.findings import Finding
    from .model.result import BudgetResult, IndicatorResult, ProjectInfo, Result, SchemeInfo
    from .model.scheme import Scheme
    from .report import render, render_audits
    from .report.audit_summary import AuditSummary, summarize_audits
    from .review.audit import Audit, AuditResult, ManualRow, audit

_EXPORTS = {
    "Actual": "model.case",
    "Audit": "review.audit",
    "AuditResult": "review.audit",
    "AuditSummary": "report.audit_summary",
    "Budget": "model.case",
    "BudgetResult": "model.result",
    "Case": "model.case",
    "Diagnostic": "errors",
    "EvaluationError": "errors",
    "Finding": "model.findings",
    "Indicator": "model.case",
    "IndicatorResult": "model.result",
    "IndicatorSet": "model.case",
    "LoadError": "errors",
    "Location": "errors",
    "ManualRow": "review.audit",
    "MissingDependencyError": "errors",
    "Project": "model.case",
    "ProjectInfo": "model.result",
    "RenderError": "errors",
    "Reported": "model.case",
    "Result": "model.result",
    "Scheme": "model.scheme",
    "SchemeInfo": "model.result",
    "TableResult": "batch.frames",
    "ScoringError": "errors",
    "UnknownSchemeError": "errors",
    "WorkerLost": "errors",
    "audit": "review.audit",
    "audit_many": "batch.api",
    "builtin_ids": "load.scheme",
    "evaluate": "engine.evaluate",
    "format_diagnostic": "errors",
    "iter_cases": "load.tables",
    "load_case": "load.loader",
    "load_cases": "load.tables",
    "load_indicator_set": "load.loader",
    "load_scheme": "load.scheme",
    "records_schema": "batch.record_schema",
    "render": "report",
    "render_audits": "report",
    "results_to_records": "batch.api",
    "score_arrow_batches": "batch.distributed",
    "score_many": "batch.api",
    "score_table": "batch.frames",
    "summarize_audits": "report.audit_summary",
    "table_schema": "batch.frames",
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
    "MissingDependencyError",
    "Project",
    "ProjectInfo",
    "RenderError",
    "Reported",
    "Result",
    "Scheme",
    "SchemeInfo",
    "ScoringError",
    "TableResult",
    "UnknownSchemeError",
    "WorkerLost",
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
    "score_arrow_batches",
    "score_many",
    "score_table",
    "summarize_audits",
    "table_schema",
]
__version__ = "0.1.0"
