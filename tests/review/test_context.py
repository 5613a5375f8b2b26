"""review/context.py: each scored row beside the cell the table published."""

from __future__ import annotations

from decimal import Decimal as D

from builders import make_case, row

from scoring.engine.evaluate import evaluate
from scoring.errors import Location
from scoring.load.scheme import load_scheme
from scoring.read.cells import cell_of
from scoring.review.context import build_context, known, read_published


def test_published_text_keeps_its_precision() -> None:
    published = read_published(cell_of("9.50"), None)
    assert published is not None and (published.value, published.places) == (D("9.50"), 2)
    unread = read_published(cell_of("见附件"), None)
    assert unread is not None and unread.value is None and unread.text == "见附件"
    assert read_published(cell_of(""), None) is None and read_published(None, None) is None


def test_a_place_without_a_line_or_a_cell_is_no_place() -> None:
    assert known(Location("t.csv", 0, 0)) is None and known(None) is None
    assert known(Location("t.csv", 3, 2)) == Location("t.csv", 3, 2)


def test_each_row_is_paired_with_its_published_score_and_evidence() -> None:
    case = make_case([row("甲", "≥", "10", "8", 10, reported_score="7.5", reason="原因"),
                      row("乙", "≥", "10", "", 50, reported_score="50"),
                      row("丙", "≥", "10", "已完成", 40)],
                     reported={"total": "97.5", "grade": "优"})
    scheme = load_scheme("mof-2020")
    ctx = build_context(case, evaluate(case, scheme), scheme)
    by_name = {r.result.name: r for r in ctx.rows}
    assert [by_name[n].evidence for n in ("甲", "乙", "丙")] == ["value", "blank", "phrase"]
    first = by_name["甲"].published
    assert first is not None and (first.value, first.places) == (D("7.5"), 1)
    assert by_name["丙"].published is None  # nothing published
    assert by_name["甲"].target.text == "10" and by_name["甲"].actual.text == "8"
    assert ctx.total is not None and ctx.total.value == D("97.5") and ctx.budget is None
