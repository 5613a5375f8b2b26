"""engine/table_findings.py: what a published table as a whole says, beyond its rows."""

from __future__ import annotations

from typing import Any

from builders import make_case, row

from scoring.engine.evaluate import scheme_for
from scoring.engine.row import RowOutcome, score_row
from scoring.engine.table_findings import TOTAL_ROW, case_findings, no_weights
from scoring.load.scheme import load_scheme
from scoring.model.case import Case
from scoring.model.findings import finding


def _outcomes(case: Case) -> list[RowOutcome]:
    scheme = scheme_for(case)
    return [score_row(ind, case.actuals.get(ind.key), scheme, case.project.year, None)
            for ind in case.indicator_set.indicators]


def _codes(case: Case) -> list[tuple[str, str, Any]]:
    return [(f.code, f.indicator, dict(f.params).get("rows"))
            for f in case_findings(case, _outcomes(case), load_scheme("mof-2020"))]


def test_a_filled_weighted_table_has_no_table_findings() -> None:
    case = make_case([row("a", "≥", "100", "100"), row("b", "≥", "10", "5")])
    assert _codes(case) == []
    assert not no_weights(_outcomes(case))


def test_an_unfilled_table_is_one_table_unfilled_at_its_total_row() -> None:
    case = make_case([row("a", "≥", "100", None), row("b", "≥", "10", None)])
    [found] = case_findings(case, _outcomes(case), load_scheme("mof-2020"))
    assert (found.code, found.indicator, found.severity) == ("table-unfilled", TOTAL_ROW, "error")
    assert found.location == case.location
    assert dict(found.params)["rows"] == "2"


def test_a_table_without_weights_is_one_no_weights_and_no_rows_is_not() -> None:
    case = make_case([row("a", "≥", "100", "80", None), row("b", "≥", "10", "10", None)])
    assert _codes(case) == [("no-weights", TOTAL_ROW, "2")]
    assert no_weights(_outcomes(case))
    assert not no_weights([])


def test_the_row_findings_made_at_reading_come_first() -> None:
    """`Case.noted` (row-unnamed, duplicate-indicator …, made by `load/rowkeys.py`) first."""
    case = make_case([row("第 1 行", "≥", "100", None, None)])
    place = case.indicator_set.indicators[0].location
    case = case.model_copy(update={"noted": (finding("row-unnamed", "第 1 行", place),)})
    assert [code for code, _, _ in _codes(case)] == ["row-unnamed", "table-unfilled",
                                                     "no-weights"]
    first = next(iter(case_findings(case, _outcomes(case), load_scheme("mof-2020"))))
    assert first.indicator == "第 1 行"
    assert first.location == case.indicator_set.indicators[0].location
