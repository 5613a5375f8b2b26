"""Region report (data): what the region page shows, gathered from the batch outcomes.

Built from the same records the summary workbook writes (`model/outcome.counted`:
the project's summary record, its unified grade and its finding counts, the
audit's included), never from the engine. Per project only the few values the
project table shows are kept; findings are counted by code with the first
project that has each. Headline figures are exact: the mean and the median of
the totals are rounded half up to 2 places (`decimals.round_half_up`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..decimals import round_half_up
from ..model.outcome import Outcome, counted
from ..model.result import BUDGET_ROW
from ..read.packaged import data_file

HISTOGRAM_BINS = 10  # of the total as a share of the scheme's full marks
FORMS = 1000  # projects whose scored table the page shows (the first, in input order)
UNFILLED: str = data_file("region.yaml")["zh"]["unknown_department"]  # as outcome.py's key
# 一级, 二级, 三级指标, 指标值, 实际完成值, 权重, 得分, how it was scored
FormRow = tuple[str, str, str, str, str, str, str, str]


def form_rows(line: str | None, budget_label: str) -> tuple[FormRow, ...] | None:
    """A project's scored table from its result JSON line (FORMATS.md §6): the
    budget-execution row, then each indicator row. None for no result."""
    if not line:
        return None
    data = json.loads(line)
    if not isinstance(data, dict) or "indicators" not in data:
        return None
    rows: list[FormRow] = []
    budget = data.get("budget_execution")
    if isinstance(budget, dict) and budget.get("weight") is not None:
        rows.append(("", "", budget_label, budget.get("adjusted") or "",
                     budget.get("executed") or "", budget.get("weight") or "",
                     budget.get("score") or "", budget.get("explain") or ""))
    for r in data["indicators"]:
        target = "".join(str(r.get(k) or "") for k in ("comparator", "target", "unit"))
        rows.append((r.get("level1") or "", r.get("level2") or "", r.get("name") or "",
                     target, str(r.get("actual") or ""), str(r.get("weight") or ""),
                     str(r.get("score") or ""), str(r.get("explain") or "")))
    return tuple(rows)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectRow:
    """One line of the project table."""

    number: int  # 1-based, in input order: the row's anchor `p<number>`
    department: str
    project: str
    code: str
    total: Decimal | None
    grade: str
    scale: str  # the grade on the unified scale
    reported: str  # the published total and grade, as printed
    errors: int
    warnings: int
    findings: int
    source: str
    line: int | None
    failed: bool
    problem: str
    changed: bool  # under --audit: the recomputed grade is not the published one
    without_manual: str  # under --audit: the total and grade without unsupported points


@dataclass(slots=True)
class CodeCount:
    """A finding code: its severity, how often it was found, the first project with it."""

    severity: str
    count: int = 0
    example: int = 0  # the project's number


@dataclass(slots=True)
class RegionData:
    """Everything the region page needs, added outcome by outcome."""

    rows: list[ProjectRow] = field(default_factory=list)
    codes: dict[str, CodeCount] = field(default_factory=dict)
    shares: Counter[int] = field(default_factory=Counter)  # histogram bin → projects
    forms: dict[int, tuple[FormRow, ...]] = field(default_factory=dict)  # the first FORMS
    budget_label: str = BUDGET_ROW  # the budget-execution row's name in the forms

    def add(self, outcome: Outcome) -> None:
        rec = counted(outcome)
        number = len(self.rows) + 1
        total = _decimal(rec.get("total"))
        full = _decimal(rec.get("max_total"))
        if total is not None and full:
            share = total * HISTOGRAM_BINS / full
            self.shares[min(HISTOGRAM_BINS - 1, max(0, int(share)))] += 1
        reported = " ".join(str(rec[k]) for k in ("reported_total", "reported_grade")
                            if rec.get(k) is not None)
        without = " ".join(str(rec[k]) for k in ("total_without_manual",
                                                   "grade_without_manual")
                           if rec.get(k) is not None)
        self.rows.append(ProjectRow(
            number=number, department=_text(rec.get("department")),
            project=_text(rec.get("project")), code=_text(rec.get("code")), total=total,
            grade=_text(rec.get("grade")), scale=_text(rec.get("grade_scale")),
            reported=reported, errors=_int(rec.get("errors")),
            warnings=_int(rec.get("warnings")), findings=_int(rec.get("findings")),
            source=_text(rec.get("source")), line=_line(rec.get("line")),
            failed=outcome.failed, problem=_text(rec.get("problem")),
            changed=bool(rec.get("grade_changes")), without_manual=without))
        if number <= FORMS and not outcome.failed:
            form = form_rows(outcome.json, self.budget_label)
            if form is not None:
                self.forms[number] = form
        for severity, code, *_ in outcome.findings:
            entry = self.codes.get(code)
            if entry is None:
                entry = self.codes[code] = CodeCount(severity, example=number)
            entry.count += 1

    def totals(self) -> list[Decimal]:
        return [r.total for r in self.rows if r.total is not None and not r.failed]

    def mean(self) -> Decimal | None:
        totals = self.totals()
        return round_half_up(sum(totals, Decimal(0)) / len(totals), 2) if totals else None

    def median(self) -> Decimal | None:
        totals = sorted(self.totals())
        if not totals:
            return None
        mid = len(totals) // 2
        middle = totals[mid] if len(totals) % 2 else (totals[mid - 1] + totals[mid]) / 2
        return round_half_up(middle, 2)

    def grade_counts(self, scale: list[str]) -> Counter[str]:
        """Projects by grade on the unified scale (others, if any, after it)."""
        counts: Counter[str] = Counter()
        for row in self.rows:
            if not row.failed:
                counts[row.scale or row.grade] += 1
        return Counter({g: counts[g] for g in [*scale, *sorted(set(counts) - set(scale))]})

    def by_department(self, scale: list[str]) -> list[tuple[str, list[int]]]:
        """Per department (sorted), the projects of each grade of `scale`."""
        depts: dict[str, Counter[str]] = {}
        for row in self.rows:
            if not row.failed:
                depts.setdefault(row.department or UNFILLED, Counter())[
                    row.scale or row.grade] += 1
        return [(d, [depts[d][g] for g in scale]) for d in sorted(depts)]

    def histogram(self) -> list[tuple[str, int]]:
        """Projects per tenth of full marks (`90–100` holds full marks too)."""
        step = 100 // HISTOGRAM_BINS
        return [(f"{i * step}–{(i + 1) * step}", self.shares[i]) for i in range(HISTOGRAM_BINS)]

    def top_codes(self, limit: int) -> list[tuple[str, CodeCount]]:
        """The most frequent finding codes (ties by code)."""
        return sorted(self.codes.items(), key=lambda kv: (-kv[1].count, kv[0]))[:limit]

    def changes(self) -> list[ProjectRow]:
        return [r for r in self.rows if r.changed]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0


def _line(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        try:
            return Decimal(value)
        except (InvalidOperation, ValueError):
            return None
    return None
