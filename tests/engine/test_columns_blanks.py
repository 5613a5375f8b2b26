"""engine/columns_blanks.py: a text column's cells stripped as `str.strip` strips them, a
blank one null, and a column no cell of which changes kept as it is."""

from __future__ import annotations

import sys

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import scoring.engine.columns_blanks as blanks
from scoring.engine.columns_blanks import kept
from scoring.engine.columns_read import WHITE

# every character `str.strip` strips (U+001C–U+001F among them: polars' default keeps them)
STRIPPED = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).strip() == ""]
# characters whose bytes begin or end as a blank's do (a blank's first two bytes, its last
# byte, or both and a lead byte a blank of three bytes begins with), none of them a blank
LOOKALIKES = ["。", "、", "考", "局", "≥", "“", "”", "—", "‐", "℃", "\u2030", "\u200b", "\u3001",
              "\u1681", "\u205e", "°", "§", "\u0084", "\u00a1", "\U0001f600", "…", "x"]
SHORT, LONG = "数量", "产出指标数量指标人数"  # inside an Arrow string view (≤ 12 bytes), or not


def _python(cells: list[str | None]) -> list[str | None]:
    return [None if c is None or c.strip() == "" else c.strip() for c in cells]


def _views_address(column: pl.Series) -> int:
    return int(column.to_arrow(compat_level=pl.CompatLevel.newest()).buffers()[1].address)


def test_the_blanks_are_str_strip_s() -> None:
    assert sorted(WHITE) == STRIPPED
    assert {"\x1c", "\x1d", "\x1e", "\x1f"} <= set(WHITE)


@pytest.mark.parametrize("text", [SHORT, LONG])
def test_every_blank_is_stripped_at_either_end_of_a_short_or_a_long_cell(text: str) -> None:
    for blank in STRIPPED:
        for cell in (blank + text, text + blank, blank + text + blank * 2, blank, blank * 7):
            cells = [text, cell, None, text]
            assert kept(pl.Series("c", cells)).to_list() == _python(cells), repr(cell)


@pytest.mark.parametrize("text", [SHORT, LONG])
def test_a_column_with_no_blank_at_a_cell_s_end_is_kept_without_a_copy(text: str) -> None:
    """Cells that begin or end in bytes a blank begins or ends with (the bytes the check
    lets through: then stripped on their own to tell) and blanks inside a cell are not
    stripped: the column is the same column, its views the same memory; so too when such
    cells are many (the whole column stripped to tell)."""
    odd: list[str | None] = []
    for look in LOOKALIKES:
        odd += [look + text, text + look, look, text + " " + text]
    for plain in (blanks.SOME * len(odd), 0):
        cells = [None, *odd, *[text] * plain]
        column = pl.Series("c", cells)
        got = kept(column)
        assert got.to_list() == cells
        if plain:
            assert _views_address(got) == _views_address(column)


def test_a_few_padded_cells_are_stripped_in_their_places() -> None:
    """A few cells to strip among many (nulls between them) are stripped alone and put
    back where they were, the column given left as it was; one stripped to nothing is
    null."""
    cells: list[str | None] = [None, "数量", "局", LONG] * 40
    cells[5], cells[6], cells[70], cells[-1] = " 数量", "局\u3000", "\x1c", LONG + "\x1f"
    column = pl.Series("c", cells)
    assert kept(column).to_list() == _python(cells)
    assert column.to_list() == cells
    # many to strip: among the first cells, or only past them (the whole column stripped)
    for padded in ([c + " " for c in "abcd"] + ["e"], ["a"] * 1100 + ["\u3000b", None] * 400):
        assert kept(pl.Series("c", padded)).to_list() == _python(padded)


def test_one_padded_cell_strips_the_column_and_blank_cells_become_null() -> None:
    column = pl.Series("c", ["局", "。", "x" * 20 + "\u3000", None, ""])
    assert kept(column).to_list() == ["局", "。", "x" * 20, None, None]
    assert kept(pl.Series("c", ["a", "", None])).to_list() == ["a", None, None]
    assert kept(pl.Series("c", [None, None], dtype=pl.String)).to_list() == [None, None]
    assert kept(pl.Series("c", [], dtype=pl.String)).to_list() == []


def test_a_slice_and_a_column_in_pieces() -> None:
    cells = [" a", "b\x1f", "c", "\u3000d\u2029"] * 5
    assert kept(pl.Series("c", cells)[3:11]).to_list() == _python(cells[3:11])
    pieces = pl.concat([pl.Series("c", ["x", None]), pl.Series("c", ["y\x1c", "z"])],
                       rechunk=False)
    got = kept(pieces)
    assert got.to_list() == ["x", None, "y", "z"]
    assert got.n_chunks() == 1


def test_without_string_views_every_column_is_stripped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blanks, "VIEWS", False)
    cells = ["a ", "b", None, " "]
    assert kept(pl.Series("c", cells)).to_list() == _python(cells)


_CHARS = st.sampled_from([*STRIPPED, *LOOKALIKES, "数", "a", "1", " "])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.none() | st.text(_CHARS, max_size=8), max_size=12))
def test_any_column_is_what_str_strip_makes_of_it(cells: list[str | None]) -> None:
    assert kept(pl.Series("c", cells, dtype=pl.String)).to_list() == _python(cells)
