"""Render: the 自评表 as one self-contained HTML file that prints on A4.

Draws only the format-neutral `Table` of `table.py`. No external assets: the
CSS is inline and there is no script. Every piece of user text is escaped.
The derivation of each score is in the score cell's `title` (shown on hover)
and, so that it survives printing, in a numbered footnote below the table.
Print CSS: A4 landscape, the column header repeated on each page, rows never
split across pages, fixed column widths so no column is clipped. What is not
part of the official form (the content hash, the source file, the findings)
follows each form in a section of its own, left out with `publish`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from ..model.findings import Lang, findings_title, severity_label
from ..model.result import Result
from .table import (
    BUDGET,
    CONCLUSION,
    EXPORT,
    GRADE,
    HEADER,
    INDICATOR,
    SECTION_COLUMNS,
    Table,
    build_table,
    level_spans,
)

# Widths (%) of the drawn indicator columns: 一级 … 未完成原因分析 (计分说明 → footnotes).
WIDTHS = (9, 10, 16, 7, 9, 7, 9, 6, 8, 19)
SCORE = INDICATOR["score"]  # the column whose cells carry their derivation
NUMERIC = frozenset({*(INDICATOR[k] for k in ("target", "actual", "weight", "score")),
                     *(BUDGET[k] for k in ("initial", "adjusted", "executed", "rate", "weight"))})
TEXT = frozenset({INDICATOR["name"], INDICATOR["reason"], SECTION_COLUMNS[0],
                  SECTION_COLUMNS[-1]})  # 三级指标, 未完成原因分析, 分项, 说明
CSS = """
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
body { font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC",
       "Source Han Sans SC", "Microsoft YaHei", serif; font-size: 10.5pt; color: #000;
       margin: 0 auto; max-width: 277mm; padding: 8px; line-height: 1.35; }
h1 { text-align: center; font-size: 16pt; margin: 4px 0 10px; }
h2 { font-size: 11pt; margin: 12px 0 4px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0 0 -1px; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle;
         overflow-wrap: anywhere; word-break: break-word; }
th { background: #f2f2f2; font-weight: bold; text-align: center; }
td { text-align: center; }
td.text { text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th.label { width: 14%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
tr.total td, tr.total th { font-weight: bold; background: #f2f2f2; }
sup.fn { font-size: 7pt; margin-left: 1px; }
sup.fn a { color: inherit; text-decoration: none; }
.footer { font-size: 9pt; font-style: italic; margin: 6px 0; }
ol.notes, ul.findings { font-size: 9pt; margin: 4px 0; padding-left: 2.2em; }
ol.notes li, ul.findings li { break-inside: avoid; }
.sev-error { color: #9c0006; } .sev-warning { color: #7f6000; } .sev-info { color: #1f4e79; }
section.form + section.form, section.review + section.form {
  break-before: page; page-break-before: always; }
section.review { border-top: 2px dashed #666; margin-top: 14px; }
@media screen { td[title] { cursor: help; } td[title]:hover { background: #fff6d5; } }
@media print { body { padding: 0; } a { color: inherit; } }
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _td(text: str, column: str, note: tuple[str, int] | None = None,
        derivation: str = "") -> str:
    cls = "num" if column in NUMERIC else ("text" if column in TEXT else "")
    attrs = f' class="{cls}"' if cls else ""
    if derivation:
        attrs += f' title="{_e(derivation)}"'
    mark = f'<sup class="fn"><a href="#{note[0]}-{note[1]}">{note[1]}</a></sup>' if note else ""
    return f"<td{attrs}>{_e(text)}{mark}</td>"


def _budget(t: Table, fid: str, notes: list[str]) -> list[str]:
    """The 预算执行情况 table, its score's note added to `notes`; none without a budget."""
    if t.budget is None:
        return []
    b = t.budget
    out = [f'<h2>{_e(b.title)}</h2><table class="budget"><thead><tr>'
           + "".join(f"<th>{_e(c)}</th>" for c in b.columns) + "</tr></thead><tbody>"]
    for i, row in enumerate(b.rows):  # the total row, then the fund sources
        cells: list[str] = []
        for col, text in zip(b.columns, row, strict=True):
            if col == SCORE and t.budget_explain and i == 0:
                notes.append(t.budget_explain)
                cells.append(_td(text, col, (fid, len(notes)), t.budget_explain))
            else:
                cells.append(_td(text, col))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    if t.budget_reason:
        reason = EXPORT["reason"].format(label=INDICATOR["reason"], reason=t.budget_reason)
        out.append(f'<p class="text">{_e(reason)}</p>')
    return out


def _section(t: Table, fid: str) -> str:
    out = [f'<section class="form" id="{fid}">', f"<h1>{_e(t.title)}</h1>"]
    notes: list[str] = []
    out.append('<table class="header"><tbody>')
    pairs = list(t.header)
    for i in range(0, len(pairs), 2):
        pair = "".join(f'<th class="label">{_e(k)}</th><td class="text">{_e(v)}</td>'
                       for k, v in pairs[i:i + 2])
        out.append(f"<tr>{pair}</tr>")
    out.append("</tbody></table>")
    out.append(_basics(t))
    out.extend(_budget(t, fid, notes))
    ind = t.indicators
    shown = ind.columns[:len(WIDTHS)]
    out.append(f'<h2>{_e(ind.title)}</h2><table class="indicators"><colgroup>'
               + "".join(f'<col style="width:{w}%">' for w in WIDTHS) + "</colgroup><thead><tr>"
               + "".join(f"<th>{_e(c)}</th>" for c in shown) + "</tr></thead><tbody>")
    for row, (span1, span2) in zip(ind.rows, level_spans(ind.rows), strict=True):
        cells = []
        for i, (col, text) in enumerate(zip(shown, row, strict=False)):
            span = (span1, span2)[i] if i < 2 else 1
            if span == 0:
                continue
            if col == SCORE:
                notes.append(row[-1])
                cell = _td(text, col, (fid, len(notes)), row[-1])
            else:
                cell = _td(text, col)
            if span > 1:
                cell = cell.replace("<td", f'<td rowspan="{span}"', 1)
            cells.append(cell)
        out.append("<tr>" + "".join(cells) + "</tr>")
    label, weight, total = t.total
    out.append(f'<tr class="total"><th colspan="7">{_e(label)}</th><td class="num">'
               f'{_e(weight)}</td><td class="num">{_e(total)}</td><td></td></tr>')
    out.append(f'<tr class="total"><th colspan="2">{_e(GRADE)}</th><td colspan="2">'
               f'{_e(t.grade)}</td><th colspan="2">{_e(CONCLUSION)}</th>'
               f'<td class="text" colspan="4">{_e(t.conclusion)}</td></tr>')
    out.append("</tbody></table>")
    if t.sections is not None:
        sec = t.sections
        out.append(f'<h2>{_e(sec.title)}</h2><table class="sections"><thead><tr>'
                   + "".join(f"<th>{_e(c)}</th>" for c in sec.columns) + "</tr></thead><tbody>")
        out += ["<tr>" + "".join(_td(text, col) for col, text in zip(sec.columns, row,
                                                                     strict=True)) + "</tr>"
                for row in sec.rows]
        out.append("</tbody></table>")
    out += [f'<p class="footer">{_e(line)}</p>' for line in t.footer]
    out.append(f'<h2>{_e(INDICATOR["explain"])}</h2><ol class="notes">')
    out += [f'<li id="{fid}-{n}">{_e(text)}</li>' for n, text in enumerate(notes, start=1)]
    out.append("</ol>")
    out.append("</section>")
    return "\n".join(out) + _review(t, fid)


def _basics(t: Table) -> str:
    """The 项目基本情况 block: 项目年度目标 | 年度目标完成情况, then 项目实施内容."""
    (goals, goal_text), (done, done_text), (content, content_text) = t.basics
    return ('<table class="basics"><tbody><tr>'
            f'<th class="label">{_e(goals)}</th><td class="text">{_e(goal_text)}</td>'
            f'<th class="label">{_e(done)}</th><td class="text">{_e(done_text)}</td></tr>'
            f'<tr><th class="label">{_e(content)}</th><td class="text" colspan="3">'
            f"{_e(content_text)}</td></tr></tbody></table>")


def _review(t: Table, fid: str) -> str:
    """What is not part of the form, in a section after it: nothing when publishing."""
    if t.publish:
        return ""
    out = [f'\n<section class="review" id="{fid}-review"><h2>{_e(t.review_title)}</h2>',
           '<ul class="findings">', *(f"<li>{_e(line)}</li>" for line in t.review), "</ul>"]
    if t.findings:
        out.append(f'<h2>{_e(findings_title(len(t.findings), t.lang))}</h2>'
                   '<ul class="findings">')
        for sev, code, place, msg in t.findings:
            where = EXPORT["finding_place"].format(place=_e(place)) if place else ""
            line = EXPORT["finding_html"].format(severity=_e(severity_label(sev, t.lang)),
                                                 place=where, message=_e(msg), code=_e(code))
            out.append(f'<li class="sev-{_e(sev)}">{line}</li>')
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def render_html_many(results: Sequence[Result], lang: Lang = "zh",
                     publish: bool = False) -> str:
    """One HTML document holding the forms of `results`, one per printed page run."""
    tables = [build_table(r, lang, publish) for r in results]
    title = tables[0].title if len(tables) == 1 else \
        EXPORT["many"].format(title=tables[0].title, count=len(tables))
    name = next((v for k, v in tables[0].header if k == HEADER["name"] and v), "") \
        if len(tables) == 1 else ""
    body = "\n".join(_section(t, f"form{i + 1}") for i, t in enumerate(tables))
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{_e(name + ' ' if name else '')}{_e(title)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def render_html(result: Result, lang: Lang = "zh", publish: bool = False) -> str:
    """The official table of `result` as one self-contained HTML document."""
    return render_html_many([result], lang, publish)
