"""Load (tables): what a published table's rows keep of the evaluator's cells the rules
cannot take.

A published table is evidence (FORMATS.md §5): a 人工评分 above the row's 权重, or a
扣减 without a reason (F11 takes one only with its reason), is a problem of that row,
not of the table. Read from a published table (an inline case, a flat CSV/XLSX, the
official form, a Word or PDF table), the cell is not used and the row says why:

- `manual-score-exceeds-weight` [warning]: the manual score is left out, the row is
  scored by its rule;
- `deduction-without-reason` [warning]: the deduction is not applied.

The findings go on the case (`Case.noted`, reported by `engine/table_findings.py`). A
case file that points at an indicator set (`indicator_set:`), written by the user,
stays strict: the same codes are located diagnostics there
(`checks.check_manual_scores`).
"""

from __future__ import annotations

from decimal import Decimal

from ..model.case import Actual, Case
from ..model.findings import Finding, finding
from .published_budget import published_budget


def kept_cells(case: Case) -> Case:
    """`case` without the manual scores above their row's weight and the deductions
    without a reason, each named by a row finding, and without the budget figures and
    numbers the rules cannot take (`published_budget.py`); `case` itself when it has
    none."""
    case = published_budget(case)
    weights = {ind.key: None if ind.weight is None else ind.weight.number
               for ind in case.indicator_set.indicators}
    noted: list[Finding] = []
    actuals: dict[str, Actual] = {}
    for key, actual in case.actuals.items():
        left = _left_out(key, actual, weights.get(key), noted)
        if left:
            actuals[key] = actual.model_copy(update=left)
    if not noted:
        return case
    return case.model_copy(update={"actuals": {**case.actuals, **actuals},
                                   "noted": (*case.noted, *noted)})


def _left_out(key: str, actual: Actual, weight: Decimal | None,
              noted: list[Finding]) -> dict[str, None]:
    """The fields of `actual` not used (as `model_copy` updates), their findings into
    `noted`; a row without a weight is judged without points and keeps them."""
    if weight is None:
        return {}
    left: dict[str, None] = {}
    manual = actual.manual
    if manual is not None and manual > weight:
        noted.append(finding("manual-score-exceeds-weight", key, actual.place("manual_score"),
                             score=manual, weight=weight))
        left["manual_score"] = None
    deducted = actual.deducted
    if deducted is not None and not (actual.reason or "").strip():
        noted.append(finding("deduction-without-reason", key, actual.place("deduction"),
                             deduction=deducted))
        left["deduction"] = None
    return left
