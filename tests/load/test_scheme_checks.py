"""scheme_checks.py: `scoring check scheme.yaml`: extends, cycles, grade bands, weights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import ROOT, run_cli

from scoring import load_scheme

GRADES = """grades:
  - {label: 优, min: 90}
  - {label: 良, min: 80, below: 88}
  - {label: 中, min: 60, below: 80}
  - {label: 差, min: 0, below: 60}
"""


def test_a_user_scheme_extending_a_builtin_checks_clean(write_yaml: Any) -> None:
    path = write_yaml("x.yaml", "id: x\nextends: mof-2020\nreverse: linear\n")
    run = run_cli("check", str(path))
    assert (run.code, run.out.strip(), run.err) == (0, f"{path}: ok", "")
    scheme = load_scheme(path)
    assert (scheme.reverse, scheme.budget_weight, scheme.places) == ("linear", 10, 2)


def test_the_shipped_user_scheme_checks_clean() -> None:
    run = run_cli("check", "schemes/hunan-yueyang-department.yaml")
    assert run.code == 0, run.err


def test_a_cycle_is_located_at_the_extends_that_closes_it(write_yaml: Any) -> None:
    a = write_yaml("a.yaml", "id: a\nextends: b.yaml\n")
    b = write_yaml("b.yaml", "id: b\nplaces: 1\nextends: a.yaml\n")
    run = run_cli("check", str(a))
    assert run.code == 1 and "Traceback" not in run.err
    assert run.err.strip() == (f"{b}:3:10: extends 形成循环：a.yaml → b.yaml → a.yaml "
                               "(extends-cycle)")


def test_a_self_extension_is_a_cycle(write_yaml: Any) -> None:
    a = write_yaml("a.yaml", "id: a\nextends: ./a.yaml\n")
    assert f"{a}:2:10: extends 形成循环" in run_cli("check", str(a)).err


def test_a_gap_in_grades_points_at_the_grades_key(write_yaml: Any) -> None:
    path = write_yaml("gap.yaml", "id: g\nextends: sichuan-2023\n" + GRADES)
    run = run_cli("check", str(path))
    assert run.code == 1
    assert run.err.strip() == (f"{path}:3:1: grades：等级区间在 88 与 90 之间有空缺"
                               "（“良”与“优”之间） (grade-gap)")


def test_an_overlap_points_at_the_band(write_yaml: Any) -> None:
    path = write_yaml("o.yaml", "id: o\nextends: mof-2020\n" + GRADES.replace("below: 88",
                                                                               "below: 91"))
    assert f"{path}:4:5: grades：等级“良”与“优”重叠（90 至 91）" in run_cli("check", str(path)).err


def test_weights_must_be_positive_and_add_up(write_yaml: Any) -> None:
    negative = write_yaml("n.yaml", "id: n\nextends: mof-2020\nindicator_total: -5\n")
    assert f"{negative}:3:18: indicator_total: 必须大于下限" in run_cli("check", str(negative)).err
    zero = write_yaml("z.yaml", "id: z\nextends: mof-2020\nbudget_weight: -1\n")
    assert f"{zero}:3:16: budget_weight: 不能为负数或过小" in run_cli("check", str(zero)).err
    off = write_yaml("s.yaml", "id: s\nextends: mof-2020\nbudget_weight: 20\n")
    assert run_cli("check", str(off)).err.strip() == (
        f"{off}:3:1: budget_weight 20 + indicator_total 90 不等于 total 100 "
        "(scheme-weights-do-not-sum)")


def test_an_unknown_parent_is_located(write_yaml: Any) -> None:
    path = write_yaml("u.yaml", "id: u\nextends: mof-2002\n")
    run = run_cli("check", str(path))
    assert run.code == 1 and f"{path}:2:10: 未知的评分规则 'mof-2002'" in run.err


def test_a_case_may_name_a_user_scheme_file(tmp_path: Path, write_yaml: Any) -> None:
    write_yaml("x.yaml", "id: x\nextends: mof-2020\nreverse: linear\n")
    case = (ROOT / "cases" / "anju-2023-investment.yaml").read_text("utf-8").replace(
        "../indicator_sets/", f"{ROOT}/indicator_sets/")
    path = write_yaml("case.yaml", "scheme: x.yaml\n" + case)
    run = run_cli("score", str(path), "--format", "json")
    assert run.code == 0, run.err
    assert '"scheme": "x"' in run.out and '"scheme_version": null' in run.out
    assert "财政部" not in load_scheme(tmp_path / "x.yaml").name  # x is not mof-2020
