"""csvtable.py: a CSV file → a flat table: encoding, header, placed rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.errors import LoadError
from scoring.read.csvtable import read_csv_table

HEADER = "一级指标,二级指标,三级指标,指标值,实际完成值,分值,得分\n"


def test_a_gb18030_table_reads_as_its_header_and_placed_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes((HEADER + "产出指标,数量指标,个数,≥10,12,10,10\n").encode("gb18030"))
    table = read_csv_table(path)
    assert table.header.index == {"level1": 0, "level2": 1, "name": 2, "target": 3,
                                  "actual": 4, "weight": 5, "reported_score": 6}
    [row] = list(table.rows())
    assert (row.line, row.cells) == (2, ["产出指标", "数量指标", "个数", "≥10", "12", "10", "10"])
    assert str(table.place(2, 3)) == f"{path}:2:4"


def test_a_tab_separated_table_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(HEADER.replace(",", "\t") + "产出指标\t数量指标\t个数\t≥10\t12\t10\t10\n",
                    "utf-8")
    [row] = list(read_csv_table(path).rows())
    assert row.cells[2:5] == ["个数", "≥10", "12"]


def test_missing_columns_are_named_at_the_header(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("三级指标,分值\n甲,1\n", "utf-8")
    with pytest.raises(LoadError) as caught:
        read_csv_table(path)
    assert [(d.code, d.message) for d in caught.value.diagnostics] == [
        ("missing-column", "缺少必需的列 指标值（target）")]  # 一级/二级 may be absent (重庆)
