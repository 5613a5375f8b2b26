"""Official-form workbooks in the layouts departments publish, written cell by cell with
openpyxl from a `Case` (tests only): titles, merged label cells, the budget block with its
fund-source rows, the 年度总体目标 block, the indicator block in the layout's own column order
and words, the total row. Each layout is the form as printed by its template; the reader
must find every block by its labels."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from scoring.model.case import Case
from scoring.read.cell import Cell


@dataclass(frozen=True)
class Layout:
    """One published form: its title and the words and order of its blocks."""

    title: str
    header: tuple[tuple[str, str], ...]        # (label, project field) rows of the header
    budget_label: str
    budget_columns: tuple[str, ...]            # words of the budget header, in order
    total_label: str                           # first cell of the budget total row
    sources: tuple[str, ...]                   # fund-source rows printed under it (no figures)
    goals: tuple[str, str, str]                # block label, 预期目标, 实际完成情况
    block_label: str
    columns: tuple[tuple[str, str], ...]       # (header word, field) of the indicator block
    total: str
    comparator_in_target: bool = True          # no 指标性质 column: `≥95%` in the target cell
    weight_in_label: bool = False              # the budget weight in the block's label (20分)


# Which field of a budget header word holds which value
BUDGET_FIELDS = {"年初预算数": "initial", "全年预算数": "adjusted", "调整后预算数": "adjusted",
                 "全年执行数": "executed", "预算执行数": "executed", "分值": "weight",
                 "执行率": "rate", "得分": "score", "预算数（万元）": "adjusted",
                 "执行数（万元）": "executed", "执行率（%）": "rate", "得分（分*执行率）": "score"}

MOF_2020 = Layout(
    title="项目支出绩效自评表",
    header=(("项目名称", "name"), ("主管部门", "department")),
    budget_label="项目资金（万元）",
    budget_columns=("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    total_label="年度资金总额", sources=("其中：当年财政拨款", "上年结转资金", "其他资金"),
    goals=("年度总体目标", "预期目标", "实际完成情况"), block_label="绩效指标",
    columns=(("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"),
             ("年度指标值", "target"), ("实际完成值", "actual"), ("分值", "weight"),
             ("得分", "score"), ("偏差原因分析及改进措施", "reason")),
    total="总分")

XIANJIE = Layout(
    title="财政衔接推进乡村振兴补助资金项目绩效目标自评表",
    header=(("项目名称", "name"), ("主管部门", "department")),
    budget_label="项目资金（万元）",
    budget_columns=("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    total_label="年度资金总额", sources=("其中：财政衔接资金", "其他资金"),
    goals=("年度总体目标", "预期目标", "实际完成情况"), block_label="绩效指标",
    columns=(("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"),
             ("分值", "weight"), ("年度指标值", "target"), ("全年实际值", "actual"),
             ("得分", "score"), ("偏差原因分析及改进措施", "reason")),
    total="总分")

HUBEI_2020 = Layout(
    title="项目绩效目标自评表",
    header=(("项目名称", "name"), ("主管部门", "department")),
    budget_label="预算执行情况（万元）（{weight}分）",
    budget_columns=("预算数（万元）", "执行数（万元）", "执行率（%）", "得分（分*执行率）"),
    total_label="年度财政资金总额", sources=(),
    goals=("年度总体目标", "预期目标", "实际完成情况"), block_label="绩效指标",
    columns=(("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"),
             ("分值", "weight"), ("年初目标值", "target"), ("实际完成值", "actual"),
             ("得分", "score"), ("偏差原因分析及改进措施", "reason")),
    total="总分", weight_in_label=True)

DEPARTMENT = Layout(
    title="部门（单位）整体支出绩效自评表",
    header=(("部门（单位）名称", "name"),),
    budget_label="年度部门整体支出预算（万元）",
    budget_columns=("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    total_label="年度资金总额", sources=("其中：一般公共预算", "政府性基金预算", "其他资金"),
    goals=("年度总体目标", "预期目标", "实际完成情况"), block_label="年度绩效指标",
    columns=(("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "name"),
             ("年度指标值", "target"), ("实际完成值", "actual"), ("分值", "weight"),
             ("得分", "score"), ("偏差原因分析及改进措施", "reason")),
    total="总分")


CHONGQING = Layout(
    title="部门整体绩效自评表",
    header=(("部门名称", "name"),),
    budget_label="预算执行情况（万元）",
    budget_columns=("年初预算数", "调整后预算数", "预算执行数", "执行率", "分值", "得分"),
    total_label="年度资金总额", sources=(),
    goals=("年度总体目标", "预期目标", "实际完成情况"), block_label="绩效指标",
    columns=(("指标名称", "name"), ("计量单位", "unit"), ("指标性质", "comparator"),
             ("年初指标值", "target"), ("调整指标值", "adjusted_target"),
             ("全年完成值", "actual"), ("得分系数(%)", "coefficient"), ("指标权重(分)", "weight"),
             ("指标得分(分)", "score"), ("是否核心指标", "core")),
    total="合计", comparator_in_target=False)


def _text(value: Cell | Decimal | str | None) -> Any:
    """A value as a department types it: a number stays a number, text stays text."""
    if isinstance(value, Cell):
        value = value.given  # what the case file held
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _header(ws: Any, case: Case, layout: Layout, width: int) -> int:
    """The project's header rows from row 3; the next free row."""
    project, r = case.project, 3
    for label, field in layout.header:
        ws.cell(r, 1, label)
        ws.cell(r, 2, getattr(project, field))
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        r += 1
    if project.unit:
        ws.cell(r - 1, 2).value = project.department or project.name
        ws.unmerge_cells(start_row=r - 1, start_column=2, end_row=r - 1, end_column=width)
        ws.cell(r - 1, width - 2, "实施单位")
        ws.cell(r - 1, width - 1, project.unit)
    return r


def write_form(ws: Any, case: Case, layout: Layout) -> None:
    """Fill `ws` with `case` printed in `layout` (merged label cells as on the template)."""
    width = 1 + len(layout.columns)
    last = get_column_letter(width)
    project, iset = case.project, case.indicator_set
    ws.merge_cells(f"A1:{last}1")
    ws["A1"] = layout.title
    ws.merge_cells(f"A2:{last}2")
    ws["A2"] = f"（{project.year}年度）" if project.year else None
    r = _budget(ws, case, layout, _header(ws, case, layout, width))
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
    ws.cell(r, 1, layout.goals[0])
    ws.cell(r, 2, layout.goals[1])
    ws.cell(r, 5, layout.goals[2])
    ws.cell(r + 1, 2, project.goals)
    ws.cell(r + 1, 5, project.goal_completion)
    r += 2
    head = r
    ws.cell(r, 1, layout.block_label)
    for c, (word, _) in enumerate(layout.columns, start=2):
        ws.cell(r, c, word)
    level1 = level2 = None
    for ind in iset.indicators:
        r += 1
        act = case.actuals.get(ind.key)
        values = {"level1": ind.level1 if ind.level1 != level1 else None,
                  "level2": ind.level2 if (ind.level2, ind.level1) != (level2, level1) else None,
                  "name": ind.name,
                  "target": _target(ind.comparator.given, ind.target.given, layout),
                  "comparator": ind.comparator.given, "unit": ind.unit,
                  "weight": _weight(ind.weight),
                  "actual": _text(act.value) if act else None,
                  "score": _text(_published(case, ind.key)),
                  "reason": act.reason if act else None}
        level1, level2 = ind.level1, ind.level2
        for c, (_, field) in enumerate(layout.columns, start=2):
            if values.get(field) is not None:
                cell = ws.cell(r, c, values[field])
                if isinstance(values[field], str):
                    cell.data_type = "s"  # `=100%` typed as text, not a formula
    ws.merge_cells(start_row=head, start_column=1, end_row=r, end_column=1)
    r += 1
    weight_col = 2 + [f for _, f in layout.columns].index("weight")
    score_col = 2 + [f for _, f in layout.columns].index("score")
    ws.cell(r, 1, layout.total)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=weight_col - 1)
    full = sum((i.weight.number for i in iset.indicators  # a text weight adds nothing
                if i.weight is not None and i.weight.number is not None and i.weight.number > 0),
               Decimal(0))
    if iset.budget_execution is not None:
        full += Decimal(str(iset.budget_execution.weight))
    ws.cell(r, weight_col, _text(full))
    if case.reported is not None:
        ws.cell(r, score_col, _text(case.reported.total))
        if case.reported.grade:
            ws.cell(r + 1, 1, "自评等级")
            ws.cell(r + 1, 2, case.reported.grade)


def _weight(weight: Cell | None) -> Any:
    """A 权重 cell as typed: a number (`-5`, `0` too) as a number, text (`十分`) as text."""
    if weight is None:
        return None
    return _text(weight.number) if weight.number is not None else _text(weight)


def _published(case: Case, key: str) -> Decimal | str | None:
    """A row's published 得分: in `reported.scores` or on its actual."""
    score = case.reported.scores.get(key) if case.reported is not None else None
    if score is not None and score.given is not None:
        return score.given
    act = case.actuals.get(key)
    return act.reported_score.given if act else None


def _target(comparator: str | None, target: Decimal | str | None, layout: Layout) -> Any:
    """The target cell: `≥95%` when the layout has no 指标性质 column."""
    if not layout.comparator_in_target or comparator in (None, "", "定性") or \
            (isinstance(target, str) and target.startswith(comparator or "")):
        return _text(target)
    return f"{comparator}{target}"


def _budget(ws: Any, case: Case, layout: Layout, r: int) -> int:
    """The budget block from row `r`; returns the first row below it."""
    budget, spec = case.budget, case.indicator_set.budget_execution
    rows = 2 + len(layout.sources)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + rows - 1, end_column=1)
    ws.cell(r, 1, layout.budget_label.format(weight=_text(spec.weight) if spec else ""))
    for c, word in enumerate(layout.budget_columns, start=3):
        ws.cell(r, c, word)
    values: dict[str, Any] = {}
    if budget is not None:
        values = {"initial": budget.initial.given, "adjusted": budget.adjusted.given,
                  "executed": budget.executed.given, "rate": budget.rate.given}
        if values["rate"] is None and values["adjusted"] and values["executed"]:  # E ÷ B
            values["rate"] = f"{Decimal(str(budget.executed)) / Decimal(str(budget.adjusted)):.2%}"
    values["weight"] = spec.weight.given if spec and not layout.weight_in_label else None
    values["score"] = case.reported.budget_execution.given if case.reported else None
    ws.cell(r + 1, 2, layout.total_label)
    for c, word in enumerate(layout.budget_columns, start=3):
        value = values.get(BUDGET_FIELDS[word])
        if value is not None:
            ws.cell(r + 1, c, _text(value))
    for i, label in enumerate(layout.sources, start=2):
        ws.cell(r + i, 2, label)
        for c, word in enumerate(layout.budget_columns, start=3):
            if BUDGET_FIELDS[word] in ("weight", "score"):
                ws.cell(r + i, c, "—")
    return r + rows
