"""batch/share.py: the share of a table's rows and projects the row engine scored."""

from __future__ import annotations

import io

from scoring.batch.share import Share, report_shares, share_line


def test_a_table_s_share_in_both_languages() -> None:
    share = Share("region.csv", rows=3, total_rows=320_000, projects=1, total_projects=20_000)
    assert share_line(share, "zh") == (
        "scoring batch: region.csv：行引擎评分 3/320,000 行（0.00%），1/20,000 个项目")
    assert share_line(share, "en") == (
        "scoring batch: region.csv: the row engine scored 3 of 320,000 rows (0.00%), "
        "1 of 20,000 projects")


def test_all_tables_together_and_the_other_inputs() -> None:
    err = io.StringIO()
    report_shares(err, [Share("a.csv", 1, 4, 1, 2), Share("b.csv", 0, 4, 0, 1)], 5, "zh")
    lines = err.getvalue().splitlines()
    assert lines[:2] == ["scoring batch: a.csv：行引擎评分 1/4 行（25.00%），1/2 个项目",
                         "scoring batch: b.csv：行引擎评分 0/4 行（0.00%），0/1 个项目"]
    assert lines[2] == ("scoring batch: 表格合计：行引擎评分 1/8 行（12.50%），1/3 个项目；"
                        "其余输入（案例文件、表样、文档）的 2 个项目全部由行引擎评分")


def test_no_table_rows_is_no_division() -> None:
    assert "0/0 行（0.00%）" in share_line(Share("empty.csv"), "zh")
