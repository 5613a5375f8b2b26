"""Render: the stable JSON result of FORMATS.md §6 (decimals as strings)."""

from __future__ import annotations

import json as _json
from decimal import Decimal
from typing import Any

from ..decimals import fmt, fmt_places, plain, round_half_up
from ..model.findings import Lang
from ..model.result import Result

FORMAT_ID = "scoring.result/1"


def _num(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def result_to_dict(result: Result, lang: Lang = "zh") -> dict[str, Any]:
    """The JSON object of one result, with exactly the keys of FORMATS.md §6."""
    places = result.scheme.places
    p = result.project
    budget: dict[str, Any] | None = None
    if result.budget is not None:
        b = result.budget
        budget = {"adjusted": _num(b.adjusted), "executed": _num(b.executed),
                  "rate": None if b.rate is None else format(
                      round_half_up(b.rate, 4), "f"),
                  "weight": fmt(b.weight), "score": fmt_places(b.score, places),
                  "reported_score": b.reported_score, "explain": b.explain}
        if b.sources:  # an addition to §6: the fund-source rows the case gives
            budget["sources"] = {
                f.key: {"initial": _num(f.initial), "adjusted": _num(f.adjusted),
                        "executed": _num(f.executed),
                        "rate": None if f.rate is None else format(round_half_up(f.rate, 4), "f")}
                for f in b.sources}
    indicators = [
        {"id": r.id, "level1": r.level1, "level2": r.level2, "name": r.name,
         "comparator": r.comparator, "target": r.target, "unit": r.unit, "actual": r.actual,
         "weight": None if r.weight is None else fmt(r.weight),
         "score": None if r.score is None else fmt_places(r.score, places), "status": r.status,
         "explain": r.explain, "reported_score": r.reported_score, "reason": r.reason,
         **({"evidence": r.evidence} if r.evidence is not None else {}),
         # an addition to §6: a row without 权重 (weight and score null) gives its completion
         **({"completion": format(round_half_up(r.completion, 4), "f")}
            if r.completion is not None else {})}
        for r in result.indicators]
    sections = {"sections": [
        {"name": s.name, "parent": s.parent, "weight": fmt(s.weight),
         "score": fmt_places(s.score, places) if s.applicable else None,
         "applicable": s.applicable, "reason": s.reason}
        for s in result.sections]} if result.sections else {}
    return {
        "format": FORMAT_ID,
        "project": {"name": p.name, "code": p.code, "department": p.department, "year": p.year,
                    **{key: text for key in ("goals", "goal_completion", "content")
                       if (text := getattr(p, key)) is not None}},
        "scheme": result.scheme.id,
        "scheme_version": result.scheme.version or None,
        "content_hash": result.scheme.content_hash,
        "budget_execution": budget,
        "indicators": indicators,
        **sections,
        # null when no row has a weight (no-weights): an addition to §6
        "total": None if result.total is None else fmt_places(result.total, places),
        "max_total": None if result.max_total is None else fmt(result.max_total),
        "grade": result.grade,
        "findings": [{"code": f.code, "severity": f.severity, "indicator": f.indicator,
                      "message": f.message_in(lang),
                      "location": str(f.location) if f.location else None}
                     for f in result.findings],
    }


def render_json(result: Result, lang: Lang = "zh") -> str:
    """One result as pretty-printed JSON text."""
    return _json.dumps(result_to_dict(result, lang), ensure_ascii=False, indent=2) + "\n"
