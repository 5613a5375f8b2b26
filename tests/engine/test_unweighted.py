"""engine/unweighted.py: a row without 权重 is judged (status, completion) and not scored;
every output shows it (#15.1)."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest
from builders import make_case, row
from conftest import ROOT

from scoring import evaluate, render
from scoring.load.form import read_form_workbook


def _case():  # type: ignore[no-untyped-def]
    return make_case([row("a", "≥", "100", "80", 100, reason="延期"),
                      row("其中：b", "≥", "40", "30", None),
                      row("其中：c", "定性", "好", None, None)])


def test_an_unweighted_row_has_a_status_and_a_completion_but_no_points() -> None:
    result = evaluate(_case())
    b, c = result.indicator("其中：b"), result.indicator("其中：c")
    assert (b.weight, b.score, b.status, b.completion) == (None, None, "partial", D("0.75"))
    assert b.explain == "完成程度 75.00%；权重为空，不计分"
    assert (c.status, c.completion, c.explain) == ("missing", None, "完成值空缺；权重为空，不计分")
    assert (result.total, result.max_total) == (D("80.00"), D(100))
    codes = [(f.code, f.indicator) for f in result.findings]
    assert ("row-unweighted", "其中：b") in codes and ("reason-missing", "其中：b") not in codes
    assert "table-unfilled" not in {code for code, _ in codes}


def test_every_output_shows_the_unweighted_row(tmp_path: Path) -> None:
    result = evaluate(_case())
    data = json.loads(render(result, "json"))
    b = next(r for r in data["indicators"] if r["name"] == "其中：b")
    assert (b["weight"], b["score"], b["completion"]) == (None, None, "0.7500")
    assert "completion" not in data["indicators"][0]  # a weighted row is as in §6
    for fmt in ("text", "markdown", "html"):
        assert "其中：b" in render(result, fmt) and "权重为空，不计分" in render(result, fmt)
    form = tmp_path / "form.xlsx"  # the XLSX form: read back, the row is still unweighted
    form.write_bytes(render(result, "xlsx"))
    [back] = read_form_workbook(form) or []
    again = evaluate(back).indicator("其中：b")
    assert (again.weight, again.score, again.status) == (None, None, "partial")


def test_a_table_without_weights_has_no_total_and_every_output_says_so() -> None:
    from scoring import audit

    case = make_case([row("a", "≥", "100", "80", None), row("b", "≥", "10", "10", None)])
    result = evaluate(case)
    assert (result.total, result.max_total, result.grade) == (None, None, None)
    assert [(r.status, r.completion) for r in result.indicators] == [("partial", D("0.8")),
                                                                      ("met", D(1))]
    [found] = [f for f in result.findings if f.code == "no-weights"]  # one, not one per row
    assert "row-unweighted" not in {f.code for f in result.findings}
    assert (found.severity, found.location) == ("warning", case.location)
    data = json.loads(render(result, "json"))
    assert (data["total"], data["max_total"], data["grade"]) == (None, None, None)
    for fmt in ("text", "markdown", "html"):
        text = render(result, fmt)
        assert "80.00%" in text and "None" not in text  # (text wraps the derivation)
    assert render(result, "xlsx")[:2] == b"PK"
    checked = audit(case)
    assert (checked.audit.recomputed_total, checked.audit.recomputed_grade) == (None, None)
    assert not checked.grade_changes()


@pytest.mark.parametrize("module", ["unweighted", "row"])
def test_its_words_are_data_not_python(module: str) -> None:
    """The derivations' phrases of a row live in data/derivations.yaml: no Chinese in the
    code of engine/unweighted.py and engine/row.py (docstrings and comments may explain in
    any language)."""
    import ast
    import re

    from scoring.read.packaged import data_file

    tree = ast.parse((ROOT / "scoring" / "engine" / f"{module}.py").read_text("utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
            and isinstance(node.body[0], ast.Expr)}
    texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
             and isinstance(n.value, str) and id(n) not in docs]
    assert [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)] == []
    words = data_file("derivations.yaml")["unweighted"]
    assert evaluate(_case()).indicator("其中：c").explain == \
        f"{words['why']['missing']}；{words['not_scored']}"
