"""expr.py: the expression language, checked at compile time, exact at evaluation."""

from __future__ import annotations

from decimal import Decimal as D
from decimal import localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import decimals, expressions

from scoring.decimals import ENGINE_CONTEXT
from scoring.errors import ExpressionError
from scoring.model.expr import (
    MAX_LENGTH,
    compile_expression,
    evaluate_with_simpleeval,
)

ROW = {"actual": D("184.2"), "target": D("240"), "weight": D("10")}


@pytest.mark.parametrize(("text", "value"), [
    ("weight * min(actual / target, 1)", "7.675"),       # exact, as F2
    ("weight * (actual >= target)", "0"),                 # a comparison counts 1 or 0
    ("weight if actual >= 180 else 0", "10"),
    ("round_half_up(actual / target * weight, 2)", "7.68"),  # not round()'s 7.67
    ("max(0, weight - 0.5 * (actual - 180))", "7.9"),
    ("abs(target - actual) / target", "0.2325"),
    ("actual ** 2 / 1000", "33.92964"),
    ("2 ** -2", "0.25"),
    ("0 ** 0 + 1", "2"),
    ("1e2 + 1_000", "1100"),
    ("60 <= actual < 200 and weight or 0", "10"),
    ("not actual", "0"),
])
def test_allowed_expressions_are_exact(text: str, value: str) -> None:
    compiled = compile_expression(text)
    assert compiled.evaluate(ROW) == D(value)
    assert evaluate_with_simpleeval(compiled, ROW) == D(value)


def test_the_tree_is_stored_with_the_names_it_uses() -> None:
    compiled = compile_expression("weight * min(员工数 / 10, 1)", ("员工数",))
    assert compiled.names == {"weight", "员工数"}
    again = compile_expression("weight * min(员工数 / 10, 1)", ("员工数",))  # compiled anew
    assert (again.text, again.names) == (compiled.text, compiled.names)
    assert compiled.evaluate({"weight": D(5), "员工数": D(4)}) == D(2)


@pytest.mark.parametrize("text", ["1 / (actual - actual)", "0 / 0", "weight / 0",
                                  "(actual - actual) ** -2"])
def test_division_by_zero_is_the_only_runtime_failure(text: str) -> None:
    compiled = compile_expression(text)
    with pytest.raises(ZeroDivisionError):
        compiled.evaluate(ROW)
    with pytest.raises(ZeroDivisionError):
        evaluate_with_simpleeval(compiled, ROW)


MALICIOUS = [
    # text, offset of the refused token, code
    ("__import__('os').system('x')", 16, "bad-expression"),
    ("().__class__", 2, "bad-expression"),
    ("actual.real", 6, "bad-expression"),
    ("[x for x in actual]", 0, "bad-expression"),
    ("lambda: 1", 0, "bad-expression"),
    ("'a'*10**9", 0, "bad-expression"),
    ("9**9**9", 3, "bad-expression"),
    ("(actual ** 2) ** 2", 1, "bad-expression"),
    ("actual[0]", 0, "bad-expression"),
    ("{'a': 1}", 0, "bad-expression"),
    ("(x := 1)", 1, "bad-expression"),
    ("f'{actual}'", 0, "bad-expression"),
    ("actual // 2", 0, "bad-expression"),
    ("actual % 2", 0, "bad-expression"),
    ("actual in target", 0, "bad-expression"),
    ("True + 1", 0, "bad-expression"),
    ("1j", 0, "bad-expression"),
    ("0x10", 0, "bad-expression"),
    ("1e99", 0, "bad-expression"),
    ("min(actual)", 0, "bad-expression"),
    ("min(*[1, 2])", 0, "bad-expression"),
    ("max(actual, key=abs)", 0, "bad-expression"),
    ("round_half_up(actual, weight)", 22, "bad-expression"),
    ("eval('1')", 0, "unknown-name"),
    ("open('x')", 0, "unknown-name"),
    ("actaul * 2", 0, "unknown-name"),
    ("weight *  actaul", 10, "unknown-name"),
    ("x = 1", 0, "bad-expression"),
    ("1; 2", 0, "bad-expression"),
    ("actual +* 2", 8, "bad-expression"),
    ("-" * 200 + "1", 41, "bad-expression"),
    ("(" * 30 + "1" + ")" * 30, 20, "bad-expression"),
    ("1 + " * 200 + "1", MAX_LENGTH, "expression-too-long"),
]


@pytest.mark.parametrize(("text", "offset", "code"), MALICIOUS,
                         ids=[m[0][:24] for m in MALICIOUS])
def test_everything_else_is_refused_at_compile_time(text: str, offset: int, code: str) -> None:
    with pytest.raises(ExpressionError) as err:
        compile_expression(text)
    assert (err.value.offset, err.value.code) == (offset, code)


def test_unknown_names_suggest_the_near_miss_in_chinese() -> None:
    with pytest.raises(ExpressionError, match=r"未知的名称 'actaul'（是否应为 'actual'？）"):
        compile_expression("weight * actaul")
    with pytest.raises(ExpressionError, match=r"'staf'（是否应为 'staff'？）"):
        compile_expression("weight * staf", ("staff",))
    with pytest.raises(ExpressionError, match=r"不允许调用 'mni'（只允许.*（是否应为 'min'？）"):
        compile_expression("mni(actual, 1)")


def test_a_refused_expression_has_no_side_effect(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    for text in (f"__import__('os').system('touch {marker}')",
                 f"open('{marker}', 'w').write('x')",
                 f"[__import__('os').system('touch {marker}') for _ in [1]]"):
        with pytest.raises(ExpressionError):
            compile_expression(text)
    assert not marker.exists()


@settings(max_examples=300, deadline=None)
@given(expressions, decimals("-1000", "1000", 3), decimals("-1000", "1000", 3),
       decimals("0", "100", 1))
def test_the_fast_walker_agrees_with_simpleeval(text: str, a: D, t: D, w: D) -> None:
    """Our closures and simpleeval's walker give the same value over the same stored tree."""
    compiled = compile_expression(text)
    names = {"actual": a, "target": t, "weight": w}
    with localcontext(ENGINE_CONTEXT):
        try:
            expected = evaluate_with_simpleeval(compiled, names)
        except ZeroDivisionError:
            with pytest.raises(ZeroDivisionError):
                compiled.evaluate(names)
            return
        assert compiled.evaluate(names) == expected
