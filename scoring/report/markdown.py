"""Render: the 自评表 as GitHub-flavoured Markdown.

The official form first; then, after a rule and under its own heading, the
review (the content hash, the source file) and the findings, left out with
`publish`.

Every piece of text from the input is escaped (`_escape`): the characters
Markdown or a table gives a meaning (`|`, `*`, `_`, `` ` ``, `[`, `]`, `~`,
`\\`) and those of raw HTML (`<`, `>`, `&`) are backslash-escaped, so a cell
never ends a table cell, opens a link or an image, or becomes an HTML tag; a
line break becomes a space, so a cell never starts a line of its own. Codes
and places are code spans fenced by more backticks than they hold. All of it
is one regular-expression pass per cell (linear in the text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model.findings import Lang, findings_title, severity_label
from ..model.result import Result
from .grid import MIN_PADDING, text_width
from .table import BASICS_TITLE, EXPORT, build_table

_ACTIVE = re.compile(r"[\\`*_\[\]|~<>&]")
_BREAK = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_TICKS = re.compile("`+")


def _escape(cell: str) -> str:
    """`cell` as inert Markdown text on one line."""
    return _ACTIVE.sub(r"\\\g<0>", _BREAK.sub(" ", cell))


def _code(text: str) -> str:
    """`text` as a code span: fenced by one backtick more than its longest run."""
    text = _BREAK.sub(" ", text)
    fence = "`" * (max((len(m) for m in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _pipe(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """A pipe table of escaped cells, left-aligned and padded to terminal widths (the
    layout of tabulate's `pipe`, measured in one pass)."""
    widths = [max([text_width(h) + MIN_PADDING, *(text_width(r[i]) for r in rows)])
              for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c + " " * (w - text_width(c))
                                 for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join(":" + "-" * (w + 1) for w in widths) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def render_markdown(result: Result, lang: Lang = "zh", publish: bool = False) -> str:
    """The official table as Markdown tables under headings; then, unless `publish`,
    the review and the findings."""
    t = build_table(result, lang, publish)
    out = [f"# {_escape(t.title)}", ""]
    out += [EXPORT["pair_markdown"].format(label=_escape(k), value=_escape(v))
            for k, v in t.header if v]
    out += ["", f"## {BASICS_TITLE}", ""]
    out += [EXPORT["pair_markdown"].format(label=_escape(k), value=_escape(v))
            for k, v in t.basics]
    if t.budget is not None:
        out += ["", f"## {t.budget.title}", "",
                _pipe([[_escape(c) for c in r] for r in t.budget.rows], t.budget.columns), ""]
        out += [f"> {_escape(n)}" for n in t.budget.notes]
    rows = [[_escape(c) for c in r] for r in t.indicators.rows]
    rows.append([f"**{t.total[0]}**", "", "", "", "", "", "", _escape(t.total[1]),
                 f"**{_escape(t.total[2])}**", "", ""])
    out += ["", f"## {t.indicators.title}", "",
            _pipe(rows, t.indicators.columns), "",
            EXPORT["total_markdown"].format(total=_escape(t.total[2]), grade=_escape(t.grade)),
            ""]
    if t.sections is not None:
        out[-2:-2] = [f"## {t.sections.title}", "",
                      _pipe([[_escape(c) for c in r] for r in t.sections.rows],
                            t.sections.columns), ""]
    out += [f"<sub>{_escape(f)}</sub>" for f in t.footer]
    if t.publish:
        return "\n".join(out) + "\n"
    out += ["", "---", "", f"## {t.review_title}", ""]
    out += [f"- {_escape(line)}" for line in t.review]
    if t.findings:
        out += ["", f"### {findings_title(len(t.findings), t.lang)}", ""]
        out += [f"- {_code(code)} [{severity_label(sev, t.lang)}] {_escape(msg)}"
                + (f" — {_code(place)}" if place else "")
                for sev, code, place, msg in t.findings]
    return "\n".join(out) + "\n"
