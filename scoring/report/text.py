"""Render: the 自评表 as plain text for a terminal (Chinese-width aware)."""

from __future__ import annotations

from ..findings import Lang, findings_title, severity_label
from ..result import Result
from .grid import grid
from .table import build_table

INDICATOR_WIDTHS = (8, 10, 14, 4, 8, 6, 8, 6, 8, 14, 30)  # columns of text, wrapped past


def render_text(result: Result, lang: Lang = "zh") -> str:
    """The official table, then the findings, as aligned text."""
    t = build_table(result, lang)
    out = [t.title, ""]
    out.append(grid([pair for pair in t.header if pair[1]]))
    if t.budget is not None:
        out += ["", t.budget.title, grid(t.budget.rows, t.budget.columns)]
        out += list(t.budget.notes)
    rows = [*t.indicators.rows,
            (t.total[0], "", "", "", "", "", "", t.total[1], t.total[2], "", "")]
    out += ["", t.indicators.title, grid(rows, t.indicators.columns, INDICATOR_WIDTHS)]
    if t.sections is not None:
        out += ["", t.sections.title, grid(t.sections.rows, t.sections.columns)]
    out += ["", f"总分：{t.total[2]}    评价等级：{t.grade}", *t.footer]
    if t.findings:
        out += ["", findings_title(len(t.findings), t.lang, line=True)]
        out += [f"  {place + ': ' if place else ''}[{severity_label(sev, t.lang)}] {msg} "
                f"({code})" for sev, code, place, msg in t.findings]
    return "\n".join(out) + "\n"
