"""region_data.py: what the region page shows, gathered outcome by outcome."""

from __future__ import annotations

from decimal import Decimal as D

from conftest import SEED

from scoring import evaluate, load_case, render
from scoring.model.outcome import FindingRow, Outcome
from scoring.report.region_data import RegionData, form_rows

SCALE = ["优", "良", "中", "差"]


def _outcome(dept: str, total: str | None, grade: str | None,
             findings: tuple[FindingRow, ...] = (), failed: bool = False) -> Outcome:
    return Outcome(record={"department": dept, "project": "p", "total": total,
                           "max_total": "100", "grade": grade}, findings=list(findings),
                   json=None, failed=failed, grades=tuple(SCALE))


def _region() -> RegionData:
    data = RegionData()
    data.add(_outcome("甲", "95", "优", (("warning", "missing-actual", "a", "x", "m"),)))
    data.add(_outcome("甲", "85", "良", (("warning", "missing-actual", "a", "x", "m"),
                                        ("info", "not-applicable", "b", "x", "m"))))
    data.add(_outcome("乙", "100", "优"))
    data.add(_outcome("乙", None, None, failed=True))  # counted in no statistic
    return data


def test_statistics_leave_out_the_projects_that_failed() -> None:
    data = _region()
    assert (data.mean(), data.median()) == (D("93.33"), D("95.00"))
    assert data.histogram()[-2:] == [("80–90", 1), ("90–100", 2)]  # full marks in the top bin
    assert list(data.grade_counts(SCALE).items()) == [("优", 2), ("良", 1), ("中", 0), ("差", 0)]
    assert data.by_department(SCALE) == [("乙", [1, 0, 0, 0]), ("甲", [1, 1, 0, 0])]


def test_finding_codes_are_counted_with_their_first_project() -> None:
    assert [(code, c.count, c.example) for code, c in _region().top_codes(5)] == [
        ("missing-actual", 2, 1), ("not-applicable", 1, 2)]


def test_a_projects_form_rows_come_from_its_json_line() -> None:
    line = render(evaluate(load_case(SEED)), "json")
    rows = form_rows(line, "预算执行率")
    assert rows is not None and rows[0][2] == "预算执行率"
    assert rows[1][:5] == ("产出指标", "数量指标", "招引项目个数", "≥16个", "21")
    assert form_rows(None, "预算执行率") is None
