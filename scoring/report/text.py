"""Render: the 自评表 as plain text for a terminal (Chinese-width aware)."""

from __future__ import annotations

import tabulate as _tabulate

from ..findings import Lang
from ..result import Result
from .table import build_table

_tabulate.WIDE_CHARS_MODE = True
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def render_text(result: Result, lang: Lang = "zh") -> str:
    """The official table, then the findings, as aligned text."""
    t = build_table(result, lang)
    out = [t.title, ""]
    out.append(_tabulate.tabulate([list(pair) for pair in t.header if pair[1]],
                                  tablefmt="simple_grid"))
    if t.budget is not None:
        out += ["", t.budget.title,
                _tabulate.tabulate(t.budget.rows, headers=t.budget.columns,
                                   tablefmt="simple_grid", disable_numparse=True)]
        out += list(t.budget.notes)
    rows = [list(r) for r in t.indicators.rows]
    rows.append([t.total[0], "", "", "", "", "", "", t.total[1], t.total[2], "", ""])
    out += ["", t.indicators.title,
            _tabulate.tabulate(rows, headers=t.indicators.columns, tablefmt="simple_grid",
                               disable_numparse=True, maxcolwidths=[8, 10, 14, 4, 8, 6, 8, 6, 8,
                                                                    14, 30])]
    if t.sections is not None:
        out += ["", t.sections.title,
                _tabulate.tabulate(t.sections.rows, headers=t.sections.columns,
                                   tablefmt="simple_grid", disable_numparse=True)]
    out += ["", f"总分：{t.total[2]}    评价等级：{t.grade}", *t.footer]
    if t.findings:
        out += ["", f"复核发现（{len(t.findings)}）："]
        out += [f"  {place + ': ' if place else ''}[{SEVERITY_LABEL[sev]}] {msg} ({code})"
                for sev, code, place, msg in t.findings]
    return "\n".join(out) + "\n"
