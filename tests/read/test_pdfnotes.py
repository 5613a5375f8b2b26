"""read/pdfnotes.py: a PDF form's footnotes put back as the 计分说明 of their rows."""

from __future__ import annotations

from scoring.read.pdfnotes import attach_notes, continues, note_of


def test_note_of_reads_a_numbered_note_line_only() -> None:
    assert note_of("6. 人工评分 10 （未完全投产，无法计算） → 10.0") == \
        ("6", "人工评分 10 （未完全投产，无法计算） → 10.0")
    assert note_of("12．不适用") == ("12", "不适用")
    assert note_of("注：本表金额单位为万元") is None
    assert note_of("6.") is None
    assert note_of("12345. 太长的编号") is None


def test_a_marked_row_gets_its_note_in_the_header_s_explain_column() -> None:
    cells = {(1, 1): "三级指标", (1, 2): "得分", (1, 3): "计分说明",
             (2, 1): "培训人数", (2, 2): "10.0", (3, 1): "合格率", (3, 2): "5.0"}
    placed = attach_notes(cells, [(1, 2, "6")], {"6": ("人工评分 10", "p2!L5")})
    assert cells[(2, 3)] == "人工评分 10"
    assert placed == {(2, 3): "p2!L5"}
    assert (3, 3) not in cells


def test_without_an_explain_column_one_is_added_after_the_widest_row() -> None:
    cells = {(1, 1): "三级指标", (1, 2): "得分", (2, 1): "满意度", (2, 2): "8", (2, 4): "x"}
    placed = attach_notes(cells, [(1, 2, "1")], {"1": ("不适用", "p1!L9")})
    assert cells[(1, 5)] == "计分说明"
    assert cells[(2, 5)] == "不适用"
    assert placed == {(2, 5): "p1!L9"}


def test_a_mark_without_a_note_or_a_filled_cell_changes_nothing() -> None:
    cells = {(1, 1): "三级指标", (1, 2): "计分说明", (2, 1): "人数", (2, 2): "已有说明"}
    before = dict(cells)
    assert attach_notes(cells, [(1, 2, "7")], {"6": ("人工评分 10", "p2!L5")}) == {}
    assert attach_notes(cells, [(1, 2, "6")], {"6": ("人工评分 10", "p2!L5")}) == {}
    assert cells == before


def test_a_note_continues_on_the_line_under_it_only_when_it_was_wrapped() -> None:
    """(x0, top, x1, bottom) as pdfplumber gives a line: a note of 9-point lines, the
    page's text running to x = 810."""
    first = (38.1, 279.7, 809.8, 288.7)  # `3. 184.2 ÷ 240 … 亦不含续` runs to the edge
    wrapped = (48.3, 292.5, 110.7, 301.5)  # `（迟报） → 7.7`, under the note's text
    assert continues(first, first, wrapped, 810.0)
    short = (38.1, 279.7, 300.0, 288.7)  # a note that ends mid-line has no next line
    assert not continues(short, short, wrapped, 810.0)
    far = (48.3, 320.0, 110.7, 329.0)  # a paragraph further down
    assert not continues(first, first, far, 810.0)
    heading = (28.5, 292.5, 72.5, 301.5)  # left of the note's number: not the note
    assert not continues(first, first, heading, 810.0)
