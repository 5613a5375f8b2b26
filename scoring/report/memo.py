"""Render: the audit as a reviewer's memo (复核意见), plain text.

Per project the verdict comes first — the published total and grade, the
recomputed ones, the points that rest on no evidence and the total without
them — then every finding, grouped by severity, each with its row, its place
(`file:line:col` or `Sheet!cell`), the message and the row's derivation.
For several projects a summary (by finding code, by department, the projects
whose grade changes) precedes the memos. The fixed phrases are data
(`data/memo.yaml`), the messages come from the finding catalogue, so
`--lang en` needs no code.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ..decimals import fmt, fmt_places, plain
from ..errors import Severity
from ..model.findings import Finding, Lang, severity_label
from ..model.result import BUDGET_ROW
from ..read.packaged import data_file
from ..review.audit import AuditResult
from ..terminal import visible
from .audit_summary import AuditSummary, GradeChange, project_label, summarize_audits

INDENT = "  "
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEPARATOR = "=" * 60


@lru_cache(maxsize=1)
def _all_phrases() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = data_file("memo.yaml")
    return data


def phrases(lang: Lang) -> dict[str, Any]:
    """The memo's fixed phrases in `lang`."""
    return _all_phrases()[lang]


def _total_grade(p: dict[str, Any], total: str | None, grade: str | None) -> str:
    key = "total_grade" if total is not None else "no_total"
    return str(p[key]).format(total=total, grade=grade or p["no_grade"])


def _published_anything(item: AuditResult) -> bool:
    r = item.result
    return (r.reported_total is not None or r.reported_grade is not None
            or any(row.reported_score is not None for row in r.indicators)
            or (r.budget is not None and r.budget.reported_score is not None))


def verdict(item: AuditResult, lang: Lang = "zh") -> list[str]:
    """The verdict lines: published vs recomputed, then the points with no evidence."""
    p = phrases(lang)
    a = item.audit
    places = item.result.scheme.places
    if a.reported_grade is None and a.reported_total_grade is not None:
        shown = p["implied_grade"].format(grade=a.reported_total_grade)
    else:
        shown = a.reported_grade or p["no_grade"]
    published = None if a.reported_total is None else plain(a.reported_total)
    recomputed = _total_grade(p, _places(a.recomputed_total, places), a.recomputed_grade or "—")
    if _published_anything(item) and published is None:
        lines = [p["verdict_no_total"].format(grade=shown, recomputed=recomputed)]
    elif _published_anything(item):
        lines = [p["verdict"].format(published=_total_grade(p, published, shown),
                                     recomputed=recomputed)]
    else:
        lines = [p["unpublished"].format(recomputed=recomputed)]
    if item.grade_changes():
        lines.append(p["grade_changed"].format(published=item.published_grade,
                                               recomputed=a.recomputed_grade))
    if a.manual_rows:
        rows = p["row_separator"]
        lines.append(p["points"].format(
            points=fmt(a.manual_points),
            rows=rows.join(p["row_points"].format(name=m.name, points=fmt(m.points))
                           for m in a.manual_rows),
            without=_total_grade(p, _places(a.total_without_manual, places),
                                 a.grade_without_manual or "—")))
    else:
        lines.append(p["no_points"])
    return lines


def _derivation(item: AuditResult, f: Finding) -> str | None:
    if f.indicator == BUDGET_ROW and item.result.budget is not None:
        return item.result.budget.explain
    for row in item.result.indicators:
        if row.name == f.indicator:
            return row.explain
    return None


def render_memo(item: AuditResult, lang: Lang = "zh") -> str:
    """The memo of one audited project."""
    p = phrases(lang)
    r = item.result
    findings = item.findings
    out = [p["title"].format(project=project_label(item)),
           p["meta"].format(department=r.project.department or p["unknown"],
                            scheme=r.scheme.id, source=r.source or p["unknown"]),
           "", *verdict(item, lang)]
    tally = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    out.append(p["counts"].format(**tally) if findings else p["no_findings"])
    for severity in SEVERITIES:
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        out += ["", p["group"].format(severity=p["severity"][severity], count=len(group))]
        for n, f in enumerate(group, start=1):
            head = p["item"].format(n=n, row=f.indicator, place=f.location) if f.location \
                else p["item_no_place"].format(n=n, row=f.indicator)
            out.append(INDENT + head)
            out.append(INDENT * 2 + p["message"].format(message=f.message_in(lang), code=f.code))
            explain = _derivation(item, f)
            if explain:
                out.append(INDENT * 2 + p["derivation"].format(explain=explain))
    return _lines(out)


def _lines(out: list[str]) -> str:
    """The memo's lines, each one line whatever the input's text holds (a newline in
    a cell quoted by a message is printed as `\\n`, `terminal.visible`)."""
    return "\n".join(visible(line) for line in out) + "\n"


def _change_totals(p: dict[str, Any], total: Decimal | None, grade: str) -> str:
    return _total_grade(p, None if total is None else plain(total), grade)


def render_summary(summary: AuditSummary, lang: Lang = "zh") -> str:
    """The summary of a multi-project audit, as text."""
    p = phrases(lang)
    none = INDENT + p["none_listed"]
    out = [p["summary_title"].format(projects=summary.projects), "", p["by_code"]]
    out += [INDENT + p["by_code_row"].format(code=c.code, severity=severity_label(c.severity, lang),
                                             findings=c.findings, projects=c.projects)
            for c in summary.by_code] or [none]
    out += ["", p["by_department"]]
    out += [INDENT + p["by_department_row"].format(
        department=d.department or p["unknown"], projects=d.projects, error=d.errors,
        warning=d.warnings, info=d.infos, changes=d.grade_changes)
        for d in summary.by_department] or [none]
    out += ["", p["grade_changes"]]
    out += [INDENT + _change_row(p, "grade_change_row", c)
            for c in summary.grade_changes] or [none]
    out += ["", p["evidence_changes"]]
    out += [INDENT + _change_row(p, "evidence_change_row", c)
            for c in summary.evidence_changes] or [none]
    return _lines(out)


def _change_row(p: dict[str, Any], key: str, c: GradeChange) -> str:
    return str(p[key]).format(project=c.project, department=c.department or p["unknown"],
                         before=_change_totals(p, c.from_total, c.from_grade),
                         after=_change_totals(p, c.to_total, c.to_grade),
                         points=fmt(c.points) if c.points is not None else "")


def render_memos(items: Sequence[AuditResult], lang: Lang = "zh") -> str:
    """One memo, or for several projects the summary and then each memo."""
    if len(items) == 1:
        return render_memo(items[0], lang)
    parts = [render_summary(summarize_audits(items), lang)]
    parts += [render_memo(item, lang) for item in items]
    return f"\n{SEPARATOR}\n\n".join(parts)


def _places(value: Decimal | None, places: int) -> str:
    """A recomputed total as printed; `—` when no row has a weight (no-weights)."""
    return "—" if value is None else fmt_places(value, places)
