"""summary_xlsx.py: the batch summary workbook — its sheets, a row per project."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from conftest import CASES, SEED

from scoring.batch.run import run_batch

OTHER = CASES / "002-yunnan-yongde-minglang-yingyang-gaishan-2022.yaml"


def test_the_summary_has_its_sheets_and_a_row_per_project(tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    assert run_batch([str(SEED), str(OTHER)], str(out), jobs=1, quiet=True,
                     stderr=io.StringIO()) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "等级分布", "等级图", "复核发现", "说明"]
    ws = wb["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("主管部门", "项目名称", "项目编码")
    header = rows[0]
    assert [(r[header.index("项目名称")], r[header.index("总分")], r[header.index("等级（统一）")])
            for r in rows[1:]] == [("2023招商引资", 97.7, "优"),
                                   ("义务教育营养改善计划专项资金", 99.8, "优")]
    assert isinstance(rows[1][header.index("调整后预算数")], (int, float, Decimal))


def test_the_table_prints_with_its_header_on_every_page(tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    run_batch([str(SEED)], str(out), jobs=1, quiet=True, stderr=io.StringIO())
    ws = openpyxl.load_workbook(out)["汇总"]
    assert ws.print_title_rows == "$1:$1" and ws.auto_filter.ref is not None
