"""Evaluate: what a published table as a whole says, beyond its rows.

A published table is evidence (FORMATS.md §5): a row problem is a row finding and
the table still scores. These are the case-level findings of such tables:

- the row findings made as the table was read (`Case.noted`): `row-unnamed` [warning],
  a row published without a 三级指标, named by its place (`第 3 行`), and
  `duplicate-indicator` [warning], a row whose 三级指标 an earlier row of the project
  has, named by its line (`名称（第 12 行）`, `load/rowkeys.py`); the row problems of
  `load/flat.py` (`bad-manual-score`, `duplicate-budget-row`, `bad-year`), `load/ragged.py`
  (`ragged-row`), `load/published_budget.py` (`bad-budget`, a budget row's `bad-weight`,
  `bad-number`) and `load/inline_slips.py` (`unknown-key`, `invalid-value`);
- `table-unfilled` [error]: no actual of any row can be scored (a template published
  unfilled, or a table with only its budget row): every row is `missing` and scores 0
  (F10), the table is still scored;
- `no-weights` [warning]: no row has a 权重 (a layout without a 权重/分值 column): every
  row is judged without points (`unweighted.py`), the total and the grade are null;
- `scheme-from-layout` [info]: no scheme was named and the table's printed 预算执行率
  weight is another built-in scheme's (湖北/云南 20 points), which scores it
  (`load/scheme.scheme_by_layout`, `Case.scheme_from_layout`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..errors import Location
from ..load.scheme import DEFAULT_SCHEME, load_scheme
from ..model.case import Case
from ..model.findings import Finding, finding
from ..model.result import BUDGET_ROW, TOTAL_ROW
from ..model.scheme import Scheme
from .row import RowOutcome

_NOT_FILLED = frozenset(("missing", "unparsed", "not-applicable"))


def case_findings(case: Case, outcomes: Sequence[RowOutcome],
                  scheme: Scheme) -> Iterator[Finding]:
    """The findings about the table as a whole, in the order above (`scheme`: applied)."""
    yield from case.noted
    if all(o.result.status in _NOT_FILLED for o in outcomes):
        yield finding("table-unfilled", TOTAL_ROW, case.location, rows=len(outcomes))
    if no_weights(outcomes):
        yield finding("no-weights", TOTAL_ROW, case.location, rows=len(outcomes))
    spec = case.indicator_set.budget_execution
    if case.scheme_from_layout and spec is not None and scheme.id == case.scheme:
        yield layout_finding(scheme, spec.weight, spec.location)


def layout_finding(scheme: Scheme, weight: object, where: Location | None) -> Finding:
    """`scheme-from-layout` [info] at the printed 预算执行率 weight (`weight`: its cell or
    text) that chose `scheme`: the row engine's, and the columnar core's per project."""
    return finding("scheme-from-layout", BUDGET_ROW, where, scheme=scheme.id, title=scheme.name,
                   weight=weight, default=DEFAULT_SCHEME,
                   default_weight=load_scheme(DEFAULT_SCHEME).budget_weight)


def no_weights(outcomes: Sequence[RowOutcome]) -> bool:
    """Whether no row of the table has a weight (and there is at least one row)."""
    return bool(outcomes) and all(o.result.weight is None for o in outcomes)
