"""records.py: the one CSV reader — records with the physical line each starts on."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.errors import LoadError
from scoring.read.records import Records


def test_a_record_is_placed_at_the_line_it_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n"x\ny",2\n\n3,4\r\n')
    records = Records(path, "t.csv", "utf-8", ",")
    assert list(records) == [(1, ["a", "b"]), (2, ["x\ny", "2"]), (5, ["3", "4"])]
    assert records.offset_of(5) == len('a,b\n"x\ny",2\n\n')  # where that line starts
    assert records.end == path.stat().st_size


def test_reading_from_a_line_in_the_middle_keeps_its_number(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,2\n3,4\n")
    assert list(Records(path, "t.csv", "utf-8", ",", start=8, line=3)) == [(3, ["3", "4"])]


def test_a_nul_byte_is_refused_at_its_field(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,\x002\n")
    with pytest.raises(LoadError) as caught:
        list(Records(path, "t.csv", "utf-8", ","))
    assert [(str(d.location), d.code) for d in caught.value.diagnostics] == [
        ("t.csv:2:2", "not-text")]
