"""The text grid: terminal widths, wrapping, and the layout tabulate's simple_grid draws."""

from __future__ import annotations

import pytest
import tabulate
from builders import make_case, row
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import evaluate, render
from scoring.report.grid import char_width, grid, text_width, wrap_cell


@pytest.mark.parametrize(("text", "width"), [
    ("abc 1.5%", 8), ("", 0), ("指标值", 6), ("１２０户", 8), ("“有效”", 6), ("≥95%", 4),
    ("e\u0301", 1), ("a\u200bb", 2), ("\u3000", 2), ("✅", 2), ("☺\ufe0f", 2),
    ("👨\u200d👩\u200d👧", 2), ("🇨🇳", 2), ("\u00ad", 1), ("a\tb", 2),
])
def test_text_width_is_the_columns_a_terminal_gives(text: str, width: int) -> None:
    assert text_width(text) == width


def test_char_width() -> None:
    assert [char_width(c) for c in "a中，（\u0301\u200d"] == [1, 2, 2, 2, 0, 0]


def test_wrap_cell_cuts_chinese_at_the_column_width() -> None:
    assert wrap_cell("营养改善计划覆盖率", 14) == "营养改善计划覆\n盖率"
    assert wrap_cell("184.2 ÷ 240 × 10 = 7.675 → 7.7", 14) == "184.2 ÷ 240 ×\n10 = 7.675 →\n7.7"
    assert wrap_cell("短", 14) == "短"
    assert wrap_cell("  \n甲\n\n乙 ", 8) == "甲\n乙"


def test_grid_draws_headers_rows_and_wrapped_cells() -> None:
    rows = [("产出指标", "营养改善计划覆盖率", "10"), ("", "", ""), ("效益指标", "满意度", "5")]
    out = grid(rows, ("一级", "三级指标", "权重"), (None, 8, None))
    assert out == "\n".join([
        "┌──────────┬────────────┬────────┐",
        "│ 一级     │ 三级指标   │ 权重   │",
        "├──────────┼────────────┼────────┤",
        "│ 产出指标 │ 营养改善   │ 10     │",
        "│          │ 计划覆盖   │        │",
        "│          │ 率         │        │",
        "├──────────┼────────────┼────────┤",
        "├──────────┼────────────┼────────┤",  # a blank row, in a table of several lines
        "│ 效益指标 │ 满意度     │ 5      │",
        "└──────────┴────────────┴────────┘",
    ])


def test_grid_without_headers_and_empty() -> None:
    assert grid([("项目名称", "招商引资"), ("主管部门", "经合局")]) == "\n".join([
        "┌──────────┬──────────┐",
        "│ 项目名称 │ 招商引资 │",
        "├──────────┼──────────┤",
        "│ 主管部门 │ 经合局   │",
        "└──────────┴──────────┘",
    ])
    assert grid([]) == ""


_CHARS = st.sampled_from([*"abXY019 -.,%", *"有效的指标完成值预算执行率", *"（）“”≥≤×÷→—…：　１２",
                          "\n", "\r\n", "  ", "😀", "é", "e\u0301", "☺\ufe0f",
                          "👨\u200d👩", "🇨🇳", "\u00ad", "a-b"])
_CELLS = st.lists(_CHARS, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), ncols=st.integers(1, 5), nrows=st.integers(1, 4),
       with_headers=st.booleans(), wrap=st.booleans())
def test_grid_lays_out_exactly_as_tabulate_simple_grid(data: st.DataObject, ncols: int,
                                                       nrows: int, with_headers: bool,
                                                       wrap: bool) -> None:
    rows = data.draw(st.lists(st.lists(_CELLS, min_size=ncols, max_size=ncols),
                              min_size=nrows, max_size=nrows))
    headers = data.draw(st.lists(_CELLS.map(lambda c: c.replace("\r", "").replace("\n", "")),
                                 min_size=ncols, max_size=ncols)) if with_headers else []
    widths = data.draw(st.lists(st.sampled_from([None, 4, 6, 8, 14, 30]), min_size=ncols,
                                max_size=ncols)) if wrap else []
    if any(c.strip() in ("True", "False") for r in rows for c in r):
        return  # tabulate prints the cell "False" as "True"
    try:
        expected = tabulate.tabulate(rows, headers=headers, tablefmt="simple_grid",
                                     disable_numparse=True, maxcolwidths=widths or None)
    except ValueError:
        return  # tabulate fails on some cells ("1,000", "\n") of wrapped columns
    assert grid(rows, headers, widths) == expected


def test_cells_that_made_tabulate_fail_are_drawn() -> None:
    """tabulate raised ValueError on a wrapped cell like "1,000"; the table is drawn."""
    case = make_case([row("招商引资协议金额", "≥", "240", "184.2", reason="1,000")])
    text = render(evaluate(case), "text")
    assert "│ 1,000" in text


def test_header_values_are_printed_as_written() -> None:
    """A header of numbers only was reformatted by tabulate ("12.50" → "12.5")."""
    from scoring.load.loader import case_from_inline
    from scoring.model.case import CaseFile

    raw = CaseFile.model_validate({"project": {"code": "12.50", "unit": "1e3"},
                                   "indicators": [row("甲", "≥", "240", "184.2")]})
    text = render(evaluate(case_from_inline(raw, "<test>")), "text")
    assert "│ 项目编码 │ 12.50 │" in text and "│ 实施单位 │ 1e3   │" in text


@settings(max_examples=200, deadline=None)
@given(cell=st.lists(st.sampled_from([*"ab -", *"有效的指标", "\u3000", "  ", "😀", "☺\ufe0f",
                                      "🇨🇳", "e\u0301", "\u3000\u3000\u3000"]),
                     min_size=20, max_size=200).map("".join),
       width=st.sampled_from([2, 3, 4, 6, 8, 14]))
def test_long_words_wrap_as_tabulate_wraps_them(cell: str, width: int) -> None:
    """Words many lines long are cut in one pass (linear), to the same lines."""
    try:
        expected = tabulate.tabulate([[cell]], tablefmt="simple_grid", disable_numparse=True,
                                     maxcolwidths=[width])
    except ValueError:
        return
    assert grid([[cell]], (), [width]) == expected


def test_grid_fits_a_width_wrapping_headers_too() -> None:
    rows = [("产出指标", "营养改善计划覆盖率达到百分之九十五以上", "10")]
    out = grid(rows, ("一级指标", "三级指标名称", "权重"), (), 30)
    assert max(text_width(line) for line in out.splitlines()) <= 30
    assert grid(rows, ("一级指标", "三级指标名称", "权重"), (), 200) == grid(
        rows, ("一级指标", "三级指标名称", "权重"))  # fits already: as before
