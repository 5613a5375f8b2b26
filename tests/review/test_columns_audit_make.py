"""The findings made about the cells the columns picked out (`review/columns_audit_make.py`):
the rule's derivation in `reported-score-differs`, the sum in `reported-total-mismatch`, the
grade read from the cell the importer reads it from."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from scoring.batch.frames import _audited
from scoring.engine.columns import score_path

HEADER = "项目名称,评价等级,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分\n"


def _audit(tmp_path: Path, rows: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    out = score_path(path, "mof-2020", more=_audited)
    assert out.fallback_rows == 0  # all made on the columns
    audit = out.findings.filter(pl.col("code").str.starts_with("reported-"))
    return audit.select("code", "place", "message").rows()


def test_a_published_score_off_the_rule_names_the_rule_and_the_precision(
        tmp_path: Path) -> None:
    found = _audit(tmp_path, "甲,,产出指标,数量指标,个数,≥,3,个,2,10,6\n"
                             "甲,,预算执行率,,,,100,万元,90,10,9.5\n")
    where = tmp_path / "t.csv"
    assert found == [
        ("reported-score-differs", f"{where}:2:11",
         "“个数”公布得分 6，按规则计算为 6.67（2 ÷ 3 × 10 ≈ 6.666667 → 6.67），"
         "按公布的精度应为 7，公布的得分不是规则的结果"),
        ("reported-score-differs", f"{where}:3:11",  # F1's derivation, at 1 decimal
         "“预算执行率”公布得分 9.5，按规则计算为 9.00（90 ÷ 100 = 90.00%；10 × 90.00% = 9 → "
         "9.00），按公布的精度应为 9.0，公布的得分不是规则的结果")]


def test_a_total_off_the_sum_and_a_grade_off_the_total(tmp_path: Path) -> None:
    rows = ("甲,差,产出指标,数量指标,个数,≥,10,个,10,90,90\n"
            "甲,,合计,,,,,,,,80\n"
            "甲,,等级,,,,,,优,,\n")
    found = _audit(tmp_path, rows)
    where = tmp_path / "t.csv"
    assert found == [
        ("reported-total-mismatch", f"{where}:3:11",
         "公布总分 80 与按公布的各项得分算出的 90（90）不符，总分没有按表中得分相加"),
        ("reported-grade-mismatch", f"{where}:4:9",  # the 等级 row's 完成值, not 评价等级
         "公布等级“优”与公布总分 80 不符：按评分规则 mof-2020，80 分应评为“良”"),
    ]


def test_a_blank_total_cell_and_the_grade_column(tmp_path: Path) -> None:
    rows = ("甲,优,产出指标,数量指标,个数,≥,10,个,10,90,90\n"
            "甲,,合计,,,,,,,,\n")
    found = _audit(tmp_path, rows)
    assert [(code, place.rsplit(":", 2)[1:]) for code, place, _ in found] == [
        ("reported-total-missing", ["3", "11"])]
