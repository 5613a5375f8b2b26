"""Results (columns): the core's frames of a part → each project's `Result`, as the row engine
gives it (#14.3).

`scoring batch` writes each project's whole `Result` into `.jsonl` and `.html` (with its
derivations) and renders its findings in English from their parameters (`--lang en`). For
the projects the core takes, that `Result` is built here from the frames of the part
(`columns.Outcome`: projects and findings, with `Detail`: every row's cells as read and
its scaled integers) and the part's `Table` (places, header), field by field as
`engine/evaluate.py` and `engine/row.py` make it:

- each indicator: its cells as printed (指标值, 完成值, 度量单位, 得分, 原因), the comparator
  as read, the weight as the cell grammar reads it, the score from the core's integer,
  its status and derivation (`explain=True`), its place (the 三级指标 cell), and the
  unrounded score by the row engine's own formulas on the cells' numbers
  (`row_kinds.compare`; F6's share; a phrase's full weight or 0);
- the budget by `evaluate.budget_share` on its cells' numbers (one per project);
- the total and grade from the frames, the maximum the sum of the weights as read;
- each finding's code, severity, row, place and parameters from the frames (the core
  keeps what it filled each message with: `columns_format.findings`' `params`);
- the scheme's content hash over the indicator set as the importer builds it (its JSON
  dump: the cells as printed).

tests/engine/test_columns_results.py proves each built `Result` equal, field by field
and in its repr, to the row engine's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from decimal import Decimal, localcontext
from functools import lru_cache, partial
from typing import Any

import polars as pl

from ..decimals import ENGINE_CONTEXT, HUNDRED, ZERO
from ..errors import Location
from ..load.scheme import load_scheme
from ..model.findings import Finding
from ..model.result import BudgetResult, IndicatorResult, ProjectInfo, Result, SchemeInfo
from ..model.scheme import Scheme
from ..read.cell import Comparator
from ..read.cells import read_cell
from ..read.columns import Table, columns
from .columns_format import fields
from .columns_stage import Detail
from .evaluate import budget_share
from .row_kinds import compare
from .table_findings import layout_finding

LAYOUT = "scheme-from-layout"  # made again by the row engine's own `layout_finding`
ROW = ("pid", "line", "l1", "l2", "name", "comparator", "comp", "target", "unit", "actual",
       "weight", "score", "status", "explain", "reported_score", "reason", "mode", "tier",
       "verdict")
BUDGET = ("pid", "target", "actual", "initial", "weight", "reported_score", "reason")


def _hash(scheme: Scheme, body: dict[str, Any]) -> str:
    """`load.scheme.content_hash` of an indicator set given as its JSON dump."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{scheme.content_hash}\n{text}".encode()).hexdigest()


@lru_cache(maxsize=4096)
def _number(text: str | None) -> Decimal | None:
    """A cell's number as the importer's `Cell` reads it."""
    return None if text is None else read_cell(text).value


class Builder:
    """The `Result`s of the core's projects of the parts of a table read under `ref` (the
    importer's scheme; each project scored under its own, the projects frame's `scheme`)."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self._schemes: dict[str, Scheme] = {}  # one reading of a scheme file per run

    def scheme(self, ref: str) -> Scheme:
        """The scheme `ref`, loaded once for every project of the run (a scheme file
        edited while a table is scored does not change the projects after it)."""
        if ref not in self._schemes:
            self._schemes[ref] = load_scheme(ref)
        return self._schemes[ref]

    def results(self, part: Any, table: Table) -> dict[int, Result]:
        """Each project the core took in `part` (a `columns.Outcome`), by `pid`."""
        detail: Detail | None = part.detail
        if detail is None or not detail.projects.height:
            return {}
        with localcontext(ENGINE_CONTEXT):
            return dict(self._results(part, detail, table))

    def _results(self, part: Any, detail: Detail, table: Table) -> Iterator[tuple[int, Result]]:
        c = pl.col
        rows = _grouped(detail.rows.sort("pid", "line", maintain_order=True).select(ROW))
        budgets = _grouped(detail.budget.select(BUDGET))
        pids = detail.projects.get_column("pid").implode()
        laid = dict(part.projects.select("pid", "scheme").iter_rows()) \
            if "scheme" in part.projects.columns else {}
        found = _grouped(part.findings.filter(c("pid").is_in(pids)).select(
            "pid", "line", "col", "code", "severity", "indicator", "message", "params"))
        name_col = table.header.index["name"]
        for pid, name, code, dept, year, total, grade, r_total, r_grade in \
                detail.projects.select(
                    "pid", "project", "code", "department", "year_int",
                    "total", "grade", "reported_total", "reported_grade").iter_rows():
            s = self.scheme(laid.get(pid) or self.ref)
            own = [_row(r, table.place(r[1], name_col), year, s) for r in rows.get(pid, [])]
            budget, wtext = _budget(budgets.get(pid), s)
            weight = sum((r[2] for r in own), ZERO)
            kind = "department" if columns().department(table.header, name) else "project"
            body = {"kind": kind, "title": name, "code": code, "department": dept,
                    "year": year, "scheme": self.ref, "names": [], "sections": [],
                    "budget_execution": None if wtext is None else {"weight": wtext},
                    "indicators": [r[1] for r in own]}
            yield pid, Result(
                project=ProjectInfo(name=name, code=code, department=dept, unit=None,
                                    year=year),
                kind=kind, scheme=SchemeInfo(id=s.id, name=s.name, version=s.version,
                                             content_hash=partial(_hash, s, body),
                                             places=s.places),
                budget=budget, indicators=tuple(r[0] for r in own),
                total=Decimal(int(total)).scaleb(-s.places),
                max_total=(budget.weight if budget else ZERO) + weight, grade=grade,
                findings=tuple(_finding(f, table, s, wtext) for f in found.get(pid, [])),
                rescaled=False, source=table.source, reported_total=r_total,
                reported_grade=r_grade, full_marks=s.total)


def _row(row: tuple[Any, ...], place: Location, year: int | None,
         scheme: Scheme) -> tuple[IndicatorResult, dict[str, Any], Decimal]:
    """An indicator's result, its entry of the indicator set's dump, its weight."""
    (_, _, l1, l2, name, given, comp, target, unit, actual, wtext, score, status,
     explain, reported, reason, mode, tier, verdict) = row
    w = _number(wtext)
    assert w is not None  # the core takes only rows with a number weight
    if mode == "straight":
        a, t = _number(actual), read_cell(target, year).value
        assert a is not None and t is not None
        raw = compare(name, Comparator(comp), a, t, w, scheme, []).raw
    elif mode == "qual" and tier is not None:
        raw = w * getattr(scheme.qualitative.default_shares, tier) / HUNDRED
    elif mode == "text" and verdict == "met":
        raw = w
    else:  # a blank actual, a phrase not met, a text no tier or phrase reads
        raw = ZERO
    result = IndicatorResult(
        id=name, level1=l1, level2=l2, name=name, comparator=comp, target=target,
        unit=unit, actual=actual, weight=w, score=Decimal(int(score)).scaleb(-scheme.places),
        status=status, explain=explain, reported_score=reported, reason=reason,
        location=place, raw_score=raw)
    dumped = {"level1": l1, "level2": l2, "name": name, "id": None, "comparator": given,
              "target": target, "unit": unit, "weight": wtext, "rule": None}
    return result, dumped, w


def _budget(rows: list[tuple[Any, ...]] | None,
            scheme: Scheme) -> tuple[BudgetResult | None, str | None]:
    """F1 of the project's budget row (the core takes one, with its figures)."""
    if not rows:
        return None, None
    _, adjusted, executed, initial, wtext, reported, reason = rows[0]
    w, b, e = _number(wtext), _number(adjusted), _number(executed)
    assert w is not None and b is not None and e is not None
    share = budget_share(w, e, b, None, scheme.places)
    assert share is not None  # the core takes an adjusted budget above 0
    rate, raw, score, explain = share
    return BudgetResult(initial=_number(initial), adjusted=b, executed=e, rate=rate,
                        weight=w, score=score, explain=explain, reported_score=reported,
                        reason=reason, raw_score=raw), wtext


def _grouped(frame: pl.DataFrame) -> dict[int, list[tuple[Any, ...]]]:
    """The rows of `frame` by their first column (`pid`), in order."""
    out: dict[int, list[tuple[Any, ...]]] = {}
    for row in frame.iter_rows():
        out.setdefault(row[0], []).append(row)
    return out


def _finding(row: tuple[Any, ...], table: Table, scheme: Scheme,
             weight: str | None) -> Finding:
    """A finding of the frames as the row engine makes it: its parameters are the indicator
    (`name`) and what the core filled its message with, in `fields(code)`' order;
    `scheme-from-layout` is the row engine's own, at the budget row's `weight`."""
    _, line, col, code, _, _, message, _ = row
    if code == LAYOUT:
        made = layout_finding(scheme, weight, table.place(line, col))
        assert made.message == message
        return made
    return finding_of(row, table)


def finding_of(row: tuple[Any, ...], table: Table) -> Finding:
    """A finding of the frames (`pid`, line, col, code, severity, indicator, message,
    params) as the row engine makes it, at its place in `table`: its parameters are the
    indicator (`name`) and what its message was filled with, in `fields(code)`' order
    (a later stage's findings too: the audit's, `review/columns_audit_result.py`)."""
    _, line, col, code, severity, indicator, _, params = row
    return Finding(code, severity, indicator,
                   (("name", indicator), *zip(fields(code), params, strict=True)),
                   table.place(line, col))
