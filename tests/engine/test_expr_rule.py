"""expr_rule.py: expressions in files: refused at load at line AND column; scored per row."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

import scoring.model.expr
from scoring import LoadError, evaluate, load_case, load_indicator_set
from scoring.errors import format_diagnostic

HEAD = "kind: department\nnames: [staff, 员工数量]\nindicators:\n"
OTHER = "  - {name: 其他, comparator: \"≥\", target: 1, weight: 95}\n"


def _set(write_yaml: Any, rule_lines: str, name: str = "set.yaml") -> Path:
    path: Path = write_yaml(name, HEAD + "  - name: 人员控制\n    weight: 5\n    target: 10\n"
                            "    rule:\n" + rule_lines + OTHER)
    return path


def _diagnostic(path: Path) -> str:
    with pytest.raises(LoadError) as err:
        load_indicator_set(path)
    assert len(err.value.diagnostics) == 1
    return format_diagnostic(err.value.diagnostics[0])


@pytest.mark.parametrize(("rule_lines", "line", "col"), [
    # line 8 is `      expression: ...`; the value starts at column 19
    ('      expression: "weight * min(actaul / target, 1)"\n', 8, 20 + 13),
    ("      expression: 'weight * min(actaul / target, 1)'\n", 8, 20 + 13),
    ("      expression: weight * min(actaul / target, 1)\n", 8, 19 + 13),
    ("      expression: weight *\n        min(actaul / target, 1)\n", 9, 13),
    ("      expression: >\n        weight *\n        min(actaul / target, 1)\n", 10, 13),
    ("      expression: |\n        (weight *\n         min(actaul / target, 1))\n", 10, 14),
])
def test_a_misspelt_name_is_located_to_its_column(write_yaml: Any, rule_lines: str, line: int,
                                                  col: int) -> None:
    path = _set(write_yaml, rule_lines)
    assert _diagnostic(path) == (f"{path}:{line}:{col}: [人员控制] 未知的名称 'actaul'"
                                 "（是否应为 'actual'？） (unknown-name)")


def test_a_file_edited_in_a_running_process_is_located_as_it_is_now(write_yaml: Any) -> None:
    """The lines that place an expression error are read when it is placed, never kept."""
    path = _set(write_yaml, '      expression: "weight * min(actaul / target, 1)"\n')
    assert f"{path}:8:33:" in _diagnostic(path)
    _set(write_yaml, '      expression:   "weight  *  min(actaul / target, 1)"\n')
    assert f"{path}:8:37:" in _diagnostic(path)


def test_columns_count_characters_not_bytes(write_yaml: Any) -> None:
    path = _set(write_yaml, '      expression: "员工数量 + actaul"\n')
    assert f"{path}:8:27:" in _diagnostic(path)


@pytest.mark.parametrize("text", [
    "__import__('os').system('touch {marker}')",
    "open('{marker}', 'w').write('x')",
    "[__import__('os').system('touch {marker}') for x in [1]]",
    "(lambda: __import__('os').system('touch {marker}'))()",
    "().__class__.__base__.__subclasses__()",
])
def test_malicious_expressions_are_refused_at_load_with_no_side_effect(
        write_yaml: Any, tmp_path: Path, text: str) -> None:
    marker = tmp_path / "pwned"
    path = _set(write_yaml, f'      expression: "{text.format(marker=marker)}"\n')
    assert _diagnostic(path).startswith(f"{path}:8:")
    run = run_cli("check", str(path))
    assert run.code == 1 and f"{path}:8:" in run.err and "Traceback" not in run.err
    assert not marker.exists()


def test_check_prints_the_located_refusal(write_yaml: Any) -> None:
    path = _set(write_yaml, "      expression: weight * 9**9**9\n")
    run = run_cli("check", str(path))
    assert run.code == 1
    assert f"{path}:8:31: [人员控制] 乘方的指数只能是 -10 到 10 之间的整数常量" in run.err


def test_declared_names_reach_the_expression(write_yaml: Any) -> None:
    path = _set(write_yaml, '      expression: "weight * min(staff / target, 1)"\n')
    iset = load_indicator_set(path)
    rule = iset.indicators[0].rule
    assert rule is not None and rule.compiled is not None and rule.compiled.names == {
        "weight", "staff", "target"}
    undeclared = _set(write_yaml, '      expression: "weight * min(stuff / target, 1)"\n',
                      "undeclared.yaml")
    assert "未知的名称 'stuff'（是否应为 'staff'？）" in _diagnostic(undeclared)


def _case(write_yaml: Any, actual: str) -> Path:
    _set(write_yaml, '      expression: "weight * min(staff / target, 1)"\n')
    path: Path = write_yaml("case.yaml", "indicator_set: set.yaml\nactuals:\n  其他: 1\n"
                            "  人员控制: " + actual + "\n")
    return path


def test_a_row_is_scored_from_its_facts(write_yaml: Any) -> None:
    result = evaluate(load_case(_case(write_yaml, "{facts: {staff: 8}, reason: 缺编}")),
                      "mof-2020")
    row = result.indicator("人员控制")
    assert (row.score, row.status) == (D("4.00"), "partial")
    assert row.explain.startswith("weight * min(staff / target, 1)（target = 10，weight = 5，"
                                  "staff = 8） = 4")


def test_a_missing_fact_is_a_missing_actual(write_yaml: Any) -> None:
    result = evaluate(load_case(_case(write_yaml, "{reason: 未统计}")), "mof-2020")
    row = result.indicator("人员控制")
    assert (row.score, row.status) == (D("0.00"), "missing")
    assert "缺少事实 staff" in row.explain
    assert [f.code for f in result.findings if f.indicator == "人员控制"] == ["missing-actual"]


def test_an_undeclared_fact_is_a_located_load_error(write_yaml: Any) -> None:
    with pytest.raises(LoadError) as err:
        load_case(_case(write_yaml, "{facts: {staf: 8}}"))
    assert "事实“staf”不是指标体系声明的名称（是否应为 'staff'？）" in str(err.value)
    assert "case.yaml:4:" in str(err.value)


def test_division_by_zero_becomes_a_finding(write_yaml: Any) -> None:
    path = write_yaml("set.yaml", HEAD + "  - {name: 比率, weight: 5, rule: {expression: "
                      "'weight * staff / (staff - 8)'}}\n" + OTHER)
    case = write_yaml("case.yaml", f"indicator_set: {path.name}\nactuals:\n"
                      "  比率: {facts: {staff: 8}}\n  其他: 1\n")
    result = evaluate(load_case(case), "mof-2020")
    row = result.indicator("比率")
    assert (row.score, row.status) == (D("0.00"), "unparsed")
    assert [f.code for f in result.findings if f.indicator == "比率"] == ["division-by-zero"]


def test_evaluation_uses_the_stored_tree_and_never_parses_again(
        write_yaml: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    case = load_case(_case(write_yaml, "{facts: {staff: 8}, reason: 缺编}"))

    def refuse(*args: object) -> None:
        raise AssertionError("parsed at evaluation time")
    monkeypatch.setattr(scoring.model.expr.simpleeval.SimpleEval, "parse", staticmethod(refuse))
    monkeypatch.setattr(scoring.model.expr, "_compile", refuse)
    for _ in range(3):
        assert evaluate(case, "mof-2020").indicator("人员控制").score == D("4.00")
