"""Every cell field holds a `Cell` read once, at validation, with its place.

The cell fields of the models (targets, weights, actuals, published scores,
budget figures, comparators, manual scores, deductions, facts) are read by
the one grammar when a model is validated; YAML, CSV and XLSX give equal
Cells for the same cells; the JSON Schema and the dumps still say what a user
writes (a number or a string).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import LoadError, evaluate, load_case, load_scheme
from scoring.errors import Location
from scoring.load.tables import load_cases
from scoring.model.case import Actual, Case, Indicator, IndicatorSet, Project
from scoring.read import cells
from scoring.read.cell import Cell, Comparator

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
          "得分", "未完成原因分析"]


def test_a_field_is_a_cell_read_once_with_its_place(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("project: {name: p, year: 2023}\nindicators:\n"
                    "  - {name: a, comparator: '≤', target: 12月底前, weight: 10,"
                    " actual: '2023-11-30'}\n"
                    "  - {name: b, target: '95%', weight: 90, actual: '≥95%'}\n", "utf-8")
    case = load_case(path)
    ind = case.indicator_set.indicators[0]
    target, weight, actual = ind.target, ind.weight, case.actuals["b"].value
    assert isinstance(target, Cell) and target.kind == "date" and target.month is not None
    assert target.place == Location(str(path), 3, 40)
    assert (weight.kind, weight.value, weight.given) == ("number", Decimal(10), Decimal(10))
    assert (actual.kind, actual.comparator, actual.percent) == ("number", Comparator.GE, True)
    assert ind.comparator.comparator is Comparator.LE
    # evaluation reads no text: the grammar may as well be gone
    scheme = load_scheme("mof-2020")
    monkeypatch.setattr(cells, "read_cell", None)
    monkeypatch.setattr(cells, "normalize", None)
    result = evaluate(case, scheme)
    assert result.indicators[0].target == "12月底前" and result.indicators[0].status == "met"
    monkeypatch.undo()
    assert target.in_year(2023).date == dt.date(2023, 12, 31)
    assert cells.read_cell("2月29日").in_year(2023) == cells.read_cell("2月29日", 2023)


def test_a_dump_says_what_the_file_held() -> None:
    ind = Indicator(name="a", target="98.50%", weight=Decimal("10.0"), comparator="≥")
    assert ind.model_dump(mode="json")["target"] == "98.50%"
    assert ind.model_dump(mode="json")["weight"] == "10.0"
    assert ind.model_dump()["weight"] == Decimal("10.0")
    assert Indicator(name="a", weight=5).model_dump()["target"] is None


def test_a_number_beyond_the_grammar_is_an_unreadable_cell_not_a_crash() -> None:
    """A hand-built case with "1e99999999999" (once a MemoryError when printed)."""
    here = Location("api.yaml", 7, 9)
    iset = IndicatorSet(indicators=(Indicator(name="a", target="100", weight=50),
                                    Indicator(name="b", target="100", weight=50)))
    huge = Actual(value="1e99999999999", location=here, field_locations={"value": here})
    assert (huge.value.kind, huge.value.place) == ("unreadable", here)
    case = Case(project=Project(year=2023), indicator_set=iset,
                actuals={"a": huge, "b": Actual(value="100")})
    result = evaluate(case)
    [row] = [r for r in result.indicators if r.name == "a"]
    assert row.status == "unparsed" and row.actual == "1e99999999999"
    [found] = [f for f in result.findings if f.code == "unparsed-cell"]
    assert found.location == here
    assert cells.read_cell("1e-99999999999").kind == "unreadable"
    assert cells.read_cell("1e60").kind == "number"


def test_a_number_beyond_the_grammar_in_a_file_is_a_located_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("indicators:\n  - {name: a, target: 100, weight: 100,"
                    " actual: '1e99999999999'}\n", "utf-8")
    [found] = load_case(path).noted  # an inline case, a published table: the row's finding
    assert found.code == "bad-number" and found.location and found.location.line == 2
    (tmp_path / "s.yaml").write_text("indicators:\n  - {name: a, target: 100, weight: 100}\n",
                                     "utf-8")
    path.write_text("indicator_set: s.yaml\nactuals: {a: '1e99999999999'}\n", "utf-8")
    with pytest.raises(LoadError) as err:  # a case file of a set, its user's: refused
        load_case(path)
    [diag] = err.value.diagnostics
    assert diag.code == "bad-number" and diag.location.line == 2


def test_manual_scores_deductions_and_facts_are_cells_at_their_places(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("project: {name: p, year: 2023}\nindicators:\n"
                    "  - {name: a, target: 100, weight: 50, actual: 90, manual_score: '45分',"
                    " reason: 酌情}\n"
                    "  - {name: b, target: 100, weight: 50, actual: 100, deduction: 1.5,"
                    " reason: 违规}\n", "utf-8")
    case = load_case(path)
    a, b = case.actuals["a"], case.actuals["b"]
    assert a.manual_score is not None and b.deduction is not None
    assert (a.manual_score.text, a.manual_score.kind, a.manual) == ("45分", "number", 45)
    assert (a.manual_score.place.line, a.manual_score.place.col) == (3, 66)
    assert (b.deduction.place.line, b.deduction.place.col, b.deducted) == (4, 64, Decimal("1.5"))
    # the dump says the number, as the JSON Schema does (number or numeric string)
    dumped = a.model_dump(mode="json"), b.model_dump(mode="json")
    assert (dumped[0]["manual_score"], dumped[1]["deduction"]) == ("45", "1.5")
    rows = {r.name: r for r in evaluate(case).indicators}
    assert (rows["a"].score, rows["a"].status) == (45, "manual")
    assert "扣减 1.5（违规）" in rows["b"].explain
    facts = load_case(ROOT / "cases" / "hunan-yueyang-department-2023.yaml").actuals["预算调整率"]
    first, adjusted = facts.facts["年初预算数"], facts.facts["调整后预算数"]
    assert (first.kind, first.place.line, first.place.col) == ("number", 15, 20)  # its own value
    assert (adjusted.place.line, adjusted.place.col) == (15, 34)
    assert (first.value, adjusted.value) == (1000, 1100)
    assert facts.model_dump(mode="json")["facts"] == {"年初预算数": "1000", "调整后预算数": "1100"}


def test_a_manual_score_that_is_no_number_is_refused_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("indicators:\n  - {name: a, target: 100, weight: 100, actual: 9,"
                    " manual_score: 很好}\n  - {name: b, target: 1, weight: 1, actual: 1,"
                    " manual_score: 1e99999999}\n", "utf-8")
    found = load_case(path).noted  # an inline case: each row's bad-manual-score (#15.1)
    assert sorted((f.code, f.location.line if f.location else 0) for f in found) == [
        ("bad-manual-score", 2), ("bad-manual-score", 3)]
    (tmp_path / "s.yaml").write_text("indicators:\n  - {name: a, target: 100, weight: 100}\n"
                                     "  - {name: b, target: 1, weight: 1}\n", "utf-8")
    path.write_text("indicator_set: s.yaml\nactuals:\n  a: {value: 9, manual_score: 很好}\n"
                    "  b: {value: 1, manual_score: 1e99999999}\n", "utf-8")
    with pytest.raises(LoadError) as err:  # a case file of a set: refused at their places
        load_case(path)
    lines = sorted(d.location.line for d in err.value.diagnostics)
    assert lines == [3, 4]
    hand_built = Actual(value="50", manual_score=Decimal("1e99999999"))  # the API: not checked
    assert (hand_built.manual_score.kind, hand_built.manual) == (  # type: ignore[union-attr]
        "unreadable", Decimal("1e99999999"))


TEXTS = ["98%", "≥95%", "20万元", "完成", "98.5", "2023-11-30", "12月底前", "80%-90%", "约95%",
         "≤30万元", "95%以上", "有效", "2024.04", "0.95", "120户", ""]
COMPARATORS = ["≥", "≤", "=", "定性", "", "定量"]


@st.composite
def table_rows(draw: st.DrawFn) -> list[list[str]]:
    count = draw(st.integers(1, 4))
    return [["产出指标", "数量指标", f"指标{i}", draw(st.sampled_from(COMPARATORS)),
             draw(st.sampled_from(TEXTS)), "", draw(st.sampled_from(TEXTS)),
             str(draw(st.sampled_from([10, 25, "5.5"]))), draw(st.sampled_from(TEXTS)), ""]
            for i in range(count)]


def _readings(case: Case) -> list[tuple[Cell, ...]]:
    return [(i.comparator, i.target, i.weight, case.actuals[i.key].value,
             case.actuals[i.key].reported_score) for i in case.indicator_set.indicators]


def _yaml(rows: list[list[str]]) -> str:
    def cell(text: str) -> Any:
        return None if text == "" else text
    indicators = [{"level1": r[0], "level2": r[1], "name": r[2], "comparator": cell(r[3]),
                   "target": cell(r[4]), "actual": cell(r[6]), "weight": r[7],
                   "reported_score": cell(r[8])} for r in rows]
    return yaml.safe_dump({"indicators": indicators}, allow_unicode=True)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=table_rows())
def test_a_yaml_case_its_csv_and_its_xlsx_give_equal_cells(rows: list[list[str]],
                                                           tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    (tmp_path / "t.csv").write_text(text.getvalue(), "utf-8")
    wb = openpyxl.Workbook()
    for row in [HEADER, *rows]:
        wb.active.append([c if c != "" else None for c in row])
    wb.save(tmp_path / "t.xlsx")
    (tmp_path / "c.yaml").write_text(_yaml(rows), "utf-8")
    [from_csv] = load_cases(tmp_path / "t.csv")
    [from_xlsx] = load_cases(tmp_path / "t.xlsx")
    from_yaml = load_case(tmp_path / "c.yaml")
    assert _readings(from_csv) == _readings(from_xlsx) == _readings(from_yaml)
    places = [c.place for c in _readings(from_xlsx)[0][1:2]]
    assert places[0].cell.endswith("!E2")


def test_the_schema_of_what_a_cell_is_written_as_is_made_once_for_all_its_fields() -> None:
    from scoring.model.case import Budget, FundRow, Reported

    def inner(model: type[Any], field: str) -> Any:
        model.model_rebuild()
        schema = model.__pydantic_core_schema__
        while schema["type"] != "model-fields":  # through the model and its before-validator
            schema = schema["schema"]
        cell = schema["fields"][field]["schema"]
        while cell["type"] != "function-wrap":  # through the default (a field left out)
            cell = cell["schema"]
        return cell["schema"], cell["serialization"]["return_schema"]

    budget, row, reported = inner(Budget, "adjusted"), inner(FundRow, "executed"), \
        inner(Reported, "total")
    assert budget[0] is row[0] is reported[0] and budget[1] is row[1] is reported[1]
    assert Budget(adjusted="349.78").adjusted.value == Decimal("349.78")
    assert FundRow(executed=12).executed.value == Decimal(12)
