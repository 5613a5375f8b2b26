"""Render: the region report, one self-contained HTML page (`batch … -o 报告.html`).

The `.html` writer of `scoring batch` (`batch/output.open_writer`). It takes
the same outcomes as the summary workbook (`region_data.RegionData`) and, when
the run completes, writes one page: headline figures, the grades by department
and the histogram of totals (inline SVG, `svg_charts.py`), the most frequent
findings, the projects whose grade changes under audit, and the table of all
projects. Nothing is fetched: no external CSS, script, font or image; the one
inline script sorts the table by the clicked column, and the page reads the
same without it. Print CSS lays it out on A4. Each project row has the anchor
`#p<n>` (the findings' example projects link to it) and links its source file
by its path relative to the report's folder. Every user text is escaped.
Labels are data (`data/region.yaml`, by --lang; severity words `labels.yaml`).
"""

from __future__ import annotations

import os
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model.findings import Lang, severity_label
from ..model.outcome import Outcome, RunInfo, Tally, grade_scale
from ..read.packaged import data_file
from .output import AtomicFile
from .region_data import FORMS, UNFILLED, ProjectRow, RegionData
from .svg_charts import histogram, stacked_bars

TOP_FINDINGS = 15
CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
 margin:24px;color:#222;font-size:14px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px;
 border-bottom:2px solid #1F4E78;padding-bottom:2px}
.meta{color:#555;font-size:12px}
.figures{display:flex;flex-wrap:wrap;gap:8px}
.figure{border:1px solid #bbb;border-radius:4px;padding:6px 12px;min-width:90px}
.figure b{display:block;font-size:20px}.figure span{font-size:12px;color:#555}
table{border-collapse:collapse;width:100%;font-size:12px}
th,td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top}
th{background:#1F4E78;color:#fff}td.n{text-align:right}td.g{white-space:nowrap}
table.sortable th{cursor:pointer}
svg.chart{width:100%;height:auto;max-width:900px;display:block}
.g0{background:#C6EFCE}.g1{background:#DDEBF7}.g2{background:#FFEB9C}.g3{background:#FFC7CE}
.failed td{color:#9C0006}h3{font-size:14px;margin:16px 0 2px}
@page{size:A4;margin:12mm}
@media print{body{margin:0;font-size:11px}thead{display:table-header-group}
 tr,svg.chart,.figure{break-inside:avoid}th{color:#000;background:#ddd}
 h2{break-after:avoid}.hint{display:none}}
"""
SORT_JS = """
document.querySelectorAll('table.sortable').forEach(function(t){
 t.querySelectorAll('th').forEach(function(th,i){th.addEventListener('click',function(){
  var b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows),num=th.dataset.type==='n',
   dir=th.dataset.dir==='a'?-1:1;th.dataset.dir=dir===1?'a':'d';
  function key(r){var c=r.cells[i],v=c.dataset.v!==undefined?c.dataset.v:c.textContent;
   if(!num)return v;var f=parseFloat(v);return isNaN(f)?-Infinity:f;}
  rows.sort(function(x,y){var a=key(x),c=key(y);
   return dir*(num?(a>c)-(a<c):String(a).localeCompare(String(c),'zh'));});
  rows.forEach(function(r){b.appendChild(r);});});});});
"""


@lru_cache(maxsize=2)
def phrases(lang: Lang) -> dict[str, Any]:
    """The page's labels in `lang` (data/region.yaml)."""
    labels: dict[str, Any] = data_file("region.yaml")[lang]
    return labels


def _e(text: object) -> str:
    return escape(str(text), quote=True)


class RegionReport:
    """The batch writer of the region page: gathers the outcomes, writes at close."""

    def __init__(self, path: Path, audit: bool, lang: Lang = "zh") -> None:
        self.path = path
        self.audit = audit
        self.lang = lang
        self.tally = Tally()
        self.data = RegionData(budget_label=phrases(lang)["budget_row"])

    def add(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        self.data.add(outcome)

    def close(self, info: RunInfo) -> None:
        page = render_region(self.data, self.tally, info, self.lang, self.path.parent)
        with AtomicFile(self.path, text=True) as out:
            out.handle.write(page)

    def abort(self) -> None:
        """Nothing was written: the page is only written at close."""


def render_region(data: RegionData, tally: Tally, info: RunInfo, lang: Lang,
                  folder: Path) -> str:
    """The whole page; source files are linked relative to `folder`."""
    p = phrases(lang)
    schemes = p["separator"].join(f"{s[0]} {s[2]}" for s in info.schemes) or p["none"]
    meta = p["generated"].format(when=info.finished.isoformat(timespec="seconds"),
                                 version=info.version, schemes=schemes,
                                 audit=p["answer_yes"] if info.audit else p["answer_no"])
    parts = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">'
             f'<head><meta charset="utf-8"><title>{_e(p["title"])}</title>'
             f'<style>{CSS}</style></head><body>',
             f'<h1>{_e(p["title"])}</h1><p class="meta">{_e(meta)}</p>',
             _headline(data, tally, lang), _charts(data, lang), _top(data, lang)]
    if info.audit:
        parts.append(_changes(data, lang))
    parts += [_table(data, lang, folder), _forms(data, lang),
              f"<script>{SORT_JS}</script></body></html>\n"]
    return "".join(parts)


def _figure(value: object, label: str) -> str:
    return f'<div class="figure"><b>{_e(value)}</b><span>{_e(label)}</span></div>'


def _headline(data: RegionData, tally: Tally, lang: Lang) -> str:
    p = phrases(lang)
    scale = list(grade_scale()["labels"])
    mean, median = data.mean(), data.median()
    figures = [_figure(tally.projects, p["projects"]),
               _figure(tally.projects - tally.failed, p["scored"]),
               _figure(tally.failed, p["failed"]),
               _figure("—" if mean is None else mean, p["mean"]),
               _figure("—" if median is None else median, p["median"])]
    figures += [_figure(n, f'{p["grades"]} {g}')
                for g, n in data.grade_counts(scale).items()]
    figures += [_figure(tally.findings.get(s, 0),
                        p["by_severity"].format(label=p["findings"],
                                                severity=severity_label(s, lang)))
                for s in ("error", "warning", "info")]
    return f'<h2>{_e(p["headline"])}</h2><div class="figures">{"".join(figures)}</div>'


def _charts(data: RegionData, lang: Lang) -> str:
    p = phrases(lang)
    scale = list(grade_scale()["labels"])
    fills = grade_scale()["fill"]
    rows = [(p["unknown_department"] if dept == UNFILLED else dept, counts)
            for dept, counts in data.by_department(scale)]  # a blank 主管部门, in `lang`
    bars = stacked_bars(rows, scale, [f"#{fills[g]}" for g in scale], p["by_department"]) \
        if rows else f"<p>{_e(p['none'])}</p>"
    hist = histogram(data.histogram(), p["histogram"], p["histogram_x"], p["histogram_y"])
    return (f'<h2>{_e(p["by_department"])}</h2>{bars}'
            f'<h2>{_e(p["histogram"])}</h2>{hist}')


def _top(data: RegionData, lang: Lang) -> str:
    p = phrases(lang)
    head = "".join(f"<th>{_e(c)}</th>" for c in p["top_columns"])
    rows = []
    for code, entry in data.top_codes(TOP_FINDINGS):
        example = data.rows[entry.example - 1]
        name = example.project or example.source or f"#{example.number}"
        rows.append(f'<tr><td><code>{_e(code)}</code></td>'
                    f'<td>{_e(severity_label(entry.severity, lang))}</td>'
                    f'<td class="n">{entry.count}</td>'
                    f'<td><a href="#p{entry.example}">{_e(name)}</a></td></tr>')
    body = "".join(rows) or f'<tr><td colspan="4">{_e(p["none"])}</td></tr>'
    return (f'<h2>{_e(p["top_findings"])}</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _changes(data: RegionData, lang: Lang) -> str:
    p = phrases(lang)
    changed = data.changes()
    if not changed:
        return f'<h2>{_e(p["changes"])}</h2><p>{_e(p["no_changes"])}</p>'
    head = "".join(f"<th>{_e(c)}</th>" for c in p["changes_columns"])
    body = "".join(
        f'<tr><td>{_e(r.department)}</td><td><a href="#p{r.number}">{_e(r.project)}</a></td>'
        f'<td>{_e(r.reported)}</td><td>{_e(r.total if r.total is not None else "")} '
        f'{_e(r.grade)}</td><td>{_e(r.without_manual)}</td></tr>' for r in changed)
    heading = p["counted"].format(label=p["changes"], count=len(changed))
    return (f'<h2>{_e(heading)}</h2>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _table(data: RegionData, lang: Lang, folder: Path) -> str:
    p = phrases(lang)
    numeric = {0, 4, 8, 9, 10}
    head = "".join(f'<th{" data-type=n" if i in numeric else ""}>{_e(c)}</th>'
                   for i, c in enumerate(p["columns"]))
    scale = list(grade_scale()["labels"])
    links: dict[str, str] = {}
    body = "".join(_row(r, scale, p, _link(r.source, folder, links), r.number in data.forms)
                   for r in data.rows)
    return (f'<h2>{_e(p["table"])}</h2><p class="meta hint">{_e(p["table_hint"])}</p>'
            f'<table class="sortable"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _row(r: ProjectRow, scale: list[str], p: dict[str, Any], href: str | None,
         form: bool) -> str:
    grade = p["unscored"] if r.failed else r.grade
    cls = f' class="g g{scale.index(r.scale)}"' if r.scale in scale else ' class="g"'
    place = r.source + (f":{r.line}" if r.line else "")
    source = f'<a href="{_e(href)}">{_e(place)}</a>' if href else _e(place)
    total = "" if r.total is None else r.total
    title = f' title="{_e(r.problem)}"' if r.problem else ""
    project = f'<a href="#f{r.number}">{_e(r.project or "—")}</a>' if form else _e(r.project)
    return (f'<tr id="p{r.number}"{" class=failed" if r.failed else ""}{title}>'
            f'<td class="n">{r.number}</td><td>{_e(r.department)}</td>'
            f'<td>{project}</td><td>{_e(r.code)}</td>'
            f'<td class="n">{_e(total)}</td><td{cls}>{_e(grade)}</td>'
            f'<td{cls}>{_e(r.scale)}</td><td>{_e(r.reported)}</td>'
            f'<td class="n">{r.errors}</td><td class="n">{r.warnings}</td>'
            f'<td class="n">{r.findings}</td><td>{source}</td></tr>')


def _forms(data: RegionData, lang: Lang) -> str:
    """Each project's scored table (the first FORMS projects), anchored `#f<n>`."""
    if not data.forms:
        return ""
    p = phrases(lang)
    head = "".join(f"<th>{_e(c)}</th>" for c in p["form_columns"])
    out = [f'<h2 id="forms">{_e(p["forms"])}</h2>']
    if len(data.rows) > FORMS:
        out.append(f'<p class="meta">{_e(p["forms_limit"].format(limit=FORMS))}</p>')
    for number, rows in data.forms.items():
        r = data.rows[number - 1]
        body = "".join(
            "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row[:5]) +
            f'<td class="n">{_e(row[5])}</td><td class="n" title="{_e(row[7])}">'
            f"{_e(row[6])}</td></tr>" for row in rows)
        total = f'<tr><th colspan="6">{_e(p["form_total"])}</th>' \
                f'<th>{_e(r.total if r.total is not None else "")} {_e(r.grade)}</th></tr>'
        out.append(f'<section class="form" id="f{number}"><h3>{number}. {_e(r.project)}'
                   f'</h3><p class="meta">{_e(r.department)} {_e(r.code)} '
                   f'<a href="#p{number}">{_e(p["to_table"])}</a></p>'
                   f"<table><thead><tr>{head}</tr></thead><tbody>{body}{total}</tbody>"
                   "</table></section>")
    return "".join(out)


def _link(source: str, folder: Path, cache: dict[str, str]) -> str | None:
    """The source file's path relative to the report's folder, as a URL path (None
    when the source is no file)."""
    if source in cache:
        return cache[source] or None
    href = ""
    path = Path(source)
    if source and path.is_file():
        try:
            rel = os.path.relpath(path.resolve(), folder.resolve())
        except ValueError:  # another drive (Windows)
            rel = str(path.resolve())
        href = quote(Path(rel).as_posix())
    cache[source] = href
    return href or None
