"""Read (forms): the official 部门预算项目支出绩效自评表 as an XLSX sheet → `Case`.

Beside the flat-table readers of this package: a department's form is not a
table with one header row but a laid-out sheet (header block, 预算执行情况
block, 绩效指标 block with merged cells, 合计, 评价等级). Blocks are found by
their labels (`data/form.yaml`, through `formgrid.py`), never by fixed
addresses; one case per sheet that holds a form. Every value keeps its
cell's text and its place (`Sheet!H12`), so findings and diagnostics name
the cell. What the XLSX export adds (the scheme in the footer; 人工评分,
不适用 and 扣减 in 计分说明) is read back, so an export reads back as the
same case. openpyxl is imported lazily.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ..errors import Diagnostic, LoadError, Location, raise_if_errors
from ..model.case import (
    Actual,
    Case,
    Indicator,
    IndicatorSet,
    Project,
    Reported,
)
from ..read.formgrid import Grid, header_columns, labelled, labelled_beside_or_below, labels
from ..read.zipguard import inflated_size, open_workbook_file, unreadable
from .checks import run_case_checks, run_set_checks
from .formbudget import BudgetParts, read_budget, read_budget_row
from .published import kept_cells
from .rowkeys import RowKeys
from .scheme import builtin_ids

_NUMBER = r"(\d+(?:\.\d+)?)"
MAX_FORM_INFLATED_BYTES = 64 << 20  # forms are kilobytes; openpyxl holds all of it in memory


def read_form_workbook(path: Path, scheme: str | None = None) -> list[Case] | None:
    """The cases of the forms in the XLSX at `path`, one per sheet; None if no form.

    `scheme` is given to every case; by default a case takes the scheme named
    in the sheet's footer (`评分规则：sichuan-2023 …`, as written by the XLSX
    export) and is otherwise left without one, for the caller to decide.
    Raises `LoadError` (located at the cells) for a form that cannot be read.
    """
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise LoadError([Diagnostic(Location(str(path)), "读取 .xlsx 需要 openpyxl："
                                    "pip install 'scoring[xlsx]'", "missing-dependency")]) from None
    path = Path(path)
    with open_workbook_file(path) as handle:  # a regular file, read within the cap
        inflated = inflated_size(handle, str(path))  # zip bomb, XML entities, expanding sheets
        return _read_book(handle, load_workbook, path, inflated, scheme)


def read_form_grid(grid: Grid, scheme: str | None = None) -> Case | None:
    """The case of the form in `grid` (a table of a Word, PDF or `.xls` file as located
    cells, `read/cellgrid.py`), as `read_form_workbook` reads a sheet; None when it has
    no indicator header. Raises `LoadError` (located at the cells)."""
    return _read_sheet(grid, Path(grid.file), scheme)


def _read_book(handle: Any, load_workbook: Any, path: Path, inflated: int,
               scheme: str | None) -> list[Case] | None:
    try:
        probe = load_workbook(handle, read_only=True, data_only=True)
        try:
            candidates = [ws.title for ws in probe.worksheets if _looks_like_form(ws)]
        finally:
            probe.close()
        if not candidates:
            return None
        if inflated > MAX_FORM_INFLATED_BYTES:  # openpyxl loads a whole form workbook
            raise LoadError([Diagnostic(Location(str(path)), f"工作簿解压后 {inflated} 字节，"
                                        f"超过自评表的上限 {MAX_FORM_INFLATED_BYTES} 字节",
                                        "file-too-large")])
        book = load_workbook(handle, data_only=True)
    except LoadError:
        raise
    except Exception as exc:  # openpyxl's errors of any class (zip, XML, cells): damaged
        raise unreadable(path, exc) from None
    grids = [Grid(book[title], path) for title in candidates]  # in memory: our code only
    cases: list[Case] = []
    diagnostics: list[Diagnostic] = []
    for grid in grids:
        try:
            case = _read_sheet(grid, path, scheme)
        except LoadError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        if case is not None:
            cases.append(case)
    raise_if_errors(diagnostics)
    return cases or None


def _looks_like_form(ws: Any) -> bool:
    """A 三级指标 header row below a 项目名称 label or a budget block, near the top."""
    L = labels()
    seen_above = False
    for row in ws.iter_rows(max_row=int(L.raw["probe_rows"]),
                            max_col=int(L.raw["max_columns"]), values_only=True):
        texts = [v.strip() for v in row if isinstance(v, str) and v.strip()]
        fields = {L.field("indicators", t) for t in texts}
        if "name" in fields and len(fields - {None}) >= int(L.raw["min_known"]):
            return seen_above
        if any(L.match("header", "name", t) or L.field("budget", t) in ("initial", "adjusted",
                                                                          "executed")
               for t in texts):
            seen_above = True
    return False


def _read_sheet(grid: Grid, path: Path, scheme: str | None) -> Case | None:
    probe = min(grid.rows, int(labels().raw["probe_rows"]))
    found = header_columns(grid, "indicators", range(1, probe + 1))
    if found is None:
        return None
    head, cols = found
    above = range(1, head)
    project_fields: dict[str, Any] = {}
    places: dict[str, Location] = {}
    for field in ("name", "code", "department", "unit", "goals", "goal_completion", "content"):
        text, where = labelled(grid, "header", field, above) if field in labels().raw[
            "header"] else labelled_beside_or_below(grid, "basics", field, above)
        if text is not None and where is not None:
            project_fields[field], places[field] = text, where
    year, kind = _title(grid, head)
    origin = grid.place(head, cols["name"])
    project = Project(**project_fields, year=year, location=origin, field_locations=places)
    budget, budget_exec, budget_score = read_budget(grid, head)
    iset_rows, actuals, total, grade, extra, keys = _rows(grid, head, cols, budget is None)
    if extra is not None:
        budget, budget_exec, budget_score = extra
    if not iset_rows and budget is None:  # (only a budget block: scored, table-unfilled)
        raise LoadError([Diagnostic(origin, "自评表中没有指标行", "no-indicator-rows")])
    own_scheme = scheme or _footer_scheme(grid)
    iset = (IndicatorSet if iset_rows else IndicatorSet.model_construct)(
        kind=kind, title=project.name, code=project.code, department=project.department,
        year=year, scheme=own_scheme, budget_execution=budget_exec,
        indicators=tuple(iset_rows), location=origin)
    reported = Reported(budget_execution=budget_score, total=total, grade=grade,
                        location=origin)
    diagnostics = run_set_checks(iset, table=True)
    raise_if_errors(diagnostics)
    case = kept_cells(Case(project=project, indicator_set=iset, scheme=own_scheme,
                           budget=budget, actuals=actuals, reported=reported, source=str(path),
                           location=origin, noted=tuple(keys.noted)))
    raise_if_errors(run_case_checks(case, table=True))
    return case


def _title(grid: Grid, head: int) -> tuple[int | None, Literal["project", "department"]]:
    """The year (`（2023年度）`) and the kind (部门整体 or project) from the title rows
    (the rows above the first label)."""
    raw = labels().raw
    pattern = re.compile(str(raw["title_year"]))
    first = next((r for r in range(1, head) if any(
        _is_label(grid.get(r, c)) for c in range(1, grid.cols + 1))), head)
    titles = [grid.get(r, c) or "" for r in range(1, first) for c in range(1, grid.cols + 1)]
    years = [int(m.group(1)) for t in titles if (m := pattern.search(t))]
    kind: Literal["project", "department"] = "department" if any(
        w in t for t in titles for w in raw["department_title"]) else "project"
    return (years[0] if years else None), kind


def _is_label(text: str | None) -> bool:
    """Whether `text` is a label of the header or budget block (the title is above)."""
    return labels().field("header", text) is not None or labels().field(
        "budget", text) is not None


def _footer_scheme(grid: Grid) -> str | None:
    prefix = str(labels().raw["scheme_prefix"])
    for (_, _), text in sorted(grid.text.items()):
        if text.startswith(prefix):
            ident = text[len(prefix):].split()[0] if text[len(prefix):].split() else ""
            return ident if ident in builtin_ids() else None
    return None


def _manual(explain: str | None, score: str | None) -> tuple[Decimal | None, bool,
                                                             Decimal | None, str | None]:
    """(manual score, not applicable, deduction, evidence) as written in a 计分说明 cell.

    A row the export scored by its own rule (`按指标规则：…`) has no manual score: it is
    taken at its printed score by `_rule` (the evidence says so)."""
    raw = labels().raw
    if not explain:
        return None, False, None, None
    if _rule(explain, score) is not None:
        return None, False, None, raw["rule_evidence"].format(explain=explain)
    manual = re.match(re.escape(raw["manual_prefix"]) + r"\s*" + _NUMBER, explain)
    deduction = re.search(re.escape(raw["deduction_word"]) + r"\s*" + _NUMBER, explain)
    return (Decimal(manual.group(1)) if manual else None,
            explain.startswith(raw["not_applicable_prefix"]),
            Decimal(deduction.group(1)) if deduction else None, None)


def _rule(explain: str | None, score: str | None) -> dict[str, str] | None:
    """A row the export scored by its own rule (`按指标规则：…` in its 计分说明): the rule
    is not on the form, so the row's rule is its printed score (an expression of that
    number), and its status is the score's, as the rule's was (met at full weight,
    partial below it), not a manual score's."""
    if explain and explain.startswith(labels().raw["rule_prefix"]) and score is not None \
            and re.fullmatch(_NUMBER, score):
        return {"expression": score}
    return None


Rows = tuple[list[Indicator], dict[str, Actual], str | None, str | None, BudgetParts | None,
             RowKeys]


def _rows(grid: Grid, head: int, cols: dict[str, int], budget_rows: bool) -> Rows:
    L = labels()
    indicators: list[Indicator] = []
    actuals: dict[str, Actual] = {}
    keys = RowKeys()  # rows named by their place (row-unnamed) or line (duplicate-indicator)
    level1 = level2 = None
    total: str | None = None
    extra: BudgetParts | None = None
    last = cols.get("weight", max(cols.values()))  # a footer's merged run reaches it
    r = head
    for r in range(head + 1, grid.rows + 1):
        name = grid.get(r, cols["name"])
        lead = [grid.get(r, c) for c in range(1, cols["name"] + 1)]
        if any(L.match("total", "", text) for text in lead):
            total = grid.get(r, cols.get("score"))
            break
        if any(L.match("grade", "", t) or L.match("conclusion", "", t) for t in lead):
            break
        if name is None:  # a row with cells but no 三级指标: named by its place (below)
            if not any(grid.get(r, cols.get(f)) for f in ("target", "actual", "weight")):
                continue
        elif grid.origin.get((r, cols["name"]), "") == grid.origin.get((r, last), "-"):
            break  # a line of text across the whole form (a footer), not a row
        lv1 = grid.get(r, cols.get("level1")) or level1
        lv2 = grid.get(r, cols.get("level2")) or level2
        if budget_rows and L.match("budget_rows", "", lv1):
            extra = read_budget_row(grid, r, cols)
            continue
        level1, level2 = lv1, lv2
        here = grid.place(r, cols["name"])
        field_places = {f: grid.place(r, c) for f, c in cols.items()
                        if f in ("level1", "level2", "name", "comparator", "target", "unit",
                                 "weight")}
        target = grid.get(r, cols.get("target"))
        if target is None and grid.get(r, cols.get("initial_target")) is not None:
            target = grid.get(r, cols["initial_target"])  # 调整指标值 blank: the 年初指标值
            field_places["target"] = grid.place(r, cols["initial_target"])
        name = keys.take(name, r, here)
        ind = Indicator(level1=lv1, level2=lv2, name=name,
                        comparator=grid.get(r, cols.get("comparator")),
                        target=target,
                        unit=grid.get(r, cols.get("unit")),
                        weight=grid.get(r, cols.get("weight")),  # blank: row-unweighted
                        rule=_rule(grid.get(r, cols.get("explain")),
                                   grid.get(r, cols.get("score"))),
                        location=here, field_locations=field_places)
        manual, not_applicable, deduction, evidence = _manual(
            grid.get(r, cols.get("explain")), grid.get(r, cols.get("score")))
        actual_places = {k: grid.place(r, cols[f]) for k, f in (
            ("value", "actual"), ("reported_score", "score"), ("reason", "reason"),
            ("manual_score", "explain"), ("not_applicable", "explain"),
            ("deduction", "explain")) if f in cols}
        actuals[ind.key] = Actual(
            value=grid.get(r, cols.get("actual")), reason=grid.get(r, cols.get("reason")),
            manual_score=manual, not_applicable=not_applicable, deduction=deduction,
            reported_score=grid.get(r, cols.get("score")), evidence=evidence, location=here,
            field_locations=actual_places)
        indicators.append(ind)
    grade, _ = labelled(grid, "grade", "", range(head, grid.rows + 1))
    if grade is None:
        text, _ = labelled(grid, "conclusion", "", range(head, grid.rows + 1))
        if text is not None and len(text) <= int(L.raw["conclusion_max_chars"]):
            grade = text
    return indicators, actuals, total, grade, extra, keys
