"""workbook.py: cells that stay text, sheet titles a spreadsheet accepts, same bytes twice."""

from __future__ import annotations

import errno
import io
import zipfile

import openpyxl
import pytest

from scoring.report.workbook import (
    append_row,
    cell_text,
    formula_like,
    places_format,
    reproducible,
    save_workbook,
    sheet_title,
)


def test_text_a_spreadsheet_would_run_as_a_formula_is_told_apart() -> None:
    assert all(formula_like(t) for t in ("=SUM(A1)", "  +1", "@x"))
    assert not formula_like("项目") and not formula_like("")


def test_a_formula_like_cell_is_written_as_text_and_controls_made_visible() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    append_row(ws, ["=1+1", "a\x01b", 3])
    first, second, third = ws[1]
    assert (first.value, first.data_type) == ("=1+1", "s")
    assert second.value == cell_text("a\x01b") == "a\\x01b"
    assert third.value == 3


def test_sheet_titles_drop_what_a_title_cannot_hold_and_stay_unique() -> None:
    assert sheet_title("a[b]:c*?/\\'d" * 5, set()) == "abcd" * 5
    assert len(sheet_title("项" * 40, set())) <= 31
    assert sheet_title("项目", {"项目"}) == "项目（2）"


def test_a_score_format_shows_its_places() -> None:
    assert (places_format(0), places_format(1), places_format(2)) == ("0", "0.0", "0.00")


def _book() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["甲", 1])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_same_workbook_gives_the_same_bytes() -> None:
    first = reproducible(_book())
    assert reproducible(_book()) == first
    assert zipfile.ZipFile(io.BytesIO(first)).testzip() is None


class SerialisationError(Exception):
    """What lxml raises (by this name) when openpyxl's temporary sheet file cannot grow."""


class _Refused:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def save(self, target: object) -> None:
        raise self.error


def test_a_write_the_system_refuses_is_an_oserror_with_or_without_lxml() -> None:
    with pytest.raises(OSError) as refused:
        save_workbook(_Refused(SerialisationError("IO_EFBIG")), io.BytesIO())
    assert refused.value.errno == errno.EFBIG and refused.value.strerror == "File too large"
    with pytest.raises(OSError, match="could not be written"):
        save_workbook(_Refused(SerialisationError("IO_SOMETHING_NEW")), io.BytesIO())
    with pytest.raises(KeyError):  # anything else is not ours to rename
        save_workbook(_Refused(KeyError("x")), io.BytesIO())
