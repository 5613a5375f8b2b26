"""outcome.py: what a batch worker sends back per project, and the run's tally."""

from __future__ import annotations

import pickle

from scoring.model.outcome import Outcome, Tally, counted, unified_grade

FOUR = ("优秀", "良好", "中等", "差")


def _outcome(dept: str | None, grade: str | None, failed: bool = False,
             severities: tuple[int, int, int] = (0, 0, 0)) -> Outcome:
    return Outcome(record={"department": dept, "grade": grade}, findings=[], json=None,
                   failed=failed, severities=severities, grades=FOUR,
                   scheme=("sichuan-2023", "四川", "1", "abc"))


def test_a_grade_is_put_on_the_one_scale_by_its_bands_position() -> None:
    assert unified_grade("良好", FOUR) == "良"
    assert unified_grade("较好", ("好", "较好", "一般", "差")) == "良"
    assert unified_grade("优", ("优", "合格", "不合格")) == "优"
    assert unified_grade("合格", ("优", "合格", "不合格")) == "中"
    assert unified_grade("不在其中", FOUR) is None and unified_grade(None, FOUR) is None


def test_a_record_is_counted_with_its_unified_grade_and_findings() -> None:
    rec = counted(_outcome("甲", "优秀", severities=(1, 2, 3)))
    assert (rec["grade_scale"], rec["findings"], rec["errors"], rec["warnings"]) == (
        "优", 6, 1, 2)
    assert "grade_scale" not in counted(_outcome("甲", None, failed=True))


def test_the_tally_counts_projects_grades_by_department_and_schemes_once() -> None:
    tally = Tally()
    for outcome in (_outcome("甲", "优秀", severities=(0, 1, 0)), _outcome("甲", "良好"),
                    _outcome(None, "优秀"), _outcome("乙", None, failed=True)):
        tally.add(outcome)
    assert (tally.projects, tally.failed, dict(tally.findings)) == (4, 1, {"warning": 1})
    assert {d: dict(g) for d, g in tally.grades.items()} == {"甲": {"优": 1, "良": 1},
                                                           "（未填）": {"优": 1}}
    assert list(tally.schemes) == [("sichuan-2023", "四川", "1", "abc")]


def test_an_outcome_survives_the_pipe_to_the_parent() -> None:
    outcome = _outcome("甲", "优秀", severities=(1, 0, 0))
    again = pickle.loads(pickle.dumps(outcome))
    assert (again.record, again.severities, again.grades) == (
        outcome.record, outcome.severities, outcome.grades)
