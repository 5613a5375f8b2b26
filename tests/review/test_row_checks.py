"""review/row_checks.py: each published 得分 against its weight and its rule."""

from __future__ import annotations

from decimal import Decimal as D

from builders import make_case, row

from scoring.engine.evaluate import evaluate
from scoring.load.scheme import load_scheme
from scoring.read.cells import cell_of
from scoring.review.context import Evidence, Published, build_context
from scoring.review.row_checks import (
    check_budget_score,
    check_row_scores,
    full_score_findings,
    score_findings,
    target_text,
)

SCHEME = load_scheme("mof-2020")


def _codes(published: str, score: str, raw: str | None = None) -> list[str]:
    p = Published(published, cell_of(published).number, len(published.partition(".")[2]),
                  None)
    return [f.code for f in score_findings("甲", p, D(10), None if raw is None else D(raw),
                                           D(score), "", 2)]


def test_a_published_score_is_compared_at_the_precision_it_was_printed_with() -> None:
    assert _codes("7.7", "7.68", raw="7.675") == []  # 7.675 → 7.7 at one decimal
    assert _codes("10", "9.96") == []
    assert _codes("9", "9.4") == []  # 9.4 → 9 at no decimal
    assert _codes("9.5", "9.4") == ["reported-score-differs"]
    assert _codes("11", "10") == ["reported-score-exceeds-weight"]  # the weight first
    assert _codes("见附件", "10") == ["reported-cell-unreadable"]
    [unread] = score_findings("甲", Published("见附件", None, 0, None), D(10), None, D(5), "", 2)
    assert dict(unread.params)["field"] == "得分"  # data/audit.yaml `fields`


def test_a_full_score_needs_an_actual_value() -> None:
    full = Published("10", D(10), 0, None)

    def codes(evidence: Evidence, published: Published = full) -> list[str]:
        return [f.code for f in full_score_findings(
            "甲", published, D(10), evidence, score=D(0), actual="已完成", target="≥10",
            places=2)]

    assert codes("blank") == ["full-score-without-actual"]
    assert codes("phrase") == ["full-score-on-text-actual"]
    assert codes("value") == [] and codes("blank", Published("9", D(9), 0, None)) == []


def test_the_target_is_said_as_a_reader_says_it() -> None:
    assert target_text("30", "≤", "万元", cell_of("30")) == "≤30万元"
    assert target_text("30万元", "≤", "万元", cell_of("30万元")) == "≤30万元"
    assert target_text("≥95%", "≥", "%", cell_of("≥95%")) == "≥95%"  # its own comparator


def test_each_rows_published_score_and_the_budget_rows_are_checked() -> None:
    case = make_case([row("甲", "≥", "10", "8", 10, reported_score="9", reason="原因"),
                      row("乙", "≥", "10", "", 90, reported_score="90")],
                     budget={"adjusted": "100", "executed": "100"}, budget_weight=10,
                     reported={"budget_execution": "8"})
    ctx = build_context(case, evaluate(case, SCHEME), SCHEME)
    rows = [(f.code, f.indicator) for f in check_row_scores(ctx)]
    assert rows == [("reported-score-differs", "甲"), ("reported-score-differs", "乙"),
                    ("full-score-without-actual", "乙")]
    assert [f.code for f in check_budget_score(ctx)] == ["reported-score-differs"]
