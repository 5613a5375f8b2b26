"""review/checks.py: a published table against the rules — row scores, total, grade."""

from __future__ import annotations

from decimal import Decimal as D

from builders import make_case, row

from scoring import audit
from scoring.read.cells import cell_of
from scoring.review.checks import read_published, same_grade


def _audit(first: str, second: str, total: str, grade: str) -> dict[str, str]:
    case = make_case([row("甲", "≥", "10", "8", 10, reported_score=first, reason="原因"),
                      row("乙", "≥", "10", "10", 90, reported_score=second)],
                     reported={"total": total, "grade": grade})
    return {f"{f.code} {f.indicator}": f.message for f in audit(case).findings}


def test_a_table_that_follows_the_rules_has_nothing_to_report() -> None:
    assert _audit("8.0", "90", "98", "优") == {}  # 8.0 is 8 at the published precision


def test_each_published_figure_that_breaks_a_rule_is_one_error() -> None:
    found = _audit("9", "95", "100", "良")
    assert set(found) == {"reported-score-differs 甲", "reported-score-exceeds-weight 乙",
                          "reported-total-mismatch 合计", "reported-grade-mismatch 合计"}
    assert found["reported-score-differs 甲"].startswith("“甲”公布得分 9，按规则计算为 8.00")
    assert "104" in found["reported-total-mismatch 合计"]  # the sum of the published scores


def test_published_text_keeps_its_precision_and_grades_match_across_spellings() -> None:
    published = read_published(cell_of("9.50"), None)
    assert published is not None and (published.value, published.places) == (D("9.50"), 2)
    unread = read_published(cell_of("见附件"), None)
    assert unread is not None and unread.value is None
    assert same_grade("优秀", "优") and same_grade("良", "良好") and not same_grade("优", "良")
