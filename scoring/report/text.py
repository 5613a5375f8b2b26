"""Render: the 自评表 as plain text for a terminal (Chinese-width aware).

The official form first; then, apart from it under its own heading, the review
(the content hash, the source file) and the findings, left out with `publish`.

With `width` (the terminal's columns, `terminal.terminal_width`), every table is
wrapped to fit it; without, the indicator table wraps its long columns at
`INDICATOR_WIDTHS` and is as wide as that makes it (about 150 columns).
"""

from __future__ import annotations

from ..model.findings import Lang, findings_title, severity_label
from ..model.result import Result
from ..terminal import visible
from .grid import grid
from .table import BASICS_TITLE, EXPORT, Table, build_table

INDICATOR_WIDTHS = (8, 10, 14, 4, 8, 6, 8, 6, 8, 14, 30)  # columns of text, wrapped past
BASICS_WIDTHS = (16, 60)
RULE = "─" * 40  # between the form and what is not part of it


def render_text(result: Result, lang: Lang = "zh", publish: bool = False,
                width: int | None = None) -> str:
    """The official table, then (unless `publish`) the review and the findings; the
    tables fit `width` columns, when given."""
    t = build_table(result, lang, publish)
    out = [t.title, ""]
    out.append(grid([pair for pair in t.header if pair[1]], width=width))
    out += ["", BASICS_TITLE, grid(t.basics, (), BASICS_WIDTHS, width)]
    if t.budget is not None:
        out += ["", t.budget.title, grid(t.budget.rows, t.budget.columns, width=width)]
        out += list(t.budget.notes)
    rows = [*t.indicators.rows,
            (t.total[0], "", "", "", "", "", "", t.total[1], t.total[2], "", "")]
    out += ["", t.indicators.title, grid(rows, t.indicators.columns, INDICATOR_WIDTHS,
                                                width)]
    if t.sections is not None:
        out += ["", t.sections.title, grid(t.sections.rows, t.sections.columns,
                                                           width=width)]
    out += ["", EXPORT["total_line"].format(total=t.total[2], grade=t.grade), *t.footer]
    out += _review(t)
    return "\n".join(out) + "\n"


def _review(t: Table) -> list[str]:
    """What is not part of the form, after a rule: nothing when publishing."""
    if t.publish:
        return []
    out = ["", RULE, t.review_title, *(f"  {line}" for line in t.review)]
    if t.findings:
        out += ["", findings_title(len(t.findings), t.lang, line=True)]
        out += [visible(f"  {place + ': ' if place else ''}[{severity_label(sev, t.lang)}] "
                        f"{msg} ({code})") for sev, code, place, msg in t.findings]
    return out
