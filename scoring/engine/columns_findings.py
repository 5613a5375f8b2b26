"""Findings (columns): what `score_row` finds about the rows the core scores.

`unit-suspect`, `target-possibly-too-low` and `reason-missing` on the straight
rows, `missing-actual`, `text-actual` and `unparsed-cell` on the others, each
placed where the row engine places it: the 完成值 cell of the row (its 三级指标
cell when the table has no 完成值 column).
"""

from __future__ import annotations

import polars as pl

from .columns_format import FINDING_SCHEMA, findings, fmt_scaled
from .columns_rows import fmt6


def row_findings(rows: pl.DataFrame, places: int, fields: dict[str, int]) -> pl.DataFrame:
    """The findings of the scored indicator rows, in the engine's order per row."""
    c = pl.col
    col = pl.lit(fields.get("actual", fields["name"]), pl.Int64)
    line, name = c("line"), c("name")
    unit = c("unit").fill_null("")
    detail1 = pl.concat_str([pl.lit("单位为 %，指标值 "), fmt6("T"), pl.lit("，完成值 "), fmt6("A"),
                             pl.lit(" 像是小数比率")])
    detail2 = pl.concat_str([pl.lit("指标值单位“"), c("t_unit"), pl.lit("”与完成值单位“"),
                             c("a0_unit"), pl.lit("”不同")])
    detail3 = pl.concat_str([pl.lit("完成值 "), fmt6("A"), pl.lit(" 远大于指标值 "), c("target"),
                             pl.when(c("t_unit") != "").then(pl.lit("")).otherwise(unit),
                             pl.lit("，像是未按数量级单位换算")])
    detail = (pl.when(c("unit_case") == 1).then(detail1).when(c("unit_case") == 2)
              .then(detail2).otherwise(detail3))
    by_score = c("status").is_in(["met", "partial", "unmet"])
    lost = by_score & (c("score") * 10**6 < c("W").cast(pl.Int128) * 10**places) & \
        c("reason").is_null()
    parts = [
        (0, findings(rows, c("unit_case") > 0, "unit-suspect", "row", line, col, name,
                     name=name, detail=detail)),
        (1, findings(rows, c("too_low"), "target-possibly-too-low", "row", line, col, name,
                     name=name, actual=fmt6("A"), target=fmt6("T"),
                     ratio=fmt_scaled(c("_ratio"), 1) + pl.lit("%"))),
        (0, findings(rows, c("mode") == "missing", "missing-actual", "row", line, col, name,
                     name=name)),
        (0, findings(rows, (c("mode") == "text") & c("verdict").is_not_null(), "text-actual",
                     "row", line, col, name, name=name, actual=c("actual"),
                     verdict=pl.when(c("verdict") == "met").then(pl.lit("完成"))
                     .otherwise(pl.lit("未完成")))),
        (0, findings(rows, c("status") == "unparsed", "unparsed-cell", "row", line, col, name,
                     name=name, field="完成值", text=c("actual"))),
        (2, findings(rows, lost, "reason-missing", "row", line, col, name, name=name,
                     score=fmt_scaled(c("score"), places), weight=fmt6("W"))),
    ]
    frames = [f.with_columns(pl.lit(order, pl.Int64).alias("_o")) for order, f in parts]
    out = pl.concat(frames) if frames else pl.DataFrame(schema=FINDING_SCHEMA)
    return out.sort(["pid", "line", "_o"], maintain_order=True).drop("_o")
