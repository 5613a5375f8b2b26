"""cells.py: the cells of real tables (FORMATS.md §5) read without guessing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.load.scheme import load_scheme
from scoring.read.cells import (
    UNKNOWN_YEAR,
    Comparator,
    read_cell,
    read_cell_fully,
    read_comparator,
    read_number,
)
from scoring.read.phrases import match_phrase


@pytest.mark.parametrize(("text", "expected"), [
    ("≥", "≥"), ("≧", "≥"), (">=", "≥"), ("＞＝", "≥"), ("大于等于", "≥"), ("不低于", "≥"),
    ("不少于", "≥"), ("≤", "≤"), ("≦", "≤"), ("<=", "≤"), ("＜＝", "≤"), ("小于等于", "≤"),
    ("不高于", "≤"), ("不超过", "≤"), ("=", "="), ("═", "="), ("＝", "="), ("等于", "="),
    (">", ">"), ("＞", ">"), ("大于", ">"), ("高于", ">"), ("<", "<"), ("＜", "<"),
    ("小于", "<"), ("低于", "<"), ("定性", "定性"), (" ≥ ", "≥"),
])
def test_comparator_spellings(text: str, expected: str) -> None:
    comp = read_comparator(text)
    assert comp is not None and comp.value == expected


@pytest.mark.parametrize("text", [None, "", "  ", "定量", "定量指标"])
def test_blank_or_undirected_comparator_is_none(text: str | None) -> None:
    assert read_comparator(text) is None


def test_unknown_comparator_raises() -> None:
    with pytest.raises(ValueError):
        read_comparator("约等于")


@pytest.mark.parametrize(("text", "value", "comparator", "unit", "percent"), [
    ("98%", "98", None, "", True),
    ("≥95%", "95", Comparator.GE, "", True),
    ("≤30万元", "30", Comparator.LE, "万元", False),
    ("≥266米", "266", Comparator.GE, "米", False),
    ("20万元", "20", None, "万元", False),
    ("1,234.5", "1234.5", None, "", False),
    ("１００", "100", None, "", False),
    ("１２０户", "120", None, "户", False),
    ("21个", "21", None, "个", False),
    ("＞＝90%", "90", Comparator.GE, "", True),
    ("95%以上", "95", Comparator.GE, "", True),
    ("30万元以内", "30", Comparator.LE, "万元", False),
    ("-3", "-3", None, "", False),
    ("184.2", "184.2", None, "", False),
])
def test_numbers_in_cells(text: str, value: str, comparator: Comparator | None, unit: str,
                          percent: bool) -> None:
    cell = read_cell(text)
    assert cell.kind == "number"
    assert cell.value == D(value)
    assert cell.comparator is comparator
    assert cell.unit == unit
    assert cell.percent is percent
    assert cell.text == text


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("80%-90%", "80", "90"), ("80-90%", "80", "90"), ("80~90", "80", "90"), ("80至90", "80", "90"),
])
def test_ranges(text: str, lo: str, hi: str) -> None:
    cell = read_cell(text)
    assert (cell.kind, cell.value, cell.upper) == ("range", D(lo), D(hi))


@pytest.mark.parametrize(("text", "year", "date"), [
    ("2023-12-31", None, dt.date(2023, 12, 31)),
    ("2023年12月31日", None, dt.date(2023, 12, 31)),
    ("2023年12月", None, dt.date(2023, 12, 31)),
    ("2024年2月", None, dt.date(2024, 2, 29)),
    ("12月底前", 2023, dt.date(2023, 12, 31)),
    ("6月30日", 2022, dt.date(2022, 6, 30)),
])
def test_dates(text: str, year: int | None, date: dt.date) -> None:
    cell = read_cell(text, year)
    assert (cell.kind, cell.date) == ("date", date)


@pytest.mark.parametrize(("text", "month", "day"), [
    ("12月底前", 12, 31), ("9月前", 9, 30), ("7月", 7, 31), ("6月30日", 6, 30), ("2月", 2, 29)])
def test_a_date_without_a_year_is_a_date_of_the_case_year_or_of_the_unknown_one(
        text: str, month: int, day: int) -> None:
    """#15.2: `9月前`, `7月` compare as dates with or without a case year; without one every
    such cell of the case is in the one unknown year (a leap year, so 2月 ends on the 29th)."""
    assert (read_cell(text).kind, read_cell(text).date) == ("date", dt.date(UNKNOWN_YEAR, month,
                                                                             day))
    assert read_cell(text, 2023).date == dt.date(2023, month, min(day, 28) if month == 2 else day)
    assert read_cell("2023年12月").date == dt.date(2023, 12, 31)  # a year of its own
    assert read_cell("2月29日前").date == dt.date(UNKNOWN_YEAR, 2, 29)


def test_a_number_of_months_is_not_a_date() -> None:
    assert (read_cell("12个月").kind, read_cell("12个月").value) == ("number", D(12))


@pytest.mark.parametrize("text", ["完成", "有效", "显著提升", "达成年度指标", "80%-90%-100%",
                                  "第3季度", "12a3"])
def test_text_is_never_a_number(text: str) -> None:
    assert read_cell(text).kind in ("text", "range", "date")
    assert read_number(text) is None


@pytest.mark.parametrize("text", [None, "", "   "])
def test_blank(text: str | None) -> None:
    assert read_cell(text).kind == "blank"


def test_read_number_refuses_a_comparator() -> None:
    assert read_number("20%") == D(20)
    assert read_number("≥20") is None
    assert read_number(D("3.5")) == D("3.5")


@pytest.mark.parametrize(("text", "tier"), [
    ("达成年度指标", "achieved"), ("有效", "achieved"), ("显著提升", "achieved"),
    ("好", "achieved"),
    ("部分达成", "partial"), ("基本达成", "partial"), ("较好", "partial"), ("一般", "partial"),
    ("未达成", "unmet"), ("无效", "unmet"), ("差", "unmet"), ("不满意", "unmet"),
    # a phrase starting inside an earlier one gives way to it (RULES.md §3: 部分达成 before 达成)
    ("部分达成年度指标", "partial"), ("未达成年度指标", "unmet"), ("效果不明显", "unmet"),
    ("较差", "unmet"), ("基本满意", "partial"), ("有所提高", "achieved"),
    ("部分达成年度指标并具有一定效果", "partial"), ("未达成年度指标且效果较差", "unmet"),
    # apart, the longest wins
    ("满意度未达到预期", "unmet"), ("达成预期指标，未发现问题", "achieved"),
    # after a negation in its clause a phrase does not count: nothing is guessed
    ("不好", None), ("不显著", None), ("没有改善", None), ("无明显效果", None),
    ("未明显改善", None),
])
def test_qualitative_phrases_longest_wins(text: str, tier: str | None) -> None:
    assert match_phrase(text, load_scheme("mof-2020").qualitative_phrases, whole=False) == tier


@pytest.mark.parametrize(("text", "verdict"), [
    ("完成", "met"), ("已完成", "met"), ("全部完成", "met"), ("达标", "met"), ("是", "met"),
    ("未完成", "unmet"), ("否", "unmet"), ("不合格", "unmet"), ("完成80%", None),
])
def test_quantitative_phrases_match_whole_cells(text: str, verdict: str | None) -> None:
    phrases = load_scheme("mof-2020").quantitative_phrases
    assert match_phrase(text, phrases, whole=True) == verdict


@pytest.mark.parametrize(("text", "year", "date"), [
    ("2023-12-15", None, dt.date(2023, 12, 15)),     # a day that is no month end
    ("2023年6月15日", None, dt.date(2023, 6, 15)),
    ("6月15日前", 2022, dt.date(2022, 6, 15)),
    ("1900-01-01", None, dt.date(1900, 1, 1)),       # the bounds of a plausible year
    ("2200-12-31", None, dt.date(2200, 12, 31)),
])
def test_dates_keep_their_day(text: str, year: int | None, date: dt.date) -> None:
    assert read_cell(text, year).date == date


@pytest.mark.parametrize("text", ["2023年13月", "2023年0月", "1899-12-31", "2201-01-01",
                                  "2023-02-30"])
def test_impossible_dates_are_not_dates(text: str) -> None:
    assert read_cell(text, 2023).kind != "date"


def test_phrases_ignore_trailing_punctuation() -> None:
    phrases = load_scheme("mof-2020").quantitative_phrases
    assert match_phrase("完成。", phrases, whole=True) == "met"
    assert match_phrase("，完成！", phrases, whole=True) == "met"
    assert match_phrase("完成X", phrases, whole=True) is None  # only punctuation goes


@given(st.from_regex(r"[0-9]{1,32}(\.[0-9]{1,32})?%?", fullmatch=True)
       | st.sampled_from(["2023.12", "2023.13", "2023.1", "1900.01", "0.5%", "007", "1.0"]),
       st.none() | st.integers(1900, 2200))
def test_plain_number_shortcut_reads_as_the_full_reader(text: str, year: int | None) -> None:
    """The shortcut for plain numbers ("98.5", "98.5%") gives exactly the full reading,
    dotted months such as 2023.12 included (numbers that may be months, #15.2)."""
    read_cell.cache_clear()
    assert read_cell(text, year) == read_cell_fully(text, year)


def test_plain_number_shortcut_values() -> None:
    assert read_cell("98.5%") == read_cell_fully("98.5%")
    assert read_cell("98.5%").percent and read_cell("98.5%").value == D("98.5")
    dotted = read_cell("2023.12", 2023)  # a number; a month only against a date (row_kinds)
    assert (dotted.kind, dotted.value, dotted.date) == ("number", D("2023.12"),
                                                        dt.date(2023, 12, 31))
    assert read_cell("2023.13").kind == "number"


def test_a_phrase_table_is_read_as_it_is_now() -> None:
    """The tier of a text depends on the table it is matched against, never on a table
    matched before: equal phrases in another order give the other order's answer."""
    table = load_scheme("mof-2020").qualitative_phrases
    first = match_phrase("满意较好", table, whole=False)
    other = match_phrase("满意较好", tuple(reversed(table)), whole=False)
    assert first is not None and other is not None and first != other
    assert match_phrase("满意较好", table, whole=False) == first


C = Comparator


@pytest.mark.parametrize(("text", "year", "kind", "value", "upper", "comparator", "unit",
                          "percent", "date"), [
    ("  ", None, "blank", None, None, None, "", False, None),  # the text is kept
    ("≥", None, "text", None, None, None, "", False, None),  # a comparator needs a number
    ("≥-5", None, "number", D(-5), None, C.GE, "", False, None),
    ("≥+5", None, "number", D(5), None, C.GE, "", False, None),
    ("≥.5", None, "number", D("0.5"), None, C.GE, "", False, None),
    ("≥abc", None, "text", None, None, None, "", False, None),
    ("≥X1", None, "text", None, None, None, "", False, None),
    ("≥-a", None, "text", None, None, C.GE, "", False, None),  # a sign, then no number
    ("≥5个6", None, "text", None, None, C.GE, "", False, None),  # digits in the unit
    ("90-80", None, "text", None, None, None, "", False, None),  # not a range: lo > hi
    ("80-80", None, "range", D(80), D(80), None, "", False, None),
    ("80-90户", None, "range", D(80), D(90), None, "户", False, None),
    ("80户-90", None, "range", D(80), D(90), None, "户", False, None),
    ("80%-90%", None, "range", D(80), D(90), None, "", True, None),
    ("80-90%", None, "range", D(80), D(90), None, "", True, None),
    ("80%-90", None, "range", D(80), D(90), None, "", True, None),
    ("80-90", None, "range", D(80), D(90), None, "", False, None),
    ("≤2023年12月31日", None, "date", None, None, C.LE, "", False, dt.date(2023, 12, 31)),
    ("≤12月31日", None, "date", None, None, C.LE, "", False, dt.date(UNKNOWN_YEAR, 12, 31)),
    ("≤12月31日", 2023, "date", None, None, C.LE, "", False, dt.date(2023, 12, 31)),
    ("12月", None, "date", None, None, None, "", False, dt.date(UNKNOWN_YEAR, 12, 31)),
    ("12月", 2023, "date", None, None, None, "", False, dt.date(2023, 12, 31)),
])
def test_cell_fields(*, text: str, year: int | None, kind: str, value: D | None,
                     upper: D | None, comparator: Comparator | None, unit: str, percent: bool,
                     date: dt.date | None) -> None:
    """Every field of a cell as read, for each path through the reader."""
    got = read_cell_fully(text, year)
    assert (got.text, got.kind, got.value, got.upper, got.comparator, got.unit, got.percent,
            got.date) == (text, kind, value, upper, comparator, unit, percent, date)
    assert read_cell(text, year) == got


@pytest.mark.parametrize(("text", "tier"), [
    ("好，不好", "achieved"),          # every occurrence is looked at: the first counts here
    ("不好，好，不好", "achieved"),    # … and one between two negated ones
    ("好不满意", "unmet"),             # a phrase right after another is not inside it
])
def test_every_occurrence_of_a_phrase_is_weighed(text: str, tier: str) -> None:
    assert match_phrase(text, load_scheme("mof-2020").qualitative_phrases, whole=False) == tier


def test_phrases_of_one_length_keep_the_order_of_the_table() -> None:
    table = (("较好", "partial"), ("满意", "achieved"))  # as a scheme compiles it
    assert match_phrase("较好满意", table, whole=False) == "partial"
    assert match_phrase("满意较好", table, whole=False) == "partial"
    assert match_phrase("满意较好", tuple(reversed(table)), whole=False) == "achieved"
