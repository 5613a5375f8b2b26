"""The thorough baseline: what a careful analyst writes in pandas to score a flat 自评表
right (the comparison #14 asks for beside the short float script).

Unlike `pandas_baseline.py` (floats, `np.round`), it gets the mof-2020 rules right for
the cells of benchmarks/region.py: cells NFKC-normalized and stripped (full-width digits,
`＝`), comparators parsed from their spellings (`≧`, `大于等于`, `不高于`, `<=`) or from
the 指标值 cell (`≥95%`, `≤30万元`), numbers read with their percent sign, thousands
separators and unit (`2,850个`, `25.3万元`), blank actuals as missing (0), the budget row
(F1: W × min(executed / adjusted, 1)), `=` scored as `≥`, `≤` by the ratio t / a, text
actuals by their phrase (完成 → w, 未完成 → 0), 定性 rows by tier (100 / 70 / 30 % of w,
the unmet and partial phrases tried before the achieved ones they contain), and every
score rounded half up to 2 places exactly: Decimal arithmetic per row, never floats.
The total is the sum of the rounded scores, the grade by the scheme's half-open bands.
No findings, no explanations, no provenance.

    python benchmarks/pandas_thorough.py region.csv -o totals.csv
"""

from __future__ import annotations

import argparse
import sys
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd

COMPARATORS = {
    "≥": "≥", "≧": "≥", ">=": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥", ">": "≥",
    "大于": "≥", "=": "=", "等于": "=", "≤": "≤", "≦": "≤", "<=": "≤", "小于等于": "≤",
    "不高于": "≤", "不超过": "≤", "<": "≤", "小于": "≤", "定性": "定性"}
INLINE = r"^(>=|<=|≥|≤|≧|≦|>|<|=)"
NUMBER = r"^(?:>=|<=|≥|≤|≧|≦|>|<|=)?\s*(-?[\d,]*\.?\d+)\s*(%?)\s*(?:[^\d\s%]{0,4})$"
MET = {"完成", "已完成", "全部完成", "按时完成", "按期完成", "如期完成", "达标", "已达标", "达到",
       "是", "合格"}
UNMET = {"未完成", "没有完成", "未达标", "未达到", "否", "不合格"}
TIERS = (  # most specific first: 部分达成 and 未达成 both contain 达成
    (Decimal("0.3"), ("未达成", "无效", "不满意", "未完成", "未达到", "较差", "不明显", "未提升",
                      "未改善", "差", "否", "低")),
    (Decimal("0.7"), ("部分达成", "基本达成", "基本完成", "一般", "较好", "部分完成", "较高",
                      "较满意", "基本满意", "中")),
    (Decimal(1), ("达成", "有效", "显著", "明显", "提升", "提高", "改善", "好", "优", "高",
                  "满意", "是", "完成", "达到")))
BUDGET = {"预算执行情况", "预算执行率"}
BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(-10**9), "差"))
CENT = Decimal("0.01")


def _decimal(text: object) -> Decimal | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _tier(target: str, actual: str) -> Decimal:
    if actual == target:
        return Decimal(1)
    for share, phrases in TIERS:
        if any(p in actual for p in phrases):
            return share
    return Decimal(0)


def _score(budget: bool, comp: str, w: Decimal | None, t: Decimal | None,
           a: Decimal | None, target: str, actual: str) -> Decimal:
    """One row's score, exact, before rounding."""
    if w is None or w <= 0:
        return Decimal(0)
    if budget:
        if t is None or a is None or t <= 0:
            return Decimal(0)
        return w if a >= t else w * a / t
    if not actual:
        return Decimal(0)  # blank actual: missing
    if comp == "定性":
        return w * _tier(target, actual)
    if a is None:  # a phrase against a number target
        return w if actual in MET else Decimal(0)
    if t is None:
        return Decimal(0)
    if comp == "≤":
        if a <= t:
            return w
        return Decimal(0) if t <= 0 else w * t / a
    if a >= t or t <= 0:  # ≥ and = (scored as ≥)
        return w
    return Decimal(0) if a <= 0 else w * a / t


def score(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    cells = {c: df[c].str.normalize("NFKC").str.strip() for c in
             ("一级指标", "指标性质", "指标值", "完成值", "权重")}
    target, actual = cells["指标值"], cells["完成值"]
    inline = target.str.extract(INLINE)[0].map(COMPARATORS)
    comp = cells["指标性质"].map(COMPARATORS).fillna(inline)
    t = target.str.extract(NUMBER)[0].map(_decimal)
    a = actual.str.extract(NUMBER)[0].map(_decimal)
    comp = comp.fillna(pd.Series("≥", index=df.index).where(t.notna(), "定性"))
    w = cells["权重"].map(_decimal)
    budget = cells["一级指标"].isin(BUDGET)
    scores = [_score(*row).quantize(CENT, ROUND_HALF_UP) for row in
              zip(budget, comp, w, t, a, target, actual, strict=True)]
    df["得分_计算"] = scores
    totals = df.groupby(["主管部门", "项目名称"], sort=False)["得分_计算"].sum()
    out = totals.reset_index(name="总分")
    out["等级"] = [next(label for low, label in BANDS if total >= low) for total in out["总分"]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    out = score(args.table)
    out.to_csv(args.output, index=False)
    print(f"{len(out)} projects", file=sys.stderr)


if __name__ == "__main__":
    main()
