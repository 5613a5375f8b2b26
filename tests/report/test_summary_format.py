"""summary_format.py: the batch summary's look — widths that fit CJK text."""

from __future__ import annotations

from scoring.report.summary_format import MAX_WIDTH, MIN_WIDTH, display_width, fitted_widths


def test_cjk_characters_count_double() -> None:
    assert display_width("项目ab") == 6
    assert display_width(None) == 0


def test_columns_fit_their_text_within_bounds() -> None:
    long, short = fitted_widths(["名称", "x"], [["甲", "1"], ["项目" * 60, "2"]])
    assert long == MAX_WIDTH  # capped: the text wraps in it
    assert short == MIN_WIDTH
    [fitted] = fitted_widths(["名称"], [["十个字的项目名称啊"]])
    assert MIN_WIDTH < fitted < MAX_WIDTH and fitted >= display_width("十个字的项目名称啊")
