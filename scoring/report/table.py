"""Render: the official 部门预算项目支出绩效自评表 as a format-neutral table.

Built once from a `Result`: a header block, the 预算执行情况 block, the
绩效指标 block, 合计, the grade, the scheme footer and the findings. Every
renderer (text, Markdown, HTML, XLSX) only draws this; none recomputes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..decimals import fmt, fmt_places, percent, plain
from ..findings import Lang
from ..result import Result

TITLE = "部门预算项目支出绩效自评表"
BUDGET_COLUMNS = ("项目资金（万元）", "年初预算数", "调整后预算数", "预算执行数", "执行率", "分值",
                  "得分")
INDICATOR_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值",
                     "权重", "得分", "未完成原因分析", "计分说明")
STATUS_LABEL = {"met": "达成", "partial": "部分达成", "unmet": "未达成", "manual": "人工评分",
                "missing": "完成值空缺", "unparsed": "无法识别", "not-applicable": "不适用"}


@dataclass(frozen=True, slots=True)
class Block:
    """A titled grid of text cells."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
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


def _cell(value: str | None) -> str:
    return "" if value is None else value


def build_table(result: Result, lang: Lang = "zh") -> Table:
    """The format-neutral 自评表 of `result`."""
    p = result.project
    places = result.scheme.places
    year = f"（{p.year}年度）" if p.year else ""
    header = (("项目名称", _cell(p.name)), ("项目编码", _cell(p.code)),
              ("主管部门", _cell(p.department)), ("实施单位", _cell(p.unit)))
    budget = None
    if result.budget is not None:
        b = result.budget
        row = ("金额", plain(b.initial) if b.initial is not None else "",
               plain(b.adjusted) if b.adjusted is not None else "",
               plain(b.executed) if b.executed is not None else "",
               percent(b.rate) if b.rate is not None else "", fmt(b.weight),
               fmt_places(b.score, places))
        budget = Block("预算执行情况", BUDGET_COLUMNS, (row,), (f"计分：{b.explain}",))
    rows = []
    for r in result.indicators:
        score = "—" if r.status == "not-applicable" else fmt_places(r.score, places)
        rows.append((_cell(r.level1), _cell(r.level2), r.name, r.comparator, _cell(r.target),
                     _cell(r.unit), _cell(r.actual), fmt(r.weight), score, _cell(r.reason),
                     r.explain))
    indicators = Block("绩效指标", INDICATOR_COLUMNS, tuple(rows))
    total = ("合计", fmt(result.max_total), fmt_places(result.total, places)
             + ("（已按适用权重折算）" if result.rescaled else ""))
    s = result.scheme
    footer = (f"评分规则：{s.id} {s.name}（版本 {s.version}，内容哈希 {s.content_hash[:12]}）",)
    findings = tuple((f.severity, f.code, str(f.location) if f.location else "",
                      f.message_in(lang)) for f in result.findings)
    return Table(TITLE + year, header, budget, indicators, total, result.grade, footer, findings)
