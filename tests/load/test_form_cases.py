"""cases/forms/<stem>.xlsx (written by scripts/make_forms.py) holds the official form of
every case in cases/, and each form scores exactly as its YAML case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CASES, ROOT, run_cli
from shipped import load_module

from scoring import evaluate, load_case
from scoring.load.scheme import builtin_ids
from scoring.model.case import Case

pytest.importorskip("openpyxl")

from scoring.load.form import read_form_workbook

YAML_CASES = sorted(CASES.glob("*.yaml"))


def test_every_case_has_its_form() -> None:
    forms = {p.stem for p in (CASES / "forms").glob("*.xlsx")}
    assert forms == {p.stem for p in YAML_CASES}


def _rule_driven(case: Case) -> bool:
    """Per-indicator rules (RULES.md §4) and their facts/items live in the indicator set,
    not on the official form: the form carries their scores (`按指标规则：…`)."""
    return any(ind.rule is not None for ind in case.indicator_set.indicators) or any(
        a.facts or a.items for a in case.actuals.values())


@pytest.mark.parametrize("case_path", YAML_CASES, ids=lambda p: p.stem)
def test_form_scores_as_its_yaml_case(case_path: Path) -> None:
    original = load_case(case_path)
    expected = evaluate(original)
    scheme = original.scheme or original.indicator_set.scheme
    own = None if scheme in builtin_ids() else scheme  # a scheme file: the caller names it
    [case] = read_form_workbook(CASES / "forms" / f"{case_path.stem}.xlsx", own) or []
    assert [(i.name, i.weight.number) for i in case.indicator_set.indicators] == [
        (i.name, i.weight.number) for i in original.indicator_set.indicators]
    assert case.indicator_set.kind == original.indicator_set.kind
    got = evaluate(case)
    assert got.scheme.id == expected.scheme.id
    assert (got.total, got.grade, got.max_total) == (expected.total, expected.grade,
                                                     expected.max_total)
    assert [(r.name, r.score) for r in got.indicators] == [
        (r.name, r.score) for r in expected.indicators]
    assert [(r.name, r.status) for r in got.indicators] == [
        (r.name, r.status) for r in expected.indicators]  # a rule's row: at its score
    assert (got.budget is None) == (expected.budget is None)
    if got.budget is not None and expected.budget is not None:
        assert (got.budget.score, got.budget.rate) == (expected.budget.score,
                                                       expected.budget.rate)


def test_the_rule_driven_examples_read_back_at_their_printed_scores() -> None:
    driven = {p.stem for p in YAML_CASES if _rule_driven(load_case(p))}
    assert driven == {"hunan-yueyang-department-2023", "sichuan-department-framework-2019"}
    [case] = read_form_workbook(CASES / "forms" / "hunan-yueyang-department-2023.xlsx") or []
    row = evaluate(case).indicator("财政供养人员控制率")  # deduct rule: 5 − 0.5 × 3
    assert (row.score, row.status) == (Decimal("3.50"), "partial")  # the rule's, not manual
    assert case.actuals["财政供养人员控制率"].manual_score is None
    assert case.actuals["财政供养人员控制率"].evidence.startswith("表中按指标规则评分")


def test_make_forms_writes_the_same_bytes_as_the_export(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    module = load_module("make_forms", "scripts/make_forms.py")
    out = tmp_path / "seed.xlsx"
    assert run_cli("score", "cases/anju-2023-investment.yaml", "--format", "xlsx", "-o",
                   str(out)).code == 0
    assert module.form_bytes(Path("cases/anju-2023-investment.yaml")) == out.read_bytes()


def test_scoring_the_seed_form_prints_the_published_total() -> None:
    run = run_cli("score", "cases/forms/anju-2023-investment.xlsx")
    assert run.code == 0, run.err
    assert "总分：97.7" in run.out and "评价等级：优秀" in run.out
