"""The findings about published 得分 cells as columns (`review/columns_audit_rows.py`): each
message as the audit writes it, the derivation as the row engine writes it."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from scoring.batch.frames import _audited
from scoring.engine.columns import score_path

HEADER = "项目名称,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分\n"


def _audit(tmp_path: Path, rows: str) -> list[tuple[str, str]]:
    path = tmp_path / "t.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    out = score_path(path, "mof-2020", more=_audited)
    assert out.fallback_rows == 0  # all made on the columns
    audit = out.findings.filter(pl.col("code").str.contains("reported-|full-score"))
    return audit.select("code", "message").rows()


def test_each_published_cell_gets_the_audits_message(tmp_path: Path) -> None:
    found = _audit(tmp_path, "甲,产出指标,数量,接待费,,≤30万元,万元,36万元,5,4.00\n"
                             "甲,产出指标,数量,个数,≥,16,个,,10,10\n"
                             "甲,产出指标,数量,完成,≥,1,项,完成,5,5\n"
                             "甲,产出指标,数量,满意度,≥,95,%,90,10,11\n"
                             "甲,产出指标,数量,合格率,≥,95,%,90,5,约5\n")
    assert found == [
        ("reported-score-differs", "“接待费”公布得分 4.00，按规则计算为 4.17（30 ÷ 36 × 5 ≈ "
                                   "4.166667 → 4.17），按公布的精度应为 4.17，"
                                   "公布的得分不是规则的结果"),
        ("reported-score-differs", "“个数”公布得分 10，按规则计算为 0.00（完成值空缺 → 0），"
                                   "按公布的精度应为 0，公布的得分不是规则的结果"),
        ("reported-score-exceeds-weight", "“满意度”公布得分 11 超过权重 10（按规则计算为 9.47），"
                                          "得分不能高于权重"),
        ("full-score-without-actual", "“个数”完成值空缺，却公布满分 10（权重 10），这些分数没有实际"
                                      "完成值支撑（按规则空缺计 0.00 分）"),
        ("full-score-on-text-actual", "“完成”的完成值是文字“完成”而非数值（指标值 ≥1项），却公布"
                                      "满分 5，这些分数无法用实际数值核实（规则按文字计 5.00 分）"),
        ("reported-cell-unreadable", "“合格率”公布的得分“约5”不是数字，无法核对"),
    ]


def test_budget_rows_and_bands_read_as_the_row_engines_audit(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    head = "项目名称,一级指标,二级指标,三级指标,指标性质,指标值,度量单位,完成值,权重,得分\n"
    rows = ["{p},产出指标,质量,完成情况,定性,完成,,{a},10,{s}",
            "{p},预算执行率,,,,{b},万元,{e},10,{bs}"]
    cases = [("甲", "完成", "2", "413.78", "351.71", "10"),  # ≈ 8.499927, off the band
             ("乙", "部分完成", "9.5", "300", "100", "3.33"),  # ≈ 3.333333, off the band
             ("丙", "未完成", "5", "100", "120", "10"),  # overspent: 10 × 100.00% = 10
             ("丁", "完成", "9", "100", "90", "11"),  # above the weight
             ("戊", "完成", "9", "100", "90", "九"),  # unreadable
             ("己", "完成", "9", "8", "2", "2.50")]  # = 2.5, published exactly
    text = "".join(f"{line}\n" for p, a, s, b, e, bs in cases
                   for line in (r.format(p=p, a=a, s=s, b=b, e=e, bs=bs) for r in rows))
    path.write_text(head + text, encoding="utf-8")
    core = score_path(path, "mof-2020", more=_audited)
    engine = score_path(path, "mof-2020", core=False, more=_audited)
    assert core.fallback_rows == 0 and engine.fallback_rows == core.total_rows
    got = core.findings.select("code", "place", "message").rows()
    assert got == engine.findings.select("code", "place", "message").rows()
    codes = {code for code, _, _ in got}
    assert {"qualitative-score-outside-band", "reported-score-differs",
            "reported-score-exceeds-weight", "reported-cell-unreadable"} <= codes
    assert any("≈ 8.499927 → 8.50" in m for _, _, m in got)
