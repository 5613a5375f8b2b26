"""Render: the official 部门预算项目支出绩效自评表 as a format-neutral table.

Built once from a `Result`, in the places of the official form (四川
510000_0013zp): the header block, the 项目基本情况 block (项目年度目标,
年度目标完成情况, 项目实施内容; printed empty when not given), the 预算执行情况
block (the total row and the fund-source rows 其中：财政资金 … 其他资金), the
绩效指标 block, 合计, the grade and the scheme line. What is not part of the
official form, the review (the content hash, the source file and the findings),
is kept apart in `review` and `findings`, and left out when `publish` is set.
Every renderer (text, Markdown, HTML, XLSX) only draws this; none recomputes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..decimals import fmt, fmt_places, percent, plain, round_half_up
from ..model.findings import Lang, report_label
from ..model.result import BUDGET_ROW, BudgetResult, FundSourceResult, IndicatorResult, Result
from ..read.packaged import data_file

# The form's words (data/form.yaml): a label cell prints the first spelling the reader
# knows it by, so what the export writes reads back; `EXPORT` holds the export's own words.
FORM: dict[str, Any] = data_file("form.yaml")
EXPORT: dict[str, Any] = FORM["export"]
INDICATOR: dict[str, str] = {k: v[0] for k, v in FORM["indicators"].items()}  # 得分 …
BUDGET: dict[str, str] = {k: v[0] for k, v in FORM["budget"].items()}  # 分值 …
HEADER: dict[str, str] = {k: v[0] for k, v in FORM["header"].items()}  # 项目名称 …
TOTAL: str = FORM["total"][0]  # 合计
GRADE: str = FORM["grade"][0]  # 评价等级
CONCLUSION: str = FORM["conclusion"][0]  # 评价结论
TITLE: str = EXPORT["title"]
DEPARTMENT_TITLE: str = EXPORT["department_title"]
BASICS_TITLE: str = EXPORT["basics_title"]  # 项目年度目标, 年度目标完成情况, 项目实施内容
SECTION_COLUMNS: tuple[str, ...] = tuple(EXPORT["section_columns"])
BUDGET_COLUMNS: tuple[str, ...] = tuple(BUDGET[k] + (EXPORT["budget_unit"] if k == "label" else "")
                                        for k in EXPORT["budget_columns"])
INDICATOR_COLUMNS: tuple[str, ...] = tuple(INDICATOR[k] for k in EXPORT["indicator_columns"])


RATE_PLACES = 4  # the rate as a fraction: 1.0000 prints as 100.00%
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

Number = Decimal | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A titled grid of text cells.

    `values` runs parallel to `rows`: the exact number behind a cell that is
    a plain number (a score, a weight, an amount, a rate as a fraction), or
    None where the cell is text. `keys` names each row (the indicator id, or
    `预算执行率` for the budget row); `statuses` gives each indicator row's
    status. Renderers that only draw text ignore all three.
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()
    values: tuple[tuple[Number, ...], ...] = ()
    keys: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """The whole 自评表, as text cells, ready for any renderer."""

    title: str
    header: tuple[tuple[str, str], ...]
    budget: Block | None
    indicators: Block
    total: tuple[str, str, str]
    grade: str
    footer: tuple[str, ...]
    findings: tuple[tuple[str, str, str, str], ...]  # severity, code, place, message
    total_values: tuple[Decimal, Decimal] | None = None  # max total, total (rounded)
    places: int = 1  # decimals of every score (the scheme's)
    scheme_id: str = ""
    year: int | None = None
    budget_reason: str = ""  # 原因 of the budget row (below the scheme's threshold)
    budget_explain: str = ""  # how the budget score was derived
    sections: Block | None = None  # 分项得分 of a 部门整体 set (weights and Σ scores)
    lang: Lang = "zh"  # of the findings block (the table itself is the Chinese form)
    basics: tuple[tuple[str, str], ...] = ()  # 项目年度目标, 年度目标完成情况, 项目实施内容
    review: tuple[str, ...] = ()  # not on the form: the content hash, the source file
    publish: bool = False  # the official form only: no review, no findings
    rescaled: bool = False  # rows left out: total = Σ scores ÷ applicable weight × full marks
    full_marks: Decimal | None = None  # the scheme's total (the scale of a rescaled total)

    @property
    def total_note(self) -> str:
        """The note after the total (`已按适用权重折算`), or ""."""
        rescaled = EXPORT["rescaled"].format(note=EXPORT["rescaled_note"])
        return str(EXPORT["rescaled_note"]) if self.total[2].endswith(rescaled) else ""

    @property
    def conclusion(self) -> str:
        """The 评价结论 cell: `自评得分 85.5 分（满分 100 分），评价等级：良`."""
        note = self.total_note
        score = format(self.total_values[1], "f") if self.total_values else self.total[2]
        return str(EXPORT["conclusion"].format(
            score=score, full=self.total[1], grade=self.grade,
            aside=EXPORT["aside"].format(note=note) if note else ""))

    @property
    def review_title(self) -> str:
        """The heading of what follows the form (the review and the findings)."""
        return report_label("review", self.lang)


def _cell(value: str | None) -> str:
    return "" if value is None else value


def number_of(text: str | None) -> Decimal | None:
    """The number of a cell that is a plain number (`184.2`), else None."""
    if text is None or not _PLAIN_NUMBER.fullmatch(text):
        return None
    return Decimal(text)


def build_table(result: Result, lang: Lang = "zh", publish: bool = False) -> Table:
    """The format-neutral 自评表 of `result`; `publish`: the official form alone."""
    p = result.project
    places = result.scheme.places
    year = EXPORT["year"].format(year=p.year) if p.year else ""
    header = tuple((HEADER[key], _cell(getattr(p, key)))
                   for key in ("name", "code", "department", "unit"))
    basics = tuple((FORM["basics"][key][0], _cell(getattr(p, key)))
                   for key in ("goals", "goal_completion", "content"))
    budget = None if result.budget is None else _budget(result.budget, places)
    rows = []
    values: list[tuple[Number, ...]] = []
    for r in result.indicators:
        # not applicable, or a row without 权重 (row-unweighted): no score
        score = "—" if r.status == "not-applicable" or r.score is None \
            else fmt_places(r.score, places)
        rows.append((_cell(r.level1), _cell(r.level2), r.name, r.comparator, _cell(r.target),
                     _cell(r.unit), _cell(r.actual), "" if r.weight is None else fmt(r.weight),
                     score, _cell(r.reason), _explain(r)))
        values.append((None, None, None, None, number_of(r.target), None, number_of(r.actual),
                       r.weight, None if r.score is None or r.status == "not-applicable"
                       else round_half_up(r.score, places), None, None))
    indicators = Block(title=EXPORT["indicators_title"], columns=INDICATOR_COLUMNS,
                       rows=tuple(rows), values=tuple(values),
                       keys=tuple(r.id for r in result.indicators),
                       statuses=tuple(r.status for r in result.indicators))
    # no row with a weight (no-weights): the rows are judged, nothing is scored
    total = (TOTAL, "", "—") if result.total is None or result.max_total is None else (
        TOTAL, fmt(result.max_total), fmt_places(result.total, places)
        + (EXPORT["rescaled"].format(note=EXPORT["rescaled_note"]) if result.rescaled else ""))
    s = result.scheme
    version = s.version or EXPORT["no_version"]
    named = f"{s.id} {s.name}" if s.name else s.id
    footer = (EXPORT["footer"].format(prefix=FORM["scheme_prefix"], scheme=named,
                                      version=version),)
    review: tuple[str, ...] = ()
    findings: tuple[tuple[str, str, str, str], ...] = ()
    if not publish:
        review = (EXPORT["review"].format(prefix=FORM["scheme_prefix"], scheme=named,
                                          version=version, hash=s.content_hash),
                  # (the footer of earlier exports, moved here)
                  *((report_label("source", lang, source=result.source),) if result.source
                    else ()))
        findings = tuple((f.severity, f.code, str(f.location) if f.location else "",
                          f.message_in(lang)) for f in result.findings)
    budget_result = result.budget
    title = DEPARTMENT_TITLE if result.kind == "department" else TITLE
    return Table(title=title + year, header=header, budget=budget, indicators=indicators,
                 total=total, grade=result.grade or "—", footer=footer, findings=findings,
                 total_values=None if result.total is None or result.max_total is None
                 else (result.max_total, round_half_up(result.total, places)),
                 places=places, scheme_id=s.id, year=p.year,
                 budget_reason=_cell(budget_result.reason) if budget_result else "",
                 budget_explain=budget_result.explain if budget_result else "",
                 sections=_sections(result), lang=lang, basics=basics, review=review,
                 publish=publish, rescaled=result.rescaled, full_marks=result.full_marks)


def _explain(r: IndicatorResult) -> str:
    """The 计分说明 of a row; a row scored by its own rule says so (the form has no place
    for the rule, so reading the form back takes the printed score: `load/form.py`)."""
    if r.rule is None or r.status in ("manual", "not-applicable"):
        return r.explain
    return str(EXPORT["rule"].format(prefix=FORM["rule_prefix"], explain=r.explain))


def _budget(b: BudgetResult, places: int) -> Block:
    """The 预算执行情况 block: the total row, then one row per fund source (blank when
    the case gives none, as on the official form)."""
    form = FORM
    row = (form["total_row_label"], plain(b.initial) if b.initial is not None else "",
           plain(b.adjusted) if b.adjusted is not None else "",
           plain(b.executed) if b.executed is not None else "",
           percent(b.rate) if b.rate is not None else "", fmt(b.weight),
           fmt_places(b.score, places))
    rate = None if b.rate is None else round_half_up(b.rate, RATE_PLACES)
    rows = [row]
    numbers: list[tuple[Number, ...]] = [(None, b.initial, b.adjusted, b.executed, rate,
                                          b.weight, round_half_up(b.score, places))]
    given = {s.key: s for s in b.sources}
    for key, spellings in form["sources"].items():
        src = given.get(key, FundSourceResult(key=key, initial=None, adjusted=None,
                                              executed=None, rate=None))
        rows.append((spellings[0], *(plain(v) if v is not None else "" for v in (
            src.initial, src.adjusted, src.executed)),
            percent(src.rate) if src.rate is not None else "", form["not_scored"],
            form["not_scored"]))
        numbers.append((None, src.initial, src.adjusted, src.executed,
                        None if src.rate is None else round_half_up(src.rate, RATE_PLACES),
                        None, None))
    return Block(title=EXPORT["budget_title"], columns=BUDGET_COLUMNS, rows=tuple(rows),
                 notes=(EXPORT["budget_note"].format(explain=b.explain),), values=tuple(numbers),
                 keys=(BUDGET_ROW, *form["sources"]))


def _sections(result: Result) -> Block | None:
    """The 分项 block of a 部门整体 result: weight and Σ score of each section."""
    if not result.sections:
        return None
    rows = tuple((s.name if s.parent is None else f"└ {s.name}", fmt(s.weight),
                  "—" if not s.applicable else fmt_places(s.score, result.scheme.places),
                  "" if s.applicable else EXPORT["section_left_out"].format(reason=s.reason or ""))
                 for s in result.sections)
    values = tuple((None, s.weight, round_half_up(s.score, result.scheme.places)
                    if s.applicable else None, None) for s in result.sections)
    return Block(title=EXPORT["sections_title"], columns=SECTION_COLUMNS, rows=rows, values=values,
                 keys=tuple(s.name for s in result.sections))


def level_spans(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[int, int], ...]:
    """Row spans of the 一级 and 二级 cells, merged down as in the published form.

    For each row, (span of its 一级 cell, span of its 二级 cell): the number of
    rows the cell covers when it starts a run of equal non-blank values (二级
    runs stay within their 一级 run), 0 when an earlier cell covers it.
    """
    spans = [[1, 1] for _ in rows]
    for col in (0, 1):
        start = 0
        for i in range(1, len(rows) + 1):
            same = i < len(rows) and rows[i][col] and rows[i][col] == rows[start][col] and (
                col == 0 or spans[i][0] == 0)
            if not same:
                spans[start][col] = i - start
                for j in range(start + 1, i):
                    spans[j][col] = 0
                start = i
    return tuple((a, b) for a, b in spans)
