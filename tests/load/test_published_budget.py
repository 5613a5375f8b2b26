"""An unreadable budget figure, a budget row's weight that is no number ≥ 0 and a number
past the bounds in a row are their rows' findings (#15.1), in every input form: an inline
YAML case, a flat CSV, a flat XLSX, the official-form workbook, a Word table and a PDF.
The table scores; the finding is at the cell; the budget row is scored as the same table
with that cell blank (RULES F1: an executed figure missing, `budget-executed-missing`,
or the form's printed 执行率), and every other row as the table without the problem."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from published_forms import (
    ACTUAL,
    BUDGET_WEIGHT,
    EXECUTED,
    FORMS,
    Swap,
    batch_and_core_agree,
    needs,
    published,
)

from scoring import LoadError, load_case
from scoring.model.findings import Finding
from scoring.model.result import BUDGET_ROW, Result

pytest.importorskip("openpyxl")
pytest.importorskip("docx")
pytest.importorskip("pdfplumber")

Build = Callable[[str, Swap | None], tuple[Path, Result]]
# where each form puts the cell (after the file's name): executed, budget weight, actual
PLACES = {
    "yaml": ("3:49", "4:28", "6:84"), "csv": ("2:8", "2:9", "3:8"),
    "xlsx": ("Sheet!H2", "Sheet!I2", "Sheet!H3"),
    "form": ("培训项目!F8", "培训项目!H8", "培训项目!G15"),
    "docx": ("表1!R8C6", "表1!R8C8", "表1!R15C7"), "pdf": ("p1!R6C4", "p1!R6C6", "p1!R12C7")}


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The table in a form with one cell swapped, scored (each built once)."""
    made: dict[tuple[str, Swap | None], tuple[Path, Result]] = {}
    root = tmp_path_factory.mktemp("published")

    def _build(form: str, swap: Swap | None) -> tuple[Path, Result]:
        reason = needs(form)
        if reason:
            pytest.skip(reason)
        if (form, swap) not in made:
            made[form, swap] = published(form, root / f"{form}-{len(made)}", swap)
        return made[form, swap]
    return _build


def _one(result: Result, code: str) -> Finding:
    [found] = [f for f in result.findings if f.code == code]
    return found


def _at(path: Path, found: Finding) -> str:
    assert found.location is not None
    return str(found.location).removeprefix(f"{path}:")


def _rows(result: Result, but: str = "") -> list[tuple[str, Decimal | None]]:
    return [(r.name, r.score) for r in result.indicators if r.name != but]


@pytest.mark.parametrize("form", FORMS)
def test_an_unreadable_budget_figure_is_scored_as_a_blank_one(build: Build, form: str) -> None:
    _, clean = build(form, None)
    path, bad = build(form, (EXECUTED, "九十"))
    _, blank = build(form, (EXECUTED, ""))
    found = _one(bad, "bad-budget")
    assert (found.indicator, found.severity) == (BUDGET_ROW, "warning")
    assert _at(path, found) == PLACES[form][0] and "“九十”" in found.message
    assert bad.budget is not None and blank.budget is not None
    assert (bad.budget.executed, bad.budget.score, bad.total) == (
        None, blank.budget.score, blank.total)
    assert _rows(bad) == _rows(clean)
    assert "bad-budget" not in {f.code for f in blank.findings}
    if form in ("yaml", "csv", "xlsx"):  # no printed rate to fall back on: F1 gives 0
        assert bad.budget.score == 0 and "budget-executed-missing" in {
            f.code for f in bad.findings}


@pytest.mark.parametrize("text", ["-5", "1e999"])
@pytest.mark.parametrize("form", ["yaml", "csv"])
def test_a_negative_or_boundless_budget_figure_too(build: Build, form: str, text: str) -> None:
    path, bad = build(form, (EXECUTED, text))
    found = _one(bad, "bad-budget")
    assert _at(path, found) == PLACES[form][0] and f"“{text}”" in found.message
    assert bad.budget is not None and bad.budget.score == 0


@pytest.mark.parametrize("form", FORMS)
def test_a_budget_weight_that_is_no_number_is_a_blank_one(build: Build, form: str) -> None:
    _, clean = build(form, None)
    path, bad = build(form, (BUDGET_WEIGHT, "十分"))
    _, blank = build(form, (BUDGET_WEIGHT, ""))
    found = _one(bad, "budget-bad-weight")
    assert (found.indicator, found.severity) == (BUDGET_ROW, "warning")
    assert _at(path, found) == PLACES[form][1] and "“十分”" in found.message
    assert (bad.budget, bad.total, bad.max_total) == (blank.budget, blank.total, blank.max_total)
    assert _rows(bad) == _rows(clean)
    assert clean.budget is not None and clean.total is not None and bad.total is not None
    assert bad.total == clean.total - clean.budget.score  # not scored, not in the total


@pytest.mark.parametrize("form", FORMS)
def test_a_number_past_the_bounds_is_its_rows_finding(build: Build, form: str) -> None:
    _, clean = build(form, None)
    path, bad = build(form, (ACTUAL, "1e999"))
    found = _one(bad, "bad-number")
    assert (found.indicator, found.severity) == ("培训人次", "warning")
    assert _at(path, found) == PLACES[form][2] and "“1e999”" in found.message
    row = bad.indicator("培训人次")
    assert (row.status, row.score) == ("unparsed", 0)
    assert _rows(bad, but="培训人次") == _rows(clean, but="培训人次")
    assert clean.total is not None and bad.total == clean.total - clean.indicator(
        "培训人次").score


def test_a_set_file_and_its_case_stay_strict(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "budget_execution: {weight: 十分}\nindicators:\n"
        "  - {name: a, comparator: '≥', target: 1e999, weight: 90}\n", "utf-8")
    path = tmp_path / "c.yaml"
    path.write_text("indicator_set: s.yaml\nbudget: {adjusted: 100, executed: 九十}\n"
                    "actuals: {a: 1}\n", "utf-8")
    with pytest.raises(LoadError) as refused:
        load_case(path)
    assert sorted(d.code for d in refused.value.diagnostics) == ["bad-number", "bad-weight"]
    (tmp_path / "s.yaml").write_text(
        "indicators:\n  - {name: a, comparator: '≥', target: 1, weight: 90}\n", "utf-8")
    with pytest.raises(LoadError) as refused:
        load_case(path)
    assert [(d.code, d.location.line) for d in refused.value.diagnostics] == [("bad-budget", 2)]


@pytest.mark.parametrize("swap", [(EXECUTED, "九十"), (BUDGET_WEIGHT, "十分"), (ACTUAL, "1e999")])
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_the_batch_and_the_core_score_them_as_scoring_score(build: Build, tmp_path: Path,
                                                            form: str, swap: Swap) -> None:
    """The columnar core leaves such a project to the row engine (its `taken` criteria),
    the batch scores it as `scoring score` does."""

    from scoring.report.json import result_to_dict

    path, result = build(form, swap)
    expected = result_to_dict(result)
    batch_and_core_agree(path, expected, tmp_path)
