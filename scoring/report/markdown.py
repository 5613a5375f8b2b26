"""Render: the 自评表 as GitHub-flavoured Markdown.

The official form first; then, after a rule and under its own heading, the
review (the content hash, the source file) and the findings, left out with
`publish`.
"""

from __future__ import annotations

import tabulate as _tabulate

from ..findings import Lang, findings_title, severity_label
from ..result import Result
from .table import BASICS_TITLE, build_table


def _escape(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def render_markdown(result: Result, lang: Lang = "zh", publish: bool = False) -> str:
    """The official table as Markdown tables under headings; then, unless `publish`,
    the review and the findings."""
    t = build_table(result, lang, publish)
    out = [f"# {t.title}", ""]
    out += [f"- **{k}**：{_escape(v)}" for k, v in t.header if v]
    out += ["", f"## {BASICS_TITLE}", ""]
    out += [f"- **{k}**：{_escape(v)}" for k, v in t.basics]
    if t.budget is not None:
        out += ["", f"## {t.budget.title}", "",
                _tabulate.tabulate([[_escape(c) for c in r] for r in t.budget.rows],
                                   headers=t.budget.columns, tablefmt="pipe",
                                   disable_numparse=True), ""]
        out += [f"> {_escape(n)}" for n in t.budget.notes]
    rows = [[_escape(c) for c in r] for r in t.indicators.rows]
    rows.append([f"**{t.total[0]}**", "", "", "", "", "", "", t.total[1], f"**{t.total[2]}**",
                 "", ""])
    out += ["", f"## {t.indicators.title}", "",
            _tabulate.tabulate(rows, headers=t.indicators.columns, tablefmt="pipe",
                               disable_numparse=True), "",
            f"**总分：{t.total[2]}　评价等级：{t.grade}**", ""]
    if t.sections is not None:
        out[-2:-2] = [f"## {t.sections.title}", "",
                      _tabulate.tabulate([[_escape(c) for c in r] for r in t.sections.rows],
                                         headers=t.sections.columns, tablefmt="pipe",
                                         disable_numparse=True), ""]
    out += [f"<sub>{_escape(f)}</sub>" for f in t.footer]
    if t.publish:
        return "\n".join(out) + "\n"
    out += ["", "---", "", f"## {t.review_title}", ""]
    out += [f"- {_escape(line)}" for line in t.review]
    if t.findings:
        out += ["", f"### {findings_title(len(t.findings), t.lang)}", ""]
        out += [f"- `{code}` [{severity_label(sev, t.lang)}] {_escape(msg)}"
                + (f" — `{place}`" if place else "")
                for sev, code, place, msg in t.findings]
    return "\n".join(out) + "\n"
