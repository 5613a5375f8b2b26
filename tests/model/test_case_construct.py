"""The rows of an inline case hand their Cells (read once) to models: what they build is
what validating the same data in full builds, value by value, type by type.

Built-in schemes and loaded cases are validated like any other (the shortcut that built
them with `model_construct` saved under 20% of start-up and of loading every case:
README "Caches kept", issue 13 item 3).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from builders import make_case, row
from conftest import SEED
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from scoring import load_scheme
from scoring.model.case import Actual, Case, CaseFile, Indicator, IndicatorSet


def assert_same(built: Any, validated: Any, path: str = "") -> None:
    """Equal, of the same types all the way down, with the same fields set."""
    assert type(built) is type(validated), f"{path}: {type(built)} is not {type(validated)}"
    if isinstance(built, BaseModel):
        assert built.model_fields_set == validated.model_fields_set, path
        assert built.__pydantic_private__ == validated.__pydantic_private__, path
        for name in type(built).model_fields:
            assert_same(getattr(built, name), getattr(validated, name), f"{path}.{name}")
    elif isinstance(built, (tuple, list)):
        assert len(built) == len(validated), path
        for i, (a, b) in enumerate(zip(built, validated, strict=True)):
            assert_same(a, b, f"{path}[{i}]")
    elif isinstance(built, dict):
        assert list(built) == list(validated), path
        for key in built:
            assert_same(built[key], validated[key], f"{path}.{key}")
    else:
        assert built == validated and str(built) == str(validated), path


def revalidated(model: BaseModel) -> BaseModel:
    """`model` validated afresh from the fields it was given."""
    return type(model).model_validate({k: getattr(model, k) for k in model.model_fields_set})


def test_a_user_scheme_is_still_validated(tmp_path: Any) -> None:
    from scoring import LoadError

    path = tmp_path / "bad.yaml"
    path.write_text("id: x\nextends: mof-2020\nplaces: many\n", "utf-8")
    with pytest.raises(LoadError, match="places"):
        load_scheme(path)


_TEXT = st.sampled_from(["98%", "≥95%", "20万元", "１２０户", "完成", "有效", "98", "98.50",
                         "1e2", " 7 ", "", "2023-11-30", "1,000"])
_VALUE = st.one_of(st.none(), _TEXT, st.decimals(allow_nan=False, allow_infinity=False,
                                                 places=2, min_value=-10, max_value=1000))


@st.composite
def inline_rows(draw: st.DrawFn) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    for key, strategy in (("reason", st.sampled_from(["未完成", " "])),
                          ("manual_score", st.sampled_from([Decimal(0), Decimal("7.5")])),
                          ("not_applicable", st.booleans()),
                          ("deduction", st.sampled_from([Decimal(1), Decimal("0.5")])),
                          ("reported_score", _VALUE), ("evidence", st.just("见附件")),
                          ("unit", st.sampled_from(["%", "户", "万元"])),
                          ("id", st.just("k")), ("items", st.just(["制度健全"]))):
        if draw(st.booleans()):
            extra[key] = draw(strategy)
    actual = draw(st.one_of(_VALUE, st.just(["制度健全", "制度执行有效"])))
    return row("指标", draw(st.sampled_from([None, "≥", "≤", "=", "定性"])), draw(_VALUE),
               actual, draw(st.sampled_from([Decimal(10), "10", "5分"])), **extra)


@settings(max_examples=200, deadline=None)
@given(data=inline_rows())
def test_inline_row_becomes_what_validating_it_gives(data: dict[str, Any]) -> None:
    raw = CaseFile.model_validate({"indicators": [data]})
    assert raw.indicators is not None
    line = raw.indicators[0]
    actual, indicator = line.to_actual(), line.to_indicator()
    assert_same(actual, Actual.model_validate(
        {k: getattr(actual, k) for k in actual.model_fields_set}))
    assert_same(indicator, Indicator.model_validate(
        {k: getattr(indicator, k) for k in indicator.model_fields_set}))


def test_inline_case_and_its_set_are_what_validating_them_gives() -> None:
    case = make_case([row("甲", "≥", "240", "184.2"), row("乙", "定性", "有效", "基本达成",
                                                          reason="部分未达成")],
                     budget={"adjusted": "349.78", "executed": "300"}, budget_weight=10)
    assert isinstance(case.indicator_set, IndicatorSet) and isinstance(case, Case)
    assert_same(case.indicator_set, revalidated(case.indicator_set))
    assert_same(case, revalidated(case))


def test_scoring_the_seed_imports_no_renderer_or_batch_it_does_not_use() -> None:
    """Run in a fresh interpreter: what `scoring score` imports."""
    import subprocess
    import sys

    code = ("import contextlib, io, sys\n"
            "from scoring.cli.main import main\n"

            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['score', {str(SEED)!r}]) == 0\n"

            "print(' '.join(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.splitlines()
    modules = set(out[0].split())
    assert not modules & {"tabulate", "wcwidth", "difflib", "openpyxl", "scoring.review.audit",
                          "scoring.batch.api", "scoring.report.json", "scoring.report.html",
                          # expressions, and the modules of published tables (a case that
                          # points at its set has neither)
                          "simpleeval", "scoring.model.expr", "scoring.read.columns",
                          "scoring.load.inline_slips", "scoring.load.rowkeys",
                          "scoring.read.yaml_slips"}  # a file that parses: no slip to find
