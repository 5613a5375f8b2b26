"""loader.py, model.py, checks.py, validation.py: located diagnostics with inline YAML."""

from pathlib import Path

import pytest
from conftest import INDICATOR_SETS, SEED

from scoring import LoadError, format_diagnostic, load_case, load_indicator_set

SET = """\
kind: project
title: t
scheme: mof-2020
indicators:
  - {level1: 产出指标, level2: 数量指标, name: a, comparator: "≥", target: 10, weight: 50}
  - {level1: 产出指标, level2: 数量指标, name: b, comparator: "≤", target: 5, weight: 40}
"""


def problems(path: Path, loader=load_case) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(LoadError) as err:
        loader(path)
    return [format_diagnostic(d) for d in err.value.diagnostics]


def test_shipped_files_load_clean() -> None:
    for path in INDICATOR_SETS.glob("*.yaml"):
        load_indicator_set(path)
    case = load_case(SEED)
    assert case.indicator_set.title == "2023招商引资"
    assert case.scheme == "sichuan-2023"


def test_case_pointing_at_a_set(write_yaml) -> None:  # type: ignore[no-untyped-def]
    write_yaml("sets/s.yaml", SET)
    path = write_yaml("c.yaml", "indicator_set: sets/s.yaml\nactuals:\n  a: 9\n  b: '4万元'\n")
    case = load_case(path)
    assert [i.key for i in case.indicator_set.indicators] == ["a", "b"]
    assert case.actuals["b"].value.given == "4万元"
    assert str(case.actuals["a"].location).endswith("c.yaml:3:6")


def test_unknown_key_with_did_you_mean(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("s.yaml", SET.replace("weight: 40", "wieght: 40"))
    out = problems(path, load_indicator_set)
    assert out == [f"{path}:6:5: weight: 缺少必填项 (missing-key)",
                   f"{path}:6:71: 未知的键 'wieght'（是否应为 'weight'？） (unknown-key)"]


def test_all_problems_are_reported_sorted(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Shape problems are reported together; semantic checks run on a well-shaped file."""
    text = SET.replace("title: t", "title: [t]") + "colour: red\n"
    out = problems(write_yaml("s.yaml", text), load_indicator_set)
    assert [line.rsplit("(", 1)[1] for line in out] == ["invalid-value)", "unknown-key)"]
    text = SET.replace("weight: 50", "weight: -5").replace('"≤"', '"约等于"')
    out = problems(write_yaml("s2.yaml", text), load_indicator_set)
    assert len(out) == 2
    assert "[a] 权重必须大于 0" in out[0] and ":5:80:" in out[0]
    assert "[b] 无法识别的指标性质“约等于”" in out[1] and ":6:55:" in out[1]


def test_text_weights_are_read_as_cells(write_yaml) -> None:  # type: ignore[no-untyped-def]
    iset = load_indicator_set(write_yaml("s.yaml", SET.replace("weight: 50", "weight: '50分'")))
    assert iset.indicators[0].weight.given == "50分"
    path = write_yaml("s2.yaml", SET.replace("weight: 50", "weight: 很多"))
    out = problems(path, load_indicator_set)
    assert out == [f"{path}:5:80: [a] 权重“很多”不是数字 (bad-weight)"]


def test_missing_required_key(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("s.yaml", SET.replace(", weight: 50", ""))
    out = problems(path, load_indicator_set)
    assert out == [f"{path}:5:5: weight: 缺少必填项 (missing-key)"]


def test_unknown_indicator_in_actuals(write_yaml) -> None:  # type: ignore[no-untyped-def]
    write_yaml("s.yaml", SET)
    path = write_yaml("c.yaml", "indicator_set: s.yaml\nactuals:\n  a: 9\n  bb: 4\n")
    out = problems(path)
    assert out == [f"{path}:4:7: [bb] 指标体系中没有指标“bb”（是否应为 'b'？） (unknown-indicator)"]


def test_missing_indicator_set_file(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("c.yaml", "indicator_set: nowhere.yaml\nactuals: {}\n")
    out = problems(path)
    assert len(out) == 1 and out[0].startswith(f"{path}:1:16: 找不到指标体系文件")


def test_case_needs_a_set_or_inline_rows(write_yaml) -> None:  # type: ignore[no-untyped-def]
    out = problems(write_yaml("c.yaml", "project: {name: x}\n"))
    assert "(missing-key)" in out[0]


def test_duplicate_indicators(write_yaml) -> None:  # type: ignore[no-untyped-def]
    text = SET.replace("name: b", "name: a")
    out = problems(write_yaml("s.yaml", text), load_indicator_set)
    assert "(duplicate-indicator)" in out[0] and ":6:5:" in out[0]


def test_manual_score_above_weight(write_yaml) -> None:  # type: ignore[no-untyped-def]
    write_yaml("s.yaml", SET)
    path = write_yaml("c.yaml", "indicator_set: s.yaml\nactuals:\n"
                                "  a: {value: null, manual_score: 60, reason: 估计}\n")
    assert "(manual-score-exceeds-weight)" in problems(path)[0]


def test_reserved_location_key_cannot_be_set(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("s.yaml", SET + "location: x\n")
    assert "未知的键 'location'" in problems(path, load_indicator_set)[0]


def test_not_a_mapping(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("c.yaml", "- 1\n- 2\n")
    assert problems(path) == [f"{path}:1:1: 文件内容必须是映射（键: 值） (not-a-mapping)"]


def test_inline_case_rows_keep_their_cell_places(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("c.yaml", "scheme: mof-2020\nindicators:\n"
                      "  - {name: a, target: '≥10', actual: 不详, weight: 50}\n"
                      "  - {name: b, target: 5, actual: 5, weight: 50}\n")
    from scoring import evaluate
    result = evaluate(load_case(path))
    unparsed = next(f for f in result.findings if f.code == "unparsed-cell")
    assert str(unparsed.location) == f"{path}:3:38"


def test_inline_case_with_no_rows(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("c.yaml", "scheme: mof-2020\nindicators: []\n")
    # no row and no budget (with a budget row it is scored, table-unfilled: test_published_rows)
    assert problems(path) == [f"{path}:2:13: 自评表中没有指标行 (no-indicator-rows)"]


def test_an_indicator_set_given_as_a_case_is_named_as_such(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("s.yaml", SET)
    out = problems(path)
    assert len(out) == 1 and out[0].startswith(f"{path}:1:1: 这是指标体系文件，不是自评文件")
    assert out[0].endswith("(not-a-case)")


def test_a_scheme_given_as_a_case_is_named_as_such(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("x.yaml", "id: x\nextends: mof-2020\nreverse: linear\n")
    assert problems(path) == [f"{path}:1:1: 这是评分规则文件，不是自评文件（case）：请用 --scheme "
                              "指定它 (not-a-case)"]


def test_a_broken_case_keeps_its_own_diagnostics(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("c.yaml", "project: {name: p}\nscheme: mof-2020\nindicatorz: []\n")
    out = problems(path)
    assert any("未知的键 'indicatorz'" in line for line in out)
    assert not any("not-a-case" in line for line in out)


def test_a_table_given_to_load_case_points_at_the_table_readers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("项目名称,指标值\n", "utf-8")
    (line,) = problems(path)
    assert line.startswith(f"{path}: 这是表格文件") and "iter_cases" in line


def test_one_diagnostic_per_wrong_value_named_by_its_key(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("c.yaml", "project: {name: p, year: abc}\nscheme: mof-2020\nindicators:\n"
                      "  - {name: a, comparator: '≥', target: [10], weight: {x: 1}, actual: 5}\n"
                      "  - {name: b, comparator: '≥', target: 10, weight: 90, actual: 1E+61}\n")
    # the rows' slips are their findings in an inline case (tests/load/test_inline_slips.py)
    assert problems(path) == [f"{path}:1:26: year: 不是整数 (invalid-value)"]
    path = write_yaml("s.yaml", "indicators:\n"
                      "  - {name: a, comparator: '≥', target: [10], weight: 10}\n"
                      "  - {name: b, comparator: '≥', target: 10, weight: 90}\n")
    assert problems(path, load_indicator_set) == [  # an indicator set stays strict
        f"{path}:2:40: target: 应为数字或文本 (invalid-value)",  # not two contradicting lines
    ]  # and no "indicators: 不能为空": the list has rows, they are wrong


def test_a_choice_lists_its_values(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("s.yaml", SET.replace("kind: project", "kind: projct"))
    (line,) = problems(path, load_indicator_set)
    assert "取值无效（可选：'project'、'department'）" in line


def test_a_diagnostic_prints_as_the_cli_prints_it(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml("c.yaml", "hello\n")
    with pytest.raises(LoadError) as err:
        load_case(path)
    (diag,) = err.value.diagnostics
    assert str(diag) == format_diagnostic(diag) == \
        f"{path}:1:1: 文件内容必须是映射（键: 值） (not-a-mapping)"


@pytest.mark.parametrize(("budget", "where", "message"), [
    ("{adjusted: 100, executed: -5}", "3:35", "预算数 executed“-5”不能为负数"),
    ("{adjusted: -100, executed: 5}", "3:20", "预算数 adjusted“-100”不能为负数"),
    ("{adjusted: 100, executed: 十}", "3:35", "预算数 executed“十”不是数字"),
])
def test_budget_figures_are_numbers_not_below_zero(write_yaml, budget: str, where: str,  # type: ignore[no-untyped-def]
                                                   message: str) -> None:
    """In a case file of an indicator set, a located diagnostic; in an inline case (a
    published table) the budget row's `bad-budget` finding (load/published_budget.py)."""
    write_yaml("s.yaml", "indicators:\n  - {name: a, comparator: '≥', target: 10, weight: 90}\n")
    path = write_yaml("c.yaml", f"indicator_set: s.yaml\nscheme: mof-2020\nbudget: {budget}\n"
                      "budget_execution: {weight: 10}\nactuals: {a: 10}\n")
    assert problems(path) == [f"{path}:{where}: [预算执行率] {message} (bad-budget)"]
    path = write_yaml("c.yaml", f"project: {{name: p}}\nscheme: mof-2020\nbudget: {budget}\n"
                      "budget_execution: {weight: 10}\nindicators:\n"
                      "  - {name: a, comparator: '≥', target: 10, weight: 90, actual: 10}\n")
    [found] = [f for f in load_case(path).noted if f.code == "bad-budget"]
    assert str(found.location) == f"{path}:{where}" and found.severity == "warning"


def test_an_inline_case_without_project_is_checked_as_a_case(write_yaml) -> None:  # type: ignore[no-untyped-def]
    from scoring.engine.check import check_file
    from scoring.load.loader import file_kind
    from scoring.read.source import read_yaml

    case = write_yaml("c.yaml", "scheme: mof-2020\nindicators:\n"
                      "  - {name: a, comparator: '≥', target: 10, weight: 100, actual: 1, "
                      "reason: r}\n")
    iset = write_yaml("s.yaml", "scheme: mof-2020\nindicators:\n"
                      "  - {name: a, comparator: '≥', target: 10, weight: 100}\n")
    assert (file_kind(read_yaml(case)), file_kind(read_yaml(iset))) == ("case", "indicator-set")
    assert check_file(case) == [] and check_file(iset) == []


def test_an_inline_case_is_of_the_kind_its_table_reads_as() -> None:
    """026 is a 部门整体 table (its name says 部门整体支出): the inline YAML case, its flat
    CSV and its form read as kind department alike; a project's name keeps kind project."""
    from scoring.load.tables import load_cases

    root = Path(__file__).resolve().parents[2] / "cases"
    stem = "026-chongqing-kexuecheng-rongmeiti-bumen-zhengti-2021"
    kinds = {load_case(root / f"{stem}.yaml").indicator_set.kind,
             *(c.indicator_set.kind for c in load_cases(root / "tables" / f"{stem}.csv")),
             *(c.indicator_set.kind for c in load_cases(root / "forms" / f"{stem}.xlsx"))}
    assert kinds == {"department"}
    assert load_case(root / "layout-hubei-20-xuesheng-zizhu-2021.yaml").indicator_set.kind \
        == "project"
