"""Batch (tables): `scoring batch --audit` of a flat table by the columnar core.

The audit's stage of `frames.score_outcomes` (`review/columns_audit.py` on the
core's frames, `audit_result` per case for the projects the row engine scores),
with two things the lane needs kept: each row-engine project's whole
`AuditResult` (its outcome is made as a worker makes it), and a mark on the
audit's own findings (`audit`), since the record counts the engine's findings
and the audit's apart (`api.project_record`).

For a project the core scored, the audit's columns of the record are computed
from its rows as `review/audit.py` does (RULES.md §5): the rows whose points rest
on no value (`_manual_rows`: a blank actual, a phrase, an unreadable actual; the
core takes no manual score and no row not applicable, so nothing is rescaled),
their points or, scored 0, their published points; the total without them
(`_total_without`) and its grade; the published total as the audit reads it;
whether the recomputed grade differs from the published one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import polars as pl

from ..decimals import fmt, fmt_places
from ..engine.columns_format import SEVERITY_RANK
from ..engine.columns_stage import Detail, Scored, Vetted
from ..model.case import Case
from ..model.findings import Finding
from ..model.result import Result
from ..model.scheme import Scheme, grade_of
from ..read.cells import cell_of
from ..review.audit import AuditResult, audit_result, same_grade
from ..review.columns_audit import audit_columns, published
from ..review.context import read_published

Record = dict[str, str | int | None]
AnyScored = Scored[Result] | Scored[AuditResult]
"""A row-engine project the lane keeps: its `Result`, or under --audit its `AuditResult`."""


class AuditStage:
    """The audit as a stage of the core (`engine.columns_stage.ColumnStage`), giving
    each row-engine project's case, `AuditResult` and scheme to `keep`."""

    def __init__(self, keep: Callable[[AnyScored], None]) -> None:
        self.keep = keep

    def __call__(self, case: Case, result: Result, scheme: Scheme) -> Iterable[Finding]:
        audited = AuditResult(result, audit_result(case, result, scheme))
        self.keep(Scored(case, audited, scheme))
        return audited.audit.findings

    def columns(self, detail: Detail, scheme: Scheme, fields: dict[str, int]) -> Vetted:
        found, unsure = audit_columns(detail, scheme, fields)
        return Vetted(found.with_columns(pl.lit(True).alias("audit")), unsure)


def manual(detail: Detail | None) -> dict[int, tuple[int, Decimal, int]]:
    """Per project (`pid`): the points of its rows with no value as evidence (× 10^-places),
    the published points of those that score 0, and the points to take out of the total
    (× 10^-places)."""
    if detail is None or not detail.rows.height:
        return {}
    c = pl.col
    none = (c("status") == "missing") | (c("status") == "unparsed") | (
        (c("mode") == "text") & c("verdict").is_not_null())
    picked = published(detail.rows.filter(none & c("score").is_not_null()))
    out: dict[int, tuple[int, Decimal, int]] = {}
    for pid, score, given, value in picked.select(
            "pid", "score", "_pg", "_pv").iter_rows():
        points, shown, removed = out.get(pid, (0, Decimal(0), 0))
        if score > 0:
            points += int(score)
        elif given and value:
            shown += Decimal(int(value)).scaleb(-6)
        out[pid] = (points, shown, removed + int(score))
    return out


def audit_order(found: pl.DataFrame) -> pl.DataFrame:
    """The engine's findings and the audit's (`audit`) of each project in the order of
    `AuditResult.findings`: by severity, line and code, the engine's first."""
    marked = found.with_columns(pl.col("audit").fill_null(False)) if "audit" in \
        found.columns else found.with_columns(pl.lit(False).alias("audit"))
    rank = pl.col("severity").replace_strict(SEVERITY_RANK, return_dtype=pl.Int64)
    return marked.with_row_index("_made").sort(
        ["pid", rank, pl.col("line").fill_null(0), "code", "_made"],
        maintain_order=True).drop("_made")


def counted(found: pl.DataFrame) -> dict[int, int]:
    """How many of each project's findings (`audit_order`) are the audit's."""
    return dict(found.filter(pl.col("audit")).group_by("pid").len().iter_rows())


def audit_record(item: dict[str, Any], scheme: Scheme, figures: tuple[int, Decimal, int],
                 audit_findings: int) -> Record:
    """The audit's columns of a core project's record (`api.project_record`)."""
    places = scheme.places
    unit = Decimal(1).scaleb(-places)
    points, shown, removed = figures
    total = None if item["total"] is None else Decimal(item["total"])
    without = total if not removed or total is None else total - removed * unit
    printed = item["reported_grade"]
    grade = printed.strip() if printed and printed.strip() else None
    value = _reported(item["reported_total"])
    stands = grade or (grade_of(scheme, value) if value is not None else None)
    recomputed = item["grade"]
    return {
        "reported_total": fmt(value) if value is not None else item["reported_total"],
        "reported_grade": grade or printed,
        "audit_findings": audit_findings,
        "manual_points": fmt(points * unit + shown),
        "total_without_manual": None if without is None else fmt_places(without, places),
        "grade_without_manual": None if without is None else grade_of(scheme, without),
        "grade_changes": int(stands is not None and recomputed is not None
                             and not same_grade(stands, recomputed))}


def _reported(text: str | None) -> Decimal | None:
    """The published total as the audit reads it (None: blank or not a number)."""
    if text is None:
        return None
    p = read_published(cell_of(text), None)
    return None if p is None else p.value
