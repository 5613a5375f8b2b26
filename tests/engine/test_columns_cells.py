"""engine/columns_cells.py: a column of cell texts read as `read_cell` reads each."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.engine import columns_cells
from scoring.engine.columns_cells import (
    FEW_READ,
    LIMIT,
    SCALE,
    cells_of,
    distinct,
    read_column,
    scaled,
)
from scoring.read.cells import MAX_CELL_CHARS, Cell, read_cell


def test_scaled_is_the_exact_integer_times_ten_to_the_sixth_or_none() -> None:
    assert scaled(Decimal("98.5")) == 98_500_000
    assert scaled(Decimal("-0.000001")) == -1
    assert scaled(Decimal("0E-30")) == 0
    assert scaled(Decimal("0.0000005")) is None  # a seventh decimal does not fit
    assert scaled(Decimal(LIMIT - 1)) == (LIMIT - 1) * SCALE
    assert scaled(Decimal(LIMIT)) is None  # the overflow guard
    assert scaled(Decimal("1E+25")) is None
    assert scaled(Decimal("NaN")) is None and scaled(None) is None


def _read(texts: list[str | None], pad: bool = True) -> pl.DataFrame:
    """`texts` read as a column; `pad`: with more distinct texts after them (dropped from
    the result), so that the column is read by the vectorized pattern, not text by text."""
    filler = [f"{i}.25" for i in range(FEW_READ + 1)] if pad else []
    frame = pl.DataFrame({"t": [*texts, *filler]}, schema={"t": pl.String})
    return read_column(pl.col("t"), None, frame, "a_").head(len(texts))


def test_a_few_texts_are_read_by_the_grammar_as_the_vectorized_pattern_reads_them() -> None:
    texts: list[str | None] = ["98.5", "98.5%", "0.000001", "12", "≥100人", "2023.12",
                               "1234.56", "100000000000", None]
    assert _read(texts, pad=False).equals(_read(texts))


def test_plain_cells_are_read_vectorised_with_exact_scaled_values() -> None:
    out = _read(["98.5", "98.5%", "0.000001", "12", None])
    assert out["a_kind"].to_list() == ["number"] * 4 + ["blank"]
    assert out["a_value"].to_list() == [98_500_000, 98_500_000, 1, 12_000_000, None]
    assert out["a_pct"].to_list() == [False, True, False, False, False]
    assert out["a_unit"].to_list() == ["", "", "", "", ""]
    assert out["a_wild"].to_list() == [False] * 5
    assert out["t"].to_list() == ["98.5", "98.5%", "0.000001", "12", None]  # rows kept in order


def test_the_longest_plain_numbers_and_leading_zeros_are_exact() -> None:
    texts: list[str | None] = ["99999999999.999999", "00000000007.5", "12345678901.000001%",
                               "0.1", "2024.4"]
    out = _read(texts)
    assert out["a_value"].to_list() == [
        int(read_cell(t, None).value.scaleb(6)) for t in texts]  # type: ignore[union-attr]
    assert out["a_value"].to_list()[:3] == [99_999_999_999_999_999, 7_500_000,
                                            12_345_678_901_000_001]
    assert out["a_pct"].to_list() == [False, False, True, False, False]


def test_a_dotted_number_is_a_month_only_by_the_grammars_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`2024.04` may be a month (the grammar's `make_date` takes 1900–2200 and 1–12);
    `1234.56`, `2024.13`, `2201.01` are plain numbers, read with the rest and never given
    to the grammar one by one (a table of four-digit amounts is not read text by text)."""
    texts: list[str | None] = ["2024.04", "2024.4", "2024.12", "1900.1", "2200.12",
                               "1234.56", "2024.13", "2024.0", "2201.01", "1899.12", "0000.5"]
    given: list[str | None] = []
    real = columns_cells.read_cell

    def spy(text: str | None, year: int | None = None) -> Cell:
        given.append(text)
        return real(text, year)

    monkeypatch.setattr(columns_cells, "read_cell", spy)
    out = _read(texts)
    assert given == texts[:5]
    assert out["a_dated"].to_list() == [True] * 5 + [False] * 6
    assert out["a_value"].to_list() == [
        int(real(t, None).value.scaleb(6)) for t in texts]  # type: ignore[union-attr]
    assert out.equals(_read(texts, pad=False))


UNITED: list[str | None] = [  # a number and a unit: read vectorized, as the grammar reads
    "2,815个", "24.2万元", "1,234.5个", "007个", "0,000人次", "12345678901个", "3.0元",
    "1,000.50元", "99999999999.999999万元", "5亿元", "2024.5个", "１２４", "２,８１５个",
    "3,000", "3,000.5", "１２３４５６７８９０１", "５个"]
NOT_UNITED: list[str | None] = [  # the grammar's own: a date, a word it takes off, no unit
    "1,234,567,890,123个", "1,23个", "1,234,5678个", "12.个", "2024.5底", "3月",
    "12月底前", "5个以上", "5万元左右", "5km", "5 个", "2024年", "100%个", "1e3个",
    "1.1234567个", "100000000000个", "5个\u3000", "5㎡", "2023年12月", "6月30日", "2024.04",
    "１２.５", "２０２４.０４", "１２３４５６７８９０１２", "1,000."]


def test_a_number_and_its_unit_are_read_vectorized_as_the_grammar_reads_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*UNITED, *NOT_UNITED]
    assert _read(texts).equals(_read(texts, pad=False))
    out = _read(UNITED)
    assert out["a_unit"].to_list()[:2] == ["个", "万元"]
    assert out["a_value"].to_list()[:3] == [2815 * SCALE, 24_200_000, 1_234_500_000]
    asked: list[str] = []
    monkeypatch.setattr(columns_cells, "read_cell", lambda t, *a: asked.append(t) or
                        read_cell(t, *a))
    _read(texts)
    assert set(asked) == set(NOT_UNITED)  # the others never asked of the grammar


def test_a_unit_past_the_grammars_length_is_read_as_the_grammar_cuts_it() -> None:
    """The grammar reads the first `MAX_CELL_CHARS` characters of a cell: a number with a
    longer unit has its unit cut there (the vectorized reader took the whole unit)."""
    texts: list[str | None] = ["5" + "个" * n for n in (MAX_CELL_CHARS - 2, MAX_CELL_CHARS - 1,
                                                         MAX_CELL_CHARS, MAX_CELL_CHARS + 5)]
    out = _read(texts)
    assert out.equals(_read(texts, pad=False))
    assert [len(u) for u in out["a_unit"]] == [MAX_CELL_CHARS - 2, *[MAX_CELL_CHARS - 1] * 3]


def test_a_number_and_any_one_ideograph_read_as_the_grammar_reads_them() -> None:
    """Every CJK ideograph the vectorized reader may take as a unit, after a number and
    after one the grammar may read as a month (`2024.5`): a date word missing from
    data/cells.yaml (`date_words`) would be read as a unit here, as a date by the grammar."""
    texts: list[str | None] = [n + chr(c) for c in range(0x4E00, 0xA000)
                               for n in ("12", "2024.5")]
    out = _read(texts, pad=False)  # so many distinct texts: read by the vectorized readers
    cells = [read_cell(t) for t in texts]
    assert out.select("a_kind", "a_value", "a_unit", "a_dated").rows() == [
        (c.kind, scaled(c.value), c.unit, c.date is not None) for c in cells]


_PIECES = st.sampled_from([  # digits, full-width ones, units, date words, NFKC-changing forms
    *"0123456789", *"０１２３４５６７８９", ",", ".", "%", "个", "万元", "亿", "人次", "一",
    "年", "月", "日", "底", "末", "前", "季度", "以上", "及以下", "左右", "约", "≥", "-", "至",
    "e", "①", "㎡", "½", "²", " ", "，", "．"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=8).map("".join), min_size=1,
                max_size=FEW_READ))
def test_any_text_of_digits_units_and_date_words_reads_as_the_grammar_reads_it(
        texts: list[str]) -> None:
    """The vectorized readers (a plain number, a number and its unit, full-width digits,
    thousands) against `read_cell` on texts mixing what each of them looks at."""
    once: list[str | None] = list(dict.fromkeys(texts))
    assert _read(once).equals(_read(once, pad=False))


def test_other_cells_read_as_read_cell_reads_them_and_too_big_numbers_are_wild() -> None:
    texts: list[str | None] = ["≥100人", "约95%", "2023.12", "100000000000", "1.0000001"]
    out = _read(texts)
    for text, kind, pct, unit in zip(texts, out["a_kind"], out["a_pct"], out["a_unit"],
                                     strict=True):
        cell = read_cell(text or "", None)
        assert (kind, pct, unit) == (cell.kind, cell.percent, cell.unit), text
    assert out["a_cmp"][0] == read_cell("≥100人", None).comparator.value  # type: ignore[union-attr]
    assert out["a_value"][0] == 100 * SCALE
    assert out["a_approx"].to_list()[1] is True
    assert out["a_wild"].to_list()[3:] == [True, True]
    assert out["a_value"].to_list()[3:] == [None, None]


def test_a_date_without_its_year_is_read_again_with_each_row_s_year() -> None:
    texts = ["2月29日", "2月29日", "2月29日", "98"]
    read = distinct(pl.Series(texts))
    years = pl.Series([2023, 2024, None, 2023])
    out = pl.DataFrame(cells_of(read, "a_", years))
    assert out["a_kind"].to_list() == [read_cell(t, y).kind for t, y in zip(
        texts, years.to_list(), strict=True)]
    assert out["a_kind"].to_list() == ["text", "date", "date", "number"]
    assert out["a_dated"].to_list() == [False, True, True, False]


def test_fields_are_worked_out_once_per_text_and_given_to_each_row() -> None:
    read = distinct(pl.Series(["≥95%", None, "≥95%", "12"]))
    out = pl.DataFrame(cells_of(read, "t_", None, {
        "num": pl.col("kind") == "number", "cmp": pl.col("cmp")}))
    assert out.columns == ["t_num", "t_cmp"]
    assert out["t_num"].to_list() == [True, False, True, True]
    assert out["t_cmp"].to_list() == ["≥", None, "≥", None]


@pytest.mark.parametrize("texts", [
    ["98", "≥95%", None, "约5", "2024.04", "完成", "1,000", "98", "≥95%", None, "约5", "完成"],
    ["98", "≥95%", None, "约5", "2024.04", "完成", "1,000", "12.5%"],
    ["≥95%", None, "≥95%", "12"]], ids=["numbered", "mostly-distinct", "few"])
def test_each_row_gets_its_text_s_reading_however_the_texts_are_numbered(
        texts: list[str | None]) -> None:
    out = pl.DataFrame(cells_of(distinct(pl.Series(texts, dtype=pl.String)), ""))
    for text, (kind, _, pct, unit, cmp, approx, dated, _) in zip(texts, out.iter_rows(),
                                                                   strict=True):
        cell = read_cell(text)
        assert (kind, pct, unit, approx, dated) == (
            cell.kind, cell.percent, cell.unit, cell.approximate, cell.date is not None), text
        assert cmp == (cell.comparator.value if cell.comparator else None), text
