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


def test_lines_are_numbered_across_pieces_and_a_bom_is_no_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'\xef\xbb\xbfa,b\r\n"x\ry",2\r3,4\n')
    records = Records(path, "t.csv", "utf-8-sig", ",", piece=3)
    assert list(records) == [(1, ["a", "b"]), (2, ["x\ry", "2"]), (3, ["3", "4"])]


def test_a_nul_byte_is_refused_at_its_field(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,\x002\n")
    with pytest.raises(LoadError) as caught:
        list(Records(path, "t.csv", "utf-8", ","))
    assert [(str(d.location), d.code) for d in caught.value.diagnostics] == [
        ("t.csv:2:2", "not-text")]
