"""Render: the audit as JSON — the result JSON of FORMATS.md §6 plus an `audit` object.

One project: the result object of `json.py` (every key as there), whose
`findings` also hold the audit's findings (most severe first), plus `audit`
with exactly `reported_total`, `reported_grade`, `recomputed_total`,
`recomputed_grade`, `manual_points`, `total_without_manual`,
`grade_without_manual`. Many projects: `{"format", "projects": [...],
"summary": {...}}`. Decimals are strings, scores at the scheme's places; the
published total keeps the decimals it was printed with.
"""

from __future__ import annotations

import dataclasses
import json as _json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..decimals import fmt_places, plain
from ..model.findings import Lang
from ..review.audit import AuditResult
from .audit_summary import AuditSummary, GradeChange, summarize_audits
from .json import result_to_dict

BATCH_FORMAT_ID = "scoring.audit-summary/1"


def audit_to_dict(item: AuditResult, lang: Lang = "zh") -> dict[str, Any]:
    """The JSON object of one audited project."""
    out = result_to_dict(dataclasses.replace(item.result, findings=item.findings), lang)
    a = item.audit
    places = item.result.scheme.places
    out["audit"] = {
        "reported_total": None if a.reported_total is None else plain(a.reported_total),
        "reported_grade": a.reported_grade,
        "recomputed_total": None if a.recomputed_total is None
        else fmt_places(a.recomputed_total, places),  # None: no row has a weight
        "recomputed_grade": a.recomputed_grade,
        "manual_points": fmt_places(a.manual_points, places),
        "total_without_manual": None if a.total_without_manual is None
        else fmt_places(a.total_without_manual, places),
        "grade_without_manual": a.grade_without_manual,
    }
    return out


def _number(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def _change(c: GradeChange) -> dict[str, Any]:
    out = {"project": c.project, "department": c.department, "source": c.source,
           "from_total": _number(c.from_total), "from_grade": c.from_grade,
           "to_total": _number(c.to_total), "to_grade": c.to_grade}
    if c.points is not None:
        out["points"] = plain(c.points)
    return out


def summary_to_dict(summary: AuditSummary) -> dict[str, Any]:
    """The `summary` object of a multi-project audit."""
    return {
        "projects": summary.projects,
        "by_code": [{"code": c.code, "severity": c.severity, "findings": c.findings,
                     "projects": c.projects} for c in summary.by_code],
        "by_department": [{"department": d.department, "projects": d.projects,
                           "errors": d.errors, "warnings": d.warnings, "infos": d.infos,
                           "grade_changes": d.grade_changes} for d in summary.by_department],
        "grade_changes": [_change(c) for c in summary.grade_changes],
        "evidence_grade_changes": [_change(c) for c in summary.evidence_changes],
    }


def audits_to_dict(items: Sequence[AuditResult], lang: Lang = "zh") -> dict[str, Any]:
    """One project's object, or for several the `projects` list with a `summary`."""
    if len(items) == 1:
        return audit_to_dict(items[0], lang)
    return {"format": BATCH_FORMAT_ID,
            "projects": [audit_to_dict(item, lang) for item in items],
            "summary": summary_to_dict(summarize_audits(items))}


def render_audit_json(items: Sequence[AuditResult], lang: Lang = "zh") -> str:
    """The audit JSON as text."""
    return _json.dumps(audits_to_dict(items, lang), ensure_ascii=False, indent=2) + "\n"
