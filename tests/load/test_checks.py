"""checks.py: what a set and a case must obey beyond their shape, all found at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scoring import LoadError, load_case, load_indicator_set

HEAD = "project: {name: 甲, year: 2023}\nscheme: mof-2020\n"
ROW = "  - {level1: 产出指标, level2: 数量指标, name: %s, comparator: \"%s\", target: 10, " \
      "actual: 12, weight: %s%s}\n"


def _problems(write_yaml: Any, text: str) -> list[tuple[str, str, str | None]]:
    path: Path = write_yaml("c.yaml", HEAD + text)
    with pytest.raises(LoadError) as caught:
        load_case(path)
    return [(str(d.location).removeprefix(f"{path}:"), d.code, d.indicator)
            for d in caught.value.diagnostics]


def test_a_set_is_checked_whole_and_every_problem_located(write_yaml: Any) -> None:
    rows = ROW % ("个数", "≥", 10, "") + ROW % ("个数", "≥", 0, "") + ROW % ("质量", "约", 5, "")
    path: Path = write_yaml("s.yaml", "indicators:\n" + rows.replace(" actual: 12,", ""))
    with pytest.raises(LoadError) as caught:  # an indicator set, the user's: every problem
        load_indicator_set(path)
    assert [(str(d.location).removeprefix(f"{path}:"), d.code, d.indicator)
            for d in caught.value.diagnostics] == [
        ("3:5", "duplicate-indicator", "个数"), ("3:81", "bad-weight", "个数"),
        ("4:56", "bad-comparator", "质量")]
    # the same rows published (an inline case): the name given twice, the comparator and
    # the weight 0 are the rows' findings, and the case loads
    case = load_case(write_yaml("c.yaml", HEAD + "indicators:\n" + rows))
    assert [ind.key for ind in case.indicator_set.indicators] == ["个数", "个数（第 5 行）", "质量"]


def test_a_case_names_rows_of_its_set_and_gives_budget_figures_not_below_zero(
        write_yaml: Any) -> None:
    """In an inline case (a published table) a negative budget figure is the budget row's
    `bad-budget` finding (tests/load/test_published_budget.py); in a case file of an
    indicator set, written by its user, a located diagnostic."""
    path = write_yaml("c.yaml", HEAD + "budget: {adjusted: 100, executed: -5}\nindicators:\n"
                      + ROW % ("招引项目个数", "≥", 10, "") + "actuals:\n  招引项目数: 3\n")
    assert sorted((f.code, f.indicator) for f in load_case(path).noted) == [
        ("bad-budget", "预算执行率"), ("unknown-indicator", "招引项目数")]
    write_yaml("s.yaml", "indicators:\n" + (ROW % ("招引项目个数", "≥", 10, "")).replace(
        " actual: 12,", ""))
    problems = _problems(write_yaml, "indicator_set: s.yaml\n"
                         "budget: {adjusted: 100, executed: -5}\nactuals:\n  招引项目数: 3\n")
    assert [(code, row) for _, code, row in problems] == [
        ("bad-budget", "预算执行率"), ("unknown-indicator", "招引项目数")]
    assert problems[0][0] == "4:35"


def test_an_unknown_indicator_gets_a_did_you_mean(write_yaml: Any) -> None:
    path: Path = write_yaml("c.yaml", HEAD + "indicators:\n" + ROW % ("招引项目个数", "≥", 10, "")
                            + "actuals:\n  招引项目数: 3\n")
    [found] = load_case(path).noted  # an inline case: noted, not used
    assert "“招引项目数”不是表中的指标行（是否应为 '招引项目个数'？）" in found.message
    write_yaml("s.yaml", "indicators:\n" + ROW.replace(" actual: 12,", "") % (
        "招引项目个数", "≥", 10, ""))
    path = write_yaml("c.yaml", "indicator_set: s.yaml\nactuals:\n  招引项目数: 3\n")
    with pytest.raises(LoadError, match="没有指标“招引项目数”（是否应为 '招引项目个数'？）"):
        load_case(path)


def test_a_manual_score_stays_within_its_weight(write_yaml: Any) -> None:
    """In an inline case (a published table) a manual score above the weight is the row's
    finding, the score left out (tests/load/test_published_refusals.py); refused in a
    case file of an indicator set (tests/load/test_loader.py)."""
    rows = ROW % ("个数", "≥", 10, "") + ROW % ("质量", "≥", 5, ", manual_score: 6, reason: 估")
    case = load_case(write_yaml("c.yaml", HEAD + "indicators:\n" + rows))
    assert [(f.code, f.indicator, f.location.line if f.location else 0) for f in case.noted] \
        == [("manual-score-exceeds-weight", "质量", 5)]
    assert case.actuals["质量"].manual_score is None


def test_the_one_registry_runs_each_kind_with_one_signature(write_yaml: Any) -> None:
    """Set, case and scheme checks are `Check`s run by `run_checks`; a table leaves out
    the checks not run on tables (an unknown comparator is a row finding there)."""
    from scoring.errors import Location
    from scoring.load.checks import (
        CASE_CHECKS,
        SCHEME_CHECKS,
        SET_CHECKS,
        check_budget,
        check_budget_weight,
        check_comparators,
        check_unique_keys,
        check_weights,
        check_weights_given,
        run_checks,
    )
    from scoring.load.loader import load_case as load
    from scoring.load.number_checks import (
        check_case_numbers,
        check_published_set_numbers,
        check_set_numbers,
    )
    from scoring.load.scheme import load_scheme
    from scoring.load.scheme_checks import SchemeSource
    from scoring.read.cells import comparator_cell

    case = load(write_yaml("ok.yaml", HEAD + "indicators:\n" + ROW % ("个数", "≥", 10, "")))
    bad = case.indicator_set.model_copy(update={"indicators": tuple(
        ind.model_copy(update={"comparator": comparator_cell("约")})
        for ind in case.indicator_set.indicators)})
    assert [d.code for d in run_checks(SET_CHECKS, bad)] == ["bad-comparator"]
    assert run_checks(SET_CHECKS, bad, table=True) == []
    published = [check_unique_keys, check_weights, check_budget_weight, check_weights_given,
                 check_comparators, check_set_numbers]  # the rows' findings there
    assert [c.run for c in SET_CHECKS if not c.in_tables] == published
    assert [c.run for c in SET_CHECKS if not c.in_inline] == published
    assert [c.run for c in SET_CHECKS if not c.in_files] == [check_published_set_numbers]
    assert [c.run for c in CASE_CHECKS if not c.in_tables] == [check_budget,
                                                               check_case_numbers]
    assert run_checks(CASE_CHECKS, case) == []
    scheme = load_scheme("mof-2020")
    broken = scheme.model_copy(update={"budget_weight": scheme.budget_weight + 1})
    assert [d.code for d in run_checks(SCHEME_CHECKS, SchemeSource(broken, Location("s")))
            ] == ["scheme-weights-do-not-sum"]
