"""text.py: the 自评表 as plain text — the form, then (unless publishing) the review."""

from __future__ import annotations

from conftest import SEED

from scoring import evaluate, load_case
from scoring.report.text import RULE, render_text


def test_the_form_comes_first_then_the_review_apart_from_it() -> None:
    text = render_text(evaluate(load_case(SEED)))
    assert text.startswith("部门预算项目支出绩效自评表（2023年度）\n")
    form, review = text.split(RULE)
    assert "总分：97.7    评价等级：优秀" in form
    assert "复核发现" in review and "复核发现" not in form


def test_publishing_prints_the_form_alone() -> None:
    result = evaluate(load_case(SEED))
    published = render_text(result, publish=True)
    assert RULE not in published and "复核发现" not in published
    assert render_text(result).startswith(published.rstrip("\n"))
